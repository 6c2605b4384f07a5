package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/google/go-cmp/cmp"
)

func TestRedisStoreAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: starts redis-server and child processes")
	}
	addr := startRedis(t)
	srv := newTokenServer(t, slowToken)

	tokens := runHelpers(t, 3, "redis", srv.URL, addr)

	if got := srv.requests.Load(); got != 1 {
		t.Errorf("token requests from 3 processes × 50 goroutines = %d, want 1", got)
	}
	if diff := cmp.Diff(map[string]int{"token-1": 3 * helperGoroutine}, tokens); diff != "" {
		t.Errorf("tokens received (-want +got):\n%s", diff)
	}
}

func TestRedisStoreRoundTrip(t *testing.T) {
	client := newRedisClient(t, startRedis(t))
	store, err := auth.NewRedisStore(client, auth.WithKeyPrefix("test:"))
	if err != nil {
		t.Fatal(err)
	}
	testStoreRoundTrip(t, store)

	ttl, err := client.TTL(context.Background(), "test:key").Result()
	if err != nil {
		t.Fatal(err)
	}
	if ttl < 24*time.Hour || ttl > 26*time.Hour {
		t.Errorf("record TTL = %s, want about 25h", ttl)
	}
}

func TestRedisStoreLock(t *testing.T) {
	client := newRedisClient(t, startRedis(t))
	store, err := auth.NewRedisStore(client, auth.WithLockTTL(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	unlock, err := store.Lock(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := store.Lock(short, "k"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Lock: error = %v, want DeadlineExceeded", err)
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

func TestRedisStoreCorruptRecord(t *testing.T) {
	addr := startRedis(t)
	client := newRedisClient(t, addr)
	srv := newTokenServer(t, nil)
	logger, logs := newLogger()
	store, err := auth.NewRedisStore(client, auth.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := credentials(srv, nil, store).TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
	keys, err := client.Keys(context.Background(), "flexport:auth:*").Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys = %q, %v; want one record", keys, err)
	}
	if err := client.Set(context.Background(), keys[0], "{garbage", 0).Err(); err != nil {
		t.Fatal(err)
	}

	tok, err := credentials(srv, nil, store).TokenSource().Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "token-2" {
		t.Errorf("token = %q, want token-2", tok.AccessToken)
	}
	if !strings.Contains(logs.String(), "corrupt token record") {
		t.Errorf("log %q has no warning", logs)
	}
}

func TestRedisStoreUnreachable(t *testing.T) {
	srv := newTokenServer(t, nil)
	// Nothing listens on port 1.
	client := newRedisClientOpts(t, "127.0.0.1:1")
	store, err := auth.NewRedisStore(client)
	if err != nil {
		t.Fatal(err)
	}
	creds := credentials(srv, nil, store)
	creds.Timeout = 5 * time.Second
	if _, err := creds.TokenSource().Token(); err == nil || !strings.Contains(err.Error(), "token store") {
		t.Errorf("error = %v, want a token store error", err)
	}
	if got := srv.requests.Load(); got != 0 {
		t.Errorf("token requests without a store = %d, want 0", got)
	}
}
