package transport

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/flexport-go/flexport/internal/apierr"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Secret values used throughout the tests; TestSecretsNeverLeak checks that
// none of them reaches an error text or a log line.
const (
	testAPIKey       = "fpk_live_APIKEY0123456789"
	testClientSecret = "cs_SECRET_abcdefghijklmnop"
	testToken        = "eyJTOKEN.payload.signature"
)

// seen is one request as the test server received it.
type seen struct {
	Method string
	Path   string
	Header http.Header
	Body   string
	At     time.Time
}

// recorder is a test server that records requests and answers each with
// handle(n, w, r), n counting from 1.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newRecorder(t testing.TB, handle func(n int, w http.ResponseWriter, r *http.Request)) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{Method: r.Method, Path: r.URL.RequestURI(), Header: r.Header.Clone(), Body: string(body), At: at})
		n := len(rec.reqs)
		rec.mu.Unlock()
		handle(n, w, r)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

func (r *recorder) hits() int { return len(r.requests()) }

// statuses answers request n with codes[n-1] (the last code repeating).
func statuses(codes ...int) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		code := codes[min(n, len(codes))-1]
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Correlation-Id", "corr-"+http.StatusText(code))
		w.WriteHeader(code)
		if code >= 400 {
			io.WriteString(w, `{"error":{"status":`+itoa(code)+`,"code":"e`+itoa(code)+`","message":"failed"}}`)
		} else {
			io.WriteString(w, `{"data":{"id":1}}`)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// newClient builds a client with test-friendly backoff (1-5 ms) unless cfg
// sets it, and closes its idle connections at the end of the test.
func newClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	if cfg.API == 0 {
		cfg.API = apierr.Core
	}
	if cfg.BaseDelay == 0 {
		cfg.BaseDelay = time.Millisecond
	}
	if cfg.MaxDelay == 0 {
		cfg.MaxDelay = 5 * time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// do sends a request with an optional body and returns Do's result. A
// successful response's body is read and closed.
func do(ctx context.Context, c *Client, method, url, body string) (int, string, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// failingDialer fails the first n dials with a connection-refused
// *net.OpError, then dials for real.
type failingDialer struct {
	mu    sync.Mutex
	fails int
	dials int
}

func (d *failingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	d.dials++
	fail := d.dials <= d.fails
	d.mu.Unlock()
	if fail {
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// The per-call settings as the tests give them: each returns a context
// whose CallConfig is a copy of ctx's with one change, so that contexts
// derived from one another never share one.

func withConfigChange(ctx context.Context, change func(*CallConfig)) context.Context {
	var cfg CallConfig
	if prev := configFrom(ctx); prev != nil {
		cfg = *prev
		cfg.Limiters = append([]Limiter(nil), prev.Limiters...)
	}
	change(&cfg)
	return WithConfig(ctx, &cfg)
}

// WithAttempts returns a context whose calls make at most n attempts; n < 1
// means 1.
func WithAttempts(ctx context.Context, n int) context.Context {
	return withConfigChange(ctx, func(c *CallConfig) { c.MaxAttempts = max(n, 1) })
}

// WithUnsafeRetries returns a context whose Core POST and PATCH calls are
// retried like GETs.
func WithUnsafeRetries(ctx context.Context) context.Context {
	return withConfigChange(ctx, func(c *CallConfig) { c.UnsafeRetries = true })
}

// WithIdempotencyKey returns a context whose Logistics POST and PATCH calls
// send key.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return withConfigChange(ctx, func(c *CallConfig) { c.IdempotencyKey = key })
}

// WithRateLimiter returns a context whose calls also wait on l, after the
// limiters before; a nil l is ignored.
func WithRateLimiter(ctx context.Context, l Limiter) context.Context {
	if l == nil {
		return ctx
	}
	return withConfigChange(ctx, func(c *CallConfig) { c.Limiters = append(c.Limiters, l) })
}

// limitersFrom returns the call limiters of ctx.
func limitersFrom(ctx context.Context) []Limiter {
	if cfg := configFrom(ctx); cfg != nil {
		return cfg.Limiters
	}
	return nil
}

// attemptFrom returns the number, in its call, of the attempt a request of
// ctx is: the attempts the call has sent so far.
func attemptFrom(ctx context.Context) int { return callFrom(ctx).Attempts() }

// retryLayer returns c's retry layer.
func retryLayer(c *Client) *retryTransport { return c.http.Transport.(*retryTransport) }
