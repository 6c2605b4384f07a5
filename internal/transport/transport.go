// Package transport is the single execution path of every Flexport API
// request: an http.RoundTripper stack that the generated clients of core and
// logistics send through, and a Client whose Do turns failed responses into
// typed errors (package apierr).
//
// The stack, outermost first:
//
//	call     per-call state (Call) and the overall Timeout
//	auth     Authorization from the TokenSource; one re-send after a 401
//	headers  Flexport-Version (Core), User-Agent, Accept, idempotency-key
//	         (Logistics POST/PATCH)
//	retry    attempts, backoff, Retry-After, retry budget, and the optional
//	         client-side rate limiter waited on before each attempt
//	log      optional slog record per attempt, secrets redacted
//	Middleware[0] ... Middleware[n-1]  user wrappers, once per attempt
//	Base     *http.Transport with dial, TLS and response-header timeouts
//
// User middleware sees every attempt with its final headers, so an
// OpenTelemetry wrapper records one client span per attempt; to trace the
// whole call instead, wrap the Client itself.
package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
)

// Version is the SDK version sent in User-Agent.
const Version = "0.1.0"

// Defaults applied by New to zero Config fields.
const (
	DefaultMaxAttempts   = 3
	DefaultBaseDelay     = 500 * time.Millisecond
	DefaultMaxDelay      = 20 * time.Second
	DefaultRetryAfterCap = 60 * time.Second
	DefaultRetryBudget   = 500
	DefaultTimeout       = 2 * time.Minute
	DefaultCoreVersion   = "2"
)

// Header names the transport sets or reads.
const (
	HeaderFlexportVersion    = "Flexport-Version"
	HeaderIdempotencyKey     = "Idempotency-Key"
	HeaderIdempotentReplayed = "Idempotent-Replayed"
)

// Config configures New. The zero value of every field but API selects the
// documented default.
type Config struct {
	// API selects the error format, headers and write-retry rules; required.
	API apierr.API

	// BaseURL is the configured base URL of the API. Credentials go only to
	// its scheme, host and port, and logs show the query values of its URLs
	// only for known harmless parameters. Nil uses the URL of the request
	// each call starts with.
	BaseURL *url.URL

	// TokenSource supplies the bearer token for every request (the Core API
	// key as a static token, or an OAuth2 client-credentials source). When it
	// has a TokenContext(ctx) method, that is called with the request's
	// context; any other source is waited for only until the context ends.
	// When it also has an Invalidate() method, a 401 response makes the
	// transport invalidate the token and re-send the request once with a
	// fresh one. Nil sends no Authorization.
	TokenSource oauth2.TokenSource

	// Version is the Core API's Flexport-Version: "2" (default), "3" or a
	// date YYYY-MM-DD not after today (UTC). It must be empty for Logistics.
	Version string

	// UserAgent is appended to "flexport-go/<Version> (go<version>)".
	UserAgent string

	// MaxAttempts bounds attempts per call, the first included (default 3;
	// 1 disables retries). WithAttempts overrides it per call.
	MaxAttempts int
	// BaseDelay and MaxDelay shape the full-jitter exponential backoff:
	// retry n waits a random time in [0, min(MaxDelay, BaseDelay·2ⁿ⁻¹))
	// (defaults 500 ms and 20 s), and never less than BaseDelay/4. A
	// Retry-After makes the wait longer, never shorter.
	BaseDelay, MaxDelay time.Duration
	// RetryAfterCap is the longest Retry-After the transport waits for
	// (default 60 s); beyond it the response is returned at once and the
	// error exposes the delay through RetryAfter.
	RetryAfterCap time.Duration
	// Retry500 makes 500 responses retryable like 502-504.
	Retry500 bool
	// RetryBudget is the capacity of the client-wide retry token bucket
	// (default 500). Each retry takes 5 tokens (10 after a timeout); a call
	// succeeding at once adds 1, one succeeding after a retry gives that
	// retry's tokens back; with the bucket empty, calls are not retried.
	// Negative disables the budget.
	RetryBudget int

	// RateLimiter, when set, is waited on before each attempt; the limiters
	// of WithRateLimiter contexts are waited on after it.
	RateLimiter Limiter
	// Logger, when set, receives one record per attempt, "flexport http
	// attempt", with api, method, path (on the base URL's origin, query
	// values redacted but for known harmless parameters; elsewhere no query
	// at all), host (when not the base URL's), attempt,
	// status or error, duration, correlation_id and idempotent_replayed when
	// present; at debug level also the request headers, credentials redacted.
	// Level Info, Warn for failed attempts and 5xx.
	Logger *slog.Logger
	// Middleware wraps each attempt, Middleware[0] outermost.
	Middleware []func(http.RoundTripper) http.RoundTripper
	// Base sends the requests (default NewBaseTransport()).
	Base http.RoundTripper
	// Timeout bounds a whole call: every attempt, the waits between them and
	// reading the response body (default 2 min). Negative means no overall
	// limit; the Base's own timeouts still apply. A context deadline that is
	// earlier wins.
	Timeout time.Duration
}

// Client sends requests through the stack. It implements the Do method the
// generated clients need, and is safe for concurrent use.
type Client struct {
	api  apierr.API
	http *http.Client
	base http.RoundTripper
}

// New validates cfg, applies defaults and builds the stack.
func New(cfg Config) (*Client, error) {
	if err := cfg.normalize(time.Now()); err != nil {
		return nil, err
	}
	base := cfg.Base
	if base == nil {
		base = NewBaseTransport()
	}
	rt := base
	for i := len(cfg.Middleware) - 1; i >= 0; i-- {
		if rt = cfg.Middleware[i](rt); rt == nil {
			return nil, fmt.Errorf("flexport: middleware %d returned a nil RoundTripper", i)
		}
	}
	if cfg.Logger != nil {
		rt = &logTransport{api: cfg.API, base: cfg.BaseURL, logger: cfg.Logger, next: rt}
	}
	rt = &retryTransport{
		api:           cfg.API,
		maxAttempts:   cfg.MaxAttempts,
		baseDelay:     cfg.BaseDelay,
		maxDelay:      cfg.MaxDelay,
		retryAfterCap: cfg.RetryAfterCap,
		retry500:      cfg.Retry500,
		budget:        newBudget(cfg.RetryBudget),
		limiter:       cfg.RateLimiter,
		next:          rt,
	}
	rt = &headerTransport{api: cfg.API, version: cfg.Version, userAgent: userAgent(cfg.UserAgent), next: rt}
	if cfg.TokenSource != nil {
		rt = &authTransport{api: cfg.API, base: cfg.BaseURL, src: cfg.TokenSource, next: rt}
	}
	rt = &callTransport{timeout: cfg.Timeout, next: rt}
	return &Client{api: cfg.API, http: &http.Client{Transport: rt, CheckRedirect: checkRedirect}, base: base}, nil
}

// Do sends req and returns the response of a 1xx-3xx status. A response of
// status 400 or more is read, closed and returned as a *apierr.CoreError or
// *apierr.LogisticsError; a call that got no usable response returns a
// *apierr.TransportError, and so does a later failure reading the returned
// body.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	ctx, call := ensureCall(req.Context())
	req = req.WithContext(ctx)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(req, call, err)
	}
	rctx := ctx // the innermost context, which carries the call's Timeout
	if resp.Request != nil {
		rctx = resp.Request.Context()
	}
	if resp.StatusCode >= 400 {
		err := apierr.FromResponse(c.api, resp, call.Attempts(), call.sentSecrets()...)
		var te *apierr.TransportError
		if errors.As(err, &te) {
			te.Err = withContextErr(rctx, te.Err)
		}
		return nil, err
	}
	resp.Body = &typedBody{ReadCloser: resp.Body, ctx: rctx, err: apierr.TransportError{
		API: c.api, Method: req.Method, Path: req.URL.Path, Op: "read body",
		Attempts: call.Attempts(), LastStatus: resp.StatusCode,
	}}
	return resp, nil
}

// CloseIdleConnections closes the Base's idle connections, if it can.
func (c *Client) CloseIdleConnections() {
	if b, ok := c.base.(interface{ CloseIdleConnections() }); ok {
		b.CloseIdleConnections()
	}
}

// NewBaseTransport returns the default Base: proxies from the environment,
// dial and TLS handshake timeouts of 10 s, a response header timeout of
// 30 s, HTTP/2 when the server offers it, and idle connections kept 90 s.
func NewBaseTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
	}
}

// normalize validates c and fills in defaults.
func (c *Config) normalize(now time.Time) error {
	switch c.API {
	case apierr.Core:
		if c.Version == "" {
			c.Version = DefaultCoreVersion
		}
		if err := ValidateVersion(c.Version, now); err != nil {
			return err
		}
	case apierr.Logistics:
		if c.Version != "" {
			return errors.New("flexport: Version (Flexport-Version) applies to the Core API only")
		}
	default:
		return fmt.Errorf("flexport: unknown API %d", int(c.API))
	}
	if strings.ContainsAny(c.UserAgent, "\r\n") {
		return errors.New("flexport: UserAgent must not contain line breaks")
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"BaseDelay", c.BaseDelay}, {"MaxDelay", c.MaxDelay}, {"RetryAfterCap", c.RetryAfterCap}} {
		if d.v < 0 {
			return fmt.Errorf("flexport: %s must not be negative, got %v", d.name, d.v)
		}
	}
	if c.MaxAttempts < 0 {
		return fmt.Errorf("flexport: MaxAttempts must not be negative, got %d", c.MaxAttempts)
	}
	for i, m := range c.Middleware {
		if m == nil {
			return fmt.Errorf("flexport: middleware %d is nil", i)
		}
	}
	c.MaxAttempts = cmpOr(c.MaxAttempts, DefaultMaxAttempts)
	c.BaseDelay = cmpOr(c.BaseDelay, DefaultBaseDelay)
	c.MaxDelay = cmpOr(c.MaxDelay, DefaultMaxDelay)
	if c.MaxDelay < c.BaseDelay {
		return fmt.Errorf("flexport: MaxDelay %v is shorter than BaseDelay %v", c.MaxDelay, c.BaseDelay)
	}
	c.RetryAfterCap = cmpOr(c.RetryAfterCap, DefaultRetryAfterCap)
	c.RetryBudget = cmpOr(c.RetryBudget, DefaultRetryBudget)
	c.Timeout = cmpOr(c.Timeout, DefaultTimeout)
	return nil
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

func userAgent(suffix string) string {
	ua := "flexport-go/" + Version + " (" + runtime.Version() + ")"
	if suffix = strings.TrimSpace(suffix); suffix != "" {
		ua += " " + suffix
	}
	return ua
}

// transportError converts an error of http.Client.Do into a
// *apierr.TransportError, dropping the *url.Error whose text carries the
// full URL, query included.
func (c *Client) transportError(req *http.Request, call *Call, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var te *apierr.TransportError
	if errors.As(err, &te) {
		return te
	}
	return &apierr.TransportError{
		API: c.api, Method: req.Method, Path: req.URL.Path, Op: redirectOp(err),
		Attempts: call.Attempts(), LastStatus: call.LastStatus(),
		Err: withContextErr(req.Context(), err),
	}
}

// withContextErr makes err match the context's error with errors.Is when the
// context is done (the net package reports an expired deadline as a plain
// "i/o timeout").
func withContextErr(ctx context.Context, err error) error {
	cerr := ctx.Err()
	if cerr == nil || err == nil || errors.Is(err, cerr) {
		return err
	}
	return fmt.Errorf("%w: %w", cerr, err)
}

// callTransport installs the Call and applies the overall timeout, which
// ends when the response body is closed or read to the end.
type callTransport struct {
	timeout time.Duration
	next    http.RoundTripper
}

func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, _ := ensureCall(req.Context())
	cancel := context.CancelFunc(func() {})
	if t.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, t.timeout)
	}
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelBody releases the call's timeout once the body is done with.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.cancel()
	}
	return n, err
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// typedBody turns body read failures into *apierr.TransportError.
type typedBody struct {
	io.ReadCloser
	ctx context.Context
	err apierr.TransportError // template
}

func (b *typedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		e := b.err
		e.Err = withContextErr(b.ctx, err)
		err = &e
	}
	return n, err
}
