package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// A TokenStore keeps one [Record] per credential, and a lock per credential,
// for every token source that uses it: in one process ([NewMemoryStore]), in
// the processes of one machine ([NewFileStore]) or on a fleet of hosts
// (redisstore.New, in package github.com/flexport-go/flexport/auth/redisstore,
// so that programs without Redis do not compile a Redis client). Keys are
// hex strings derived from a credential's client id, audience and token
// URL, never from its secret.
//
// A token source reads the record without the lock; if it holds no usable
// token, it takes the lock, reads it again, and only then may request a
// token and Save. Implementations must be safe for concurrent use.
type TokenStore interface {
	// Load returns the record for key, or a zero Record if there is none.
	// A stored token that is unreadable or untrusted (corrupt, or readable
	// by others) is logged and treated as absent, not reported as an
	// error: errors are for a store that cannot be reached. A budget that
	// is unreadable must fail safe: Load logs how to recover and returns a
	// NotBefore a day after the budget was last written, since the
	// requests it recorded are unknown.
	Load(ctx context.Context, key string) (Record, error)

	// Save replaces the record for key. Token sources call it only while
	// holding the lock for key. It must replace the record atomically, so
	// that a concurrent Load sees the old or the new record, never a mix.
	Save(ctx context.Context, key string, rec Record) error

	// Lock waits until it holds the exclusive lock for key, or until ctx is
	// done. The lock excludes every other holder of the same key in any
	// store sharing the same storage. The returned unlock function releases
	// it; calling it more than once has no further effect.
	Lock(ctx context.Context, key string) (unlock func(), err error)
}

// Record is what a [TokenStore] keeps for one credential: the cached token,
// and the token requests made, for the budget.
//
// Formatting a Record with fmt or log/slog never shows the token. Stores
// may serialize it with encoding/json (see [Record.MarshalJSON]), which
// does include the token.
type Record struct {
	Token     *oauth2.Token // the cached token, nil if none
	Obtained  time.Time     // when Token was requested
	Requests  []time.Time   // when token requests were made, within BudgetWindow
	NotBefore time.Time     // no token request before this time, after a failure
	LastError string        // a secret-free description of that failure
}

// String describes r without its token.
func (r Record) String() string {
	return fmt.Sprintf("auth.Record{Token: %s, Obtained: %s, Requests: %d, NotBefore: %s, LastError: %q}",
		describeToken(r.Token), formatTime(r.Obtained), len(r.Requests), formatTime(r.NotBefore), r.LastError)
}

// GoString describes r without its token.
func (r Record) GoString() string { return r.String() }

// Format implements fmt.Formatter: every verb prints String.
func (r Record) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r, r) }

// LogValue implements slog.LogValuer without the token.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("token", describeToken(r.Token)),
		slog.Time("obtained", r.Obtained),
		slog.Int("requests", len(r.Requests)),
		slog.Time("not_before", r.NotBefore),
		slog.String("last_error", r.LastError),
	)
}

// recordJSON is the JSON form of a Record: flat, with fields of the names
// of the OAuth token response, and empty ones left out.
type recordJSON struct {
	AccessToken string      `json:"access_token,omitempty"`
	TokenType   string      `json:"token_type,omitempty"`
	Expiry      time.Time   `json:"expiry,omitzero"`
	Obtained    time.Time   `json:"obtained,omitzero"`
	Requests    []time.Time `json:"requests,omitempty"`
	NotBefore   time.Time   `json:"not_before,omitzero"`
	LastError   string      `json:"last_error,omitempty"`
}

// MarshalJSON encodes r, token included, in the form every store of the
// SDK writes: a TokenStore of your own may use it too.
func (r Record) MarshalJSON() ([]byte, error) {
	j := recordJSON{Obtained: r.Obtained, Requests: r.Requests, NotBefore: r.NotBefore, LastError: r.LastError}
	if r.Token != nil {
		j.AccessToken, j.TokenType, j.Expiry = r.Token.AccessToken, r.Token.TokenType, r.Token.Expiry
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes what MarshalJSON encodes. A token without an access
// token or an expiry is not a usable token: it leaves Token nil.
func (r *Record) UnmarshalJSON(data []byte) error {
	var j recordJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*r = Record{Obtained: j.Obtained, Requests: j.Requests, NotBefore: j.NotBefore, LastError: j.LastError}
	if j.AccessToken != "" && !j.Expiry.IsZero() {
		r.Token = &oauth2.Token{AccessToken: j.AccessToken, TokenType: j.TokenType, Expiry: j.Expiry}
	}
	return nil
}

// clone returns a deep copy of r.
func (r Record) clone() Record {
	if r.Token != nil {
		r.Token = &oauth2.Token{AccessToken: r.Token.AccessToken, TokenType: r.Token.TokenType, Expiry: r.Token.Expiry}
	}
	r.Requests = slices.Clone(r.Requests)
	return r
}

func describeToken(t *oauth2.Token) string {
	if t == nil {
		return "none"
	}
	return fmt.Sprintf("%s expiring %s", redacted, formatTime(t.Expiry))
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// storeKey derives the store key of a credential from its client id,
// audience and token URL.
func storeKey(clientID, audience, tokenURL string) string {
	h := sha256.New()
	for _, s := range []string{clientID, audience, tokenURL} {
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// A StoreOption configures NewFileStore.
type StoreOption func(*storeOptions)

type storeOptions struct {
	logger *slog.Logger
}

// WithLogger sets the logger that receives the store's warnings, such as a
// corrupt record being ignored; the default is slog.Default().
func WithLogger(l *slog.Logger) StoreOption {
	return func(o *storeOptions) { o.logger = l }
}

func applyStoreOptions(opts []StoreOption) storeOptions {
	o := storeOptions{}
	for _, opt := range opts {
		opt(&o)
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	return o
}

// NewMemoryStore returns a TokenStore that keeps records in memory. It
// coordinates the token sources of one process that share it. A
// ClientCredentials without a Store uses one memory store shared by the
// whole process, so that it needs no NewMemoryStore of its own.
func NewMemoryStore() TokenStore {
	return &memoryStore{s: &memoryState{records: map[string]Record{}, locks: map[string]chan struct{}{}}}
}

// processStore is the store of every ClientCredentials without a Store, so
// that the credentials of one client id, audience and token URL share their
// token and their budget across the process however many ClientCredentials
// values name them. It is the one piece of package-level state of the SDK,
// which Flexport's budget of 10 token requests a day requires.
var processStore = NewMemoryStore()

// memoryStore keeps its state behind a pointer, so that formatting a value
// holding the store (with a verb that prints the fields a pointer leads
// to) reads none of it.
type memoryStore struct{ s *memoryState }

type memoryState struct {
	mu      sync.Mutex
	records map[string]Record
	locks   map[string]chan struct{} // a buffered channel of capacity 1 per key
}

func (m *memoryStore) Load(_ context.Context, key string) (Record, error) {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	return m.s.records[key].clone(), nil
}

func (m *memoryStore) Save(_ context.Context, key string, rec Record) error {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	m.s.records[key] = rec.clone()
	return nil
}

func (m *memoryStore) Lock(ctx context.Context, key string) (func(), error) {
	m.s.mu.Lock()
	ch, ok := m.s.locks[key]
	if !ok {
		ch = make(chan struct{}, 1)
		m.s.locks[key] = ch
	}
	m.s.mu.Unlock()
	select {
	case ch <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-ch }) }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (m *memoryStore) String() string                { return "auth.MemoryStore" }
func (m *memoryStore) GoString() string              { return m.String() }
func (m *memoryStore) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m, m) }
