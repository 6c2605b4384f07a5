package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/flexport-go/flexport/internal/webhookutil"
)

// DefaultMaxBodySize is the body size limit of a handler without
// [WithMaxBodySize]: 1 MiB.
const DefaultMaxBodySize = 1 << 20

// DefaultReadTimeout bounds reading a body in a handler without
// [WithReadTimeout]: 10 seconds.
const DefaultReadTimeout = 10 * time.Second

// NewHandler returns an http.Handler that receives Flexport webhooks signed
// with secret (the endpoint's secret token) and calls fn with each event, in
// the request's context. It answers:
//
//   - 405 Method Not Allowed (with "Allow: POST") to any method but POST;
//   - 413 Request Entity Too Large to a body over the limit (1 MiB, see
//     [WithMaxBodySize]);
//   - 408 Request Timeout to a body that takes longer than 10 s to arrive
//     (see [WithReadTimeout]);
//   - 401 Unauthorized when the signature is missing or wrong (checked with
//     [Verify], or [VerifyAllowSHA1] under [WithSHA1]) before the body is
//     parsed;
//   - 400 Bad Request when the body is not an Event (see [ParseEvent]);
//   - 500 Internal Server Error when fn returns an error or panics, so that
//     Flexport retries; the error is logged, never sent back, and a panic
//     is logged with its stack but without the payload;
//   - 503 Service Unavailable, under [WithDuplicateFilter], while another
//     delivery of the event is being processed, so that Flexport retries;
//   - 200 OK when fn succeeds, or for an event the duplicate filter has
//     already seen (see [WithDuplicateFilter]).
//
// Response bodies are short fixed texts; they never echo a secret, a header
// or the payload. Nothing is logged unless [WithLogger] is given, and the
// payload only with [WithPayloadLogging].
//
// NewHandler panics if fn is nil or secret is empty, as a secret is what
// makes the endpoint safe. The handler is safe for concurrent use.
func NewHandler(secret string, fn func(context.Context, *Event) error, opts ...Option) http.Handler {
	if fn == nil {
		panic("webhook: NewHandler called with a nil func")
	}
	if secret == "" {
		panic("webhook: NewHandler called with an empty secret")
	}
	cfg := config{Options: webhookutil.Options[int64]{MaxBody: DefaultMaxBodySize, ReadTimeout: DefaultReadTimeout}}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	return &handler{
		Handler:   webhookutil.NewHandler("flexport webhook", cfg.Options),
		keys:      &keySet{keys(append([]string{secret}, cfg.secrets...))},
		fn:        fn,
		allowSHA1: cfg.allowSHA1,
	}
}

// An Option configures [NewHandler].
type Option func(*config)

// WithSecrets adds secrets the handler also accepts, for rotating the
// endpoint's secret token: configure old and new while Flexport switches
// over. Empty strings are ignored.
func WithSecrets(secrets ...string) Option {
	return func(c *config) { c.secrets = append(c.secrets, secrets...) }
}

// WithSHA1 makes the handler accept the deprecated X-Hub-Signature
// (HMAC-SHA1) header when X-Hub-Signature-256 is absent. Leave it off unless
// an endpoint only sends the old header.
func WithSHA1() Option {
	return func(c *config) { c.allowSHA1 = true }
}

// WithMaxBodySize sets the largest body, in bytes, the handler reads; larger
// ones get 413. Zero or less keeps the default, [DefaultMaxBodySize].
func WithMaxBodySize(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.MaxBody = n
		}
	}
}

// WithReadTimeout sets how long the handler waits for the whole body; a
// slower one gets 408, so that a client trickling bytes cannot hold the
// handler for as long as the server allows. It sets a read deadline on the
// connection (through http.ResponseController) and clears it once the body
// is read. Zero or less keeps the default, [DefaultReadTimeout].
func WithReadTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.ReadTimeout = d
		}
	}
}

// WithLogger makes the handler log rejected requests (at Warn; 405 at Info),
// failures of fn (at Error, with its error text) and accepted events (at
// Debug) to l. Log lines carry the status, a short reason and the event's id
// and type, never a secret or a header value, and the payload only with
// [WithPayloadLogging].
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.Logger = l }
}

// WithPayloadLogging adds the raw body (as "payload") and full decoding
// errors to the log lines of requests whose signature was verified. Bodies of
// unverified requests are never logged. Payloads hold business data; enable
// this for debugging only.
func WithPayloadLogging() Option {
	return func(c *config) { c.LogPayload = true }
}

// WithDuplicateFilter makes the handler run fn once per event ID,
// however often and wherever Flexport delivers it: each delivery first
// claims the ID from d. A delivery that gets the claim runs fn; when fn
// succeeds the ID is marked processed, and when it fails (or panics) the
// claim is released, so that Flexport's retry runs it again. A delivery of
// an ID already processed is answered 200 without calling fn; one arriving
// while another delivery holds the claim is answered 503, so that Flexport
// delivers it again later. If d fails (its store is down), the handler
// fails open: it logs a warning and runs fn, so fn should still be
// idempotent; a Deduper that prefers to fail closed returns [ErrRetryLater]
// instead. Events without an ID are never filtered. Use a [MemoryDeduper]
// for one process, redisstore.NewDeduper for a fleet.
func WithDuplicateFilter(d Deduper) Option {
	return func(c *config) { c.Dedup = d }
}

// config collects the options.
type config struct {
	webhookutil.Options[int64] // body limit, logging, duplicate filter

	secrets   []string
	allowSHA1 bool
}

// handler is the http.Handler NewHandler returns.
type handler struct {
	webhookutil.Handler[int64] // body, answers, logs, duplicate filter

	keys      *keySet
	fn        func(context.Context, *Event) error
	allowSHA1 bool
}

// keySet holds the secrets behind a pointer: a verb such as %s on a value
// holding the handler makes fmt print the handler's fields, and a pointer
// among them is printed as an address.
type keySet struct{ k [][]byte }

// ServeHTTP implements http.Handler.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.Reject(ctx, w, http.StatusMethodNotAllowed, "method not allowed", slog.LevelInfo)
		return
	}
	body, ok := h.ReadBody(w, r)
	if !ok {
		return
	}
	if err := verify(body, r.Header, h.keys.k, h.allowSHA1); err != nil {
		reason := "invalid signature"
		if errors.Is(err, ErrMissingSignature) {
			reason = "missing signature"
		}
		// err names the defect ("wrong prefix", ...), never the header.
		h.Reject(ctx, w, http.StatusUnauthorized, reason, slog.LevelWarn, slog.String("detail", err.Error()))
		return
	}
	ev, err := ParseEvent(body)
	if err != nil {
		reason := webhookutil.MalformedReason(err, func(pe *PayloadError) string { return pe.Reason })
		h.RejectPayload(ctx, w, body, reason, err)
		return
	}
	h.Deliver(ctx, w, body, ev.ID, string(ev.Type), func(ctx context.Context) error { return h.fn(ctx, ev) })
}

// String describes the handler without its secrets.
func (h *handler) String() string {
	return fmt.Sprintf("webhook.Handler{secrets: %d [REDACTED], sha1: %t, maxBody: %d}", len(h.keys.k), h.allowSHA1, h.MaxBody)
}

// GoString is String, so %#v does not print the secrets.
func (h *handler) GoString() string { return h.String() }

// Format prints String for every verb, so no verb or flag prints the
// secrets.
func (h *handler) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, h.String()) }

// LogValue logs String.
func (h *handler) LogValue() slog.Value { return slog.StringValue(h.String()) }
