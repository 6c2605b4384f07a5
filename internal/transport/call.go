package transport

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/flexport-go/flexport/internal/apierr"
)

// CallConfig holds what one call changes of its client's settings; the zero
// value of each field keeps the client's. The client layer builds one from
// a call's options and passes it with WithConfig.
type CallConfig struct {
	// MaxAttempts, when positive, bounds the call's attempts instead of
	// Config.MaxAttempts.
	MaxAttempts int
	// BaseDelay and MaxDelay, when positive, shape the call's backoff
	// instead of Config's.
	BaseDelay, MaxDelay time.Duration
	// RetryAfterCap, when positive, replaces Config.RetryAfterCap.
	RetryAfterCap time.Duration
	// Retry500 makes the call's 500 responses retryable.
	Retry500 bool
	// Timeout, when not zero, bounds the call instead of Config.Timeout;
	// negative means no overall bound.
	Timeout time.Duration
	// Limiters are waited on before each attempt, after the client's, in
	// order.
	Limiters []Limiter
	// Version, when set, is the call's Flexport-Version (Core only).
	Version string
	// UnsafeRetries lets the call's non-idempotent requests (Core POST and
	// PATCH) be retried like GETs, after timeouts and 5xx responses too.
	UnsafeRetries bool
	// IdempotencyKey, when set, is the idempotency-key of the call's
	// Logistics POST and PATCH requests instead of a generated one. An
	// Idempotency-Key header already on the request takes precedence.
	IdempotencyKey string
}

// WithConfig returns a context whose calls use cfg, which must not change
// afterwards.
func WithConfig(ctx context.Context, cfg *CallConfig) context.Context {
	return context.WithValue(ctx, configKey{}, cfg)
}

// configFrom returns ctx's CallConfig, or nil.
func configFrom(ctx context.Context) *CallConfig {
	cfg, _ := ctx.Value(configKey{}).(*CallConfig)
	return cfg
}

// Call records what happened during one logical call (all its attempts). The
// client layer creates one with NewCall before sending a request and reads it
// afterwards; the transport creates one itself when the context has none.
// A Call is safe for concurrent use.
type Call struct {
	mu             sync.Mutex
	attempts       int
	lastStatus     int
	requestID      string
	idempotencyKey string
	replayed       bool
	secret         string   // the first credential sent, kept out of errors
	moreSecrets    []string // any other
}

// NewCall returns a context carrying a new Call, and the Call. Use one per
// logical call: attempts accumulate across requests sharing it.
func NewCall(ctx context.Context) (context.Context, *Call) {
	c := new(Call)
	return context.WithValue(ctx, callKey{}, c), c
}

// Attempts returns how many attempts have been sent so far (including one
// repeated after a 401 with a fresh token).
func (c *Call) Attempts() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.attempts
}

// LastStatus returns the HTTP status of the last response, or zero.
func (c *Call) LastStatus() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastStatus
}

// RequestID returns the last response's request id (x-correlation-id or the
// request id header), or "".
func (c *Call) RequestID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requestID
}

// IdempotencyKey returns the idempotency-key sent with the call, or "" when
// none was (only Logistics POST and PATCH carry one).
func (c *Call) IdempotencyKey() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.idempotencyKey
}

// Replayed reports whether the last response carried idempotent-replayed:
// true, meaning the server returned the stored response of an earlier
// request with the same idempotency key instead of executing it again.
func (c *Call) Replayed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.replayed
}

type (
	callKey   struct{}
	configKey struct{}
)

// callOf returns ctx's Call, if it has one.
func callOf(ctx context.Context) (*Call, bool) {
	c, ok := ctx.Value(callKey{}).(*Call)
	return c, ok
}

// callFrom returns ctx's Call, or a throwaway one.
func callFrom(ctx context.Context) *Call {
	if c, ok := callOf(ctx); ok {
		return c
	}
	return new(Call)
}

// idempotencyKeyFor returns the key for this call: the one already used,
// else the configured one, else a new UUID v4.
func (c *Call) idempotencyKeyFor(cfg *CallConfig) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idempotencyKey != "" {
		return c.idempotencyKey, nil
	}
	if cfg != nil && cfg.IdempotencyKey != "" {
		c.idempotencyKey = cfg.IdempotencyKey
		return c.idempotencyKey, nil
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return "", err
	}
	c.idempotencyKey = id.String()
	return c.idempotencyKey, nil
}

func (c *Call) setIdempotencyKey(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.idempotencyKey = k
}

// start counts an attempt about to be sent and returns its number in the
// call.
func (c *Call) start() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.attempts++
	return c.attempts
}

// record notes the response of the latest attempt (nil when it failed).
func (c *Call) record(resp *http.Response) {
	if resp == nil {
		return
	}
	id := apierr.RequestIDFrom(resp.Header)
	replayed := strings.EqualFold(strings.TrimSpace(resp.Header.Get(HeaderIdempotentReplayed)), "true")
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastStatus = resp.StatusCode
	c.requestID = id
	c.replayed = replayed
}

// addSecret records a credential sent during the call, so that an error
// body echoing it back never carries it into an error.
func (c *Call) addSecret(s string) {
	if s == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.secret == "":
		c.secret = s
		return
	case c.secret == s:
		return
	}
	for _, have := range c.moreSecrets {
		if have == s {
			return
		}
	}
	c.moreSecrets = append(c.moreSecrets, s)
}

// sentSecrets returns the credentials sent during the call.
func (c *Call) sentSecrets() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.secret == "" {
		return nil
	}
	return append([]string{c.secret}, c.moreSecrets...)
}

// CallInfo is what a call reports to the caller who asked (WithCallInfo
// of packages core and logistics).
type CallInfo struct {
	// Attempts is how many attempts were sent; more than 1 means retries
	// (or a re-send with a fresh token after a 401).
	Attempts int
	// StatusCode is the HTTP status of the last response, or zero when
	// none came back.
	StatusCode int
	// RequestID is the last response's request id (x-correlation-id, or
	// the request id header): quote it to Flexport support.
	RequestID string
	// IdempotencyKey is the idempotency-key sent (Logistics POST and PATCH
	// only; empty otherwise).
	IdempotencyKey string
	// Replayed reports that the response carried idempotent-replayed: true
	// (Logistics only), so Flexport returned the stored response of an
	// earlier request with the same idempotency key instead of executing
	// it again.
	Replayed bool
}

// Info returns what c recorded.
func (c *Call) Info() CallInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CallInfo{Attempts: c.attempts, StatusCode: c.lastStatus, RequestID: c.requestID,
		IdempotencyKey: c.idempotencyKey, Replayed: c.replayed}
}
