package transport

import "context"

// A Limiter paces requests: Wait blocks until one more request may be sent,
// or returns an error, at the latest when ctx is done. A
// *rate.Limiter of golang.org/x/time/rate is one (a limit within one
// process); redisstore.Limiter shares a limit among processes. Limiters must
// be safe for concurrent use.
type Limiter interface {
	Wait(ctx context.Context) error
}

// WithRateLimiter returns a context whose calls also wait on l before each
// attempt, after the client's limiter and the context's earlier ones. A nil
// l is ignored.
func WithRateLimiter(ctx context.Context, l Limiter) context.Context {
	if l == nil {
		return ctx
	}
	prev := limitersFrom(ctx)
	all := make([]Limiter, len(prev), len(prev)+1)
	copy(all, prev)
	return context.WithValue(ctx, limitersKey{}, append(all, l))
}

type limitersKey struct{}

func limitersFrom(ctx context.Context) []Limiter {
	l, _ := ctx.Value(limitersKey{}).([]Limiter)
	return l
}

// wait waits on the client's limiter, then on the call's.
func (t *retryTransport) wait(ctx context.Context) error {
	if t.limiter != nil {
		if err := t.limiter.Wait(ctx); err != nil {
			return err
		}
	}
	for _, l := range limitersFrom(ctx) {
		if err := l.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}
