package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/flexport-go/flexport/internal/apierr"
)

// TestFailuresEndTypedWithinDeadline covers broken responses: each must end
// in a typed error before the caller's deadline (plus scheduling slack), and
// leave no goroutine behind.
func TestFailuresEndTypedWithinDeadline(t *testing.T) {
	bigHTML := "<html><head><title>502 Bad Gateway</title></head><body>" +
		strings.Repeat("<p>upstream unavailable</p>\n", 10<<20/28) + "</body></html>"

	tests := []struct {
		name     string
		handler  func(release <-chan struct{}) func(int, http.ResponseWriter, *http.Request)
		deadline time.Duration // of the caller's context
		timeout  time.Duration // Config.Timeout; 0: none, so that it cannot mask a leak
		// check inspects the error of Do or of reading the body.
		check func(t *testing.T, err error)
	}{
		{
			name: "connection reset mid-body",
			handler: func(<-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
				return func(n int, w http.ResponseWriter, r *http.Request) {
					conn, buf, _ := w.(http.Hijacker).Hijack()
					buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"data\":[")
					buf.Flush()
					conn.(*net.TCPConn).SetLinger(0)
					conn.Close()
				}
			},
			deadline: 10 * time.Second,
			check: func(t *testing.T, err error) {
				var te *apierr.TransportError
				if !errors.As(err, &te) || te.Op != "read body" || te.LastStatus != 200 || te.Attempts != 1 {
					t.Errorf("err = %#v, want a read body TransportError for the 200", err)
				}
			},
		},
		{
			name: "connection reset mid-body of a 502",
			handler: func(<-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
				return func(n int, w http.ResponseWriter, r *http.Request) {
					conn, buf, _ := w.(http.Hijacker).Hijack()
					buf.WriteString("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>")
					buf.Flush()
					conn.(*net.TCPConn).SetLinger(0)
					conn.Close()
				}
			},
			deadline: 10 * time.Second,
			check: func(t *testing.T, err error) {
				var te *apierr.TransportError
				if !errors.As(err, &te) || te.LastStatus != 502 || te.Attempts != 3 {
					t.Errorf("err = %#v, want a TransportError for the 502 after 3 attempts", err)
				}
			},
		},
		{
			name: "body stalls past the caller's deadline",
			handler: func(release <-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
				return func(n int, w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Length", "5000")
					io.WriteString(w, `{"data":[`)
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}
			},
			deadline: 300 * time.Millisecond,
			check: func(t *testing.T, err error) {
				var te *apierr.TransportError
				if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || !te.Timeout() || te.Op != "read body" {
					t.Errorf("err = %#v, want a read body TransportError wrapping DeadlineExceeded", err)
				}
			},
		},
		{
			name: "body stalls past Config.Timeout",
			handler: func(release <-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
				return func(n int, w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Length", "5000")
					io.WriteString(w, `{"data":[`)
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}
			},
			deadline: 10 * time.Second,
			timeout:  300 * time.Millisecond,
			check: func(t *testing.T, err error) {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("err = %#v, want DeadlineExceeded", err)
				}
			},
		},
		{
			name: "headers stall past the caller's deadline",
			handler: func(release <-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
				return func(n int, w http.ResponseWriter, r *http.Request) {
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}
			},
			deadline: 300 * time.Millisecond,
			check: func(t *testing.T, err error) {
				var te *apierr.TransportError
				if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || te.Attempts != 1 {
					t.Errorf("err = %#v, want a TransportError wrapping DeadlineExceeded after 1 attempt", err)
				}
			},
		},
		{
			name: "error body stalls past the caller's deadline",
			handler: func(release <-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
				return func(n int, w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Length", "5000")
					w.WriteHeader(http.StatusNotFound)
					io.WriteString(w, `{"error":`)
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
					case <-release:
					}
				}
			},
			deadline: 300 * time.Millisecond,
			check: func(t *testing.T, err error) {
				var te *apierr.TransportError
				if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || te.LastStatus != 404 {
					t.Errorf("err = %#v, want a TransportError for the 404 wrapping DeadlineExceeded", err)
				}
			},
		},
		{
			name: "10 MB HTML 502",
			handler: func(<-chan struct{}) func(int, http.ResponseWriter, *http.Request) {
				return func(n int, w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(http.StatusBadGateway)
					io.WriteString(w, bigHTML)
				}
			},
			deadline: 20 * time.Second,
			check: func(t *testing.T, err error) {
				var ce *apierr.CoreError
				if !errors.As(err, &ce) || ce.Status != 502 || ce.Attempts != 3 {
					t.Fatalf("err = %#v, want a CoreError 502 after 3 attempts", err)
				}
				want := "core: GET /shipments: 502 Bad Gateway: 502 Bad Gateway upstream unavailable upstream unavailable"
				if !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "(after 3 attempts, last status 502)") {
					t.Errorf("error text %q, want prefix %q", err, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			srv := newRecorder(t, tt.handler(release))
			// Everything running now (the server's accept loop included) may
			// stay; whatever the call starts must be gone at the end, before
			// the server closes its side of the connections.
			leaks := goleak.IgnoreCurrent()
			timeout := tt.timeout
			if timeout == 0 {
				timeout = -1
			}
			c, err := New(Config{API: apierr.Core, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, Timeout: timeout})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), tt.deadline)
			start := time.Now()
			_, _, err = do(ctx, c, "GET", srv.URL+"/shipments", "")
			elapsed := time.Since(start)
			close(release)
			c.CloseIdleConnections()
			// The context is still live (unless the test let it expire), so
			// a leaked connection would not be cleaned up by its cancellation.
			goleak.VerifyNone(t, leaks)
			cancel()
			if err == nil {
				t.Fatal("want an error")
			}
			tt.check(t, err)
			// Timers never fire early, but a loaded machine may run them
			// late: allow generous slack past the deadline.
			if limit := tt.deadline + 5*time.Second; elapsed > limit {
				t.Errorf("took %v, want under %v", elapsed, limit)
			}
		})
	}
}
