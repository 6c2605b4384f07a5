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
