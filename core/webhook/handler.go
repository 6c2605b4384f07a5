package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// DefaultMaxBodySize is the body size limit of a handler without
// [WithMaxBodySize]: 1 MiB.
const DefaultMaxBodySize = 1 << 20

// NewHandler returns an http.Handler that receives Flexport webhooks signed
// with secret (the endpoint's secret token) and calls fn with each event, in
// the request's context. It answers:
//
//   - 405 Method Not Allowed (with "Allow: POST") to any method but POST;
//   - 413 Request Entity Too Large to a body over the limit (1 MiB, see
//     [WithMaxBodySize]);
//   - 401 Unauthorized when the signature is missing or wrong (checked with
//     [Verify], or [VerifyAllowSHA1] under [WithSHA1]) before the body is
//     parsed;
//   - 400 Bad Request when the body is not an Event (see [ParseEvent]);
//   - 500 Internal Server Error when fn returns an error, so that Flexport
//     retries; the error is logged, never sent back;
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
	cfg := config{maxBody: DefaultMaxBodySize}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &handler{
		keys:       keys(append([]string{secret}, cfg.secrets...)),
		fn:         fn,
		allowSHA1:  cfg.allowSHA1,
		maxBody:    cfg.maxBody,
		log:        logger,
		logPayload: cfg.logPayload,
		dedup:      cfg.dedup,
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
			c.maxBody = n
		}
	}
}

// WithLogger makes the handler log rejected requests (at Warn; 405 at Info),
// failures of fn (at Error, with its error text) and accepted events (at
// Debug) to l. Log lines carry the status, a short reason and the event's id
// and type, never a secret or a header value, and the payload only with
// [WithPayloadLogging].
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithPayloadLogging adds the raw body (as "payload") and full decoding
// errors to the log lines of requests whose signature was verified. Bodies of
// unverified requests are never logged. Payloads hold business data; enable
// this for debugging only.
func WithPayloadLogging() Option {
	return func(c *config) { c.logPayload = true }
}

// WithDuplicateFilter makes the handler skip events whose ID d has already
// seen: it answers 200 without calling fn. An event is marked only after fn
// succeeds, so a failed delivery is still retried. The filter is
// best-effort: two deliveries of one event arriving together may both run,
// and if d fails the event is processed anyway, so fn should still be
// idempotent. Events without an ID are never filtered.
func WithDuplicateFilter(d Deduper) Option {
	return func(c *config) { c.dedup = d }
}

// config collects the options.
type config struct {
	secrets    []string
	allowSHA1  bool
	maxBody    int64
	logger     *slog.Logger
	logPayload bool
	dedup      Deduper
}

// handler is the http.Handler NewHandler returns.
type handler struct {
	keys       [][]byte
	fn         func(context.Context, *Event) error
	allowSHA1  bool
	maxBody    int64
	log        *slog.Logger
	logPayload bool
	dedup      Deduper
}

// ServeHTTP implements http.Handler.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.reject(ctx, w, http.StatusMethodNotAllowed, "method not allowed", slog.LevelInfo)
		return
	}
	body, err := readBody(w, r, h.maxBody)
	switch {
	case errors.Is(err, ErrPayloadTooLarge):
		h.reject(ctx, w, http.StatusRequestEntityTooLarge, "payload too large", slog.LevelWarn)
		return
	case err != nil:
		h.reject(ctx, w, http.StatusBadRequest, "unreadable body", slog.LevelWarn)
		return
	}
	if err := verify(body, r.Header, h.keys, h.allowSHA1); err != nil {
		reason := "invalid signature"
		if errors.Is(err, ErrMissingSignature) {
			reason = "missing signature"
		}
		// err names the defect ("wrong prefix", ...), never the header.
		h.reject(ctx, w, http.StatusUnauthorized, reason, slog.LevelWarn, slog.String("detail", err.Error()))
		return
	}
	ev, err := ParseEvent(body)
	if err != nil {
		reason := "malformed payload"
		var pe *PayloadError
		if errors.As(err, &pe) {
			reason += ": " + pe.Reason
		}
		var attrs []slog.Attr
		if h.logPayload {
			attrs = []slog.Attr{slog.String("detail", err.Error()), slog.String("payload", string(body))}
		}
		h.reject(ctx, w, http.StatusBadRequest, reason, slog.LevelWarn, attrs...)
		return
	}
	evAttrs := func(extra ...slog.Attr) []slog.Attr {
		a := []slog.Attr{slog.Int64("event_id", ev.ID), slog.String("event_type", string(ev.Type))}
		if h.logPayload {
			a = append(a, slog.String("payload", string(body)))
		}
		return append(a, extra...)
	}
	if h.dedup != nil && ev.ID != 0 {
		seen, err := h.dedup.Seen(ctx, ev.ID)
		switch {
		case err != nil:
			h.log.LogAttrs(ctx, slog.LevelWarn, "flexport webhook: duplicate filter failed, processing anyway",
				evAttrs(slog.String("error", err.Error()))...)
		case seen:
			h.log.LogAttrs(ctx, slog.LevelDebug, "flexport webhook: duplicate event skipped", evAttrs()...)
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	if err := h.fn(ctx, ev); err != nil {
		h.log.LogAttrs(ctx, slog.LevelError, "flexport webhook: handler failed",
			append([]slog.Attr{slog.Int("status", http.StatusInternalServerError)}, evAttrs(slog.String("error", err.Error()))...)...)
		writeText(w, http.StatusInternalServerError, "internal error")
		return
	}
	if h.dedup != nil && ev.ID != 0 {
		if err := h.dedup.Mark(ctx, ev.ID); err != nil {
			h.log.LogAttrs(ctx, slog.LevelWarn, "flexport webhook: duplicate filter failed to record event",
				evAttrs(slog.String("error", err.Error()))...)
		}
	}
	h.log.LogAttrs(ctx, slog.LevelDebug, "flexport webhook: event accepted", evAttrs()...)
	w.WriteHeader(http.StatusOK)
}

// String describes the handler without its secrets.
func (h *handler) String() string {
	return fmt.Sprintf("webhook.Handler{secrets: %d [REDACTED], sha1: %t, maxBody: %d}", len(h.keys), h.allowSHA1, h.maxBody)
}

// GoString is String, so %#v does not print the secrets.
func (h *handler) GoString() string { return h.String() }

// Format prints String for every verb, so no verb or flag prints the
// secrets.
func (h *handler) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, h.String()) }

// LogValue logs String.
func (h *handler) LogValue() slog.Value { return slog.StringValue(h.String()) }

// reject logs a rejected request and answers status with reason as body.
func (h *handler) reject(ctx context.Context, w http.ResponseWriter, status int, reason string, level slog.Level, attrs ...slog.Attr) {
	h.log.LogAttrs(ctx, level, "flexport webhook: request rejected",
		append([]slog.Attr{slog.Int("status", status), slog.String("reason", reason)}, attrs...)...)
	writeText(w, status, reason)
}

// writeText answers status with a one-line plain-text body.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, text+"\n")
}

// readBody reads at most limit bytes of the request body, returning
// ErrPayloadTooLarge beyond.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, ErrPayloadTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, ErrPayloadTooLarge
		}
		return nil, err
	}
	return body, nil
}
