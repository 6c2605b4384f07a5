package auth

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/oauth2"
)

// NewRedisStore returns a TokenStore that keeps records in Redis, for a
// fleet of hosts sharing a credential: one host requests a token while the
// others wait for it and read it.
//
// Each credential has a record key (its token and budget, as JSON) and a
// lock key, under the prefix set by [WithKeyPrefix]. The lock is a
// SET NX PX with a random value, released only by its holder, expiring
// after [WithLockTTL] if the holder dies; waiting for it is bounded by the
// caller's context. A record that is not valid JSON is ignored with a
// logged warning.
//
// Tokens are stored unencrypted: use a Redis that only the services sharing
// the credential can reach. The store does not close client.
func NewRedisStore(client redis.UniversalClient, opts ...StoreOption) (TokenStore, error) {
	if client == nil {
		return nil, fmt.Errorf("%w: nil Redis client", ErrInvalidConfig)
	}
	o := applyStoreOptions(opts)
	return &redisStore{client: client, prefix: o.keyPrefix, lockTTL: o.lockTTL, logger: o.logger}, nil
}

type redisStore struct {
	client  redis.UniversalClient
	prefix  string
	lockTTL time.Duration
	logger  *slog.Logger
}

// redisRecord is the JSON form of a Record in Redis.
type redisRecord struct {
	AccessToken string      `json:"access_token,omitempty"`
	TokenType   string      `json:"token_type,omitempty"`
	Expiry      time.Time   `json:"expiry,omitzero"`
	Obtained    time.Time   `json:"obtained,omitzero"`
	Requests    []time.Time `json:"requests"`
	NotBefore   time.Time   `json:"not_before,omitzero"`
	LastError   string      `json:"last_error,omitempty"`
}

// recordTTL is how long a record outlives its last write unless its token
// lives longer: past it, neither the token nor the budget would matter.
const recordTTL = BudgetWindow + time.Hour

// unlockScript deletes the lock only if it still holds this holder's value.
var unlockScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

func (s *redisStore) Load(ctx context.Context, key string) (Record, error) {
	data, err := s.client.Get(ctx, s.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return Record{}, nil
	}
	if err != nil {
		return Record{}, fmt.Errorf("auth: reading the token record from Redis: %w", err)
	}
	var r redisRecord
	if err := json.Unmarshal(data, &r); err != nil {
		s.logger.Warn("flexport auth: ignoring a corrupt token record in Redis", "key", s.prefix+key, "reason", "not valid JSON")
		return Record{}, nil
	}
	rec := Record{Obtained: r.Obtained, Requests: r.Requests, NotBefore: r.NotBefore, LastError: r.LastError}
	if r.AccessToken != "" && !r.Expiry.IsZero() {
		rec.Token = &oauth2.Token{AccessToken: r.AccessToken, TokenType: r.TokenType, Expiry: r.Expiry}
	}
	return rec, nil
}

func (s *redisStore) Save(ctx context.Context, key string, rec Record) error {
	r := redisRecord{Obtained: rec.Obtained, Requests: rec.Requests, NotBefore: rec.NotBefore, LastError: rec.LastError}
	ttl := recordTTL
	if rec.Token != nil {
		r.AccessToken, r.TokenType, r.Expiry = rec.Token.AccessToken, rec.Token.TokenType, rec.Token.Expiry
		if !rec.Obtained.IsZero() {
			ttl = max(ttl, rec.Token.Expiry.Sub(rec.Obtained)+time.Hour)
		}
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := s.client.Set(ctx, s.prefix+key, data, ttl).Err(); err != nil {
		return fmt.Errorf("auth: writing the token record to Redis: %w", err)
	}
	return nil
}

func (s *redisStore) Lock(ctx context.Context, key string) (func(), error) {
	lockKey := s.prefix + key + ":lock"
	value := rand.Text()

	// Poll with jittered backoff; the holder's token request takes about
	// a second at most.
	for delay := 5 * time.Millisecond; ; delay = min(2*delay, 200*time.Millisecond) {
		ok, err := s.client.SetNX(ctx, lockKey, value, s.lockTTL).Result()
		if err != nil {
			return nil, fmt.Errorf("auth: taking the token lock in Redis: %w", err)
		}
		if ok {
			var once sync.Once
			return func() { once.Do(func() { s.unlock(ctx, lockKey, value) }) }, nil
		}
		t := time.NewTimer(delay/2 + mrand.N(delay))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("auth: waiting for the token lock in Redis: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// unlock releases the lock if this holder still has it. It runs even if
// ctx is done.
func (s *redisStore) unlock(ctx context.Context, lockKey, value string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := unlockScript.Run(ctx, s.client, []string{lockKey}, value).Err(); err != nil {
		s.logger.Warn("flexport auth: cannot release the token lock in Redis; it will expire",
			"key", lockKey, "ttl", s.lockTTL, "error", err)
	}
}

func (s *redisStore) String() string                { return fmt.Sprintf("auth.RedisStore(%q)", s.prefix) }
func (s *redisStore) GoString() string              { return s.String() }
func (s *redisStore) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s, s) }
