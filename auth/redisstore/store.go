package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/flexport-go/flexport/auth"
)

// New returns an auth.TokenStore that keeps records in Redis, for a fleet
// of hosts sharing a credential: one host requests a token while the others
// wait for it and read it. Set it as the Store of auth.ClientCredentials on
// every host.
//
// Each credential has a record key (its token and budget, in the JSON of
// [auth.Record.MarshalJSON]) and a lock key, under the prefix set by
// [WithKeyPrefix] ("flexport:auth:"). The lock is a SET NX PX with a random
// value, released only by its holder, expiring after [WithLockTTL] if the
// holder dies; waiting for it is bounded by the caller's context. A record that is not valid JSON is
// ignored with a warning to the logger of [WithLogger]. A Redis that cannot
// be reached makes Load, Save and Lock return an error, which the token
// source reports (it never requests a token without its store).
//
// Tokens are stored unencrypted: use a Redis that only the services sharing
// the credential can reach. The store does not close client; it is safe for
// concurrent use.
func New(client redis.UniversalClient, opts ...Option) (*Store, error) {
	if client == nil {
		return nil, fmt.Errorf("%w: redisstore.New: nil Redis client", auth.ErrInvalidConfig)
	}
	o := applyOptions("flexport:auth:", opts)
	return &Store{client: client, prefix: *o.keyPrefix, lockTTL: o.lockTTL, timeout: o.timeout, logger: o.logger}, nil
}

// Store is the auth.TokenStore of [New].
type Store struct {
	client  redis.UniversalClient
	prefix  string
	lockTTL time.Duration
	timeout time.Duration
	logger  *slog.Logger
}

var _ auth.TokenStore = (*Store)(nil)

// Load returns the record for key, or a zero Record if there is none or
// the stored one is corrupt.
func (s *Store) Load(ctx context.Context, key string) (auth.Record, error) {
	data, err := do(ctx, s.timeout, func(ctx context.Context) ([]byte, error) {
		return s.client.Get(ctx, s.prefix+key).Bytes()
	})
	if errors.Is(err, redis.Nil) {
		return auth.Record{}, nil
	}
	if err != nil {
		return auth.Record{}, fmt.Errorf("redisstore: reading the token record from Redis: %w", err)
	}
	var rec auth.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		s.logger.Warn("flexport redisstore: ignoring a corrupt token record in Redis", "key", s.prefix+key, "reason", "not valid JSON")
		return auth.Record{}, nil
	}
	return rec, nil
}

// Save replaces the record for key. The record expires a day and an hour
// after its last write, or an hour after its token expires if that is
// later.
func (s *Store) Save(ctx context.Context, key string, rec auth.Record) error {
	ttl := recordTTL
	if rec.Token != nil && !rec.Obtained.IsZero() {
		ttl = max(ttl, rec.Token.Expiry.Sub(rec.Obtained)+time.Hour)
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if _, err := do(ctx, s.timeout, func(ctx context.Context) (string, error) {
		return s.client.Set(ctx, s.prefix+key, data, ttl).Result()
	}); err != nil {
		return fmt.Errorf("redisstore: writing the token record to Redis: %w", err)
	}
	return nil
}

// Lock waits until it holds the lock for key, or until ctx is done.
func (s *Store) Lock(ctx context.Context, key string) (func(), error) {
	lockKey := s.prefix + key + ":lock"
	value := rand.Text()

	// Poll with jittered backoff; the holder's token request takes about
	// a second at most.
	for delay := 5 * time.Millisecond; ; delay = min(2*delay, 200*time.Millisecond) {
		ok, err := do(ctx, s.timeout, func(ctx context.Context) (bool, error) {
			return s.client.SetNX(ctx, lockKey, value, s.lockTTL).Result()
		})
		if err != nil {
			return nil, fmt.Errorf("redisstore: taking the token lock in Redis: %w", err)
		}
		if ok {
			var once sync.Once
			return func() { once.Do(func() { s.unlock(ctx, lockKey, value) }) }, nil
		}
		t := time.NewTimer(delay/2 + mrand.N(delay))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("redisstore: waiting for the token lock in Redis: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// unlock releases the lock if this holder still has it. It runs even if
// ctx is done.
func (s *Store) unlock(ctx context.Context, lockKey, value string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, err := do(ctx, s.timeout, func(ctx context.Context) (any, error) {
		return deleteIfScript.Run(ctx, s.client, []string{lockKey}, value).Result()
	})
	if err != nil {
		s.logger.Warn("flexport redisstore: cannot release the token lock in Redis; it will expire",
			"key", lockKey, "ttl", s.lockTTL, "error", err)
	}
}

// String describes the store by its key prefix.
func (s *Store) String() string { return fmt.Sprintf("redisstore.Store(%q)", s.prefix) }

// GoString is String, so that %#v does not print the client's options,
// which may hold the Redis password.
func (s *Store) GoString() string { return s.String() }

// Format prints String for every verb.
func (s *Store) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue logs String.
func (s *Store) LogValue() slog.Value { return slog.StringValue(s.String()) }

// recordTTL is how long a record outlives its last write unless its token
// lives longer: past it, neither the token nor the budget would matter.
const recordTTL = auth.BudgetWindow + time.Hour

// deleteIfScript deletes KEYS[1] only if it holds ARGV[1].
var deleteIfScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)
