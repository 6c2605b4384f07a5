package core

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/transport"
)

// The Core API's addresses, for WithBaseURL.
const (
	// DefaultBaseURL is the Core API's production address, used unless
	// WithBaseURL says otherwise.
	DefaultBaseURL = "https://api.flexport.com"

	// SandboxBaseURL is the address of Flexport's Core API sandbox: the
	// sample responses of Flexport's Customs Entries API tutorial link
	// there. Flexport offers no self-serve sandbox; sandbox credentials come
	// from Flexport on request.
	SandboxBaseURL = "https://api.sb.flexport.com"
)

// Version is the version of this SDK, reported in the User-Agent header of
// every request: "flexport-go/<Version> (<Go version>)".
const Version = transport.Version

// NewClient returns a Core API client. It needs exactly one credential
// (WithAPIKey, WithTokenSource or WithClientCredentials) and validates every
// option, so that a misconfigured client fails here rather than on its first
// request.
func NewClient(opts ...Option) (*Client, error) {
	o := options{Settings: clientopt.Settings{BaseURL: DefaultBaseURL}}
	if err := clientopt.Apply(pkg, &o, opts); err != nil {
		return nil, err
	}
	ts, err := o.tokenSource()
	if err != nil {
		return nil, err
	}
	base, err := clientopt.ParseBaseURL(pkg, o.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg, _ := o.TransportConfig()
	cfg.API = apierr.Core
	cfg.TokenSource = ts
	cfg.BaseURL = base
	tc, err := transport.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("core: %w", err)
	}
	api, err := coreapi.NewClient(base.String(), coreapi.WithHTTPClient(tc))
	if err != nil {
		return nil, fmt.Errorf("core: %w", err)
	}
	c := &Client{clientState: clientState{api: api, http: tc, base: base, prefetch: o.prefetch,
		maxResponse: o.ResponseLimit(), maxPages: o.PageLimit()}}
	c.initServices()
	return c, nil
}

// BaseURL returns the address every request of c goes to.
func (c *Client) BaseURL() string { return c.base.String() }

// CloseIdleConnections closes the connections c keeps open for reuse.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// clientState is what a Client holds besides its services (the Client type
// itself is generated with them, in services.gen.go).
type clientState struct {
	api         *coreapi.Client
	http        *transport.Client
	base        *url.URL
	prefetch    int
	maxResponse int64 // bytes of a decoded response body
	maxPages    int   // pages of one List walk
}

// Option configures NewClient.
type Option func(*options) error

// pkg starts the errors of this package.
const pkg = "core"

// options collects the options of NewClient.
type options struct {
	clientopt.Settings // base URL, HTTP client and transport configuration

	apiKey   string
	ts       oauth2.TokenSource
	nCreds   int
	prefetch int
}

// shared makes an Option of a clientopt.Func.
func shared(f clientopt.Func) Option {
	return func(o *options) error { return f(&o.Settings) }
}

// WithAPIKey authenticates with a legacy Core API key, sent as the bearer
// token. The client keeps the key behind a pointer to a type that redacts
// itself, so formatting a value holding the client never shows it.
func WithAPIKey(key string) Option {
	return func(o *options) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("core: WithAPIKey: empty API key")
		}
		o.apiKey = key
		o.nCreds++
		return nil
	}
}

// WithTokenSource authenticates with tokens from ts, for example an
// (*auth.ClientCredentials).TokenSource(). If ts also has an Invalidate
// method, a 401 response invalidates the token and the request is sent once
// more with a fresh one.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(o *options) error {
		if ts == nil {
			return errors.New("core: WithTokenSource: nil TokenSource")
		}
		o.ts = ts
		o.nCreds++
		return nil
	}
}

// WithClientCredentials authenticates with OAuth API credentials. Tokens are
// cached (in cc.Store too, when set; else shared by the whole process) so
// that the 10 token requests a day Flexport allows are never exceeded.
//
// It reads cc at once, through cc.TokenSource, which takes the secret out
// of cc's exported ClientSecret field and keeps it behind an unexported
// pointer: from then on, formatting any value holding cc (or the client)
// with fmt or log/slog shows no secret, whatever the verb and however deep.
func WithClientCredentials(cc *auth.ClientCredentials) Option {
	var err error
	var ts oauth2.TokenSource
	switch {
	case cc == nil:
		err = errors.New("core: WithClientCredentials: nil credentials")
	case cc.Validate() != nil:
		err = fmt.Errorf("core: WithClientCredentials: %w", cc.Validate())
	default:
		ts = cc.TokenSource()
	}
	return func(o *options) error {
		if err != nil {
			return err
		}
		o.ts = ts
		o.nCreds++
		return nil
	}
}

// WithBaseURL sends requests to u instead of https://api.flexport.com. It
// must be an absolute http or https URL without query or fragment; a path is
// kept as a prefix.
func WithBaseURL(u string) Option { return shared(clientopt.BaseURL(u)) }

// WithHTTPClient sends requests through hc's Transport (the retry, auth and
// logging layers of this package stay on top of it). hc.Timeout, when set and
// WithTimeout is not, bounds each call.
func WithHTTPClient(hc *http.Client) Option { return shared(clientopt.HTTPClient(pkg, hc)) }

// WithVersion sets the Flexport-Version header: "2" (the default), "3", or
// a date YYYY-MM-DD that is not in the future.
func WithVersion(v string) Option {
	return func(o *options) error {
		if err := transport.ValidateVersion(v, time.Now()); err != nil {
			return fmt.Errorf("core: WithVersion: %w", err)
		}
		o.Transport.Version = v
		return nil
	}
}

// WithMaxAttempts bounds the attempts of each call, the first included
// (default 3; 1 disables retries). WithAttempts overrides it for one call.
func WithMaxAttempts(n int) Option { return shared(clientopt.MaxAttempts(pkg, n)) }

// WithBackoff sets the full-jitter exponential backoff between attempts:
// retry n waits a random time below min(max, base·2ⁿ⁻¹), and at least
// base/4 (defaults 500 ms and 20 s). A Retry-After lengthens the wait, never
// shortens it.
func WithBackoff(base, max time.Duration) Option { return shared(clientopt.Backoff(pkg, base, max)) }

// WithRetryAfterCap sets the longest Retry-After the client waits for
// (default 60 s); a longer one ends the call at once with an error whose
// RetryAfter says how long to wait.
func WithRetryAfterCap(d time.Duration) Option { return shared(clientopt.RetryAfterCap(pkg, d)) }

// WithRetry500 makes 500 responses retryable (for GETs and other safe
// calls; writes only with WithUnsafeRetries).
func WithRetry500() Option { return shared(clientopt.Retry500()) }

// WithRetryBudget sets the capacity of the client-wide retry token bucket
// (default 500 tokens; a retry costs 5, 10 after a timeout). Zero or less
// disables the budget.
func WithRetryBudget(tokens int) Option { return shared(clientopt.RetryBudget(tokens)) }

// WithRateLimit limits the client to r requests a second with bursts of
// burst, waiting (context-aware) before each attempt.
func WithRateLimit(r rate.Limit, burst int) Option { return shared(clientopt.RateLimit(pkg, r, burst)) }

// A Limiter paces requests: Wait blocks until one more request may be sent,
// or returns an error, at the latest when ctx is done. A *rate.Limiter
// (golang.org/x/time/rate) limits one process; a redisstore.Limiter
// (package github.com/flexport-go/flexport/auth/redisstore) shares one limit
// among the processes of a fleet. Limiters must be safe for concurrent use.
type Limiter = transport.Limiter

// WithRateLimiter makes the client wait on l before each attempt of every
// call, retries included; it replaces the limiter of WithRateLimit, and
// WithRateLimit replaces it. l must not be nil. For a limit on one
// operation, give the calls WithCallRateLimiter instead.
func WithRateLimiter(l Limiter) Option { return shared(clientopt.RateLimiter(pkg, l)) }

// WithTimeout bounds each call: all its attempts, the waits between them and
// reading the response (default 2 minutes). Negative removes the bound; the
// dial, TLS and response-header timeouts still apply.
func WithTimeout(d time.Duration) Option { return shared(clientopt.Timeout(pkg, d)) }

// WithLogger logs one record per attempt (method, path, status, attempt,
// duration, correlation id) to l. Credentials are never logged. Query
// values are shown only for paging, sorting, expansion and filter
// parameters; a URL on another host (a pre-signed download link) is logged
// without its query.
func WithLogger(l *slog.Logger) Option { return shared(clientopt.Logger(l)) }

// WithMiddleware wraps every attempt's round trip with m, for tracing or
// metrics (OpenTelemetry's otelhttp.NewTransport fits). The first added is
// the outermost.
func WithMiddleware(m func(http.RoundTripper) http.RoundTripper) Option {
	return shared(clientopt.Middleware(pkg, m))
}

// WithUserAgent appends s to the User-Agent header.
func WithUserAgent(s string) Option { return shared(clientopt.UserAgent(s)) }

// WithMaxResponseBytes bounds every response body the client decodes
// (default 64 MiB); a larger one fails the call with an error matching
// ErrResponseTooLarge, and reading stops at the limit. Document downloads
// are streams and are not bounded by it.
func WithMaxResponseBytes(n int64) Option { return shared(clientopt.MaxResponseBytes(pkg, n)) }

// WithMaxPages bounds the pages one List walk fetches (default
// DefaultMaxPages); the walk ends with an error matching ErrTooManyPages
// when a collection goes on beyond it.
func WithMaxPages(n int) Option { return shared(clientopt.MaxPages(pkg, n)) }

// WithPrefetch lets List fetch up to n pages at once on page-numbered
// collections that report a total count, still yielding items in order. It
// stops fetching when the caller stops ranging. n <= 1 fetches one page at a
// time (the default).
func WithPrefetch(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("core: WithPrefetch: negative %d", n)
		}
		o.prefetch = n
		return nil
	}
}

func (o *options) tokenSource() (oauth2.TokenSource, error) {
	switch {
	case o.nCreds == 0:
		return nil, errors.New("core: no credentials: use WithAPIKey, WithTokenSource or WithClientCredentials")
	case o.nCreds > 1:
		return nil, errors.New("core: more than one credential option given; use exactly one")
	case o.apiKey != "":
		return auth.APIKey(o.apiKey), nil
	default:
		return o.ts, nil
	}
}
