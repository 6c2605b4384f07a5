package webhookutil

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Options are the handler options both webhook packages have; their config
// embeds them.
type Options[K comparable] struct {
	// MaxBody is the largest body read, in bytes; larger ones get 413.
	MaxBody int64
	// ReadTimeout bounds reading the body; a slower one gets 408. Zero
	// means no bound.
	ReadTimeout time.Duration
	// Logger receives the handler's log records; nil discards them.
	Logger *slog.Logger
	// LogPayload adds the raw body and full decoding errors to the records
	// of authenticated requests.
	LogPayload bool
	// Dedup, when not nil, filters events whose ID it has seen.
	Dedup Deduper[K]
}

// Handler is the part of a webhook http.Handler that does not depend on the
// API. The handler of each webhook package embeds it, authenticates the
// request and parses the event itself, and calls these methods for the
// rest.
type Handler[K comparable] struct {
	// Options are the handler's options; Logger is never nil.
	Options[K]

	name string // starts every log message
}

// NewHandler returns a Handler with options o, whose log messages start
// with name (such as "flexport webhook").
func NewHandler[K comparable](name string, o Options[K]) Handler[K] {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return Handler[K]{Options: o, name: name}
}

// errTooLarge is readBody's error for a body over the limit.
var errTooLarge = errors.New("payload too large")

// ReadBody reads r's body, at most MaxBody bytes within ReadTimeout. When
// it cannot, it answers 413 (the body is too large), 408 (it came too
// slowly) or 400 and returns false. A request without a body has a nil one.
func (h *Handler[K]) ReadBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := readWithin(w, r, h.ReadTimeout, func() ([]byte, error) { return readBody(w, r, h.MaxBody) })
	switch {
	case errors.Is(err, errTooLarge):
		h.Reject(r.Context(), w, http.StatusRequestEntityTooLarge, "payload too large", slog.LevelWarn)
		return nil, false
	case errors.Is(err, errTooSlow):
		// Close the connection: the server would otherwise try to read
		// the rest of the body before answering.
		w.Header().Set("Connection", "close")
		h.Reject(r.Context(), w, http.StatusRequestTimeout, "request timeout", slog.LevelWarn)
		return nil, false
	case err != nil:
		h.Reject(r.Context(), w, http.StatusBadRequest, "unreadable body", slog.LevelWarn)
		return nil, false
	}
	return body, true
}

// readBody reads at most limit bytes of the request body, returning
// errTooLarge beyond.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, errTooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errTooLarge
		}
		return nil, err
	}
	return body, nil
}

// Reject logs a rejected request at level, with the status, the reason and
// attrs, and answers status with reason as the body.
func (h *Handler[K]) Reject(ctx context.Context, w http.ResponseWriter, status int, reason string, level slog.Level, attrs ...slog.Attr) {
	h.Logger.LogAttrs(ctx, level, h.name+": request rejected",
		append([]slog.Attr{slog.Int("status", status), slog.String("reason", reason)}, attrs...)...)
	writeText(w, status, reason)
}

// RejectPayload answers 400 to a body the event parser refused with err,
// with reason (see MalformedReason) as the answer. The error's text and the
// body are logged only under LogPayload.
func (h *Handler[K]) RejectPayload(ctx context.Context, w http.ResponseWriter, body []byte, reason string, err error) {
	var attrs []slog.Attr
	if h.LogPayload {
		attrs = []slog.Attr{slog.String("detail", err.Error()), slog.String("payload", string(body))}
	}
	h.Reject(ctx, w, http.StatusBadRequest, reason, slog.LevelWarn, attrs...)
}

// Deliver hands an authenticated, parsed event to fn and answers 200 when
// fn succeeds, or 500 (logging fn's error, never sending it) when it fails
// or panics (a panic is logged without the payload; http.ErrAbortHandler
// is re-raised).
// id is the event's ID, the zero K for none; typ is its type. Under Dedup,
// the duplicate filter (filter.go) decides first whether fn runs. Log
// records carry id, typ, and body under LogPayload.
func (h *Handler[K]) Deliver(ctx context.Context, w http.ResponseWriter, body []byte, id K, typ string, fn func(context.Context) error) {
	evAttrs := func(extra ...slog.Attr) []slog.Attr {
		a := []slog.Attr{slog.Any("event_id", id), slog.String("event_type", typ)}
		if h.LogPayload {
			a = append(a, slog.String("payload", string(body)))
		}
		return append(a, extra...)
	}
	var none K
	filtered := h.Dedup != nil && id != none
	release := false // release the claim when Deliver returns: fn failed or panicked
	if filtered {
		claimed, done := h.claim(ctx, w, id, evAttrs)
		if done {
			return
		}
		release = claimed
		defer func() {
			if release {
				h.release(ctx, id, evAttrs)
			}
		}()
	}
	p, err := run(ctx, fn)
	switch {
	case p != nil:
		// Never the payload, whatever LogPayload says: a panic value may
		// quote it. The value's type (a runtime error's text) and the stack.
		h.Logger.LogAttrs(ctx, slog.LevelError, h.name+": handler panicked",
			slog.Int("status", http.StatusInternalServerError), slog.Any("event_id", id), slog.String("event_type", typ),
			slog.String("panic", p.describe()), slog.String("stack", string(p.stack)))
		writeText(w, http.StatusInternalServerError, "internal error")
		return
	case err != nil:
		h.Logger.LogAttrs(ctx, slog.LevelError, h.name+": handler failed",
			append([]slog.Attr{slog.Int("status", http.StatusInternalServerError)}, evAttrs(slog.String("error", err.Error()))...)...)
		writeText(w, http.StatusInternalServerError, "internal error")
		return
	}
	if filtered {
		release = false
		h.mark(ctx, id, evAttrs)
	}
	h.Logger.LogAttrs(ctx, slog.LevelDebug, h.name+": event accepted", evAttrs()...)
	w.WriteHeader(http.StatusOK)
}

// writeText answers status with a one-line plain-text body.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, text+"\n")
}
