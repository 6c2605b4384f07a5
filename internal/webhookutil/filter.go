package webhookutil

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// The duplicate filter of Deliver. Under Dedup, an event is claimed before
// fn runs:
//
//   - claimed: fn runs; the ID is marked when fn succeeds and the claim
//     released when it fails or panics, so that a redelivery runs it again;
//   - processed already: 200 without calling fn;
//   - ErrRetryLater (another delivery holds the claim, or the filter fails
//     closed): 503 without calling fn, so that the sender delivers it again
//     later;
//   - any other error (the filter's store is unreachable): the filter fails
//     open: the error is logged at Warn and fn runs, as a duplicate is less
//     harmful than a lost event; the ID is still marked after success.

// settleTimeout bounds Mark and Release, which run even when the request's
// context is done: the outcome of fn must not be lost with the connection.
const settleTimeout = 10 * time.Second

// claim claims id for this delivery. done means the request was answered
// (a duplicate, or retry later); claimed means Deliver holds the claim.
func (h *Handler[K]) claim(ctx context.Context, w http.ResponseWriter, id K, evAttrs func(...slog.Attr) []slog.Attr) (claimed, done bool) {
	claimed, err := h.Dedup.Claim(ctx, id)
	switch {
	case errors.Is(err, ErrRetryLater):
		h.Logger.LogAttrs(ctx, slog.LevelInfo, h.name+": event deferred by the duplicate filter",
			evAttrs(slog.Int("status", http.StatusServiceUnavailable), slog.String("reason", err.Error()))...)
		writeText(w, http.StatusServiceUnavailable, "retry later")
		return false, true
	case err != nil:
		h.Logger.LogAttrs(ctx, slog.LevelWarn, h.name+": duplicate filter failed, processing anyway",
			evAttrs(slog.String("error", err.Error()))...)
		return false, false
	case !claimed:
		h.Logger.LogAttrs(ctx, slog.LevelDebug, h.name+": duplicate event skipped", evAttrs()...)
		w.WriteHeader(http.StatusOK)
		return false, true
	}
	return true, false
}

// mark records that id was processed.
func (h *Handler[K]) mark(ctx context.Context, id K, evAttrs func(...slog.Attr) []slog.Attr) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := h.Dedup.Mark(sctx, id); err != nil {
		h.Logger.LogAttrs(ctx, slog.LevelWarn, h.name+": duplicate filter failed to record event",
			evAttrs(slog.String("error", err.Error()))...)
	}
}

// release gives up the claim on id after fn failed.
func (h *Handler[K]) release(ctx context.Context, id K, evAttrs func(...slog.Attr) []slog.Attr) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := h.Dedup.Release(sctx, id); err != nil {
		h.Logger.LogAttrs(ctx, slog.LevelWarn, h.name+": duplicate filter failed to release event",
			evAttrs(slog.String("error", err.Error()))...)
	}
}
