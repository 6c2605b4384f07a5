package core_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/flexport-go/flexport/core"
)

// These tests drive the transport's guarantees (issue: resilient transport)
// through the public client: c.Shipments.Get and c.Shipments.Update.

const shipmentOK = `{"_object":"/api/response","version":2,"error":null,"data":{"_object":"/shipment","id":7,"name":"ok"}}`

// scripted answers each request with the next status of its script (the
// last one repeats) and records arrival times.
type scripted struct {
	mu       sync.Mutex
	statuses []int
	headers  []http.Header
	arrivals []time.Time
	bodies   []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	i := len(s.arrivals)
	s.arrivals = append(s.arrivals, time.Now())
	s.bodies = append(s.bodies, string(b))
	status := s.statuses[min(i, len(s.statuses)-1)]
	var h http.Header
	if i < len(s.headers) {
		h = s.headers[i]
	}
	s.mu.Unlock()
	for k, v := range h {
		w.Header()[k] = v
	}
	w.Header().Set("X-Correlation-Id", fmt.Sprintf("corr-%d", i+1))
	if status == http.StatusOK {
		io.WriteString(w, shipmentOK)
		return
	}
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"_object":"/api/response","data":null,"error":{"_object":"/api/error","status":%d,"code":"e%d","message":"failed"}}`, status, status)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arrivals)
}

func fastClient(t *testing.T, url string, opts ...core.Option) *core.Client {
	t.Helper()
	return newClient(t, url, opts...)
}

func TestRetriesThroughClient(t *testing.T) {
	ctx := context.Background()
	t.Run("503 503 200 succeeds after 3 attempts", func(t *testing.T) {
		s := &scripted{statuses: []int{503, 503, 200}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		got, err := fastClient(t, srv.URL).Shipments.Get(ctx, 7)
		if err != nil || got.ID != 7 || s.count() != 3 {
			t.Fatalf("Get = %v, %v after %d requests", got, err, s.count())
		}
	})
	t.Run("four 503s end in an error stating 3 attempts and the last status", func(t *testing.T) {
		s := &scripted{statuses: []int{503}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		_, err := fastClient(t, srv.URL).Shipments.Get(ctx, 7)
		var apiErr *core.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode() != 503 || apiErr.Attempts != 3 {
			t.Fatalf("Get error = %v", err)
		}
		if !strings.Contains(err.Error(), "3 attempts") || !strings.Contains(err.Error(), "503") {
			t.Errorf("error %q does not state 3 attempts and the last status", err)
		}
		if s.count() != 3 || apiErr.RequestID() != "corr-3" || !apiErr.Retryable() {
			t.Errorf("%d requests, request id %q, retryable %v", s.count(), apiErr.RequestID(), apiErr.Retryable())
		}
	})
}

func TestRetryAfterThroughClient(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		header func() string
		min    time.Duration
	}{
		{"seconds", func() string { return "1" }, time.Second},
		{"HTTP-date", func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{statuses: []int{429, 200}, headers: []http.Header{{"Retry-After": {tt.header()}}}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			if _, err := fastClient(t, srv.URL).Shipments.Get(ctx, 7); err != nil {
				t.Fatal(err)
			}
			if gap := s.arrivals[1].Sub(s.arrivals[0]); gap < tt.min {
				t.Errorf("second attempt came %v after the first, want at least %v", gap, tt.min)
			}
		})
	}
	t.Run("3600 returns at once with a one-hour RetryAfter", func(t *testing.T) {
		s := &scripted{statuses: []int{429}, headers: []http.Header{{"Retry-After": {"3600"}}}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		start := time.Now()
		_, err := fastClient(t, srv.URL).Shipments.Get(ctx, 7)
		var e core.Error
		if !errors.As(err, &e) || e.RetryAfter() != time.Hour || !errors.Is(err, core.ErrRateLimited) {
			t.Fatalf("error = %v", err)
		}
		if took := time.Since(start); took > 5*time.Second || s.count() != 1 {
			t.Errorf("took %v and %d requests, want an immediate return", took, s.count())
		}
	})
}

func TestCoreWritesAreNotRetriedBlindly(t *testing.T) {
	ctx := context.Background()
	body := &core.UpdateShipment{Metadata: &map[string]any{"PO #": []string{"1"}}}
	t.Run("POST/PATCH answered 500 reaches the server once", func(t *testing.T) {
		s := &scripted{statuses: []int{500, 200}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		_, err := fastClient(t, srv.URL, core.WithRetry500()).Shipments.Update(ctx, 7, body)
		if !errors.As(err, new(*core.APIError)) || s.count() != 1 {
			t.Fatalf("Update = %v after %d requests, want one request and an *APIError", err, s.count())
		}
	})
	t.Run("a write whose first dial fails is retried", func(t *testing.T) {
		s := &scripted{statuses: []int{200}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		failing := &dialFailOnce{next: http.DefaultTransport}
		got, err := fastClient(t, srv.URL, core.WithHTTPClient(&http.Client{Transport: failing})).Shipments.Update(ctx, 7, body)
		if err != nil || got.ID != 7 {
			t.Fatalf("Update = %v, %v", got, err)
		}
		if s.count() != 1 || !strings.Contains(s.bodies[0], `"PO #"`) {
			t.Errorf("server saw %d requests, bodies %q", s.count(), s.bodies)
		}
	})
	t.Run("opting in retries a write after a 503", func(t *testing.T) {
		s := &scripted{statuses: []int{503, 200}}
		srv := httptest.NewServer(s)
		defer srv.Close()
		if _, err := fastClient(t, srv.URL).Shipments.Update(ctx, 7, body, core.WithUnsafeRetries()); err != nil || s.count() != 2 {
			t.Fatalf("Update = %v after %d requests", err, s.count())
		}
	})
}

// TestBrokenResponsesEndInTypedErrors covers a connection reset mid-body, a
// body that stalls past the caller's deadline and a 10 MB HTML 502: each
// ends in a typed error within the deadline, leaving no goroutine behind.
func TestBrokenResponsesEndInTypedErrors(t *testing.T) {
	html := "<html><body><h1>502 Bad Gateway</h1>" + strings.Repeat("<p>proxy</p>", 10<<20/12) + "</body></html>"
	tests := []struct {
		name    string
		handler http.HandlerFunc
		check   func(t *testing.T, err error)
	}{
		{"connection reset mid-body", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, _ := w.(http.Hijacker).Hijack()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n%s", shipmentOK[:40])
			buf.Flush()
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			conn.Close()
		}, func(t *testing.T, err error) {
			if !errors.As(err, new(*core.TransportError)) {
				t.Errorf("error %v (%T) is not a *core.TransportError", err, err)
			}
		}},
		{"body stalls past the deadline", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "10000")
			io.WriteString(w, shipmentOK[:40])
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, func(t *testing.T, err error) {
			if !errors.As(err, new(*core.TransportError)) || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v (%T) is not a deadline *core.TransportError", err, err)
			}
		}},
		{"10 MB HTML 502", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, html)
		}, func(t *testing.T, err error) {
			var apiErr *core.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode() != 502 {
				t.Fatalf("error %v is not a 502 *core.APIError", err)
			}
			if !strings.Contains(err.Error(), "502 Bad Gateway") || len(err.Error()) > 1000 {
				t.Errorf("error text is not a short useful summary: %.300q", err.Error())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			srv := httptest.NewServer(tt.handler)
			c := fastClient(t, srv.URL, core.WithMaxAttempts(1))
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			start := time.Now()
			_, err := c.Shipments.Get(ctx, 7)
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %v, past the 2 s deadline", took)
			}
			cancel()
			tt.check(t, err)
			srv.CloseClientConnections()
			srv.Close()
			c.CloseIdleConnections()
		})
	}
}

// TestNoSecretInErrorsOrLogs runs failing and succeeding calls with a logger
// and checks that the API key appears in no error and no log line.
func TestNoSecretInErrorsOrLogs(t *testing.T) {
	const key = "sk_live_SECRET_api_key_123"
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var sawKey atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawKey.Store(r.Header.Get("Authorization") == "Bearer "+key)
		switch r.URL.Path {
		case "/shipments/1":
			io.WriteString(w, shipmentOK)
		case "/shipments/2":
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":{"status":401,"code":"unauthorized","message":"bad token %s"}}`, key)
		default:
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer srv.Close()
	c2, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey(key), core.WithLogger(logger), core.WithBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, id := range []int{1, 2, 3} {
		if _, err := c2.Shipments.Get(context.Background(), id, core.WithQuery("token", key)); err != nil {
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	if _, err := core.NewClient(core.WithBaseURL("http://"+key+"@example.com"), core.WithAPIKey(key)); err != nil {
		texts = append(texts, err.Error())
	}
	if !sawKey.Load() {
		t.Fatal("the server never saw the key: the scan below would prove nothing")
	}
	sc := bufio.NewScanner(&logs)
	lines := 0
	for sc.Scan() {
		lines++
		texts = append(texts, sc.Text())
	}
	if lines == 0 || len(texts) < 4 {
		t.Fatalf("%d log lines and %d texts: nothing to scan", lines, len(texts))
	}
	for _, s := range texts {
		if strings.Contains(s, key) {
			t.Errorf("secret found in %q", s)
		}
	}
}
