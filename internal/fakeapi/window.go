package fakeapi

import (
	"sync"
	"time"
)

// Window allows at most Limit events per key in any rolling Period, such
// as Flexport's 10 token requests per client id per day. It is safe for
// concurrent use.
type Window struct {
	Limit  int
	Period time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	hits map[string][]time.Time
}

// Allow records an event for key and reports whether it fits the limit.
// When it does not, it is not recorded, and retryAfter says when the next
// one will fit. A Limit of zero or less allows everything.
func (w *Window) Allow(key string) (ok bool, retryAfter time.Duration) {
	if w.Limit <= 0 {
		return true, 0
	}
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.hits == nil {
		w.hits = map[string][]time.Time{}
	}
	recent := w.hits[key][:0]
	for _, t := range w.hits[key] {
		if now.Sub(t) < w.Period {
			recent = append(recent, t)
		}
	}
	if len(recent) >= w.Limit {
		w.hits[key] = recent
		return false, recent[len(recent)-w.Limit].Add(w.Period).Sub(now)
	}
	w.hits[key] = append(recent, now)
	return true, 0
}
