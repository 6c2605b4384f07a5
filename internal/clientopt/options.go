package clientopt

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/transport"
)

// The options of both packages, each named With<its function's name> in
// core and logistics. Each says at which levels it applies: client
// (NewClient), call, or both.

// BaseURL sets the base URL (client); ParseBaseURL checks it when the
// client is made.
func BaseURL(u string) Option {
	return Option{Name: "WithBaseURL", Client: func(s *Settings) error {
		s.BaseURL = u
		return nil
	}}
}

// HTTPClient sends requests through hc's Transport (client); hc must not
// be nil.
func HTTPClient(hc *http.Client) Option {
	return Option{Name: "WithHTTPClient", Client: func(s *Settings) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil client")
		}
		s.HTTPClient = hc
		return nil
	}}
}

// TokenSource authenticates with tokens from ts (client).
func TokenSource(ts oauth2.TokenSource) Option {
	return credential("WithTokenSource", func() (oauth2.TokenSource, error) {
		if ts == nil {
			return nil, errors.New("nil TokenSource")
		}
		return ts, nil
	})
}

// APIKey authenticates with a Core API key, sent as the bearer token
// (client).
func APIKey(key string) Option {
	return credential("WithAPIKey", func() (oauth2.TokenSource, error) {
		if strings.TrimSpace(key) == "" {
			return nil, errors.New("empty API key")
		}
		return auth.APIKey(key), nil
	})
}

// Token authenticates with a static Logistics bearer token (client).
func Token(token string) Option {
	return credential("WithToken", func() (oauth2.TokenSource, error) {
		if strings.TrimSpace(token) == "" {
			return nil, errors.New("empty token")
		}
		return auth.BearerToken(token), nil
	})
}

// ClientCredentials authenticates with OAuth API credentials (client). It
// reads cc at once, through cc.TokenSource, which takes the secret out of
// cc's exported field.
func ClientCredentials(cc *auth.ClientCredentials) Option {
	err := errors.New("nil credentials")
	var ts oauth2.TokenSource
	if cc != nil {
		if err = cc.Validate(); err == nil {
			ts = cc.TokenSource()
		}
	}
	return credential("WithClientCredentials", func() (oauth2.TokenSource, error) { return ts, err })
}

// credential is a credential option named name: source returns the token
// source, or why there is none. NewClient needs exactly one (see
// Settings.Credential).
func credential(name string, source func() (oauth2.TokenSource, error)) Option {
	return Option{Name: name, Client: func(s *Settings) error {
		ts, err := source()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s.TokenSource = ts
		s.Credentials++
		return nil
	}}
}

// MaxAttempts bounds the attempts of each call (client) or of one call
// (call); n must be at least 1.
func MaxAttempts(n int) Option {
	check := func() error {
		if n < 1 {
			return fmt.Errorf("WithMaxAttempts: %d attempts; at least 1 is needed", n)
		}
		return nil
	}
	return Option{Name: "WithMaxAttempts",
		Client: func(s *Settings) error { s.Transport.MaxAttempts = n; return check() },
		Call:   func(c *Call) error { c.transport().MaxAttempts = n; return check() },
	}
}

// Backoff sets the backoff between attempts (client, call); it needs
// 0 < base <= max.
func Backoff(base, max time.Duration) Option {
	check := func() error {
		if base <= 0 || max < base {
			return fmt.Errorf("WithBackoff: need 0 < base <= max, got %v and %v", base, max)
		}
		return nil
	}
	return Option{Name: "WithBackoff",
		Client: func(s *Settings) error { s.Transport.BaseDelay, s.Transport.MaxDelay = base, max; return check() },
		Call:   func(c *Call) error { t := c.transport(); t.BaseDelay, t.MaxDelay = base, max; return check() },
	}
}

// RetryAfterCap sets the longest Retry-After waited for (client, call); d
// must be positive.
func RetryAfterCap(d time.Duration) Option {
	check := func() error {
		if d <= 0 {
			return fmt.Errorf("WithRetryAfterCap: %v is not positive", d)
		}
		return nil
	}
	return Option{Name: "WithRetryAfterCap",
		Client: func(s *Settings) error { s.Transport.RetryAfterCap = d; return check() },
		Call:   func(c *Call) error { c.transport().RetryAfterCap = d; return check() },
	}
}

// Retry500 makes 500 responses retryable (client, call).
func Retry500() Option {
	return Option{Name: "WithRetry500",
		Client: func(s *Settings) error { s.Transport.Retry500 = true; return nil },
		Call:   func(c *Call) error { c.transport().Retry500 = true; return nil },
	}
}

// RetryBudget sets the capacity of the client's retry token bucket
// (client); zero or less disables the budget.
func RetryBudget(tokens int) Option {
	return Option{Name: "WithRetryBudget", Client: func(s *Settings) error {
		if tokens <= 0 {
			tokens = -1
		}
		s.Transport.RetryBudget = tokens
		return nil
	}}
}

// RateLimit limits the client to r requests a second with bursts of burst
// (client); both must be positive.
func RateLimit(r rate.Limit, burst int) Option {
	return Option{Name: "WithRateLimit", Client: func(s *Settings) error {
		if r <= 0 || burst < 1 {
			return fmt.Errorf("WithRateLimit: need a positive rate and burst, got %v and %d", r, burst)
		}
		s.Transport.RateLimiter = rate.NewLimiter(r, burst)
		return nil
	}}
}

// RateLimiter waits on l, which must not be nil, before each attempt: of
// every call, replacing the limiter set before, by RateLimit too (client);
// of one call, after the client's limiter and the call's earlier ones
// (call).
func RateLimiter(l transport.Limiter) Option {
	check := func() error {
		if isNil(l) {
			return errors.New("WithRateLimiter: nil Limiter")
		}
		return nil
	}
	return Option{Name: "WithRateLimiter",
		Client: func(s *Settings) error { s.Transport.RateLimiter = l; return check() },
		Call: func(c *Call) error {
			if err := check(); err != nil {
				return err
			}
			t := c.transport()
			t.Limiters = append(t.Limiters, l)
			return nil
		},
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

// Timeout bounds each call (client) or one call (call); d must not be zero
// (negative removes the bound).
func Timeout(d time.Duration) Option {
	check := func() error {
		if d == 0 {
			return errors.New("WithTimeout: zero timeout")
		}
		return nil
	}
	return Option{Name: "WithTimeout",
		Client: func(s *Settings) error { s.Transport.Timeout = d; return check() },
		Call:   func(c *Call) error { c.transport().Timeout = d; return check() },
	}
}

// Logger logs one record per attempt to l (client).
func Logger(l *slog.Logger) Option {
	return Option{Name: "WithLogger", Client: func(s *Settings) error {
		s.Transport.Logger = l
		return nil
	}}
}

// Middleware adds m, which must not be nil, inside the middleware added
// before (client).
func Middleware(m func(http.RoundTripper) http.RoundTripper) Option {
	return Option{Name: "WithMiddleware", Client: func(s *Settings) error {
		if m == nil {
			return errors.New("WithMiddleware: nil middleware")
		}
		s.Transport.Middleware = append(s.Transport.Middleware, m)
		return nil
	}}
}

// UserAgent sets the text appended to the User-Agent header (client).
func UserAgent(ua string) Option {
	return Option{Name: "WithUserAgent", Client: func(s *Settings) error {
		if strings.ContainsAny(ua, "\r\n") {
			return errors.New("WithUserAgent: line breaks are not allowed")
		}
		s.Transport.UserAgent = ua
		return nil
	}}
}

// MaxResponseBytes bounds the response bodies decoded (client, call); n
// must be positive.
func MaxResponseBytes(n int64) Option {
	check := func() error {
		if n <= 0 {
			return fmt.Errorf("WithMaxResponseBytes: %d is not positive", n)
		}
		return nil
	}
	return Option{Name: "WithMaxResponseBytes",
		Client: func(s *Settings) error { s.MaxResponseBytes = n; return check() },
		Call:   func(c *Call) error { c.MaxResponseBytes = n; return check() },
	}
}

// MaxPages bounds the pages of one List walk (client, call); n must be
// positive.
func MaxPages(n int) Option {
	check := func() error {
		if n <= 0 {
			return fmt.Errorf("WithMaxPages: %d is not positive", n)
		}
		return nil
	}
	return Option{Name: "WithMaxPages",
		Client: func(s *Settings) error { s.MaxPages = n; return check() },
		Call:   func(c *Call) error { c.MaxPages = n; return check() },
	}
}

// Query adds a query parameter to one call (call).
func Query(key, value string) Option { return query("WithQuery", key, value) }

// Expand asks for the expansion of fields in one Core response (call): the
// expand query parameter.
func Expand(fields ...string) Option {
	return query("WithExpand", "expand", strings.Join(fields, ","))
}

// MetadataFilter filters one Core list by a metadata key (call):
// f.metadata.<key>=<value>.
func MetadataFilter(key, value string) Option {
	return query("WithMetadataFilter", "f.metadata."+key, value)
}

// query is an option named name adding the query parameter key=value to
// one call.
func query(name, key, value string) Option {
	return Option{Name: name, Call: func(c *Call) error {
		if strings.TrimSpace(key) == "" {
			return errors.New(name + ": empty key")
		}
		c.Query = append(c.Query, [2]string{key, value})
		return nil
	}}
}

// CallInfo makes one call fill in *info when it returns (call); info must
// not be nil.
func CallInfo(info *transport.CallInfo) Option {
	return Option{Name: "WithCallInfo", Call: func(c *Call) error {
		if info == nil {
			return errors.New("WithCallInfo: nil *CallInfo")
		}
		c.Info = info
		return nil
	}}
}

// Version sets the Core API's Flexport-Version of each call (client) or of
// one call (call): "2", "3" or a date that is not in the future.
func Version(v string) Option {
	check := func() error {
		if err := transport.ValidateVersion(v, time.Now()); err != nil {
			return fmt.Errorf("WithVersion: %w", err)
		}
		return nil
	}
	return Option{Name: "WithVersion",
		Client: func(s *Settings) error { s.Transport.Version = v; return check() },
		Call:   func(c *Call) error { c.transport().Version = v; return check() },
	}
}

// Prefetch lets List fetch up to n pages at once (client, call); n must
// not be negative.
func Prefetch(n int) Option {
	check := func() error {
		if n < 0 {
			return fmt.Errorf("WithPrefetch: negative %d", n)
		}
		return nil
	}
	return Option{Name: "WithPrefetch",
		Client: func(s *Settings) error { s.Prefetch = n; return check() },
		Call:   func(c *Call) error { c.Prefetch = max(n, 1); return check() },
	}
}

// UnsafeRetries lets one Core write be retried after a timeout or a 5xx
// (call).
func UnsafeRetries() Option {
	return Option{Name: "WithUnsafeRetries", Call: func(c *Call) error {
		c.transport().UnsafeRetries = true
		return nil
	}}
}

// IdempotencyKey sends key as the idempotency-key of one Logistics POST or
// PATCH call (call); key must not be empty.
func IdempotencyKey(key string) Option {
	return Option{Name: "WithIdempotencyKey", Call: func(c *Call) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("WithIdempotencyKey: empty key")
		}
		c.transport().IdempotencyKey = key
		return nil
	}}
}
