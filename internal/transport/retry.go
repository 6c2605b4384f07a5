package transport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
)

// retryTransport sends each attempt of a call: it waits on the rate
// limiters, puts the bearer token on the request, sends it through the
// middleware, logs the attempt, and decides whether to retry.
//
// Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE), Logistics
// requests carrying an idempotency-key, and calls marked UnsafeRetries are
// retried after connection errors and 408, 429, 502, 503, 504 (and 500 with
// retry500). Other requests (Core POST and PATCH) are retried only after 429
// or when the connection could not be established, so the server never saw
// them. A body without GetBody is never re-sent. A 401 is sent once more at
// once, with a fresh token, when the token source can drop the one refused.
//
// The first attempt sends the request it is given, setting Authorization in
// place: Do made that request (or http.Client did, for a redirect) and
// nothing else uses it. Each retry sends one clone.
type retryTransport struct {
	api     apierr.API
	policy  retryPolicy
	budget  *budget     // nil: unlimited
	limiter Limiter     // nil: unlimited
	auth    *authorizer // nil: no credentials
	log     *attemptLog // nil: no logging
	next    http.RoundTripper
}

// retryPolicy is how a call retries: the client's Config, with what the
// call's CallConfig changes.
type retryPolicy struct {
	maxAttempts         int
	baseDelay, maxDelay time.Duration
	retryAfterCap       time.Duration
	retry500            bool
}

// with returns p changed by cfg.
func (p retryPolicy) with(cfg *CallConfig) retryPolicy {
	if cfg == nil {
		return p
	}
	if cfg.MaxAttempts > 0 {
		p.maxAttempts = cfg.MaxAttempts
	}
	if cfg.BaseDelay > 0 && cfg.MaxDelay >= cfg.BaseDelay {
		p.baseDelay, p.maxDelay = cfg.BaseDelay, cfg.MaxDelay
	}
	if cfg.RetryAfterCap > 0 {
		p.retryAfterCap = cfg.RetryAfterCap
	}
	p.retry500 = p.retry500 || cfg.Retry500
	return p
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	call := callFrom(ctx)
	cfg := configFrom(ctx)
	p := t.policy.with(cfg)
	safe := idempotent(req.Method) || (cfg != nil && cfg.UnsafeRetries) ||
		(t.api == apierr.Logistics && req.Header.Get(HeaderIdempotencyKey) != "")
	var lastStatus, lastCost int
	fail := func(op string, err error) error {
		return &apierr.TransportError{
			API: t.api, Method: req.Method, Path: req.URL.Path, Op: op,
			Attempts: call.Attempts(), LastStatus: lastStatus, CorrelationID: call.RequestID(),
			Err: withContextErr(ctx, err),
		}
	}
	var sent *http.Request // the request of the latest attempt
	refreshed := 0         // attempts made again with a fresh token after a 401
	for n := 1; ; n++ {    // n counts this request's attempts
		if err := ctx.Err(); err != nil {
			if n == 1 {
				closeBody(req)
			}
			return nil, fail("send request", context.Cause(ctx))
		}
		if err := t.wait(ctx, cfg); err != nil {
			if n == 1 {
				closeBody(req)
			}
			return nil, fail("wait for rate limiter", err)
		}
		r := req
		if n > 1 {
			// The attempt before may still be reading its body (a server can
			// answer before reading it): stop it before asking for a copy.
			closeBody(sent)
			var err error
			if r, err = rewind(req); err != nil {
				return nil, fail("rewind request body", err)
			}
		}
		var tok *oauth2.Token
		if t.auth != nil {
			var err error
			if tok, err = t.auth.authorize(r, call, lastStatus); err != nil {
				closeBody(r)
				return nil, err
			}
		}
		sent = r
		number := call.start()
		start := time.Now()
		resp, err := t.next.RoundTrip(r)
		took := time.Since(start)
		call.record(resp)
		if resp != nil {
			lastStatus = resp.StatusCode
		}

		if resp != nil && resp.StatusCode == http.StatusUnauthorized && tok != nil && refreshed == 0 &&
			t.auth.canRefresh() && replayable(req) && ctx.Err() == nil {
			t.log.attempt(ctx, r, resp, nil, number, took, slog.LevelWarn)
			discard(resp)
			t.auth.invalidate(tok)
			refreshed++
			continue
		}

		retry, cost := t.classify(p.retry500, safe, resp, err)
		if retry && ctx.Err() != nil {
			retry = false
		}
		final := !retry || n-refreshed >= p.maxAttempts || !replayable(req)
		var delay time.Duration
		if !final {
			delay = backoff(n-refreshed, p.baseDelay, p.maxDelay)
			if resp != nil {
				if ra, ok := apierr.ParseRetryAfter(resp.Header.Get(apierr.HeaderRetryAfter), time.Now()); ok {
					// Retry-After is a minimum: 0 or a past date does not make
					// the retry come sooner than the backoff would; one beyond
					// the cap ends the call, and its error exposes RetryAfter.
					final = ra > p.retryAfterCap
					delay = max(delay, ra)
				}
			}
			delay = max(delay, minDelay(p.baseDelay))
			if deadline, ok := ctx.Deadline(); !final && ok && time.Until(deadline) <= delay {
				final = true // the wait would outlast the context
			}
			final = final || !t.budget.take(cost)
		}
		if final {
			ok := err == nil && resp.StatusCode < 400
			level := slog.LevelDebug
			if !ok {
				level = slog.LevelError
			}
			t.log.attempt(ctx, r, resp, err, number, took, level)
			if err != nil {
				return nil, fail("send request", err)
			}
			if resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
				t.budget.put(max(lastCost, successRefund))
			}
			return resp, nil
		}
		t.log.attempt(ctx, r, resp, err, number, took, slog.LevelWarn)
		lastCost = cost
		if resp != nil {
			discard(resp)
		}
		if err := sleep(ctx, delay); err != nil {
			return nil, fail("wait to retry", err)
		}
	}
}

// classify reports whether an attempt's outcome may be retried, and what a
// retry costs from the budget.
func (t *retryTransport) classify(retry500, safe bool, resp *http.Response, err error) (retry bool, cost int) {
	if err != nil {
		cost = retryCost
		if apierr.IsTimeout(err) {
			cost = timeoutRetryCost
		}
		if neverSent(err) {
			return true, cost
		}
		return safe && apierr.IsTransient(err), cost
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return true, retryCost
	case !safe:
		return false, 0
	case apierr.IsRetryableStatus(s), s == http.StatusInternalServerError && retry500:
		return true, retryCost
	}
	return false, 0
}

// idempotent reports whether RFC 9110 makes method idempotent.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace,
		http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// neverSent reports whether err proves the request never reached the server:
// the connection (to the server or the proxy) could not be established.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}

// backoff returns the full-jitter delay before retry number attempt: a
// uniformly random duration in [0, min(maxDelay, base·2^(attempt-1))).
func backoff(attempt int, base, maxDelay time.Duration) time.Duration {
	ceiling := maxDelay
	if shift := attempt - 1; shift < 62 && base <= maxDelay>>shift {
		ceiling = base << shift
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling)
}

// minDelay is the shortest wait before any retry: a quarter of the base
// delay, so that no server answer and no draw of the jitter makes attempts
// follow each other back to back.
func minDelay(base time.Duration) time.Duration { return base / 4 }

// sleep waits d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-timer.C:
		return nil
	}
}

// replayable reports whether req's body can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// rewind returns a copy of req with a fresh body.
func rewind(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.Body == nil || req.Body == http.NoBody {
		return r, nil
	}
	if req.GetBody == nil {
		return nil, errors.New("request body cannot be replayed")
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r.Body = body
	return r, nil
}

// discard closes a response that will not be returned, reading a small body
// to the end first so that its connection can be reused. Larger or
// unknown-length bodies are not read: a server stalling mid-body must not
// hold up the retry.
func discard(resp *http.Response) {
	const drainLimit = 4 << 10
	if n := resp.ContentLength; n >= 0 && n <= drainLimit {
		_, _ = io.CopyN(io.Discard, resp.Body, drainLimit)
	}
	resp.Body.Close()
}

func closeBody(req *http.Request) {
	if req != nil && req.Body != nil {
		req.Body.Close()
	}
}
