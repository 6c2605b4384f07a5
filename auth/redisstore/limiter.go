package redisstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Limit is a rate: Rate requests per Period, in bursts of up to Burst.
//
// Over any interval of length T, a Limiter lets through at most
// Burst + Rate·T/Period requests (rounded down). To stay under n requests
// in any Period, choose Rate + Burst <= n: {Rate: 900, Period: time.Hour,
// Burst: 100} never sends more than 1,000 in an hour.
type Limit struct {
	Rate   int           // requests per Period; at least 1
	Period time.Duration // positive
	Burst  int           // requests that may go at once; zero means 1
}

// NewLimiter returns a rate limiter that every process using the same Redis,
// key prefix and name shares, for WithRateLimiter of packages core and
// logistics, given to NewClient (a whole client) or to calls. Name the
// limit after what Flexport limits: the operation and the account, such as
// "carbon_calculations:" plus your client ID.
//
// The limit is a GCRA (generic cell rate algorithm) kept in Redis under
// [WithKeyPrefix] ("flexport:rate:") and name, by github.com/go-redis/redis_rate;
// it needs Redis 3.2 or later (replicated Lua scripts). Processes that give
// one name different Limits each enforce their own on the shared state: give
// them all the same. The Limiter does not close client; it is safe for
// concurrent use.
func NewLimiter(client redis.UniversalClient, name string, limit Limit, opts ...Option) (*Limiter, error) {
	switch {
	case client == nil:
		return nil, errors.New("redisstore.NewLimiter: nil Redis client")
	case name == "":
		return nil, errors.New("redisstore.NewLimiter: empty name")
	case limit.Rate < 1 || limit.Period <= 0 || limit.Burst < 0:
		return nil, fmt.Errorf("redisstore.NewLimiter: need Rate >= 1, Period > 0 and Burst >= 0, got %d, %v and %d",
			limit.Rate, limit.Period, limit.Burst)
	}
	if limit.Burst == 0 {
		limit.Burst = 1
	}
	o := applyOptions("flexport:rate:", opts)
	return &Limiter{
		limiter: redis_rate.NewLimiter(client),
		key:     *o.keyPrefix + name,
		limit:   redis_rate.Limit{Rate: limit.Rate, Period: limit.Period, Burst: limit.Burst},
		timeout: o.timeout,
	}, nil
}

// Limiter is the rate limiter of [NewLimiter]. It implements core.Limiter
// and logistics.Limiter.
type Limiter struct {
	limiter *redis_rate.Limiter
	key     string
	limit   redis_rate.Limit
	timeout time.Duration
}

// Wait blocks until the shared limit lets one more request through, and
// takes it. It returns an error at once when the wait would outlast ctx's
// deadline (wrapping context.DeadlineExceeded, taking nothing), when ctx is
// done, and when Redis cannot be reached or does not answer within
// WithTimeout.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		res, err := do(ctx, l.timeout, func(ctx context.Context) (*redis_rate.Result, error) {
			return l.limiter.Allow(ctx, l.key, l.limit)
		})
		if err != nil {
			return fmt.Errorf("redisstore: rate limit %q: %w", l.key, err)
		}
		if res.Allowed > 0 {
			return nil
		}
		// Others may take the next slot first: wake a little after it, at
		// a random point, so that waiters do not ask all at once.
		wait := res.RetryAfter + mrand.N(res.RetryAfter/10+time.Millisecond)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < res.RetryAfter {
			return fmt.Errorf("redisstore: rate limit %q: the next request may go in %v, after the context's deadline: %w",
				l.key, res.RetryAfter.Round(time.Millisecond), context.DeadlineExceeded)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("redisstore: rate limit %q: %w", l.key, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// String describes the Limiter by its key and limit.
func (l *Limiter) String() string {
	return fmt.Sprintf("redisstore.Limiter(%q, %d per %v, burst %d)", l.key, l.limit.Rate, l.limit.Period, l.limit.Burst)
}

// GoString is String, so that %#v does not print the client's options,
// which may hold the Redis password.
func (l *Limiter) GoString() string { return l.String() }

// Format prints String for every verb.
func (l *Limiter) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, l.String()) }

// LogValue logs String.
func (l *Limiter) LogValue() slog.Value { return slog.StringValue(l.String()) }
