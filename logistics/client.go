package logistics

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
	"github.com/flexport-go/flexport/gen/logisticsapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/transport"
)

// DefaultBaseURL is the Logistics API's host. Operation paths carry the API
// version (/logistics/api/2023-10/...), so a base URL is a host, optionally
// with a path prefix, never the versioned root.
const DefaultBaseURL = "https://logistics-api.flexport.com"

// Version is the version of this SDK, reported in the User-Agent header of
// every request: "flexport-go/<Version> (<Go version>)".
const Version = transport.Version

// APIVersion is the version of the Logistics API this package speaks; it is
// part of every request path.
const APIVersion = "2023-10"

// apiRoot is the path of the API under the base URL.
const apiRoot = "/logistics/api/" + APIVersion

// NewClient returns a Logistics API client. It needs exactly one credential
// (WithToken or WithTokenSource) and validates every option, so that a
// misconfigured client fails here rather than on its first request.
func NewClient(opts ...Option) (*Client, error) {
	o := options{Settings: clientopt.Settings{BaseURL: DefaultBaseURL}}
	if err := clientopt.Apply(pkg, &o, opts); err != nil {
		return nil, err
	}
	ts, err := o.tokenSource()
	if err != nil {
		return nil, err
	}
	base, err := parseBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg, rawTransport := o.TransportConfig()
	cfg.API = apierr.Logistics
	cfg.TokenSource = ts
	cfg.BaseURL = base
	tc, err := transport.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("logistics: %w", err)
	}
	api, err := logisticsapi.NewClient(base.String(), logisticsapi.WithHTTPClient(tc))
	if err != nil {
		return nil, fmt.Errorf("logistics: %w", err)
	}
	c := &Client{clientState: clientState{api: api, base: base, oauthHTTP: oauthHTTPClient(rawTransport),
		maxResponse: o.ResponseLimit(), maxPages: o.PageLimit()}}
	c.initServices()
	return c, nil
}

// BaseURL returns the address every request of c goes to (requests add
// /logistics/api/2023-10/... to it).
func (c *Client) BaseURL() string { return c.base.String() }

// clientState is what a Client holds besides its services (the Client type
// itself is generated with them, in services.gen.go).
type clientState struct {
	api         *logisticsapi.Client
	base        *url.URL
	oauthHTTP   *http.Client // the token exchange: no auth, no redirects
	maxResponse int64        // bytes of a decoded response body
	maxPages    int          // pages of one List walk
}

// Option configures NewClient.
type Option func(*options) error

// pkg starts the errors of this package.
const pkg = "logistics"

// options collects the options of NewClient.
type options struct {
	clientopt.Settings // base URL, HTTP client and transport configuration

	token  string
	ts     oauth2.TokenSource
	nCreds int
}

// shared makes an Option of a clientopt.Func.
func shared(f clientopt.Func) Option {
	return func(o *options) error { return f(&o.Settings) }
}

// WithToken authenticates with a static bearer token: a Logistics portal
// API token, or the token of a partner OAuth exchange. Neither expires. The
// client keeps the token behind a pointer to a type that redacts itself, so
// formatting a value holding the client never shows it.
func WithToken(token string) Option {
	return func(o *options) error {
		if strings.TrimSpace(token) == "" {
			return errors.New("logistics: WithToken: empty token")
		}
		o.token = token
		o.nCreds++
		return nil
	}
}

// WithTokenSource authenticates with tokens from ts, such as an
// auth.LogisticsToken's TokenSource(). If ts also has an Invalidate method,
// a 401 response invalidates the token and the request is sent once more
// with a fresh one.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(o *options) error {
		if ts == nil {
			return errors.New("logistics: WithTokenSource: nil TokenSource")
		}
		o.ts = ts
		o.nCreds++
		return nil
	}
}

// WithBaseURL sends requests to u instead of https://logistics-api.flexport.com.
// It must be an absolute http or https URL without query or fragment; a path
// is kept as a prefix. A URL ending in the versioned root
// /logistics/api/2023-10 is accepted and that root dropped, since every
// operation path carries it; another version's root is refused.
func WithBaseURL(u string) Option { return shared(clientopt.BaseURL(u)) }

// WithHTTPClient sends requests through hc's Transport (the retry, auth and
// logging layers of this package stay on top of it). hc.Timeout, when set and
// WithTimeout is not, bounds each call.
func WithHTTPClient(hc *http.Client) Option { return shared(clientopt.HTTPClient(pkg, hc)) }

// WithMaxAttempts bounds the attempts of each call, the first included
// (default 3; 1 disables retries). WithAttempts overrides it for one call.
// POST and PATCH calls are retried too: they carry an idempotency-key.
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

// WithRetry500 makes 500 responses retryable like 502-504.
func WithRetry500() Option { return shared(clientopt.Retry500()) }

// WithRetryBudget sets the capacity of the client-wide retry token bucket
// (default 500 tokens; a retry costs 5, 10 after a timeout). Zero or less
// disables the budget.
func WithRetryBudget(tokens int) Option { return shared(clientopt.RetryBudget(tokens)) }

// WithRateLimit limits the client to r requests a second with bursts of
// burst, waiting (context-aware) before each attempt. Flexport publishes no
// Logistics rate limits; a 429 is retried after its Retry-After either way.
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
// duration, x-correlation-id, idempotent-replayed) to l. Credentials are
// never logged. Query values are shown only for paging, sorting and filter
// parameters; a URL on another host is logged without its query.
func WithLogger(l *slog.Logger) Option { return shared(clientopt.Logger(l)) }

// WithMiddleware wraps every attempt's round trip with m, for tracing or
// metrics (OpenTelemetry's otelhttp.NewTransport fits). The first added is
// the outermost.
func WithMiddleware(m func(http.RoundTripper) http.RoundTripper) Option {
	return shared(clientopt.Middleware(pkg, m))
}

// WithMaxResponseBytes bounds every response body the client decodes
// (default 64 MiB); a larger one fails the call with an error matching
// ErrResponseTooLarge, and reading stops at the limit.
func WithMaxResponseBytes(n int64) Option { return shared(clientopt.MaxResponseBytes(pkg, n)) }

// WithMaxPages bounds the pages one List walk fetches (default
// DefaultMaxPages); the walk ends with an error matching ErrTooManyPages
// when a list goes on beyond it.
func WithMaxPages(n int) Option { return shared(clientopt.MaxPages(pkg, n)) }

// WithUserAgent appends s to the User-Agent header.
func WithUserAgent(s string) Option { return shared(clientopt.UserAgent(s)) }

func (o *options) tokenSource() (oauth2.TokenSource, error) {
	switch {
	case o.nCreds == 0:
		return nil, errors.New("logistics: no credentials: use WithToken or WithTokenSource")
	case o.nCreds > 1:
		return nil, errors.New("logistics: more than one credential option given; use exactly one")
	case o.token != "":
		return auth.BearerToken(o.token), nil
	default:
		return o.ts, nil
	}
}

// parseBaseURL parses a base URL as clientopt.ParseBaseURL does, refuses a
// lone "?" too, and drops the versioned root apiRoot from the path.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := clientopt.ParseBaseURL(pkg, s)
	if err != nil {
		return nil, err
	}
	if u.ForceQuery {
		return nil, clientopt.QueryError(pkg, s)
	}
	p := strings.TrimSuffix(u.Path, apiRoot)
	if strings.Contains(p+"/", "/logistics/api/") {
		return nil, fmt.Errorf("logistics: base URL %q has an API path other than %s; give the host", s, apiRoot)
	}
	u.Path = p
	return u, nil
}

// oauthHTTPClient returns the client of the token exchange: the caller's
// transport (or the default one) without this package's auth layer, since
// the exchange carries no bearer token, and without following redirects.
func oauthHTTPClient(rt http.RoundTripper) *http.Client {
	return &http.Client{
		Transport:     rt,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
