package webhookutil

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/testutil"
)

func TestMemoryClaims(t *testing.T) {
	ctx := context.Background()
	var m Memory[string]
	type want struct {
		claimed bool
		later   bool // an error wrapping ErrRetryLater
	}
	claim := func(id string) want {
		t.Helper()
		ok, err := m.Claim(ctx, id)
		if err != nil && !errors.Is(err, ErrRetryLater) {
			t.Fatalf("Claim(%q): %v", id, err)
		}
		return want{ok, err != nil}
	}
	steps := []struct {
		name string
		do   func() want
		want want
	}{
		{"first claim", func() want { return claim("a") }, want{claimed: true}},
		{"claimed again", func() want { return claim("a") }, want{later: true}},
		{"another id", func() want { return claim("b") }, want{claimed: true}},
		{"released", func() want { m.Release(ctx, "a"); return claim("a") }, want{claimed: true}},
		{"marked", func() want { m.Mark(ctx, "a"); return claim("a") }, want{}},
		{"marked without a claim", func() want { m.Mark(ctx, "c"); return claim("c") }, want{}},
		{"release of an unclaimed id", func() want { m.Release(ctx, "d"); return claim("d") }, want{claimed: true}},
	}
	for _, s := range steps {
		if got := s.do(); got != s.want {
			t.Errorf("%s: got %+v, want %+v", s.name, got, s.want)
		}
	}
}

// scriptedDeduper answers Claim with claim and records the calls.
type scriptedDeduper struct {
	claimed bool
	err     error
	failOut error // Mark's and Release's error

	mu    sync.Mutex
	calls []string
}

func (d *scriptedDeduper) record(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, s)
}
func (d *scriptedDeduper) Claim(_ context.Context, id int64) (bool, error) {
	d.record(fmt.Sprint("claim ", id))
	return d.claimed, d.err
}
func (d *scriptedDeduper) Mark(ctx context.Context, id int64) error {
	d.record(fmt.Sprint("mark ", id, " ", ctx.Err()))
	return d.failOut
}
func (d *scriptedDeduper) Release(ctx context.Context, id int64) error {
	d.record(fmt.Sprint("release ", id, " ", ctx.Err()))
	return d.failOut
}

func deliver(t *testing.T, h *Handler[int64], ctx context.Context, id int64, fn func(context.Context) error) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.Deliver(ctx, rec, []byte("{}"), id, "test", fn)
	return rec
}

func TestDeliverFilter(t *testing.T) {
	ok := func(context.Context) error { return nil }
	failing := func(context.Context) error { return errors.New("fn failed") }
	tests := []struct {
		name       string
		dedup      *scriptedDeduper
		id         int64
		fn         func(context.Context) error
		cancel     bool // the request's context is done when fn returns
		wantStatus int
		wantCalls  []string
		wantLog    string
	}{
		{name: "claimed, fn succeeds", dedup: &scriptedDeduper{claimed: true}, id: 1, fn: ok,
			wantStatus: 200, wantCalls: []string{"claim 1", "mark 1 <nil>"}},
		{name: "claimed, fn fails", dedup: &scriptedDeduper{claimed: true}, id: 1, fn: failing,
			wantStatus: 500, wantCalls: []string{"claim 1", "release 1 <nil>"}},
		{name: "processed already", dedup: &scriptedDeduper{}, id: 1, fn: ok,
			wantStatus: 200, wantCalls: []string{"claim 1"}, wantLog: "duplicate event skipped"},
		{name: "claimed elsewhere", dedup: &scriptedDeduper{err: fmt.Errorf("%w: busy", ErrRetryLater)}, id: 1, fn: ok,
			wantStatus: 503, wantCalls: []string{"claim 1"}, wantLog: "deferred by the duplicate filter"},
		{name: "filter down: fail open, still marked", dedup: &scriptedDeduper{err: errors.New("store down")}, id: 1, fn: ok,
			wantStatus: 200, wantCalls: []string{"claim 1", "mark 1 <nil>"}, wantLog: "processing anyway"},
		{name: "filter down, fn fails: nothing to release", dedup: &scriptedDeduper{err: errors.New("store down")}, id: 1, fn: failing,
			wantStatus: 500, wantCalls: []string{"claim 1"}, wantLog: "processing anyway"},
		{name: "mark fails", dedup: &scriptedDeduper{claimed: true, failOut: errors.New("store down")}, id: 1, fn: ok,
			wantStatus: 200, wantCalls: []string{"claim 1", "mark 1 <nil>"}, wantLog: "failed to record event"},
		{name: "release fails", dedup: &scriptedDeduper{claimed: true, failOut: errors.New("store down")}, id: 1, fn: failing,
			wantStatus: 500, wantCalls: []string{"claim 1", "release 1 <nil>"}, wantLog: "failed to release event"},
		{name: "no id: unfiltered", dedup: &scriptedDeduper{}, id: 0, fn: ok, wantStatus: 200},
		{name: "request gone: still marked", dedup: &scriptedDeduper{claimed: true}, id: 1, fn: ok, cancel: true,
			wantStatus: 200, wantCalls: []string{"claim 1", "mark 1 <nil>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &testutil.SyncBuffer{}
			h := NewHandler("test webhook", Options[int64]{Dedup: tt.dedup,
				Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			fn := tt.fn
			if tt.cancel {
				fn = func(ctx context.Context) error { cancel(); return tt.fn(ctx) }
			}
			rec := deliver(t, &h, ctx, tt.id, fn)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantCalls, tt.dedup.calls); diff != "" {
				t.Errorf("Deduper calls (-want +got):\n%s", diff)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("log %q lacks %q", logs, tt.wantLog)
			}
		})
	}
}

// A panic of fn is recovered and answered 500 (see guard.go); the claim
// must be released so that the redelivery runs fn again.
func TestDeliverReleasesAfterPanic(t *testing.T) {
	var m Memory[int64]
	h := NewHandler("test webhook", Options[int64]{Dedup: &m, Logger: slog.New(slog.DiscardHandler)})
	rec := deliver(t, &h, context.Background(), 7, func(context.Context) error { panic("boom") })
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status after a panic = %d, want 500", rec.Code)
	}
	if ok, err := m.Claim(context.Background(), 7); !ok || err != nil {
		t.Errorf("Claim after the panic = %t, %v; want the claim released", ok, err)
	}
}

func TestDeliverConcurrentDuplicatesRunOnce(t *testing.T) {
	var m Memory[int64]
	h := NewHandler("test webhook", Options[int64]{Dedup: &m})
	var calls atomic.Int32
	release := make(chan struct{})
	fn := func(context.Context) error {
		calls.Add(1)
		<-release
		return nil
	}
	const n = 8
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { codes <- deliver(t, &h, context.Background(), 9, fn).Code })
	}
	// n-1 deliveries find the claim taken and answer at once.
	got := map[int]int{}
	for range n - 1 {
		got[<-codes]++
	}
	close(release)
	wg.Wait()
	got[<-codes]++
	if diff := cmp.Diff(map[int]int{200: 1, 503: n - 1}, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if calls.Load() != 1 {
		t.Errorf("fn ran %d times, want 1", calls.Load())
	}
	if code := deliver(t, &h, context.Background(), 9, fn).Code; code != 200 || calls.Load() != 1 {
		t.Errorf("redelivery: status %d, calls %d; want 200 and still 1", code, calls.Load())
	}
}
