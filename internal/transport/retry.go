package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/flexport-go/flexport/internal/apierr"
)

// Retry budget costs, as in aws-sdk-go-v2's retry token bucket.
const (
	retryCost        = 5
	timeoutRetryCost = 10
	successRefund    = 1
)

// retryTransport sends each attempt of a call and decides whether to retry.
//
// Idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE), Logistics
// requests carrying an idempotency-key, and calls marked WithUnsafeRetries are
// retried after connection errors and 408, 429, 502, 503, 504 (and 500 with
// retry500). Other requests (Core POST and PATCH) are retried only after 429
// or when the connection could not be established, so the server never saw
// them. A body without GetBody is never re-sent.
type retryTransport struct {
	api           apierr.API
	maxAttempts   int
	baseDelay     time.Duration
	maxDelay      time.Duration
	retryAfterCap time.Duration
	retry500      bool
	budget        *budget // nil: unlimited
	limiter       Limiter // nil: unlimited
	next          http.RoundTripper
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	call := callFrom(ctx)
	maxAttempts := t.maxAttempts
	if n := attemptsFrom(ctx); n > 0 {
		maxAttempts = n
	}
	safe := idempotent(req.Method) || unsafeRetriesFrom(ctx) ||
		(t.api == apierr.Logistics && req.Header.Get(HeaderIdempotencyKey) != "")
	fail := func(op string, attempts, lastStatus int, err error) error {
		return &apierr.TransportError{
			API: t.api, Method: req.Method, Path: req.URL.Path, Op: op,
			Attempts: attempts, LastStatus: lastStatus, Err: withContextErr(ctx, err),
		}
	}
	var lastStatus, lastCost int
	var sent *http.Request // the request of the latest attempt
	// giveUp ends the call with the outcome of its last attempt.
	giveUp := func(attempt int, resp *http.Response, err error) (*http.Response, error) {
		if err != nil {
			return nil, fail("send request", attempt, lastStatus, err)
		}
		return resp, nil
	}
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			if attempt == 1 {
				closeBody(req)
			}
			return nil, fail("send request", attempt-1, lastStatus, context.Cause(ctx))
		}
		if err := t.wait(ctx); err != nil {
			if attempt == 1 {
				closeBody(req)
			}
			return nil, fail("wait for rate limiter", attempt-1, lastStatus, err)
		}
		r := req
		if attempt > 1 {
			// The attempt before may still be reading its body (a server can
			// answer before reading it): stop it before asking for a copy.
			closeBody(sent)
			var err error
			if r, err = rewind(req); err != nil {
				return nil, fail("rewind request body", attempt-1, lastStatus, err)
			}
		}
		r = r.Clone(withAttempt(ctx, attempt))
		sent = r
		resp, err := t.next.RoundTrip(r)
		call.record(resp)
		if resp != nil {
			lastStatus = resp.StatusCode
		}

		retry, cost := t.classify(safe, resp, err)
		if retry && ctx.Err() != nil {
			retry = false
		}
		if !retry || attempt >= maxAttempts || !replayable(req) {
			if err == nil && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
				t.budget.put(max(lastCost, successRefund))
			}
			return giveUp(attempt, resp, err)
		}

		delay := backoff(attempt, t.baseDelay, t.maxDelay)
		if resp != nil {
			if ra, ok := apierr.ParseRetryAfter(resp.Header.Get(apierr.HeaderRetryAfter), time.Now()); ok {
				if ra > t.retryAfterCap {
					return giveUp(attempt, resp, nil) // the error exposes RetryAfter
				}
				// Retry-After is a minimum: 0 or a past date does not make
				// the retry come sooner than the backoff would.
				delay = max(delay, ra)
			}
		}
		delay = max(delay, minDelay(t.baseDelay))
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= delay {
			return giveUp(attempt, resp, err) // the wait would outlast the context
		}
		if !t.budget.take(cost) {
			return giveUp(attempt, resp, err)
		}
		lastCost = cost
		if resp != nil {
			discard(resp)
		}
		if err := sleep(ctx, delay); err != nil {
			return nil, fail("wait to retry", attempt, lastStatus, err)
		}
	}
}

// classify reports whether an attempt's outcome may be retried, and what a
// retry costs from the budget.
func (t *retryTransport) classify(safe bool, resp *http.Response, err error) (retry bool, cost int) {
	if err != nil {
		cost = retryCost
		if isTimeout(err) {
			cost = timeoutRetryCost
		}
		if neverSent(err) {
			return true, cost
		}
		return safe && transient(err), cost
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return true, retryCost
	case !safe:
		return false, 0
	case apierr.IsRetryableStatus(s), s == http.StatusInternalServerError && t.retry500:
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

// transient reports whether a connection error may go away on its own;
// certificate problems and unknown errors do not.
func transient(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	if errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) {
		return false
	}
	for _, target := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET,
		syscall.ECONNABORTED, syscall.ECONNREFUSED, syscall.EPIPE} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ne net.Error
	return errors.As(err, &ne)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
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
