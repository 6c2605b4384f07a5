// Package clientopt holds the option vocabulary of package core and package
// logistics. Every option of both is an Option made here: a name, what it
// does to a client (NewClient) and what it does to one call, either of which
// may be missing. A knob both APIs have is declared once, here, and each
// package wraps it in a one-line function of the same name; the parity test
// (parity_test.go) checks that no knob has two names.
//
// Options check their arguments when they are applied. Their errors carry
// no package prefix ("WithMaxAttempts: 0 attempts; ..."): ApplyClient adds
// "core: " or "logistics: ", and ApplyCall returns an *apierr.ValidationError,
// whose text starts the same way.
package clientopt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/transport"
)

// Option is one option: what it does to a client, to a call, or both.
type Option struct {
	// Name is the public function that made it ("WithTimeout").
	Name string
	// Client applies it to NewClient's settings; nil when it does not
	// configure clients.
	Client func(*Settings) error
	// Call applies it to a call's settings; nil when it does not configure
	// calls.
	Call func(*Call) error
}

// Settings is what the options of NewClient set.
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
	// Prefetch is how many pages a List may fetch at once (Core).
	Prefetch int
	// TokenSource is the credential; Credentials counts the credential
	// options given (see Credential).
	TokenSource oauth2.TokenSource
	Credentials int
}

// Call is what the options of one call set. A nil *Call is a call without
// options: its methods then return the client's settings.
type Call struct {
	// Transport is what the call changes of the transport's settings, nil
	// when no option changes any; it goes with the call's context (see
	// Context).
	Transport *transport.CallConfig
	// Query holds query parameters to add to the request, in order.
	Query [][2]string
	// Info, when set, receives what the call recorded.
	Info *transport.CallInfo
	// MaxResponseBytes, MaxPages and Prefetch, when positive, replace the
	// client's.
	MaxResponseBytes int64
	MaxPages         int
	Prefetch         int
}

// Defaults of the limits on network input.
const (
	// DefaultMaxResponseBytes bounds a decoded response body: 64 MiB, far
	// above a page of 100 objects.
	DefaultMaxResponseBytes = 64 << 20
	// DefaultMaxPages bounds one List walk: 10,000 pages, a million items
	// at 100 a page.
	DefaultMaxPages = 10_000
)

// ApplyClient applies opts, each reached through get, to s in order, and
// stops at the first error: an option that does not configure clients, or
// invalid arguments. The error starts with "<api>: ".
func ApplyClient[O any](api apierr.API, s *Settings, opts []O, get func(O) Option) error {
	for _, o := range opts {
		opt := get(o)
		var err error
		switch {
		case opt.Client != nil:
			err = opt.Client(s)
		case opt.Call != nil:
			err = fmt.Errorf("%s configures one call: give it to a method, not to NewClient", opt.Name)
		default:
			err = errZero
		}
		if err != nil {
			return fmt.Errorf("%s: %w", api, err)
		}
	}
	return nil
}

// ApplyCall applies opts, each reached through get, to the settings of a
// new call, or returns nil when there are none. An option that does not
// configure calls, or invalid arguments, make an *apierr.ValidationError.
func ApplyCall[O any](api apierr.API, opts []O, get func(O) Option) (*Call, error) {
	if len(opts) == 0 {
		return nil, nil
	}
	c := new(Call)
	for _, o := range opts {
		opt := get(o)
		var err error
		switch {
		case opt.Call != nil:
			err = opt.Call(c)
		case opt.Client != nil:
			err = fmt.Errorf("%s configures a client: give it to NewClient, not to a call", opt.Name)
		default:
			err = errZero
		}
		if err != nil {
			return nil, &apierr.ValidationError{API: api, Err: err}
		}
	}
	return c, nil
}

// errZero is the error of an Option value not made by a With function.
var errZero = errors.New("zero Option: make options with the With functions")

// transport returns the call's transport settings, making them on first
// use.
func (c *Call) transport() *transport.CallConfig {
	if c.Transport == nil {
		c.Transport = new(transport.CallConfig)
	}
	return c.Transport
}

// Context returns ctx carrying the call's transport settings, if an option
// set any. They do not change afterwards: options are applied only when a
// Call is made.
func (c *Call) Context(ctx context.Context) context.Context {
	if c == nil || c.Transport == nil {
		return ctx
	}
	return transport.WithConfig(ctx, c.Transport)
}

// AddQuery adds the call's query parameters to req's URL.
func (c *Call) AddQuery(req *http.Request) {
	if c == nil || len(c.Query) == 0 {
		return
	}
	q := req.URL.Query()
	for _, kv := range c.Query {
		q.Add(kv[0], kv[1])
	}
	req.URL.RawQuery = q.Encode()
}

// WantsInfo reports whether the caller asked for the call's CallInfo.
func (c *Call) WantsInfo() bool { return c != nil && c.Info != nil }

// Report gives the caller what call recorded, if asked for.
func (c *Call) Report(call *transport.Call) {
	if c.WantsInfo() && call != nil {
		*c.Info = call.Info()
	}
}

// ResponseLimit returns the call's response body limit, else the client's.
func (c *Call) ResponseLimit(client int64) int64 {
	if c != nil && c.MaxResponseBytes > 0 {
		return c.MaxResponseBytes
	}
	return client
}

// PageLimit returns the call's page limit, else the client's.
func (c *Call) PageLimit(client int) int {
	if c != nil && c.MaxPages > 0 {
		return c.MaxPages
	}
	return client
}

// PrefetchLimit returns how many pages the call's List may fetch at once:
// the call's WithPrefetch, else the client's.
func (c *Call) PrefetchLimit(client int) int {
	if c != nil && c.Prefetch > 0 {
		return c.Prefetch
	}
	return client
}

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

// Credential returns the one credential the options gave, or the error
// for none ("<api>: no credentials: use " + which) or several.
func (s *Settings) Credential(api apierr.API, which string) (oauth2.TokenSource, error) {
	switch {
	case s.Credentials == 0:
		return nil, fmt.Errorf("%s: no credentials: use %s", api, which)
	case s.Credentials > 1:
		return nil, fmt.Errorf("%s: more than one credential option given; use exactly one", api)
	}
	return s.TokenSource, nil
}

// TransportConfig returns s.Transport completed with the HTTP client: its
// Transport (http.DefaultTransport when nil) becomes the Base, and its
// Timeout, when set, bounds each call unless a timeout was given. Without
// an HTTP client the Base stays nil (transport.New's default).
func (s *Settings) TransportConfig() transport.Config {
	cfg := s.Transport
	if s.HTTPClient == nil {
		return cfg
	}
	cfg.Base = s.HTTPClient.Transport
	if cfg.Base == nil {
		cfg.Base = http.DefaultTransport
	}
	if cfg.Timeout == 0 && s.HTTPClient.Timeout > 0 {
		cfg.Timeout = s.HTTPClient.Timeout
	}
	return cfg
}

// ParseBaseURL parses a base URL: it must be an absolute http or https URL
// with a host, without user information, query (not even a lone "?") or
// fragment. The result has no trailing slash and no RawPath.
func ParseBaseURL(api apierr.API, s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%s: malformed base URL: %w", api, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%s: base URL %q: scheme must be http or https", api, s)
	case u.Host == "":
		return nil, fmt.Errorf("%s: base URL %q has no host", api, s)
	case u.User != nil:
		return nil, fmt.Errorf("%s: base URL must not carry credentials", api)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, QueryError(api, s)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// QueryError is ParseBaseURL's error for a base URL s with a query or a
// fragment.
func QueryError(api apierr.API, s string) error {
	return fmt.Errorf("%s: base URL %q must not have a query or fragment", api, s)
}
