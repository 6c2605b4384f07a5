// Package transport is the single execution path of every Flexport API
// request: a Client whose Do sets the headers every request carries, bounds
// the call, and turns failed responses into typed errors (package apierr),
// and an http.RoundTripper stack that http.Client sends each request, and
// each redirect, through.
//
// Do, once per call, before http.Client:
//
//	call     per-call state (Call), the call's settings (CallConfig) and
//	         the overall Timeout
//	headers  Flexport-Version (Core), User-Agent, Accept, idempotency-key
//	         (Logistics POST/PATCH), on a copy of the request
//
// The stack, outermost first:
//
//	retry    per attempt: the rate limiters, Authorization from the
//	         TokenSource (set in place), the log record; attempts, backoff,
//	         Retry-After, retry budget, one re-send after a 401
//	Middleware[0] ... Middleware[n-1]  user wrappers, once per attempt
//	Base     *http.Transport with dial, TLS and response-header timeouts
//
// A request is copied once per attempt and its headers are set in place:
// the first attempt sends the copy Do made, each retry one clone of it. User middleware sees every
// attempt with its final headers, so an OpenTelemetry wrapper records one
// client span per attempt; to trace the whole call instead, wrap the Client
// itself.
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
	// 1 disables retries). A CallConfig overrides it per call.
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
	// of the call's CallConfig are waited on after it.
	RateLimiter Limiter
	// Logger, when set, receives one record per attempt, "flexport http
	// attempt", with api, method, path (on the base URL's origin, query
	// values redacted but for known harmless parameters; elsewhere no query
	// at all), host (when not the base URL's), attempt,
	// status or error, duration, correlation_id and idempotent_replayed when
	// present; at debug level also the request headers, credentials redacted.
	// Level Debug for an attempt that succeeded, Warn for one that is
	// retried, Error for the failure that ends the call.
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
	api     apierr.API
	http    *http.Client
	base    http.RoundTripper
	timeout time.Duration
	headers headers
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
			return nil, fmt.Errorf("middleware %d returned a nil RoundTripper", i)
		}
	}
	retry := &retryTransport{
		api: cfg.API,
		policy: retryPolicy{maxAttempts: cfg.MaxAttempts, baseDelay: cfg.BaseDelay, maxDelay: cfg.MaxDelay,
			retryAfterCap: cfg.RetryAfterCap, retry500: cfg.Retry500},
		budget:  newBudget(cfg.RetryBudget),
		limiter: cfg.RateLimiter,
		next:    rt,
	}
	origin := baseOrigin(cfg.BaseURL)
	if cfg.TokenSource != nil {
		retry.auth = &authorizer{api: cfg.API, base: origin, src: cfg.TokenSource}
	}
	if cfg.Logger != nil {
		retry.log = &attemptLog{api: cfg.API, base: origin, logger: cfg.Logger}
	}
	return &Client{
		api:     cfg.API,
		http:    &http.Client{Transport: retry, CheckRedirect: checkRedirect},
		base:    base,
		timeout: cfg.Timeout,
		headers: newHeaders(&cfg),
	}, nil
}

// Do sends req and returns the response of a 1xx-3xx status. It sends a
// copy of req with the headers every request carries (see withHeaders),
// leaving req as it is. The context may carry a Call (NewCall) to report on, and a CallConfig
// (WithConfig) to change the client's settings for this call.
//
// A response of status 400 or more is read, closed and returned as a
// *apierr.CoreError or *apierr.LogisticsError; a call that got no usable
// response returns a *apierr.TransportError, and so does a later failure
// reading the returned body. The call's timeout runs until that body is
// read to the end or closed.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	call, ok := callOf(ctx)
	if !ok {
		ctx, call = NewCall(ctx)
	}
	cfg := configFrom(ctx)
	timeout := c.timeout
	if cfg != nil && cfg.Timeout != 0 {
		timeout = cfg.Timeout
	}
	cancel := context.CancelFunc(func() {})
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	}
	h, err := c.withHeaders(req, call, cfg)
	if err != nil {
		cancel()
		closeBody(req)
		return nil, err
	}
	req = req.WithContext(ctx) // a copy: the caller's request is left as it is
	req.Header = h
	resp, err := c.http.Do(req)
	if err != nil {
		cancel()
		return nil, c.transportError(req, call, err)
	}
	if resp.StatusCode >= 400 {
		err := apierr.FromResponse(c.api, resp, call.Attempts(), call.sentSecrets()...)
		var te *apierr.TransportError
		if errors.As(err, &te) {
			te.Err = withContextErr(ctx, te.Err)
		}
		cancel()
		return nil, err
	}
	resp.Body = &body{ReadCloser: resp.Body, ctx: ctx, cancel: cancel, err: apierr.TransportError{
		API: c.api, Method: req.Method, Path: req.URL.Path, Op: "read body",
		Attempts: call.Attempts(), LastStatus: resp.StatusCode, CorrelationID: call.RequestID(),
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
			return errors.New("the Version (Flexport-Version) applies to the Core API only")
		}
	default:
		return fmt.Errorf("unknown API %d", int(c.API))
	}
	if strings.ContainsAny(c.UserAgent, "\r\n") {
		return errors.New("UserAgent must not contain line breaks")
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"BaseDelay", c.BaseDelay}, {"MaxDelay", c.MaxDelay}, {"RetryAfterCap", c.RetryAfterCap}} {
		if d.v < 0 {
			return fmt.Errorf("%s must not be negative, got %v", d.name, d.v)
		}
	}
	if c.MaxAttempts < 0 {
		return fmt.Errorf("MaxAttempts must not be negative, got %d", c.MaxAttempts)
	}
	for i, m := range c.Middleware {
		if m == nil {
			return fmt.Errorf("middleware %d is nil", i)
		}
	}
	c.MaxAttempts = cmpOr(c.MaxAttempts, DefaultMaxAttempts)
	c.BaseDelay = cmpOr(c.BaseDelay, DefaultBaseDelay)
	c.MaxDelay = cmpOr(c.MaxDelay, DefaultMaxDelay)
	if c.MaxDelay < c.BaseDelay {
		return fmt.Errorf("MaxDelay %v is shorter than BaseDelay %v", c.MaxDelay, c.BaseDelay)
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
		Attempts: call.Attempts(), LastStatus: call.LastStatus(), CorrelationID: call.RequestID(),
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

// body is a response body returned by Do: it releases the call's timeout
// once read to the end or closed, and turns read failures into
// *apierr.TransportError.
type body struct {
	io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	err    apierr.TransportError // template
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	switch {
	case err == io.EOF:
		b.cancel()
	case err != nil:
		e := b.err
		e.Err = withContextErr(b.ctx, err)
		err = &e
	}
	return n, err
}

func (b *body) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
