package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
)

// TestHardening13RetryAfterZeroKeepsMinimumBackoff answers 429 with
// Retry-After 0 or a date in the past: the retries still wait at least a
// quarter of the base delay each, never firing back to back.
func TestHardening13RetryAfterZeroKeepsMinimumBackoff(t *testing.T) {
	for _, header := range []string{"0", "Sat, 01 Mar 2025 11:00:00 GMT"} {
		t.Run(header, func(t *testing.T) {
			srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n < 4 {
					w.Header().Set("Retry-After", header)
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				w.WriteHeader(http.StatusOK)
			})
			const base = 40 * time.Millisecond
			c := newClient(t, Config{MaxAttempts: 4, BaseDelay: base, MaxDelay: time.Second})
			if status, _, err := do(context.Background(), c, "GET", srv.URL, ""); err != nil || status != 200 {
				t.Fatalf("got %d, %v; want 200 after retries", status, err)
			}
			reqs := srv.requests()
			if len(reqs) != 4 {
				t.Fatalf("server saw %d requests, want 4", len(reqs))
			}
			for i := 1; i < len(reqs); i++ {
				if gap := reqs[i].At.Sub(reqs[i-1].At); gap < base/4 {
					t.Errorf("attempt %d came %v after attempt %d; want at least %v", i+1, gap, i, base/4)
				}
			}
		})
	}
}

// trackedBody is a request body that records when it is closed; its
// GetBody notes whether the body of the attempt before was closed first.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error { b.closed.Store(true); return nil }

// lateCloser is a Base that answers 503 without reading the body and closes
// it only later, as http.Transport may ("RoundTrip must always close the
// body ... may do so in a separate goroutine even after RoundTrip returns").
type lateCloser struct{ wg sync.WaitGroup }

func (l *lateCloser) RoundTrip(r *http.Request) (*http.Response, error) {
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		time.Sleep(50 * time.Millisecond)
		r.Body.Close()
	}()
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{},
		Body: io.NopCloser(strings.NewReader("")), Request: r}, nil
}

// TestHardening01RewindClosesThePreviousBody checks the transport's half of
// the replay rule: before it asks GetBody for another copy of a body, the
// body it gave the attempt before is closed, whatever the Base does.
func TestHardening01RewindClosesThePreviousBody(t *testing.T) {
	base := &lateCloser{}
	defer base.wg.Wait()
	c := newClient(t, Config{API: apierr.Core, MaxAttempts: 3, Base: base})
	var mu sync.Mutex
	var bodies []*trackedBody
	var openAtRewind []int
	newBody := func() *trackedBody {
		mu.Lock()
		defer mu.Unlock()
		for i, b := range bodies {
			if !b.closed.Load() {
				openAtRewind = append(openAtRewind, i+1)
			}
		}
		b := &trackedBody{Reader: strings.NewReader("payload")}
		bodies = append(bodies, b)
		return b
	}
	req, _ := http.NewRequest(http.MethodPut, "http://api.test/shipments/1", nil)
	req.Body = newBody()
	req.GetBody = func() (io.ReadCloser, error) { return newBody(), nil }
	_, err := c.Do(req)
	if err == nil {
		t.Fatal("want the 503")
	}
	if len(bodies) != 3 {
		t.Fatalf("%d bodies, want 3 (one per attempt)", len(bodies))
	}
	if len(openAtRewind) > 0 {
		t.Errorf("GetBody was called while the bodies of attempts %v were still open", openAtRewind)
	}
}

// hangingSource is a token source whose Token blocks until release closes.
type hangingSource struct{ release chan struct{} }

func (s hangingSource) Token() (*oauth2.Token, error) {
	<-s.release
	return &oauth2.Token{AccessToken: testToken}, nil
}

// TestHardening05TokenWaitEndsWithContext asks a token source that hangs
// and has no TokenContext: the call still ends with its context.
func TestHardening05TokenWaitEndsWithContext(t *testing.T) {
	srv := newRecorder(t, statuses(200))
	src := hangingSource{release: make(chan struct{})}
	var once sync.Once
	release := func() { once.Do(func() { close(src.release) }) }
	defer release()
	time.AfterFunc(2*time.Second, release) // ends the wait if Do does not
	c := newClient(t, Config{API: apierr.Core, TokenSource: src})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := do(ctx, c, "GET", srv.URL, "")
	if took := time.Since(start); took > time.Second || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Do = %v after %v; want context.DeadlineExceeded after about 100ms", err, took)
	}
	if srv.hits() != 0 {
		t.Errorf("server saw %d requests, want 0", srv.hits())
	}
}
