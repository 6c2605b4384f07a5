package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core"
)

// optionServer answers /shipments/{id} with the statuses of its script, in
// order (the last repeating), after delay, and records the Flexport-Version
// of each request.
type optionServer struct {
	script []int
	delay  time.Duration

	mu       sync.Mutex
	versions []string
}

func (s *optionServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.versions)
	s.versions = append(s.versions, r.Header.Get("Flexport-Version"))
	s.mu.Unlock()
	select {
	case <-time.After(s.delay):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("X-Correlation-Id", "corr-"+strconv.Itoa(n+1))
	if status := s.script[min(n, len(s.script)-1)]; status != http.StatusOK {
		w.WriteHeader(status)
		io.WriteString(w, `{"error":{"status":`+strconv.Itoa(status)+`,"code":"e","message":"failed"}}`)
		return
	}
	io.WriteString(w, `{"data":{"_object":"/shipment","id":7}}`)
}

func (s *optionServer) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.versions...)
}

func optionClient(t *testing.T, s *optionServer, opts ...core.Option) *core.Client {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c, err := core.NewClient(append([]core.Option{core.WithBaseURL(srv.URL), core.WithAPIKey("test-key"),
		core.WithBackoff(time.Millisecond, 2*time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCallInfo checks what WithCallInfo reports of a call: its attempts,
// last status and request id, successful or not.
func TestCallInfo(t *testing.T) {
	tests := []struct {
		name    string
		script  []int
		opts    []core.Option
		want    core.CallInfo
		wantErr bool
	}{
		{name: "at once", script: []int{200}, want: core.CallInfo{Attempts: 1, StatusCode: 200, RequestID: "corr-1"}},
		{name: "after a retry", script: []int{503, 200}, want: core.CallInfo{Attempts: 2, StatusCode: 200, RequestID: "corr-2"}},
		{name: "failed", script: []int{404}, want: core.CallInfo{Attempts: 1, StatusCode: 404, RequestID: "corr-1"}, wantErr: true},
		{name: "attempts of the call", script: []int{503}, opts: []core.Option{core.WithMaxAttempts(2)},
			want: core.CallInfo{Attempts: 2, StatusCode: 503, RequestID: "corr-2"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := optionClient(t, &optionServer{script: tt.script})
			info := core.CallInfo{Attempts: -1}
			_, err := c.Shipments.Get(context.Background(), 7, append(tt.opts, core.WithCallInfo(&info))...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want an error: %t", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, info); diff != "" {
				t.Errorf("CallInfo (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOptionsAtBothLevels checks that the options of both levels change the
// client's calls when given to NewClient and one call when given to it.
func TestOptionsAtBothLevels(t *testing.T) {
	ctx := context.Background()
	t.Run("WithMaxAttempts", func(t *testing.T) {
		s := &optionServer{script: []int{503}}
		c := optionClient(t, s, core.WithMaxAttempts(4))
		c.Shipments.Get(ctx, 7)
		c.Shipments.Get(ctx, 7, core.WithMaxAttempts(1))
		if n := len(s.seen()); n != 4+1 {
			t.Errorf("%d requests, want 4 (the client's attempts) + 1 (the call's)", n)
		}
	})
	t.Run("WithVersion", func(t *testing.T) {
		s := &optionServer{script: []int{200}}
		c := optionClient(t, s, core.WithVersion("3"))
		c.Shipments.Get(ctx, 7)
		c.Shipments.Get(ctx, 7, core.WithVersion("2024-01-31"))
		if diff := cmp.Diff([]string{"3", "2024-01-31"}, s.seen()); diff != "" {
			t.Errorf("Flexport-Version (-want +got):\n%s", diff)
		}
	})
	t.Run("WithTimeout", func(t *testing.T) {
		c := optionClient(t, &optionServer{script: []int{200}, delay: 300 * time.Millisecond}, core.WithMaxAttempts(1))
		start := time.Now()
		_, err := c.Shipments.Get(ctx, 7, core.WithTimeout(20*time.Millisecond))
		var te *core.TransportError
		if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 250*time.Millisecond {
			t.Errorf("err = %v after %v; want a deadline TransportError after about 20 ms", err, time.Since(start))
		}
		if _, err := c.Shipments.Get(ctx, 7); err != nil {
			t.Errorf("the call's timeout outlived it: %v", err)
		}
		c = optionClient(t, &optionServer{script: []int{200}, delay: 100 * time.Millisecond}, core.WithTimeout(20*time.Millisecond))
		if _, err := c.Shipments.Get(ctx, 7, core.WithTimeout(time.Second)); err != nil {
			t.Errorf("a call's longer timeout does not replace the client's: %v", err)
		}
	})
}

// TestOptionLevels checks that an option is refused, by name, at the level
// it does not apply at.
func TestOptionLevels(t *testing.T) {
	for i, o := range []core.Option{core.WithExpand("legs"), core.WithCallInfo(new(core.CallInfo)), core.WithQuery("a", "b"),
		core.WithMetadataFilter("k", "v"), core.WithUnsafeRetries()} {
		if _, err := core.NewClient(core.WithAPIKey("k"), o); err == nil {
			t.Errorf("NewClient accepted a call option (%d)", i)
		}
	}
	_, err := core.NewClient(core.WithAPIKey("k"), core.WithExpand("legs"))
	if want := "core: WithExpand configures one call: give it to a method, not to NewClient"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	s := &optionServer{script: []int{200}}
	c := optionClient(t, s)
	for _, o := range []core.Option{core.WithAPIKey("k"), core.WithHTTPClient(http.DefaultClient), core.WithRateLimit(1, 1),
		core.WithRetryBudget(1), core.WithLogger(nil), core.WithMiddleware(nil), core.WithUserAgent("u")} {
		var ve *core.ValidationError
		if _, err := c.Shipments.Get(context.Background(), 7, o); !errors.As(err, &ve) {
			t.Errorf("a call accepted a client option: %v", err)
		}
	}
	if n := len(s.seen()); n != 0 {
		t.Errorf("%d requests sent by calls given client options", n)
	}
}
