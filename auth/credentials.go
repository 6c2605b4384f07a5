package auth

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// Defaults of [ClientCredentials].
const (
	DefaultTokenURL      = "https://api.flexport.com/oauth/token"
	DefaultAudience      = "https://api.flexport.com"
	DefaultBudget        = 10              // token requests per BudgetWindow
	BudgetWindow         = 24 * time.Hour  // the rolling window of the budget
	DefaultRefreshSkew   = 5 * time.Minute // refresh this long before expiry
	DefaultRetryBackoff  = time.Minute     // no new request this long after a failure
	DefaultTimeout       = time.Minute     // bound on one refresh, lock waits included
	DefaultTokenLifetime = 24 * time.Hour  // lifetime of a token whose response says none
)

// requestTimeout bounds one HTTP token request.
const requestTimeout = 30 * time.Second

// ClientCredentials obtains Flexport Core API tokens with the OAuth 2.0
// client-credentials grant and caches them; see [ClientCredentials.TokenSource].
//
// Only ClientID and ClientSecret are required. The fields are read by the
// first call of TokenSource; changing them afterwards has no effect.
//
// Formatting a ClientCredentials with fmt or log/slog, or marshalling it to
// JSON, shows the client id, token URL and audience, never the secret.
//
// The first call of TokenSource (which core.WithClientCredentials makes)
// also takes the secret out of c: ClientSecret reads "" from then on, and c
// keeps the secret behind an unexported pointer, which fmt prints as an
// address. So a value holding c, even in an unexported field where fmt
// cannot call c's redacting Format method, shows no secret with any verb.
type ClientCredentials struct {
	ClientID     string
	ClientSecret string

	// TokenURL is the token endpoint; default DefaultTokenURL. It must be
	// https, except on a loopback address.
	TokenURL string

	// Audience is the requested audience; default DefaultAudience.
	Audience string

	// Store shares tokens and the request budget with other processes: see
	// NewFileStore and redisstore.New. Nil means an in-memory store shared by
	// the whole process: every ClientCredentials with the same ClientID,
	// Audience and TokenURL and no Store shares one token and one budget.
	Store TokenStore

	// HTTPClient makes the token requests. Nil means a client that times
	// out after 30 seconds. Whatever its CheckRedirect says, token requests
	// never follow a redirect: it would send the secret to another URL.
	HTTPClient *http.Client

	// RefreshSkew is how long before its expiry a token is refreshed;
	// zero means DefaultRefreshSkew, negative means at expiry. It is capped
	// at half the token's lifetime.
	RefreshSkew time.Duration

	// Budget is the number of token requests allowed per rolling
	// BudgetWindow; zero or negative means DefaultBudget.
	Budget int

	// RetryBackoff is how long no token request is made after a failed one
	// (or after Retry-After, when longer); zero or negative means
	// DefaultRetryBackoff.
	RetryBackoff time.Duration

	// Timeout bounds one refresh, including waiting for another process's
	// request; zero or negative means DefaultTimeout.
	Timeout time.Duration

	// Logger receives warnings, such as a failed refresh while the current
	// token is still valid. Nil means slog.Default().
	Logger *slog.Logger

	// Now is the clock, for tests; nil means time.Now.
	Now func() time.Time

	secret *sealed      // ClientSecret, moved out of reach by TokenSource
	source atomic.Value // **CachingTokenSource (an address for fmt), set by the first TokenSource call
}

// TokenSource returns the caching token source of c, the same one on every
// call. Its Token method never uses a caller's context (so one caller's
// cancelled context cannot fail a refresh for others, golang/oauth2#388):
// requests are bounded by c.Timeout instead. The clients of this SDK call
// its TokenContext, which returns when the caller's context ends while the
// refresh goes on for the others. A configuration error, such as
// an empty ClientSecret, is returned by Token.
//
// The source is a [*CachingTokenSource]; type-assert to [Invalidator] to
// discard a token the API rejected. Use it directly as the Source of an
// [oauth2.Transport]: [oauth2.NewClient] and [oauth2.ReuseTokenSource] add a
// cache of their own that ignores RefreshSkew and Invalidate.
//
// The first call records the source in c and moves ClientSecret out of
// reach (see ClientCredentials): like any write, it must not run
// concurrently with code that reads or copies c (formatting it, say).
// Concurrent TokenSource calls are safe.
func (c *ClientCredentials) TokenSource() oauth2.TokenSource {
	if s := c.loadSource(); s != nil {
		return s
	}
	firstSource.Lock()
	defer firstSource.Unlock()
	if s := c.loadSource(); s != nil {
		return s
	}
	if c.ClientSecret != "" {
		c.secret, c.ClientSecret = seal(c.ClientSecret), ""
	}
	s := newCachingTokenSource(c.config())
	c.source.Store(&s)
	return s
}

// Validate returns the error, matching [ErrInvalidConfig], that every Token
// call of c's source would return (an empty ClientID or ClientSecret, a
// TokenURL that is not https), or nil.
func (c *ClientCredentials) Validate() error {
	if s := c.loadSource(); s != nil {
		return s.cfg.err
	}
	return c.config().err
}

// firstSource serializes the first TokenSource calls, which write to their
// ClientCredentials. It is part of the process-wide token machinery that
// Flexport's token budget requires (see processStore).
var firstSource sync.Mutex

// loadSource returns the source the first TokenSource call recorded, or nil.
func (c *ClientCredentials) loadSource() *CachingTokenSource {
	if p, ok := c.source.Load().(**CachingTokenSource); ok {
		return *p
	}
	return nil
}

// clientSecret returns the secret, wherever it is.
func (c *ClientCredentials) clientSecret() string {
	if c.ClientSecret != "" {
		return c.ClientSecret
	}
	return c.secret.open()
}

// String returns a description of c without the secret.
func (c ClientCredentials) String() string {
	return fmt.Sprintf("auth.ClientCredentials{ClientID: %q, ClientSecret: %s, TokenURL: %q, Audience: %q}",
		c.ClientID, presence(c.clientSecret()), c.displayTokenURL(), c.audience())
}

// GoString returns a Go-syntax-like description of c without the secret.
func (c ClientCredentials) GoString() string {
	return fmt.Sprintf("auth.ClientCredentials{ClientID:%q, ClientSecret:%q, TokenURL:%q, Audience:%q}",
		c.ClientID, presence(c.clientSecret()), redactURL(c.TokenURL), c.Audience)
}

// Format implements fmt.Formatter: every verb prints String, %#v GoString.
func (c ClientCredentials) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c, c) }

// LogValue implements slog.LogValuer without the secret.
func (c ClientCredentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("client_id", c.ClientID),
		slog.String("client_secret", presence(c.clientSecret())),
		slog.String("token_url", c.displayTokenURL()),
		slog.String("audience", c.audience()),
	)
}

// MarshalJSON implements json.Marshaler with the secret redacted, so that a
// configuration logged as JSON does not leak it.
func (c ClientCredentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret,omitempty"`
		TokenURL     string `json:"token_url"`
		Audience     string `json:"audience"`
	}{c.ClientID, presence(c.clientSecret()), c.displayTokenURL(), c.audience()})
}

func (c *ClientCredentials) displayTokenURL() string {
	return redactURL(or(c.TokenURL, DefaultTokenURL))
}
func (c *ClientCredentials) audience() string { return or(c.Audience, DefaultAudience) }

// config returns a validated snapshot of c with the defaults applied.
func (c *ClientCredentials) config() *config {
	cfg := &config{
		clientID:     c.ClientID,
		clientSecret: seal(c.clientSecret()),
		tokenURL:     or(c.TokenURL, DefaultTokenURL),
		audience:     c.audience(),
		store:        c.Store,
		httpClient:   c.HTTPClient,
		skew:         max(orDuration(c.RefreshSkew, DefaultRefreshSkew), 0),
		budget:       c.Budget,
		backoff:      orDuration(c.RetryBackoff, DefaultRetryBackoff),
		timeout:      orDuration(c.Timeout, DefaultTimeout),
		logger:       c.Logger,
		now:          c.Now,
	}
	if cfg.budget <= 0 {
		cfg.budget = DefaultBudget
	}
	if cfg.backoff < 0 {
		cfg.backoff = DefaultRetryBackoff
	}
	if cfg.timeout < 0 {
		cfg.timeout = DefaultTimeout
	}
	if cfg.store == nil {
		cfg.store = processStore
	}
	cfg.httpClient = withoutRedirects(cfg.httpClient)
	if cfg.logger == nil {
		cfg.logger = slog.Default()
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	cfg.err = cfg.validate()
	return cfg
}

// config is the immutable configuration of a CachingTokenSource.
type config struct {
	clientID               string
	clientSecret           *sealed
	tokenURL, audience     string
	store                  TokenStore
	httpClient             *http.Client
	skew, backoff, timeout time.Duration
	budget                 int
	logger                 *slog.Logger
	now                    func() time.Time
	err                    error // configuration error, returned by every Token call
}

func (cfg *config) validate() error {
	switch {
	case cfg.clientID == "":
		return fmt.Errorf("%w: ClientID is empty", ErrInvalidConfig)
	case cfg.clientSecret == nil:
		return fmt.Errorf("%w: ClientSecret of client %q is empty", ErrInvalidConfig, cfg.clientID)
	}
	u, err := url.Parse(cfg.tokenURL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w: TokenURL %q is not an absolute URL", ErrInvalidConfig, redactURL(cfg.tokenURL))
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return fmt.Errorf("%w: TokenURL %q must use https", ErrInvalidConfig, redactURL(cfg.tokenURL))
	}
	return nil
}

// isLoopback reports whether host names the local machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// withoutRedirects returns a copy of hc (of a client that times out after
// 30 seconds when nil) that follows no redirect: the requests it makes
// carry a secret in their body, which a 307 or 308 would re-send to another
// URL, perhaps in cleartext.
func withoutRedirects(hc *http.Client) *http.Client {
	c := http.Client{Timeout: requestTimeout}
	if hc != nil {
		c = *hc
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orDuration(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
