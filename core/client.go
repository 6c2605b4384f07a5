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
	"github.com/flexport-go/flexport/internal/transport"
)

// DefaultBaseURL is the Core API's address.
const DefaultBaseURL = "https://api.flexport.com"

// Client is a Core API client. Its services (Shipments, Bookings, Documents,
// ...) group the operations by resource. A Client is safe for concurrent use;
// make one and share it.
type Client struct {
	services

	api      *coreapi.Client
	http     *transport.Client
	base     *url.URL
	prefetch int
}

// NewClient returns a Core API client. It needs exactly one credential
// (WithAPIKey, WithTokenSource or WithClientCredentials) and validates every
// option, so that a misconfigured client fails here rather than on its first
// request.
func NewClient(opts ...Option) (*Client, error) {
	o := options{baseURL: DefaultBaseURL}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("core: nil Option")
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	ts, err := o.tokenSource()
	if err != nil {
		return nil, err
	}
	base, err := parseBaseURL(o.baseURL)
	if err != nil {
		return nil, err
	}
	cfg := o.transport
	cfg.API = apierr.Core
	cfg.TokenSource = ts
	if o.httpClient != nil {
		cfg.Base = o.httpClient.Transport
		if cfg.Base == nil {
			cfg.Base = http.DefaultTransport
		}
		if cfg.Timeout == 0 && o.httpClient.Timeout > 0 {
			cfg.Timeout = o.httpClient.Timeout
		}
	}
	tc, err := transport.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("core: %w", err)
	}
	api, err := coreapi.NewClient(base.String(), coreapi.WithHTTPClient(tc))
	if err != nil {
		return nil, fmt.Errorf("core: %w", err)
	}
	c := &Client{api: api, http: tc, base: base, prefetch: o.prefetch}
	c.initServices()
	return c, nil
}

// BaseURL returns the address every request of c goes to.
func (c *Client) BaseURL() string { return c.base.String() }

// CloseIdleConnections closes the connections c keeps open for reuse.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// Option configures NewClient.
type Option func(*options) error

type options struct {
	baseURL    string
	apiKey     string
	ts         oauth2.TokenSource
	creds      *auth.ClientCredentials
	nCreds     int
	httpClient *http.Client
	transport  transport.Config
	prefetch   int
}

// WithAPIKey authenticates with a legacy Core API key, sent as the bearer
// token.
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
// cached (in cc.Store too, when set) so that the 10 token requests a day
// Flexport allows are never exceeded.
func WithClientCredentials(cc *auth.ClientCredentials) Option {
	return func(o *options) error {
		if cc == nil || cc.ClientID == "" || cc.ClientSecret == "" {
			return errors.New("core: WithClientCredentials: ClientID and ClientSecret are required")
		}
		o.creds = cc
		o.nCreds++
		return nil
	}
}

// WithBaseURL sends requests to u instead of https://api.flexport.com. It
// must be an absolute http or https URL without query or fragment; a path is
// kept as a prefix.
func WithBaseURL(u string) Option {
	return func(o *options) error {
		o.baseURL = u
		return nil
	}
}

// WithHTTPClient sends requests through hc's Transport (the retry, auth and
// logging layers of this package stay on top of it). hc.Timeout, when set and
// WithTimeout is not, bounds each call.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error {
		if hc == nil {
			return errors.New("core: WithHTTPClient: nil client")
		}
		o.httpClient = hc
		return nil
	}
}

// WithVersion sets the Flexport-Version header: "2" (the default), "3", or
// a date YYYY-MM-DD that is not in the future.
func WithVersion(v string) Option {
	return func(o *options) error {
		if err := transport.ValidateVersion(v, time.Now()); err != nil {
			return fmt.Errorf("core: WithVersion: %w", err)
		}
		o.transport.Version = v
		return nil
	}
}

// WithMaxAttempts bounds the attempts of each call, the first included
// (default 3; 1 disables retries). WithAttempts overrides it for one call.
func WithMaxAttempts(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("core: WithMaxAttempts: %d attempts; at least 1 is needed", n)
		}
		o.transport.MaxAttempts = n
		return nil
	}
}

// WithBackoff sets the full-jitter exponential backoff between attempts:
// retry n waits a random time below min(max, base·2ⁿ⁻¹) (defaults 500 ms and
// 20 s).
func WithBackoff(base, max time.Duration) Option {
	return func(o *options) error {
		if base <= 0 || max < base {
			return fmt.Errorf("core: WithBackoff: need 0 < base <= max, got %v and %v", base, max)
		}
		o.transport.BaseDelay, o.transport.MaxDelay = base, max
		return nil
	}
}

// WithRetryAfterCap sets the longest Retry-After the client waits for
// (default 60 s); a longer one ends the call at once with an error whose
// RetryAfter says how long to wait.
func WithRetryAfterCap(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("core: WithRetryAfterCap: %v is not positive", d)
		}
		o.transport.RetryAfterCap = d
		return nil
	}
}

// WithRetry500 makes 500 responses retryable (for GETs and other safe
// calls; writes only with WithUnsafeRetries).
func WithRetry500() Option {
	return func(o *options) error {
		o.transport.Retry500 = true
		return nil
	}
}

// WithRetryBudget sets the capacity of the client-wide retry token bucket
// (default 500 tokens; a retry costs 5, 10 after a timeout). Zero or less
// disables the budget.
func WithRetryBudget(tokens int) Option {
	return func(o *options) error {
		if tokens <= 0 {
			tokens = -1
		}
		o.transport.RetryBudget = tokens
		return nil
	}
}

// WithRateLimit limits the client to r requests a second with bursts of
// burst, waiting (context-aware) before each attempt.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(o *options) error {
		if r <= 0 || burst < 1 {
			return fmt.Errorf("core: WithRateLimit: need a positive rate and burst, got %v and %d", r, burst)
		}
		o.transport.RateLimiter = rate.NewLimiter(r, burst)
		return nil
	}
}

// WithTimeout bounds each call: all its attempts, the waits between them and
// reading the response (default 2 minutes). Negative removes the bound; the
// dial, TLS and response-header timeouts still apply.
func WithTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d == 0 {
			return errors.New("core: WithTimeout: zero timeout")
		}
		o.transport.Timeout = d
		return nil
	}
}

// WithLogger logs one record per attempt (method, path, status, attempt,
// duration, correlation id) to l. Credentials are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		o.transport.Logger = l
		return nil
	}
}

// WithMiddleware wraps every attempt's round trip with m, for tracing or
// metrics (OpenTelemetry's otelhttp.NewTransport fits). The first added is
// the outermost.
func WithMiddleware(m func(http.RoundTripper) http.RoundTripper) Option {
	return func(o *options) error {
		if m == nil {
			return errors.New("core: WithMiddleware: nil middleware")
		}
		o.transport.Middleware = append(o.transport.Middleware, m)
		return nil
	}
}

// WithUserAgent appends s to the User-Agent header.
func WithUserAgent(s string) Option {
	return func(o *options) error {
		o.transport.UserAgent = s
		return nil
	}
}

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
	case o.creds != nil:
		return o.creds.TokenSource(), nil
	default:
		return o.ts, nil
	}
}

func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("core: malformed base URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("core: base URL %q: scheme must be http or https", s)
	case u.Host == "":
		return nil, fmt.Errorf("core: base URL %q has no host", s)
	case u.User != nil:
		return nil, errors.New("core: base URL must not carry credentials")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("core: base URL %q must not have a query or fragment", s)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}
