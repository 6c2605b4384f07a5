package redisstore

import (
	"log/slog"
	"time"
)

// An Option configures [New], [NewDeduper] or [NewLimiter]; each says which
// it applies to, and the others ignore it.
type Option func(*options)

type options struct {
	keyPrefix  *string
	logger     *slog.Logger
	timeout    time.Duration
	lockTTL    time.Duration
	ttl        time.Duration
	claimTTL   time.Duration
	failClosed bool
}

// Defaults of the options.
const (
	DefaultTimeout  = 3 * time.Second  // WithTimeout
	DefaultLockTTL  = 45 * time.Second // WithLockTTL
	DefaultTTL      = 72 * time.Hour   // WithTTL
	DefaultClaimTTL = 5 * time.Minute  // WithClaimTTL
)

// WithKeyPrefix sets the prefix of the Redis keys. The defaults are
// "flexport:auth:" (New), "flexport:webhook:" (NewDeduper) and
// "flexport:rate:" (NewLimiter). Processes share tokens, events or limits
// only under the same prefix.
func WithKeyPrefix(prefix string) Option {
	return func(o *options) { o.keyPrefix = &prefix }
}

// WithLogger sets the logger of the token store's warnings, such as a
// corrupt record being ignored (New only); the default is slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// WithTimeout bounds each Redis command (all of them); a context deadline
// that is earlier wins. Zero or less keeps [DefaultTimeout].
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// WithLockTTL sets how long the token store's lock lives if its holder
// dies without releasing it (New only); it must be longer than a token
// request may take. Zero or less keeps [DefaultLockTTL].
func WithLockTTL(d time.Duration) Option {
	return func(o *options) { o.lockTTL = d }
}

// WithTTL sets how long the Deduper remembers a processed event (NewDeduper
// only): longer than Flexport keeps redelivering one (about a day for the
// Logistics API). Zero or less keeps [DefaultTTL], 72 hours.
func WithTTL(d time.Duration) Option {
	return func(o *options) { o.ttl = d }
}

// WithClaimTTL sets how long the Deduper's claim on an event lasts if the
// process holding it dies before marking or releasing it (NewDeduper only);
// it must be longer than the webhook function may run. Until it expires,
// redeliveries of the event are answered 503. Zero or less keeps
// [DefaultClaimTTL].
func WithClaimTTL(d time.Duration) Option {
	return func(o *options) { o.claimTTL = d }
}

// WithFailClosed makes the Deduper refuse events while Redis cannot be
// reached (NewDeduper only): Claim then returns an error wrapping the
// webhook packages' ErrRetryLater, the handler answers 503 and Flexport
// redelivers the event later. The default is to fail open: Claim returns
// the Redis error and the handler processes the event, risking a duplicate
// rather than a lost event (Flexport stops redelivering after a while).
func WithFailClosed() Option {
	return func(o *options) { o.failClosed = true }
}

func applyOptions(defaultPrefix string, opts []Option) options {
	o := options{}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.keyPrefix == nil {
		o.keyPrefix = &defaultPrefix
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	o.timeout = orDefault(o.timeout, DefaultTimeout)
	o.lockTTL = orDefault(o.lockTTL, DefaultLockTTL)
	o.ttl = orDefault(o.ttl, DefaultTTL)
	o.claimTTL = orDefault(o.claimTTL, DefaultClaimTTL)
	return o
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
