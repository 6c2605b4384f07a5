package transport

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/apierr"
)

// namedLimiter records its Waits in a shared log and fails from its
// failAt-th Wait on (never when failAt is zero).
type namedLimiter struct {
	name   string
	log    *waitLog
	failAt int
	waits  int
}

type waitLog struct {
	mu    sync.Mutex
	names []string
}

func (l *namedLimiter) Wait(ctx context.Context) error {
	l.log.mu.Lock()
	defer l.log.mu.Unlock()
	l.waits++
	l.log.names = append(l.log.names, l.name)
	if l.failAt > 0 && l.waits >= l.failAt {
		return errors.New(l.name + " refused")
	}
	return nil
}

func TestCallRateLimiters(t *testing.T) {
	tests := []struct {
		name       string
		client     bool     // the client has a limiter
		call       []string // limiters added to the call's context
		failCallAt int      // the last call limiter fails from this Wait on
		codes      []int
		wantWaits  []string
		wantErr    string
		wantHits   int
	}{
		{
			name: "client then call limiters before each attempt", client: true, call: []string{"call1", "call2"},
			codes:     []int{503, 200},
			wantWaits: []string{"client", "call1", "call2", "client", "call1", "call2"},
			wantHits:  2,
		},
		{
			name: "call limiter without a client limiter", call: []string{"call1"},
			codes: []int{200}, wantWaits: []string{"call1"}, wantHits: 1,
		},
		{
			name: "a refusing call limiter ends the call", client: true, call: []string{"call1"}, failCallAt: 2,
			codes:     []int{503, 200},
			wantWaits: []string{"client", "call1", "client", "call1"},
			wantErr:   "call1 refused", wantHits: 1,
		},
		{
			name: "a nil limiter is ignored", client: true, call: []string{""},
			codes: []int{200}, wantWaits: []string{"client"}, wantHits: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, statuses(tt.codes...))
			log := &waitLog{}
			cfg := Config{API: apierr.Logistics}
			if tt.client {
				cfg.RateLimiter = &namedLimiter{name: "client", log: log}
			}
			c := newClient(t, cfg)
			ctx := context.Background()
			for i, name := range tt.call {
				if name == "" {
					ctx = WithRateLimiter(ctx, nil)
					continue
				}
				l := &namedLimiter{name: name, log: log}
				if i == len(tt.call)-1 {
					l.failAt = tt.failCallAt
				}
				ctx = WithRateLimiter(ctx, l)
			}
			_, _, err := do(ctx, c, "GET", srv.URL, "")
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != "":
				var te *apierr.TransportError
				if !errors.As(err, &te) || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "rate limiter") {
					t.Fatalf("err = %v, want a rate limiter TransportError with %q", err, tt.wantErr)
				}
			}
			if diff := cmp.Diff(tt.wantWaits, log.names); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if srv.hits() != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", srv.hits(), tt.wantHits)
			}
		})
	}
}

func TestWithRateLimiterDoesNotShareState(t *testing.T) {
	log := &waitLog{}
	base := WithRateLimiter(context.Background(), &namedLimiter{name: "a", log: log})
	b := WithRateLimiter(base, &namedLimiter{name: "b", log: log})
	c := WithRateLimiter(base, &namedLimiter{name: "c", log: log})
	names := func(ctx context.Context) []string {
		var out []string
		for _, l := range limitersFrom(ctx) {
			out = append(out, l.(*namedLimiter).name)
		}
		return out
	}
	for _, tt := range []struct {
		ctx  context.Context
		want []string
	}{{base, []string{"a"}}, {b, []string{"a", "b"}}, {c, []string{"a", "c"}}} {
		if diff := cmp.Diff(tt.want, names(tt.ctx)); diff != "" {
			t.Errorf("limiters (-want +got):\n%s", diff)
		}
	}
}
