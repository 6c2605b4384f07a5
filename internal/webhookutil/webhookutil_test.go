package webhookutil

import (
	"errors"
	"fmt"
	"testing"
)

func TestLRU(t *testing.T) {
	l := LRU[string]{Size: 2}
	l.Mark("a")
	l.Mark("b")
	l.Mark("a") // a becomes the most recent; b is now the oldest
	l.Mark("c") // evicts b
	for k, want := range map[string]bool{"a": true, "b": false, "c": true} {
		if got := l.Seen(k); got != want {
			t.Errorf("Seen(%q) = %t, want %t", k, got, want)
		}
	}
	if l.Len() != 2 {
		t.Errorf("Len = %d, want 2", l.Len())
	}
	var zero LRU[int64]
	for i := range int64(DefaultDeduperSize + 1) {
		zero.Mark(i)
	}
	if zero.Len() != DefaultDeduperSize || zero.Seen(0) || !zero.Seen(DefaultDeduperSize) {
		t.Errorf("zero LRU: Len %d, Seen(0) %t; want the default bound, oldest evicted", zero.Len(), zero.Seen(0))
	}
}

type payloadError struct{ reason string }

func (e *payloadError) Error() string { return e.reason }

func TestPayloadErrors(t *testing.T) {
	malformed := errors.New("webhook: malformed payload")
	cause := errors.New("unexpected EOF")
	if got, want := PayloadText(malformed, "invalid JSON", cause), "webhook: malformed payload: invalid JSON: unexpected EOF"; got != want {
		t.Errorf("PayloadText = %q, want %q", got, want)
	}
	if got, want := PayloadText(malformed, "missing type", nil), "webhook: malformed payload: missing type"; got != want {
		t.Errorf("PayloadText = %q, want %q", got, want)
	}
	if got := PayloadUnwrap(malformed, nil); len(got) != 1 || got[0] != malformed {
		t.Errorf("PayloadUnwrap without cause = %v", got)
	}
	if got := PayloadUnwrap(malformed, cause); len(got) != 2 || got[0] != malformed || got[1] != cause {
		t.Errorf("PayloadUnwrap = %v", got)
	}
	reason := func(pe *payloadError) string { return pe.reason }
	if got, want := MalformedReason(fmt.Errorf("wrapped: %w", &payloadError{"not a JSON object"}), reason), "malformed payload: not a JSON object"; got != want {
		t.Errorf("MalformedReason = %q, want %q", got, want)
	}
	if got, want := MalformedReason(cause, reason), "malformed payload"; got != want {
		t.Errorf("MalformedReason without a payload error = %q, want %q", got, want)
	}
}
