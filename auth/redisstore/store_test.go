package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/auth/redisstore"
	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/internal/testutil/redistest"
	"github.com/flexport-go/flexport/internal/testutil/storetest"
)

// TestStoreAcrossProcesses: 3 processes × 50 goroutines sharing a store
// made with redisstore.New make one token request.
func TestStoreAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: starts redis-server and child processes")
	}
	storetest.AcrossProcesses(t, 3, "TestHelperProcess", helperEnv+"=token", helperRedis+"="+redistest.Start(t))
}

func TestStoreRoundTrip(t *testing.T) {
	client := redistest.Client(t, redistest.Start(t))
	store, err := redisstore.New(client, redisstore.WithKeyPrefix("test:"))
	if err != nil {
		t.Fatal(err)
	}
	storetest.RoundTrip(t, store)

	ttl, err := client.TTL(context.Background(), "test:key").Result()
	if err != nil {
		t.Fatal(err)
	}
	if ttl < 24*time.Hour || ttl > 26*time.Hour {
		t.Errorf("record TTL = %s, want about 25h", ttl)
	}
}

func TestStoreLock(t *testing.T) {
	client := redistest.Client(t, redistest.Start(t))
	store, err := redisstore.New(client, redisstore.WithLockTTL(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	storetest.Lock(t, store)
	ctx := context.Background()

	unlock, err := store.Lock(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}

	// The lock of a holder that died expires; a second holder takes it, and
	// the first holder's late unlock does not release the second's lock.
	unlock2, err := store.Lock(ctx, "k") // waits for the 1 s TTL
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	val, err := client.Get(ctx, "flexport:auth:k:lock").Result()
	if err != nil || val == "" {
		t.Fatalf("second holder's lock is gone after the first holder's unlock: %q, %v", val, err)
	}
	unlock2()
	unlock2()
	if n, err := client.Exists(ctx, "flexport:auth:k:lock").Result(); err != nil || n != 0 {
		t.Errorf("lock still held after unlock: %d, %v", n, err)
	}
}

func TestStoreCorruptRecord(t *testing.T) {
	client := redistest.Client(t, redistest.Start(t))
	srv := storetest.NewTokenServer(t, 0)
	var logs testutil.SyncBuffer
	store, err := redisstore.New(client, redisstore.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storetest.Credentials(srv.URL, store).TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
	keys, err := client.Keys(context.Background(), "flexport:auth:*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys = %q, %v; want one record", keys, err)
	}
	if err := client.Set(context.Background(), keys[0], "{garbage", 0).Err(); err != nil {
		t.Fatal(err)
	}

	tok, err := storetest.Credentials(srv.URL, store).TokenSource().Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "token-2" {
		t.Errorf("token = %q, want token-2", tok.AccessToken)
	}
	if !strings.Contains(logs.String(), "corrupt token record") {
		t.Errorf("log %q has no warning", logs.String())
	}
}

// TestStoreRedisDown: a Redis that refuses connections, or accepts them and
// never answers, makes the store fail with an error, without a token
// request, and never blocks past the context.
func TestStoreRedisDown(t *testing.T) {
	tests := []struct {
		name    string
		addr    string
		opts    []redisstore.Option
		ctxWait time.Duration // the deadline of Load's and Lock's context
		within  time.Duration // each call returns within this
	}{
		{name: "refused", addr: redistest.Refused(t), ctxWait: time.Minute, within: 2 * time.Second},
		{name: "silent, store timeout", addr: redistest.Silent(t), opts: []redisstore.Option{redisstore.WithTimeout(200 * time.Millisecond)},
			ctxWait: time.Minute, within: 2 * time.Second},
		{name: "silent, context deadline", addr: redistest.Silent(t), ctxWait: 300 * time.Millisecond, within: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store, err := redisstore.New(downClient(t, tt.addr), tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			calls := map[string]func(context.Context) error{
				"Load": func(ctx context.Context) error { _, err := store.Load(ctx, "k"); return err },
				"Save": func(ctx context.Context) error { return store.Save(ctx, "k", auth.Record{}) },
				"Lock": func(ctx context.Context) error { _, err := store.Lock(ctx, "k"); return err },
			}
			for name, call := range calls {
				ctx, cancel := context.WithTimeout(context.Background(), tt.ctxWait)
				start := time.Now()
				err := call(ctx)
				cancel()
				if took := time.Since(start); took > tt.within {
					t.Errorf("%s took %v, want at most %v", name, took, tt.within)
				}
				if err == nil || !strings.HasPrefix(err.Error(), "redisstore: ") {
					t.Errorf("%s: error = %v, want a redisstore error", name, err)
				}
			}
			if tt.name != "refused" {
				return
			}
			// Through a token source: an error naming the store, and no
			// token request without the store.
			srv := storetest.NewTokenServer(t, 0)
			creds := storetest.Credentials(srv.URL, store)
			creds.Timeout = 5 * time.Second
			if _, err := creds.TokenSource().Token(); err == nil || !strings.Contains(err.Error(), "token store") {
				t.Errorf("Token: error = %v, want a token store error", err)
			}
			if got := srv.Requests(); got != 0 {
				t.Errorf("token requests without a store = %d, want 0", got)
			}
		})
	}
}

func TestNewNilClient(t *testing.T) {
	if _, err := redisstore.New(nil); !errors.Is(err, auth.ErrInvalidConfig) {
		t.Errorf("New(nil): error = %v, want ErrInvalidConfig", err)
	}
	if _, err := redisstore.NewDeduper[int64](nil); err == nil {
		t.Error("NewDeduper(nil): no error")
	}
	if _, err := redisstore.NewLimiter(nil, "x", redisstore.Limit{Rate: 1, Period: time.Second}); err == nil {
		t.Error("NewLimiter(nil, ...): no error")
	}
}

// TestNoSecretInOutput formats every type of the package, made with a
// client whose options hold a password, with every verb.
func TestNoSecretInOutput(t *testing.T) {
	const password = "redis-SECRET-PASSWORD"
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", Password: password})
	defer client.Close()
	store, err := redisstore.New(client)
	if err != nil {
		t.Fatal(err)
	}
	dedup, err := redisstore.NewDeduper[string](client)
	if err != nil {
		t.Fatal(err)
	}
	lim, err := redisstore.NewLimiter(client, "carbon", redisstore.Limit{Rate: 1000, Period: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	var logs testutil.SyncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	for name, v := range map[string]any{"store": store, "deduper": dedup, "limiter": lim} {
		logger.Info("value", "v", v)
		for _, verb := range testutil.FormatVerbs {
			if out := fmt.Sprintf(verb, v); testutil.ShowsSecret(out, password) {
				t.Errorf("%s %s prints the password: %s", name, verb, out)
			}
		}
		if out := fmt.Sprint(v); !strings.HasPrefix(out, "redisstore.") {
			t.Errorf("%s prints %q, want a description", name, out)
		}
	}
	if testutil.ShowsSecret(logs.String(), password) {
		t.Errorf("logs hold the password: %s", logs.String())
	}
}
