package redisstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/flexport-go/flexport/internal/webhookutil"
)

// EventID is the type of a webhook event's ID: int64 for package
// core/webhook, string for package logistics/webhook.
type EventID interface{ ~int64 | ~string }

// NewDeduper returns a webhook duplicate filter that every process using
// the same Redis (and key prefix) shares, for WithDuplicateFilter of
// package core/webhook (NewDeduper[int64]) or logistics/webhook
// (NewDeduper[string]): an event delivered to several replicas at once, or
// again later, runs the handler's function once.
//
// Claim is a SET NX of the event's key ([WithKeyPrefix],
// "flexport:webhook:", then the ID) with a claim that expires after
// [WithClaimTTL] (5 minutes) in case its process dies; Mark replaces the
// claim with a "done" mark kept for [WithTTL] (72 hours); Release deletes
// the claim, only if it is still this Deduper's. A redelivery that finds a
// claim is answered 503 by the handler, one that finds a mark 200.
//
// When Redis cannot be reached, or does not answer within [WithTimeout],
// the Deduper fails open by default: Claim returns the error, and the
// handler logs it and processes the event, risking a duplicate rather than
// losing the event. With [WithFailClosed], Claim returns an error wrapping
// ErrRetryLater instead: the handler answers 503 and Flexport redelivers
// the event later, risking its loss if Redis stays down longer than
// Flexport keeps retrying.
//
// Use different key prefixes for core and logistics handlers sharing a
// Redis if their IDs could collide. The Deduper does not close client; it
// is safe for concurrent use.
func NewDeduper[K EventID](client redis.UniversalClient, opts ...Option) (*Deduper[K], error) {
	if client == nil {
		return nil, errors.New("redisstore.NewDeduper: nil Redis client")
	}
	o := applyOptions("flexport:webhook:", opts)
	return &Deduper[K]{client: client, prefix: *o.keyPrefix, ttl: o.ttl, claimTTL: o.claimTTL,
		timeout: o.timeout, failClosed: o.failClosed, claims: map[K]string{}}, nil
}

// Deduper is the duplicate filter of [NewDeduper]. It implements the
// Deduper interfaces of packages core/webhook (K int64) and
// logistics/webhook (K string).
type Deduper[K EventID] struct {
	client     redis.UniversalClient
	prefix     string
	ttl        time.Duration
	claimTTL   time.Duration
	timeout    time.Duration
	failClosed bool

	mu     sync.Mutex
	claims map[K]string // this Deduper's claims not yet marked or released: the value of each
}

// doneValue marks a processed event; claims are "claim:" and a random text.
const doneValue = "done"

// Claim claims id for this delivery: true if this call took the claim,
// false if id was processed, an error wrapping ErrRetryLater if another
// delivery holds the claim, and an error if Redis failed (wrapping
// ErrRetryLater too under WithFailClosed).
func (d *Deduper[K]) Claim(ctx context.Context, id K) (bool, error) {
	key := d.key(id)
	value := "claim:" + rand.Text()
	// A claim released between SET NX and GET is tried again, a few times.
	for range 3 {
		ok, err := do(ctx, d.timeout, func(ctx context.Context) (bool, error) {
			return d.client.SetNX(ctx, key, value, d.claimTTL).Result()
		})
		if err != nil {
			return false, d.failure("claiming", id, err)
		}
		if ok {
			d.mu.Lock()
			d.claims[id] = value
			d.mu.Unlock()
			return true, nil
		}
		held, err := do(ctx, d.timeout, func(ctx context.Context) (string, error) {
			return d.client.Get(ctx, key).Result()
		})
		switch {
		case errors.Is(err, redis.Nil):
			continue
		case err != nil:
			return false, d.failure("claiming", id, err)
		case held == doneValue:
			return false, nil
		}
		return false, fmt.Errorf("redisstore: webhook event %v: %w: another delivery is processing it", id, webhookutil.ErrRetryLater)
	}
	return false, fmt.Errorf("redisstore: webhook event %v: %w: its claim keeps changing", id, webhookutil.ErrRetryLater)
}

// Mark records that id was processed, for the TTL of WithTTL.
func (d *Deduper[K]) Mark(ctx context.Context, id K) error {
	d.forget(id)
	if _, err := do(ctx, d.timeout, func(ctx context.Context) (string, error) {
		return d.client.Set(ctx, d.key(id), doneValue, d.ttl).Result()
	}); err != nil {
		return fmt.Errorf("redisstore: marking webhook event %v processed: %w", id, err)
	}
	return nil
}

// Release deletes this Deduper's claim on id, if it still holds it.
func (d *Deduper[K]) Release(ctx context.Context, id K) error {
	value, ok := d.forget(id)
	if !ok {
		return nil
	}
	if _, err := do(ctx, d.timeout, func(ctx context.Context) (any, error) {
		return deleteIfScript.Run(ctx, d.client, []string{d.key(id)}, value).Result()
	}); err != nil {
		return fmt.Errorf("redisstore: releasing webhook event %v (its claim expires in %v): %w", id, d.claimTTL, err)
	}
	return nil
}

// forget removes and returns this Deduper's claim value for id.
func (d *Deduper[K]) forget(id K) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, ok := d.claims[id]
	delete(d.claims, id)
	return v, ok
}

// failure is Claim's error when Redis failed.
func (d *Deduper[K]) failure(op string, id K, err error) error {
	if d.failClosed {
		return fmt.Errorf("redisstore: %s webhook event %v: %w (failing closed): %w", op, id, webhookutil.ErrRetryLater, err)
	}
	return fmt.Errorf("redisstore: %s webhook event %v: %w", op, id, err)
}

// maxIDKey is the longest ID used in a key as is; longer ones are hashed.
const maxIDKey = 128

// key returns the Redis key of id.
func (d *Deduper[K]) key(id K) string {
	var s string
	switch v := any(id).(type) {
	case int64:
		s = strconv.FormatInt(v, 10)
	case string:
		s = v
	default:
		s = fmt.Sprint(id)
	}
	if len(s) > maxIDKey {
		sum := sha256.Sum256([]byte(s))
		s = "sha256:" + hex.EncodeToString(sum[:])
	}
	return d.prefix + s
}

// String describes the Deduper by its key prefix.
func (d *Deduper[K]) String() string { return fmt.Sprintf("redisstore.Deduper(%q)", d.prefix) }

// GoString is String, so that %#v does not print the client's options,
// which may hold the Redis password.
func (d *Deduper[K]) GoString() string { return d.String() }

// Format prints String for every verb.
func (d *Deduper[K]) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, d.String()) }

// LogValue logs String.
func (d *Deduper[K]) LogValue() slog.Value { return slog.StringValue(d.String()) }
