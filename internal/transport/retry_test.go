package transport

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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
