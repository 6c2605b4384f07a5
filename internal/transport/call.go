package transport

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/flexport-go/flexport/internal/apierr"
)

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
	secrets        []string // credentials sent, kept out of errors
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

// WithAttempts returns a context whose calls make at most n attempts,
// overriding the client's MaxAttempts; n < 1 means 1 (no retries).
func WithAttempts(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptsKey{}, max(n, 1))
}

// WithIdempotencyKey returns a context whose Logistics POST and PATCH calls
// send key as their idempotency-key instead of a generated one. An
// Idempotency-Key header already on the request takes precedence.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyKey{}, key)
}

// WithUnsafeRetries returns a context whose non-idempotent calls (Core POST
// and PATCH) are retried like GETs, after timeouts and 5xx responses too.
// Use it only when repeating the request is harmless.
func WithUnsafeRetries(ctx context.Context) context.Context {
	return context.WithValue(ctx, unsafeRetriesKey{}, true)
}

type (
	callKey           struct{}
	attemptsKey       struct{}
	idempotencyKeyKey struct{}
	unsafeRetriesKey  struct{}
	attemptKey        struct{}
)

// ensureCall returns ctx and its Call, adding a Call if ctx has none.
func ensureCall(ctx context.Context) (context.Context, *Call) {
	if c, ok := ctx.Value(callKey{}).(*Call); ok {
		return ctx, c
	}
	return NewCall(ctx)
}

// callFrom returns ctx's Call, or a throwaway one.
func callFrom(ctx context.Context) *Call {
	_, c := ensureCall(ctx)
	return c
}

func attemptsFrom(ctx context.Context) int {
	n, _ := ctx.Value(attemptsKey{}).(int)
	return n
}

func unsafeRetriesFrom(ctx context.Context) bool {
	ok, _ := ctx.Value(unsafeRetriesKey{}).(bool)
	return ok
}

// withAttempt records the number of the attempt being sent, for logging.
func withAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptKey{}, n)
}

func attemptFrom(ctx context.Context) int {
	n, _ := ctx.Value(attemptKey{}).(int)
	return n
}

// idempotencyKey returns the key for this call: the one already used, else
// the context's, else a new UUID v4.
func (c *Call) idempotencyKeyFor(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idempotencyKey != "" {
		return c.idempotencyKey, nil
	}
	if k, _ := ctx.Value(idempotencyKeyKey{}).(string); k != "" {
		c.idempotencyKey = k
		return k, nil
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

// record notes one attempt and its response (nil when it failed).
func (c *Call) record(resp *http.Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.attempts++
	if resp == nil {
		return
	}
	c.lastStatus = resp.StatusCode
	c.requestID = apierr.RequestIDFrom(resp.Header)
	c.replayed = strings.EqualFold(strings.TrimSpace(resp.Header.Get(HeaderIdempotentReplayed)), "true")
}

// addSecret records a credential sent during the call, so that an error
// body echoing it back never carries it into an error.
func (c *Call) addSecret(s string) {
	if s == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, have := range c.secrets {
		if have == s {
			return
		}
	}
	c.secrets = append(c.secrets, s)
}

// sentSecrets returns the credentials sent during the call.
func (c *Call) sentSecrets() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.secrets...)
}
