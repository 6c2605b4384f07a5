package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// do runs f, one Redis command or script, with ctx bounded by timeout, and
// returns when f does or when that context is done, whichever comes first:
// go-redis ignores context deadlines unless ContextTimeoutEnabled is set,
// and would otherwise wait for its own read timeout and retries. f's
// goroutine then ends with the client's own timeouts.
func do[T any](ctx context.Context, timeout time.Duration, f func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f(ctx)
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		err := context.Cause(ctx)
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("no answer from Redis in time: %w", err)
		}
		return zero, err
	}
}
