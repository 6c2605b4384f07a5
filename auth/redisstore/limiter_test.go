package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/flexport-go/flexport/auth/redisstore"
	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/internal/testutil/redistest"
	"github.com/flexport-go/flexport/logistics"
)

// Interface checks: the Limiter serves both clients.
var (
	_ core.Limiter      = (*redisstore.Limiter)(nil)
	_ logistics.Limiter = (*redisstore.Limiter)(nil)
)

// The cross-process limit: at most limitRate requests a second in bursts of
// limitBurst, for limitRun. Requests are allowed 500 ms apart, so that
// scheduling delays on a busy machine between the limiter and the server
// (which measures) cannot squeeze one more into a second.
const (
	limitRate  = 2
	limitBurst = 2
	limitRun   = 3 * time.Second
)

// arrivals is an API that records when each request arrives.
type arrivals struct {
	*httptest.Server
	mu sync.Mutex
	at []time.Time
}

func newArrivals(t *testing.T) *arrivals {
	a := &arrivals{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.at = append(a.at, time.Now())
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"_object":"/api/response","data":{"_object":"/shipment","id":7}}`)
	}))
	t.Cleanup(a.Close)
	return a
}

// maxInWindow returns the most requests that arrived within any interval
// [t, t+window).
func (a *arrivals) maxInWindow(window time.Duration) int {
	a.mu.Lock()
	at := slices.Clone(a.at)
	a.mu.Unlock()
	slices.SortFunc(at, func(x, y time.Time) int { return x.Compare(y) })
	most := 0
	for i, start := range at {
		n := 0
		for _, t := range at[i:] {
			if t.Sub(start) >= window {
				break
			}
			n++
		}
		most = max(most, n)
	}
	return most
}

// TestLimiterAcrossProcesses: 3 processes, 4 goroutines each, calling as
// fast as they can through one limit of 2 a second with bursts of 2, send
// at most 4 requests in any second, measured where they arrive.
func TestLimiterAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: starts redis-server and child processes")
	}
	addr := redistest.Start(t)
	api := newArrivals(t)
	out := testutil.RunChildren(t, 3, "TestHelperProcess", helperEnv+"=limit", helperRedis+"="+addr, helperURL+"="+api.URL,
		helperArg+"="+limitRun.String())

	sent := testutil.CountLines(out, "")["sent"]
	got := api.maxInWindow(time.Second)
	t.Logf("%d requests from 3 processes in %v; at most %d in any second", sent, limitRun, got)
	if got > limitRate+limitBurst {
		t.Errorf("%d requests arrived within one second, want at most %d (rate) + %d (burst)", got, limitRate, limitBurst)
	}
	// The limit lets requests through: about rate × seconds + burst (the
	// processes start within a few hundred milliseconds of each other).
	if want := limitRate*int(limitRun/time.Second) - limitRate; sent < want {
		t.Errorf("%d requests sent in %v, want at least %d", sent, limitRun, want)
	}
	if len(api.at) != sent {
		t.Errorf("the API saw %d requests, the processes sent %d", len(api.at), sent)
	}
}

// helperLimit calls Shipments.Get from 4 goroutines through a client
// limited by the shared Limiter for the duration in helperArg from its
// release, and returns a "sent" line per successful call.
func helperLimit(t *testing.T, client *redis.Client) []string {
	lim, err := redisstore.NewLimiter(client, "test:shipments", redisstore.Limit{Rate: limitRate, Period: time.Second, Burst: limitBurst})
	if err != nil {
		t.Fatal(err)
	}
	c, err := core.NewClient(core.WithAPIKey("k"), core.WithBaseURL(os.Getenv(helperURL)), core.WithRateLimiter(lim))
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	run, err := time.ParseDuration(os.Getenv(helperArg))
	if err != nil {
		t.Fatal(err)
	}
	if err := testutil.ChildReady(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	var mu sync.Mutex
	var lines []string
	testutil.InParallel(4, func(int) string {
		for {
			_, err := c.Shipments.Get(ctx, 7)
			if err != nil {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Error(err)
				}
				return ""
			}
			mu.Lock()
			lines = append(lines, "sent")
			mu.Unlock()
		}
	})
	return lines
}

func TestLimiterBurstAndDeadline(t *testing.T) {
	client := redistest.Client(t, redistest.Start(t))
	lim, err := redisstore.NewLimiter(client, "hourly", redisstore.Limit{Rate: 1, Period: time.Hour, Burst: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := range 3 {
		if err := lim.Wait(ctx); err != nil {
			t.Fatalf("Wait %d within the burst: %v", i+1, err)
		}
	}
	// The next slot is about 20 minutes away: beyond the deadline, so Wait
	// says so at once instead of waiting.
	start := time.Now()
	err = lim.Wait(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "after the context's deadline") {
		t.Errorf("Wait past the burst: error = %v, want DeadlineExceeded at once", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Wait took %v before failing", took)
	}

	// Without a deadline, Wait waits for the next slot, until canceled.
	cctx, ccancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, ccancel)
	if err := lim.Wait(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait canceled: error = %v, want Canceled", err)
	}

	// Another name is another limit.
	other, err := redisstore.NewLimiter(client, "other", redisstore.Limit{Rate: 1, Period: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Wait(ctx); err != nil {
		t.Errorf("Wait on another name: %v", err)
	}
}

func TestLimiterRedisDown(t *testing.T) {
	tests := []struct {
		name    string
		addr    string
		opts    []redisstore.Option
		ctxWait time.Duration
	}{
		{"refused", redistest.Refused(t), nil, time.Minute},
		{"silent, limiter timeout", redistest.Silent(t), []redisstore.Option{redisstore.WithTimeout(200 * time.Millisecond)}, time.Minute},
		{"silent, context deadline", redistest.Silent(t), nil, 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lim, err := redisstore.NewLimiter(downClient(t, tt.addr), "down", redisstore.Limit{Rate: 10, Period: time.Second}, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), tt.ctxWait)
			defer cancel()
			start := time.Now()
			err = lim.Wait(ctx)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("Wait took %v", took)
			}
			if err == nil || !strings.HasPrefix(err.Error(), `redisstore: rate limit "flexport:rate:down": `) {
				t.Errorf("Wait: error = %v, want a redisstore rate limit error", err)
			}
		})
	}
}

func TestNewLimiterValidation(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer client.Close()
	for _, tt := range []struct {
		name  string
		limit redisstore.Limit
		want  string
	}{
		{"", redisstore.Limit{Rate: 1, Period: time.Second}, "redisstore.NewLimiter: empty name"},
		{"x", redisstore.Limit{Period: time.Second}, "redisstore.NewLimiter: need Rate >= 1, Period > 0 and Burst >= 0, got 0, 1s and 0"},
		{"x", redisstore.Limit{Rate: 1}, "redisstore.NewLimiter: need Rate >= 1, Period > 0 and Burst >= 0, got 1, 0s and 0"},
		{"x", redisstore.Limit{Rate: 1, Period: time.Second, Burst: -1}, "redisstore.NewLimiter: need Rate >= 1, Period > 0 and Burst >= 0, got 1, 1s and -1"},
	} {
		if _, err := redisstore.NewLimiter(client, tt.name, tt.limit); err == nil || err.Error() != tt.want {
			t.Errorf("NewLimiter(%q, %+v): error = %v, want %q", tt.name, tt.limit, err, tt.want)
		}
	}
	lim, err := redisstore.NewLimiter(client, "x", redisstore.Limit{Rate: 2, Period: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(lim), `redisstore.Limiter("flexport:rate:x", 2 per 1m0s, burst 1)`; got != want {
		t.Errorf("Limiter = %s, want %s (a zero Burst means 1)", got, want)
	}
}
