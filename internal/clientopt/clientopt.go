// Package clientopt holds the client options that package core and package
// logistics share: the transport settings (attempts, backoff, rate limit,
// timeout, logging, middleware, user agent), the caller's HTTP client and
// the base URL. Each exported With... option of those packages is a one-line
// wrapper around a function here.
//
// Options validate their arguments when NewClient applies them, and their
// errors start with the name of the package the caller used ("core:
// WithMaxAttempts: ..."), so the messages are those of the public option.
package clientopt

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/flexport-go/flexport/internal/transport"
)

// Settings is what the shared options set. Package core and package
// logistics embed it in their options.
type Settings struct {
	// BaseURL is the address requests go to, unparsed (see ParseBaseURL).
	BaseURL string
	// HTTPClient is the client given with WithHTTPClient, or nil.
	HTTPClient *http.Client
	// Transport is the transport configuration the options built; see
	// TransportConfig for the one to pass to transport.New.
	Transport transport.Config
	// MaxResponseBytes bounds every response body decoded; zero means
	// DefaultMaxResponseBytes (see ResponseLimit).
	MaxResponseBytes int64
	// MaxPages bounds the pages of one List walk; zero means
	// DefaultMaxPages (see PageLimit).
	MaxPages int
}

// Defaults of the limits on network input that Settings carry.
const (
	// DefaultMaxResponseBytes bounds a decoded response body: 64 MiB, far
	// above a page of 100 objects.
	DefaultMaxResponseBytes = 64 << 20
	// DefaultMaxPages bounds one List walk: 10,000 pages, a million items
	// at 100 a page.
	DefaultMaxPages = 10_000
)

// ResponseLimit returns the response body limit: MaxResponseBytes, or the
// default.
func (s *Settings) ResponseLimit() int64 {
	if s.MaxResponseBytes > 0 {
		return s.MaxResponseBytes
	}
	return DefaultMaxResponseBytes
}

// PageLimit returns the page limit of a walk: MaxPages, or the default.
func (s *Settings) PageLimit() int {
	if s.MaxPages > 0 {
		return s.MaxPages
	}
	return DefaultMaxPages
}

// A Func applies one option to s, or tells why its arguments are invalid.
type Func func(s *Settings) error

// Apply applies opts to o in order. It refuses a nil option with "<pkg>: nil
// Option" and stops at the first error.
func Apply[O any, F ~func(*O) error](pkg string, o *O, opts []F) error {
	for _, opt := range opts {
		if opt == nil {
			return errors.New(pkg + ": nil Option")
		}
		if err := opt(o); err != nil {
			return err
		}
	}
	return nil
}

// TransportConfig returns s.Transport completed with the HTTP client: its
// Transport (http.DefaultTransport when nil) becomes the Base, and its
// Timeout, when set, bounds each call unless a timeout was given. It also
// returns that Base, which is nil without an HTTP client.
func (s *Settings) TransportConfig() (transport.Config, http.RoundTripper) {
	cfg := s.Transport
	if s.HTTPClient == nil {
		return cfg, nil
	}
	rt := s.HTTPClient.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	cfg.Base = rt
	if cfg.Timeout == 0 && s.HTTPClient.Timeout > 0 {
		cfg.Timeout = s.HTTPClient.Timeout
	}
	return cfg, rt
}

// BaseURL sets the base URL; ParseBaseURL checks it when the client is made.
func BaseURL(u string) Func {
	return func(s *Settings) error {
		s.BaseURL = u
		return nil
	}
}

// HTTPClient sends requests through hc's Transport; hc must not be nil.
func HTTPClient(pkg string, hc *http.Client) Func {
	return func(s *Settings) error {
		if hc == nil {
			return errors.New(pkg + ": WithHTTPClient: nil client")
		}
		s.HTTPClient = hc
		return nil
	}
}

// MaxAttempts bounds the attempts of each call; n must be at least 1.
func MaxAttempts(pkg string, n int) Func {
	return func(s *Settings) error {
		if n < 1 {
			return fmt.Errorf("%s: WithMaxAttempts: %d attempts; at least 1 is needed", pkg, n)
		}
		s.Transport.MaxAttempts = n
		return nil
	}
}

// Backoff sets the backoff between attempts; it needs 0 < base <= max.
func Backoff(pkg string, base, max time.Duration) Func {
	return func(s *Settings) error {
		if base <= 0 || max < base {
			return fmt.Errorf("%s: WithBackoff: need 0 < base <= max, got %v and %v", pkg, base, max)
		}
		s.Transport.BaseDelay, s.Transport.MaxDelay = base, max
		return nil
	}
}

// RetryAfterCap sets the longest Retry-After waited for; d must be positive.
func RetryAfterCap(pkg string, d time.Duration) Func {
	return func(s *Settings) error {
		if d <= 0 {
			return fmt.Errorf("%s: WithRetryAfterCap: %v is not positive", pkg, d)
		}
		s.Transport.RetryAfterCap = d
		return nil
	}
}

// Retry500 makes 500 responses retryable.
func Retry500() Func {
	return func(s *Settings) error {
		s.Transport.Retry500 = true
		return nil
	}
}

// RetryBudget sets the capacity of the retry token bucket; zero or less
// disables the budget.
func RetryBudget(tokens int) Func {
	return func(s *Settings) error {
		if tokens <= 0 {
			tokens = -1
		}
		s.Transport.RetryBudget = tokens
		return nil
	}
}

// RateLimit limits the client to r requests a second with bursts of burst;
// both must be positive.
func RateLimit(pkg string, r rate.Limit, burst int) Func {
	return func(s *Settings) error {
		if r <= 0 || burst < 1 {
			return fmt.Errorf("%s: WithRateLimit: need a positive rate and burst, got %v and %d", pkg, r, burst)
		}
		s.Transport.RateLimiter = rate.NewLimiter(r, burst)
		return nil
	}
}

// RateLimiter makes the client wait on l, which must not be nil, before each
// attempt; it replaces a limiter set before, by RateLimit too.
func RateLimiter(pkg string, l transport.Limiter) Func {
	return func(s *Settings) error {
		if isNil(l) {
			return errors.New(pkg + ": WithRateLimiter: nil Limiter")
		}
		s.Transport.RateLimiter = l
		return nil
	}
}

// isNil reports whether l is nil or holds a nil pointer, map, slice, func
// or channel, whose Wait would panic.
func isNil(l transport.Limiter) bool {
	if l == nil {
		return true
	}
	switch v := reflect.ValueOf(l); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// Timeout bounds each call; d must not be zero (negative removes the bound).
func Timeout(pkg string, d time.Duration) Func {
	return func(s *Settings) error {
		if d == 0 {
			return errors.New(pkg + ": WithTimeout: zero timeout")
		}
		s.Transport.Timeout = d
		return nil
	}
}

// Logger logs one record per attempt to l.
func Logger(l *slog.Logger) Func {
	return func(s *Settings) error {
		s.Transport.Logger = l
		return nil
	}
}

// Middleware adds m, which must not be nil, inside the middleware added
// before.
func Middleware(pkg string, m func(http.RoundTripper) http.RoundTripper) Func {
	return func(s *Settings) error {
		if m == nil {
			return errors.New(pkg + ": WithMiddleware: nil middleware")
		}
		s.Transport.Middleware = append(s.Transport.Middleware, m)
		return nil
	}
}

// UserAgent sets the text appended to the User-Agent header.
func UserAgent(ua string) Func {
	return func(s *Settings) error {
		s.Transport.UserAgent = ua
		return nil
	}
}

// MaxResponseBytes bounds every response body the client decodes; n must
// be positive.
func MaxResponseBytes(pkg string, n int64) Func {
	return func(s *Settings) error {
		if n <= 0 {
			return fmt.Errorf("%s: WithMaxResponseBytes: %d is not positive", pkg, n)
		}
		s.MaxResponseBytes = n
		return nil
	}
}

// MaxPages bounds the pages of one List walk; n must be positive.
func MaxPages(pkg string, n int) Func {
	return func(s *Settings) error {
		if n <= 0 {
			return fmt.Errorf("%s: WithMaxPages: %d is not positive", pkg, n)
		}
		s.MaxPages = n
		return nil
	}
}

// ParseBaseURL parses a base URL: it must be an absolute http or https URL
// with a host, without user information, query or fragment. The result has
// no trailing slash and no RawPath. A lone "?" (url.URL.ForceQuery) is left
// for the caller to judge.
func ParseBaseURL(pkg, s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%s: malformed base URL: %w", pkg, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%s: base URL %q: scheme must be http or https", pkg, s)
	case u.Host == "":
		return nil, fmt.Errorf("%s: base URL %q has no host", pkg, s)
	case u.User != nil:
		return nil, errors.New(pkg + ": base URL must not carry credentials")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, QueryError(pkg, s)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// QueryError is ParseBaseURL's error for a base URL s with a query or a
// fragment.
func QueryError(pkg, s string) error {
	return fmt.Errorf("%s: base URL %q must not have a query or fragment", pkg, s)
}
