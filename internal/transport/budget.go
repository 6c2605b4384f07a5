package transport

import "sync"

// Retry budget costs, as in aws-sdk-go-v2's retry token bucket.
const (
	retryCost        = 5
	timeoutRetryCost = 10
	successRefund    = 1
)

// budget is a client-wide token bucket that retries draw from, so that an
// outage does not multiply the load on the API.
type budget struct {
	mu       sync.Mutex
	tokens   int
	capacity int
}

// newBudget returns a full bucket, or nil (unlimited) for capacity < 0.
func newBudget(capacity int) *budget {
	if capacity < 0 {
		return nil
	}
	return &budget{tokens: capacity, capacity: capacity}
}

// take draws n tokens if there are enough.
func (b *budget) take(n int) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}

// put returns n tokens, up to the capacity.
func (b *budget) put(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.tokens+n, b.capacity)
}

// available returns the tokens left.
func (b *budget) available() int {
	if b == nil {
		return -1
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}
