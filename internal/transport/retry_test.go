package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/flexport-go/flexport/internal/apierr"
)

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name       string
		api        apierr.API
		method     string
		codes      []int
		retry500   bool
		unsafe     bool
		wantHits   int
		wantStatus int // of the success, or of the error
		wantErr    string
	}{
		{name: "503 503 200 succeeds", method: "GET", codes: []int{503, 503, 200}, wantHits: 3, wantStatus: 200},
		{name: "four 503s fail after 3 attempts", method: "GET", codes: []int{503}, wantHits: 3, wantStatus: 503,
			wantErr: "core: GET /shipments/1: 503 e503: failed (request id corr-Service Unavailable; after 3 attempts, last status 503)"},
		{name: "logistics GET 503 503 200", api: apierr.Logistics, method: "GET", codes: []int{503, 503, 200}, wantHits: 3, wantStatus: 200},
		{name: "logistics GET exhausts", api: apierr.Logistics, method: "GET", codes: []int{502}, wantHits: 3, wantStatus: 502},
		{name: "408 retried", method: "GET", codes: []int{408, 200}, wantHits: 2, wantStatus: 200},
		{name: "429 retried", method: "GET", codes: []int{429, 200}, wantHits: 2, wantStatus: 200},
		{name: "502 retried", method: "GET", codes: []int{502, 200}, wantHits: 2, wantStatus: 200},
		{name: "504 retried", method: "GET", codes: []int{504, 200}, wantHits: 2, wantStatus: 200},
		{name: "500 not retried by default", method: "GET", codes: []int{500, 200}, wantHits: 1, wantStatus: 500},
		{name: "500 retried when enabled", method: "GET", codes: []int{500, 200}, retry500: true, wantHits: 2, wantStatus: 200},
		{name: "501 never retried", method: "GET", codes: []int{501, 200}, retry500: true, wantHits: 1, wantStatus: 501},
		{name: "404 not retried", method: "GET", codes: []int{404, 200}, wantHits: 1, wantStatus: 404},
		{name: "423 not retried", method: "GET", codes: []int{423, 200}, wantHits: 1, wantStatus: 423},
		{name: "PUT is idempotent", method: "PUT", codes: []int{503, 200}, wantHits: 2, wantStatus: 200},
		{name: "DELETE is idempotent", method: "DELETE", codes: []int{503, 200}, wantHits: 2, wantStatus: 200},
		{name: "core POST 500 reaches server once", method: "POST", codes: []int{500, 201}, retry500: true, wantHits: 1, wantStatus: 500},
		{name: "core POST 503 not retried", method: "POST", codes: []int{503, 201}, wantHits: 1, wantStatus: 503},
		{name: "core POST 502 not retried", method: "POST", codes: []int{502, 201}, wantHits: 1, wantStatus: 502},
		{name: "core POST 408 not retried", method: "POST", codes: []int{408, 201}, wantHits: 1, wantStatus: 408},
		{name: "core PATCH 503 not retried", method: "PATCH", codes: []int{503, 200}, wantHits: 1, wantStatus: 503},
		{name: "core POST 429 retried", method: "POST", codes: []int{429, 201}, wantHits: 2, wantStatus: 201},
		{name: "core POST 503 retried when unsafe", method: "POST", codes: []int{503, 201}, unsafe: true, wantHits: 2, wantStatus: 201},
		{name: "core PATCH 500 retried when unsafe and 500 enabled", method: "PATCH", codes: []int{500, 200}, unsafe: true, retry500: true, wantHits: 2, wantStatus: 200},
		{name: "logistics POST 503 201", api: apierr.Logistics, method: "POST", codes: []int{503, 201}, wantHits: 2, wantStatus: 201},
		{name: "logistics PATCH 504 200", api: apierr.Logistics, method: "PATCH", codes: []int{504, 200}, wantHits: 2, wantStatus: 200},
		{name: "logistics POST 500 not retried by default", api: apierr.Logistics, method: "POST", codes: []int{500, 201}, wantHits: 1, wantStatus: 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, statuses(tt.codes...))
			c := newClient(t, Config{API: tt.api, Retry500: tt.retry500})
			ctx, call := NewCall(context.Background())
			if tt.unsafe {
				ctx = WithUnsafeRetries(ctx)
			}
			body := ""
			if tt.method == "POST" || tt.method == "PATCH" || tt.method == "PUT" {
				body = `{"name":"x"}`
			}
			status, _, err := do(ctx, c, tt.method, srv.URL+"/shipments/1", body)
			if err != nil {
				var ae apierr.Error
				if !errors.As(err, &ae) {
					t.Fatalf("error %T %v is not an apierr.Error", err, err)
				}
				status = ae.StatusCode()
				if tt.wantErr != "" && err.Error() != tt.wantErr {
					t.Errorf("error text:\n got %s\nwant %s", err, tt.wantErr)
				}
			}
			if status != tt.wantStatus {
				t.Errorf("status = %d, want %d (err %v)", status, tt.wantStatus, err)
			}
			if (err != nil) != (tt.wantStatus >= 400) {
				t.Errorf("err = %v, want error only for status >= 400", err)
			}
			if got := srv.hits(); got != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", got, tt.wantHits)
			}
			if got := call.Attempts(); got != tt.wantHits {
				t.Errorf("call.Attempts() = %d, want %d", got, tt.wantHits)
			}
			if call.LastStatus() != tt.wantStatus || call.RequestID() != "corr-"+http.StatusText(tt.wantStatus) {
				t.Errorf("call reports status %d, request id %q; want %d and the last response's id", call.LastStatus(), call.RequestID(), tt.wantStatus)
			}
			for i, r := range srv.requests() {
				if r.Body != body {
					t.Errorf("request %d body = %q, want %q", i+1, r.Body, body)
				}
			}
		})
	}
}

func TestExhaustedErrorDetails(t *testing.T) {
	srv := newRecorder(t, statuses(503))
	c := newClient(t, Config{})
	_, _, err := do(context.Background(), c, "GET", srv.URL+"/shipments/1", "")
	var ce *apierr.CoreError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %T %v, want *apierr.CoreError", err, err)
	}
	want := &apierr.CoreError{Status: 503, Code: "e503", Message: "failed", CorrelationID: "corr-Service Unavailable",
		Method: "GET", Path: "/shipments/1", Attempts: 3}
	if diff := cmp.Diff(want, ce); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "3 attempts") || !strings.Contains(err.Error(), "last status 503") {
		t.Errorf("error %q does not state 3 attempts and last status 503", err)
	}
	if !ce.Retryable() {
		t.Errorf("Retryable() = false for 503")
	}
}

func TestPerCallAttempts(t *testing.T) {
	tests := []struct {
		name     string
		ctx      func(context.Context) context.Context
		cfg      int
		wantHits int
	}{
		{"client default", func(c context.Context) context.Context { return c }, 0, 3},
		{"client configured", func(c context.Context) context.Context { return c }, 4, 4},
		{"call raises", func(c context.Context) context.Context { return WithAttempts(c, 5) }, 0, 5},
		{"call disables", func(c context.Context) context.Context { return WithAttempts(c, 1) }, 0, 1},
		{"call below 1 means 1", func(c context.Context) context.Context { return WithAttempts(c, -3) }, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, statuses(503))
			c := newClient(t, Config{MaxAttempts: tt.cfg})
			_, _, err := do(tt.ctx(context.Background()), c, "GET", srv.URL, "")
			if err == nil {
				t.Fatal("want an error")
			}
			if got := srv.hits(); got != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", got, tt.wantHits)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	t.Run("seconds", func(t *testing.T) {
		t.Parallel()
		var sent stamp
		srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				sent.set(time.Now())
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.WriteHeader(http.StatusOK)
		})
		c := newClient(t, Config{})
		status, _, err := do(context.Background(), c, "GET", srv.URL, "")
		if err != nil || status != 200 {
			t.Fatalf("got %d, %v; want 200", status, err)
		}
		reqs := srv.requests()
		if len(reqs) != 2 {
			t.Fatalf("server saw %d requests, want 2", len(reqs))
		}
		if gap := reqs[1].At.Sub(sent.get()); gap < time.Second {
			t.Errorf("second attempt came %v after the 429, want at least 1s", gap)
		}
	})
	t.Run("HTTP-date", func(t *testing.T) {
		t.Parallel()
		var sent, until stamp
		srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				now := time.Now()
				sent.set(now)
				// HTTP-dates have whole seconds: this one is 1-2 s ahead.
				h := now.Add(2 * time.Second).UTC().Format(http.TimeFormat)
				u, _ := http.ParseTime(h)
				until.set(u)
				w.Header().Set("Retry-After", h)
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.WriteHeader(http.StatusOK)
		})
		c := newClient(t, Config{})
		status, _, err := do(context.Background(), c, "GET", srv.URL, "")
		if err != nil || status != 200 {
			t.Fatalf("got %d, %v; want 200", status, err)
		}
		reqs := srv.requests()
		if len(reqs) != 2 {
			t.Fatalf("server saw %d requests, want 2", len(reqs))
		}
		// Allow a little for the wall clock's rounding against the monotonic
		// timer; the wait itself is at least a second.
		if reqs[1].At.Before(until.get().Add(-20 * time.Millisecond)) {
			t.Errorf("second attempt at %v, before the Retry-After date %v", reqs[1].At, until.get())
		}
		if gap := reqs[1].At.Sub(sent.get()); gap < time.Second-20*time.Millisecond {
			t.Errorf("second attempt came %v after the 503, want about 1-2s", gap)
		}
	})
	t.Run("beyond the cap returns at once", func(t *testing.T) {
		t.Parallel()
		srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		})
		// No overall timeout and no context deadline: only the cap can stop
		// the transport from sleeping an hour.
		c := newClient(t, Config{Timeout: -1})
		errc := make(chan error, 1)
		go func() {
			_, _, err := do(context.Background(), c, "GET", srv.URL, "")
			errc <- err
		}()
		var err error
		select {
		case err = <-errc:
		case <-time.After(30 * time.Second):
			t.Fatal("Do did not return: it waited for the Retry-After")
		}
		var ae apierr.Error
		if !errors.As(err, &ae) || ae.RetryAfter() != time.Hour || ae.StatusCode() != 429 {
			t.Fatalf("err = %v, want a 429 apierr.Error with RetryAfter 1h", err)
		}
		if !errors.Is(err, apierr.ErrRateLimited) {
			t.Errorf("errors.Is(err, ErrRateLimited) = false")
		}
		if got := srv.hits(); got != 1 {
			t.Errorf("server saw %d requests, want 1", got)
		}
	})
	t.Run("configured cap", func(t *testing.T) {
		t.Parallel()
		srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusServiceUnavailable)
		})
		c := newClient(t, Config{RetryAfterCap: time.Second})
		_, _, err := do(context.Background(), c, "GET", srv.URL, "")
		var ae apierr.Error
		if !errors.As(err, &ae) || ae.RetryAfter() != 2*time.Second {
			t.Fatalf("err = %v, want RetryAfter 2s", err)
		}
		if got := srv.hits(); got != 1 {
			t.Errorf("server saw %d requests, want 1", got)
		}
	})
	t.Run("beyond the context deadline returns at once", func(t *testing.T) {
		t.Parallel()
		srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
		})
		c := newClient(t, Config{})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, _, err := do(ctx, c, "GET", srv.URL, "")
		var ae apierr.Error
		if !errors.As(err, &ae) || ae.StatusCode() != 503 || ae.RetryAfter() != 30*time.Second {
			t.Fatalf("err = %v, want the 503 with RetryAfter 30s", err)
		}
		if ctx.Err() != nil {
			t.Errorf("Do returned only after the context expired")
		}
		if got := srv.hits(); got != 1 {
			t.Errorf("server saw %d requests, want 1", got)
		}
	})
}

// stamp is a time shared between a handler and the test.
type stamp struct {
	mu sync.Mutex
	t  time.Time
}

func (s *stamp) set(t time.Time) { s.mu.Lock(); s.t = t; s.mu.Unlock() }

func (s *stamp) get() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.t }

func TestRetryBudget(t *testing.T) {
	srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	// Capacity 10: two retries (5 tokens each).
	c := newClient(t, Config{MaxAttempts: 5, RetryBudget: 10})
	rt := retryLayer(c)

	steps := []struct {
		path       string
		wantHits   int // requests this step
		wantTokens int // left afterwards
	}{
		{"/fail", 3, 0}, // 2 retries drain the bucket
		{"/fail", 1, 0}, // no retry possible
		{"/ok", 1, 1},   // a first-attempt success adds 1
		{"/fail", 1, 1}, // 1 token is not enough for a retry
	}
	before := 0
	for i, s := range steps {
		do(context.Background(), c, "GET", srv.URL+s.path, "")
		hits := srv.hits()
		if got := hits - before; got != s.wantHits {
			t.Errorf("step %d: %d requests, want %d", i, got, s.wantHits)
		}
		before = hits
		if got := rt.budget.available(); got != s.wantTokens {
			t.Errorf("step %d: %d tokens left, want %d", i, got, s.wantTokens)
		}
	}

	t.Run("success after a retry refunds it", func(t *testing.T) {
		b := newBudget(20)
		srv := newRecorder(t, statuses(503, 200))
		c := newClient(t, Config{RetryBudget: 20})
		retryLayer(c).budget = b
		if _, _, err := do(context.Background(), c, "GET", srv.URL, ""); err != nil {
			t.Fatal(err)
		}
		if got := b.available(); got != 20 {
			t.Errorf("%d tokens left, want 20", got)
		}
	})
	t.Run("disabled", func(t *testing.T) {
		srv := newRecorder(t, statuses(503))
		c := newClient(t, Config{RetryBudget: -1, MaxAttempts: 4})
		for range 5 {
			do(context.Background(), c, "GET", srv.URL, "")
		}
		if got := srv.hits(); got != 20 {
			t.Errorf("server saw %d requests, want 20", got)
		}
	})
}

func TestBudget(t *testing.T) {
	b := newBudget(12)
	got := []bool{b.take(5), b.take(5), b.take(5)}
	if diff := cmp.Diff([]bool{true, true, false}, got); diff != "" {
		t.Errorf("take results (-want +got):\n%s", diff)
	}
	b.put(100)
	if b.available() != 12 {
		t.Errorf("put overfilled: %d", b.available())
	}
	var unlimited *budget
	if !unlimited.take(1 << 30) {
		t.Errorf("nil budget refused")
	}
	unlimited.put(1)
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt   int
		base, max time.Duration
		ceiling   time.Duration
	}{
		{1, 500 * time.Millisecond, 20 * time.Second, 500 * time.Millisecond},
		{2, 500 * time.Millisecond, 20 * time.Second, time.Second},
		{3, 500 * time.Millisecond, 20 * time.Second, 2 * time.Second},
		{6, 500 * time.Millisecond, 20 * time.Second, 16 * time.Second},
		{7, 500 * time.Millisecond, 20 * time.Second, 20 * time.Second},
		{64, 500 * time.Millisecond, 20 * time.Second, 20 * time.Second},
		{1000, time.Hour, 1<<63 - 1, 1<<63 - 1},
	}
	for _, tt := range tests {
		var lo, hi time.Duration = 1<<63 - 1, 0
		for range 2000 {
			d := backoff(tt.attempt, tt.base, tt.max)
			lo, hi = min(lo, d), max(hi, d)
		}
		if lo < 0 || hi > tt.ceiling {
			t.Errorf("backoff(%d, %v, %v) ranged over [%v, %v], want within [0, %v]", tt.attempt, tt.base, tt.max, lo, hi, tt.ceiling)
		}
		// Full jitter: the spread covers most of the range.
		if tt.ceiling < 1<<62 && (lo > tt.ceiling/4 || hi < tt.ceiling*3/4) {
			t.Errorf("backoff(%d) = [%v, %v]: not full jitter over [0, %v]", tt.attempt, lo, hi, tt.ceiling)
		}
	}
}

// oneShotBody is a request body without GetBody.
type oneShotBody struct{ io.Reader }

func (oneShotBody) Close() error { return nil }

func TestUnreplayableBodyNotResent(t *testing.T) {
	srv := newRecorder(t, statuses(503, 200))
	c := newClient(t, Config{})
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/shipments/1", oneShotBody{strings.NewReader("payload")})
	if req.GetBody != nil {
		t.Fatal("test body unexpectedly replayable")
	}
	_, err := c.Do(req)
	var ae apierr.Error
	if !errors.As(err, &ae) || ae.StatusCode() != 503 {
		t.Fatalf("err = %v, want the 503", err)
	}
	if got := srv.requests(); len(got) != 1 || got[0].Body != "payload" {
		t.Errorf("server saw %+v, want one request with the body", got)
	}

	// The same request with a replayable body is retried with the full body.
	srv2 := newRecorder(t, statuses(503, 200))
	req, _ = http.NewRequest(http.MethodPut, srv2.URL+"/shipments/1", strings.NewReader("payload"))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var bodies []string
	for _, r := range srv2.requests() {
		bodies = append(bodies, r.Body)
	}
	if diff := cmp.Diff([]string{"payload", "payload"}, bodies); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
}

func TestContextDone(t *testing.T) {
	t.Run("already cancelled: nothing sent", func(t *testing.T) {
		srv := newRecorder(t, statuses(200))
		c := newClient(t, Config{})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, _, err := do(ctx, c, "GET", srv.URL, "")
		var te *apierr.TransportError
		if !errors.As(err, &te) || !errors.Is(err, context.Canceled) || te.Attempts != 0 {
			t.Fatalf("err = %#v, want a TransportError wrapping context.Canceled after 0 attempts", err)
		}
		if srv.hits() != 0 {
			t.Errorf("server saw %d requests, want 0", srv.hits())
		}
	})
	t.Run("cancelled during an attempt: no further attempt", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			cancel()
			w.WriteHeader(http.StatusServiceUnavailable)
		})
		c := newClient(t, Config{})
		_, _, err := do(ctx, c, "GET", srv.URL, "")
		if err == nil {
			t.Fatal("want an error")
		}
		if srv.hits() != 1 {
			t.Errorf("server saw %d requests, want 1", srv.hits())
		}
	})
	t.Run("cancelled while waiting to retry", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
			time.AfterFunc(50*time.Millisecond, cancel)
		})
		c := newClient(t, Config{})
		_, _, err := do(ctx, c, "GET", srv.URL, "")
		var te *apierr.TransportError
		if !errors.As(err, &te) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want a TransportError wrapping context.Canceled", err)
		}
		if te.Attempts != 1 || te.LastStatus != 503 {
			t.Errorf("Attempts, LastStatus = %d, %d; want 1, 503", te.Attempts, te.LastStatus)
		}
		if srv.hits() != 1 {
			t.Errorf("server saw %d requests, want 1", srv.hits())
		}
	})
}

func TestRateLimiter(t *testing.T) {
	t.Run("waits before each attempt", func(t *testing.T) {
		srv := newRecorder(t, statuses(503))
		// Two tokens, the next one in an hour: the third attempt cannot run
		// before the deadline, and the limiter says so at once.
		lim := rate.NewLimiter(rate.Every(time.Hour), 2)
		c := newClient(t, Config{RateLimiter: lim})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, _, err := do(ctx, c, "GET", srv.URL, "")
		var te *apierr.TransportError
		if !errors.As(err, &te) || te.Attempts != 2 || te.LastStatus != 503 || !strings.Contains(err.Error(), "rate limiter") {
			t.Fatalf("err = %v, want a rate limiter TransportError after 2 attempts", err)
		}
		if srv.hits() != 2 {
			t.Errorf("server saw %d requests, want 2", srv.hits())
		}
	})
	t.Run("unlimited", func(t *testing.T) {
		srv := newRecorder(t, statuses(200))
		c := newClient(t, Config{RateLimiter: rate.NewLimiter(rate.Inf, 0)})
		if _, _, err := do(context.Background(), c, "GET", srv.URL, ""); err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkRoundTrip(b *testing.B) {
	srv := newRecorder(b, statuses(200))
	c := newClient(b, Config{API: apierr.Core})
	for b.Loop() {
		if _, _, err := do(context.Background(), c, "GET", srv.URL, ""); err != nil {
			b.Fatal(err)
		}
	}
}
