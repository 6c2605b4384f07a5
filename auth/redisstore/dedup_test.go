package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/flexport-go/flexport/auth/redisstore"
	corewebhook "github.com/flexport-go/flexport/core/webhook"
	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/internal/testutil/deduptest"
	"github.com/flexport-go/flexport/internal/testutil/redistest"
	lgwebhook "github.com/flexport-go/flexport/logistics/webhook"
)

// Interface checks: one Deduper type serves both webhook packages.
var (
	_ corewebhook.Deduper = (*redisstore.Deduper[int64])(nil)
	_ lgwebhook.Deduper   = (*redisstore.Deduper[string])(nil)
)

const (
	webhookSecret  = "whsec-test"
	logisticsToken = "lt-webhook-token"
	coreEvent      = `{"_object":"/event","id":42,"type":"/shipment_leg#departed","data":{}}`
	logisticsEvent = `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-42","logisticsEventType":"Order.Shipped","logisticsEventTime":"2024-05-01T10:10:00Z"}`
)

func TestDeduperContract(t *testing.T) {
	client := redistest.Client(t, redistest.Start(t))
	coreD, err := redisstore.NewDeduper[int64](client, redisstore.WithKeyPrefix("core:"))
	if err != nil {
		t.Fatal(err)
	}
	deduptest.Run[int64](t, coreD, 1, 2, 3)
	lgD, err := redisstore.NewDeduper[string](client, redisstore.WithKeyPrefix("logistics:"))
	if err != nil {
		t.Fatal(err)
	}
	deduptest.Run[string](t, lgD, "a", "b", strings.Repeat("long-id-", 40))
}

func TestDeduperKeysAndTTLs(t *testing.T) {
	client := redistest.Client(t, redistest.Start(t))
	ctx := context.Background()
	ttl := func(key string) time.Duration {
		t.Helper()
		d, err := client.PTTL(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	within := func(what string, got, want time.Duration) {
		t.Helper()
		if got > want || got < want-5*time.Second {
			t.Errorf("%s: TTL %v, want about %v", what, got, want)
		}
	}

	d, err := redisstore.NewDeduper[int64](client, redisstore.WithClaimTTL(time.Minute), redisstore.WithTTL(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := d.Claim(ctx, 42); !ok || err != nil {
		t.Fatalf("Claim = %t, %v", ok, err)
	}
	within("claim", ttl("flexport:webhook:42"), time.Minute)
	if err := d.Mark(ctx, 42); err != nil {
		t.Fatal(err)
	}
	within("mark", ttl("flexport:webhook:42"), 2*time.Hour)

	def, err := redisstore.NewDeduper[string](client, redisstore.WithKeyPrefix("lg:"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := def.Claim(ctx, "evt-1"); !ok || err != nil {
		t.Fatalf("Claim = %t, %v", ok, err)
	}
	within("default claim", ttl("lg:evt-1"), redisstore.DefaultClaimTTL)
	if err := def.Mark(ctx, "evt-1"); err != nil {
		t.Fatal(err)
	}
	within("default mark", ttl("lg:evt-1"), 72*time.Hour)
}

// TestDeduperClaimExpires: the claim of a process that died expires, and
// the late Release of its holder leaves the next holder's claim alone.
func TestDeduperClaimExpires(t *testing.T) {
	client := redistest.Client(t, redistest.Start(t))
	ctx := context.Background()
	newD := func() *redisstore.Deduper[int64] {
		d, err := redisstore.NewDeduper[int64](client, redisstore.WithClaimTTL(300*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	dead, next, third := newD(), newD(), newD()
	if ok, err := dead.Claim(ctx, 7); !ok || err != nil {
		t.Fatalf("Claim = %t, %v", ok, err)
	}
	if _, err := next.Claim(ctx, 7); !errors.Is(err, corewebhook.ErrRetryLater) {
		t.Fatalf("Claim of a claimed event: error = %v, want ErrRetryLater", err)
	}
	time.Sleep(400 * time.Millisecond)
	if ok, err := next.Claim(ctx, 7); !ok || err != nil {
		t.Fatalf("Claim after the claim expired = %t, %v; want true", ok, err)
	}
	if err := dead.Release(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if _, err := third.Claim(ctx, 7); !errors.Is(err, corewebhook.ErrRetryLater) {
		t.Errorf("a stale Release dropped the current claim: Claim error = %v, want ErrRetryLater", err)
	}
}

// TestDeduperAcrossProcesses delivers the same signed Core event and the
// same Logistics event at once to handlers in 3 processes sharing a Redis:
// each function runs exactly once, and a later redelivery is answered 200
// without running it.
func TestDeduperAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: starts redis-server and child processes")
	}
	addr := redistest.Start(t)
	out := testutil.RunChildren(t, 3, "TestHelperProcess", helperEnv+"=webhook", helperRedis+"="+addr)

	ran := testutil.CountLines(out, "ran ")
	if diff := cmp.Diff(map[string]int{"core": 1, "logistics": 1}, ran); diff != "" {
		t.Errorf("functions run (-want +got):\n%s", diff)
	}
	statuses := testutil.CountLines(out, "status ")
	for _, api := range []string{"core", "logistics"} {
		ok, later := statuses[api+" 200"], statuses[api+" 503"]
		if ok < 1 || ok+later != 3 {
			t.Errorf("%s: %d answered 200 and %d 503 of 3 deliveries; want at least one 200, the others 503", api, ok, later)
		}
	}

	// A redelivery, here, after all of that: 200, and no run.
	client := redistest.Client(t, addr)
	coreH, lgH, runs := webhookHandlers(t, client)
	for name, h := range map[string]http.Handler{"core": coreH, "logistics": lgH} {
		if code := deliverEvent(t, name, h); code != http.StatusOK {
			t.Errorf("%s redelivery: status %d, want 200", name, code)
		}
	}
	if len(runs) != 0 {
		t.Errorf("redeliveries ran %q", <-runs)
	}
}

// webhookHandlers returns a Core and a Logistics webhook handler filtering
// duplicates through client; each function takes 300 ms, so that
// concurrent deliveries overlap, and reports its API on runs.
func webhookHandlers(t *testing.T, client redis.UniversalClient, opts ...redisstore.Option) (coreH, lgH http.Handler, runs chan string) {
	runs = make(chan string, 10)
	coreD, err := redisstore.NewDeduper[int64](client, append([]redisstore.Option{redisstore.WithKeyPrefix("test:core:")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	lgD, err := redisstore.NewDeduper[string](client, append([]redisstore.Option{redisstore.WithKeyPrefix("test:logistics:")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	coreH = corewebhook.NewHandler(webhookSecret, func(context.Context, *corewebhook.Event) error {
		time.Sleep(300 * time.Millisecond)
		runs <- "core"
		return nil
	}, corewebhook.WithDuplicateFilter(coreD))
	lgH = lgwebhook.NewHandler(lgwebhook.TokenAuth("X-Webhook-Token", logisticsToken), func(context.Context, *lgwebhook.Event) error {
		time.Sleep(300 * time.Millisecond)
		runs <- "logistics"
		return nil
	}, lgwebhook.WithDuplicateFilter(lgD))
	return coreH, lgH, runs
}

// deliverEvent sends the test event of api ("core" or "logistics"),
// authenticated, to h and returns the status.
func deliverEvent(t *testing.T, api string, h http.Handler) int {
	var req *http.Request
	var err error
	if api == "core" {
		req, err = corewebhook.NewSignedRequest(context.Background(), "https://example.com/flexport", webhookSecret, []byte(coreEvent))
	} else {
		auth := lgwebhook.TokenAuth("X-Webhook-Token", logisticsToken)
		req, err = lgwebhook.NewRequest(context.Background(), "https://example.com/logistics", auth, []byte(logisticsEvent))
	}
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// helperWebhooks delivers both test events to this process's handlers at
// once, and returns "status <api> <code>" and "ran <api>" lines.
func helperWebhooks(t *testing.T, client *redis.Client) []string {
	coreH, lgH, runs := webhookHandlers(t, client)
	if err := testutil.ChildReady(); err != nil {
		t.Fatal(err)
	}
	lines := testutil.InParallel(2, func(i int) string {
		if i == 0 {
			return fmt.Sprint("status core ", deliverEvent(t, "core", coreH))
		}
		return fmt.Sprint("status logistics ", deliverEvent(t, "logistics", lgH))
	})
	close(runs)
	for api := range runs {
		lines = append(lines, "ran "+api)
	}
	return lines
}

// TestDeduperRedisDown: with Redis down, the handler fails open by default
// (runs the function, 200) and answers 503 without running it under
// WithFailClosed, in either case within the Deduper's timeout, even when
// Redis accepts connections and never answers.
func TestDeduperRedisDown(t *testing.T) {
	tests := []struct {
		name       string
		addr       string
		opts       []redisstore.Option
		wantStatus int
		wantRuns   int
	}{
		{"refused, fail open", redistest.Refused(t), nil, 200, 1},
		{"refused, fail closed", redistest.Refused(t), []redisstore.Option{redisstore.WithFailClosed()}, 503, 0},
		{"silent, fail open", redistest.Silent(t), []redisstore.Option{redisstore.WithTimeout(200 * time.Millisecond)}, 200, 1},
		{"silent, fail closed", redistest.Silent(t), []redisstore.Option{redisstore.WithTimeout(200 * time.Millisecond), redisstore.WithFailClosed()}, 503, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			coreH, lgH, runs := webhookHandlers(t, downClient(t, tt.addr), tt.opts...)
			for name, h := range map[string]http.Handler{"core": coreH, "logistics": lgH} {
				start := time.Now()
				code := deliverEvent(t, name, h)
				// Claim, the function (300 ms) and Mark each take at most
				// the timeout.
				if took := time.Since(start); took > 3*time.Second {
					t.Errorf("%s: the delivery took %v", name, took)
				}
				if code != tt.wantStatus || len(runs) != tt.wantRuns {
					t.Errorf("%s: status %d, runs %d; want %d, %d", name, code, len(runs), tt.wantStatus, tt.wantRuns)
				}
				for len(runs) > 0 {
					<-runs
				}
			}
		})
	}
}
