package transport

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/flexport-go/flexport/internal/apierr"
)

func TestCorePostDialFailureRetried(t *testing.T) {
	srv := newRecorder(t, statuses(201))
	dialer := &failingDialer{fails: 1}
	base := NewBaseTransport()
	base.DialContext = dialer.DialContext
	c := newClient(t, Config{Base: base})

	ctx, call := NewCall(context.Background())
	status, _, err := do(ctx, c, "POST", srv.URL+"/shipments", `{"name":"x"}`)
	if err != nil || status != 201 {
		t.Fatalf("got %d, %v; want 201", status, err)
	}
	if got := srv.requests(); len(got) != 1 || got[0].Body != `{"name":"x"}` {
		t.Errorf("server saw %+v, want one request with the body", got)
	}
	if call.Attempts() != 2 {
		t.Errorf("Attempts() = %d, want 2", call.Attempts())
	}
}

func TestCorePostDialFailuresExhausted(t *testing.T) {
	dialer := &failingDialer{fails: 100}
	base := NewBaseTransport()
	base.DialContext = dialer.DialContext
	c := newClient(t, Config{Base: base})
	_, _, err := do(context.Background(), c, "POST", "http://127.0.0.1:1/shipments?api_key="+testAPIKey, "{}")
	var te *apierr.TransportError
	if !errors.As(err, &te) || te.Attempts != 3 {
		t.Fatalf("err = %v, want a TransportError after 3 attempts", err)
	}
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "dial" {
		t.Errorf("err does not wrap the dial error: %v", err)
	}
	if want := "core: POST /shipments: send request: after 3 attempts: dial tcp: connection refused"; err.Error() != want {
		t.Errorf("error text:\n got %s\nwant %s", err, want)
	}
}

// hangUp answers nothing: it reads the request and closes the connection.
func hangUp(n int, w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // send RST
	}
	conn.Close()
}

func TestConnectionLostAfterSend(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		unsafe   bool
		wantHits int
	}{
		{"core POST sent once", "POST", false, 1},
		{"core PATCH sent once", "PATCH", false, 1},
		{"core POST retried when unsafe", "POST", true, 3},
		{"GET retried", "GET", false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, hangUp)
			c := newClient(t, Config{})
			ctx := context.Background()
			if tt.unsafe {
				ctx = WithUnsafeRetries(ctx)
			}
			_, _, err := do(ctx, c, tt.method, srv.URL+"/shipments/1", "{}")
			var te *apierr.TransportError
			if !errors.As(err, &te) || te.Attempts != tt.wantHits {
				t.Fatalf("err = %v, want a TransportError after %d attempts", err, tt.wantHits)
			}
			if got := srv.hits(); got != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", got, tt.wantHits)
			}
		})
	}
}

func TestResponseTimeout(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		wantHits int
	}{
		{"core POST never retried after a timeout", "POST", 1},
		{"GET retried after a timeout", "GET", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-release:
				}
			})
			base := NewBaseTransport()
			base.ResponseHeaderTimeout = 250 * time.Millisecond
			c := newClient(t, Config{Base: base})
			_, _, err := do(context.Background(), c, tt.method, srv.URL+"/shipments", "{}")
			var te *apierr.TransportError
			if !errors.As(err, &te) || !te.Timeout() || te.Attempts != tt.wantHits {
				t.Fatalf("err = %v, want a timeout TransportError after %d attempts", err, tt.wantHits)
			}
			close(release)
			srv.Close() // waits for the handlers, so every request is counted
			if got := srv.hits(); got != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", got, tt.wantHits)
			}
		})
	}
}

func TestLogisticsIdempotencyKey(t *testing.T) {
	replayed := func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(http.StatusCreated)
	}
	tests := []struct {
		name      string
		method    string
		ctxKey    string
		headerKey string
		wantKey   string // "" means: a generated UUID v4
	}{
		{name: "generated, POST", method: "POST"},
		{name: "generated, PATCH", method: "PATCH"},
		{name: "caller's key", method: "POST", ctxKey: "caller-key-1", wantKey: "caller-key-1"},
		{name: "header beats context", method: "POST", ctxKey: "ctx-key", headerKey: "header-key", wantKey: "header-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, replayed)
			c := newClient(t, Config{API: apierr.Logistics})
			ctx, call := NewCall(context.Background())
			if tt.ctxKey != "" {
				ctx = WithIdempotencyKey(ctx, tt.ctxKey)
			}
			req, _ := http.NewRequestWithContext(ctx, tt.method, srv.URL+"/logistics/api/2023-10/orders", strings.NewReader(`{"id":"o1"}`))
			if tt.headerKey != "" {
				req.Header.Set("Idempotency-Key", tt.headerKey)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			reqs := srv.requests()
			if len(reqs) != 2 {
				t.Fatalf("server saw %d requests, want 2", len(reqs))
			}
			keys := []string{reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key")}
			if keys[0] != keys[1] || keys[0] == "" {
				t.Errorf("idempotency keys %q differ or are empty", keys)
			}
			if tt.wantKey != "" && keys[0] != tt.wantKey {
				t.Errorf("key = %q, want %q", keys[0], tt.wantKey)
			}
			if tt.wantKey == "" {
				if id, err := uuid.Parse(keys[0]); err != nil || id.Version() != 4 {
					t.Errorf("key %q is not a UUID v4", keys[0])
				}
			}
			if call.IdempotencyKey() != keys[0] || !call.Replayed() {
				t.Errorf("call reports key %q, replayed %v; want %q, true", call.IdempotencyKey(), call.Replayed(), keys[0])
			}
			if reqs[1].Body != `{"id":"o1"}` {
				t.Errorf("retried body = %q", reqs[1].Body)
			}
		})
	}

	t.Run("a new key per logical call", func(t *testing.T) {
		srv := newRecorder(t, statuses(201))
		c := newClient(t, Config{API: apierr.Logistics})
		for range 2 {
			if _, _, err := do(context.Background(), c, "POST", srv.URL, "{}"); err != nil {
				t.Fatal(err)
			}
		}
		reqs := srv.requests()
		if reqs[0].Header.Get("Idempotency-Key") == reqs[1].Header.Get("Idempotency-Key") {
			t.Errorf("two calls shared the key %q", reqs[0].Header.Get("Idempotency-Key"))
		}
	})
	t.Run("not on reads nor on Core", func(t *testing.T) {
		srv := newRecorder(t, statuses(200))
		logistics := newClient(t, Config{API: apierr.Logistics})
		core := newClient(t, Config{API: apierr.Core})
		ctx := WithIdempotencyKey(context.Background(), "k")
		do(ctx, logistics, "GET", srv.URL, "")
		do(ctx, core, "POST", srv.URL, "{}")
		var keys []string
		for _, r := range srv.requests() {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
		if diff := cmp.Diff([]string{"", ""}, keys); diff != "" {
			t.Errorf("keys (-want +got):\n%s", diff)
		}
	})
}
