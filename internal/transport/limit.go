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

// wait waits on the client's limiter, then on the call's (cfg.Limiters), in
// order.
func (t *retryTransport) wait(ctx context.Context, cfg *CallConfig) error {
	if t.limiter != nil {
		if err := t.limiter.Wait(ctx); err != nil {
			return err
		}
	}
	if cfg == nil {
		return nil
	}
	for _, l := range cfg.Limiters {
		if err := l.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}
