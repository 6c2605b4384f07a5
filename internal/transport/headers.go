package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
)

// ErrInvalidVersion is wrapped by the errors of ValidateVersion.
var ErrInvalidVersion = errors.New("invalid Flexport-Version")

// ValidateVersion checks a Core API Flexport-Version: "2", "3", or a calendar
// date YYYY-MM-DD no later than now's date in UTC.
func ValidateVersion(v string, now time.Time) error {
	switch v {
	case "2", "3":
		return nil
	}
	if len(v) != len(time.DateOnly) || v[4] != '-' || v[7] != '-' {
		return fmt.Errorf(`%w %q: want "2", "3" or a date YYYY-MM-DD`, ErrInvalidVersion, v)
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return fmt.Errorf("%w %q: not a calendar date YYYY-MM-DD", ErrInvalidVersion, v)
	}
	y, m, day := now.UTC().Date()
	if today := time.Date(y, m, day, 0, 0, 0, 0, time.UTC); d.After(today) {
		return fmt.Errorf("%w %q: date is after today (%s UTC)", ErrInvalidVersion, v, today.Format(time.DateOnly))
	}
	return nil
}

// headers are the values every request of a client carries, each made
// once as the []string a header holds: setting them costs no allocation.
// Header.Set and Header.Add never write into a value slice (Add appends to
// a slice of capacity 1, which copies it), so sharing them is safe.
type headers struct {
	version, userAgent, accept []string
}

func newHeaders(cfg *Config) headers {
	one := func(v string) []string { return []string{v} }
	return headers{version: one(cfg.Version), userAgent: one(userAgent(cfg.UserAgent)), accept: one("application/json")}
}

// withHeaders returns the headers of a request Do sends: a new map with
// req's headers (their values shared, never modified) and those every
// request carries: Flexport-Version (Core; the call's when it has one),
// User-Agent, Accept, and the idempotency-key of Logistics POST and PATCH.
// Headers req already has are kept. Do sets them once, before http.Client
// sends the request, which copies them to the requests of redirects; the
// map has room for the Authorization the retry layer adds.
func (c *Client) withHeaders(req *http.Request, call *Call, cfg *CallConfig) (http.Header, error) {
	h := make(http.Header, len(req.Header)+5)
	for k, v := range req.Header {
		h[k] = v
	}
	if c.api == apierr.Core && h.Get(HeaderFlexportVersion) == "" {
		if cfg != nil && cfg.Version != "" {
			h.Set(HeaderFlexportVersion, cfg.Version)
		} else {
			h[HeaderFlexportVersion] = c.headers.version
		}
	}
	if h.Get("User-Agent") == "" {
		h["User-Agent"] = c.headers.userAgent
	}
	if h.Get("Accept") == "" {
		h["Accept"] = c.headers.accept
	}
	if c.api == apierr.Logistics && (req.Method == http.MethodPost || req.Method == http.MethodPatch) {
		if k := h.Get(HeaderIdempotencyKey); k != "" {
			call.setIdempotencyKey(k)
			return h, nil
		}
		k, err := call.idempotencyKeyFor(cfg)
		if err != nil {
			return nil, &apierr.TransportError{API: c.api, Method: req.Method, Path: req.URL.Path, Op: "generate idempotency key", Err: err}
		}
		h.Set(HeaderIdempotencyKey, k)
	}
	return h, nil
}

// authorizer puts a token source's bearer token on the requests of a call
// that go to the base URL's origin.
type authorizer struct {
	api  apierr.API
	base *origin // credentials go only there; nil: to the call's first request's origin
	src  oauth2.TokenSource
	last atomic.Pointer[authValue] // the Authorization of the latest token
}

// authValue is the Authorization header value of one token, made once.
type authValue struct {
	typ, access string
	header      []string
}

// invalidator is implemented by token sources that can drop a cached token.
type invalidator interface{ Invalidate() }

// tokenInvalidator drops a cached token only if it is still the one given,
// so that concurrent 401s for one stale token cause one refresh, not one
// each (auth.CachingTokenSource implements it).
type tokenInvalidator interface{ InvalidateToken(*oauth2.Token) }

// authorize sets r's Authorization, in place, to the source's current
// token, and returns the token; r is the request of one attempt, which no
// one else uses: the one Do made, a clone the retry layer made, or the
// request http.Client made to follow a redirect. A request to another origin than the configured one (a
// redirect to a document on a storage service, another port or scheme) is
// left alone and gets no token. lastStatus goes into the error when no
// token can be had.
func (a *authorizer) authorize(r *http.Request, call *Call, lastStatus int) (*oauth2.Token, error) {
	if originOf(r.URL) != configuredOrigin(a.base, r) {
		return nil, nil
	}
	tok, err := tokenFor(r.Context(), a.src)
	if err != nil {
		return nil, &apierr.TransportError{
			API: a.api, Method: r.Method, Path: r.URL.Path, Op: "obtain token",
			Attempts: call.Attempts(), LastStatus: lastStatus, Err: err,
		}
	}
	call.addSecret(tok.AccessToken)
	typ := tok.Type()
	v := a.last.Load()
	if v == nil || v.typ != typ || v.access != tok.AccessToken {
		v = &authValue{typ: typ, access: tok.AccessToken, header: []string{typ + " " + tok.AccessToken}}
		a.last.Store(v)
	}
	r.Header["Authorization"] = v.header
	return tok, nil
}

// canRefresh reports whether the source can drop a token the API refused.
func (a *authorizer) canRefresh() bool {
	_, ok := a.src.(invalidator)
	return ok
}

// invalidate tells the source that tok was refused.
func (a *authorizer) invalidate(tok *oauth2.Token) {
	if ti, ok := a.src.(tokenInvalidator); ok && tok != nil {
		ti.InvalidateToken(tok)
		return
	}
	if inv, ok := a.src.(invalidator); ok {
		inv.Invalidate()
	}
}

// contextTokenSource is implemented by token sources whose Token can give
// up when a caller's context ends (auth.CachingTokenSource, whose refresh
// goes on for the other callers waiting on it, and auth.StaticTokenSource).
type contextTokenSource interface {
	TokenContext(ctx context.Context) (*oauth2.Token, error)
}

// tokenFor returns src's token, or ctx's error once ctx is done: a hung
// token endpoint must not hold a call beyond its context. A source without
// TokenContext is asked in a goroutine that is left to finish on its own.
func tokenFor(ctx context.Context, src oauth2.TokenSource) (*oauth2.Token, error) {
	if cs, ok := src.(contextTokenSource); ok {
		return cs.TokenContext(ctx)
	}
	if ctx.Done() == nil {
		return src.Token()
	}
	type result struct {
		tok *oauth2.Token
		err error
	}
	ch := make(chan result, 1)
	go func() {
		tok, err := src.Token()
		ch <- result{tok, err}
	}()
	select {
	case r := <-ch:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}
