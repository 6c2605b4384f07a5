package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
)

// ErrInvalidVersion is wrapped by the errors of ValidateVersion.
var ErrInvalidVersion = errors.New("flexport: invalid Flexport-Version")

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

// headerTransport sets the headers every request carries.
type headerTransport struct {
	api       apierr.API
	version   string
	userAgent string
	next      http.RoundTripper
}

func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	r := req.Clone(ctx)
	h := r.Header
	if t.api == apierr.Core && h.Get(HeaderFlexportVersion) == "" {
		h.Set(HeaderFlexportVersion, t.version)
	}
	if h.Get("User-Agent") == "" {
		h.Set("User-Agent", t.userAgent)
	}
	if h.Get("Accept") == "" {
		h.Set("Accept", "application/json")
	}
	if t.api == apierr.Logistics && (r.Method == http.MethodPost || r.Method == http.MethodPatch) {
		call := callFrom(ctx)
		if k := h.Get(HeaderIdempotencyKey); k != "" {
			call.setIdempotencyKey(k)
		} else {
			k, err := call.idempotencyKeyFor(ctx)
			if err != nil {
				closeBody(req)
				return nil, &apierr.TransportError{API: t.api, Method: r.Method, Path: r.URL.Path, Op: "generate idempotency key", Err: err}
			}
			h.Set(HeaderIdempotencyKey, k)
		}
	}
	return t.next.RoundTrip(r)
}

// authTransport sets Authorization from a token source, and re-sends a
// request once with a fresh token after a 401 when the source can
// invalidate its token.
type authTransport struct {
	api  apierr.API
	base *url.URL // credentials go only to its origin; nil: the call's first request's
	src  oauth2.TokenSource
	next http.RoundTripper
}

// invalidator is implemented by token sources that can drop a cached token.
type invalidator interface{ Invalidate() }

// tokenInvalidator drops a cached token only if it is still the one given,
// so that concurrent 401s for one stale token cause one refresh, not one
// each (auth.CachingTokenSource implements it).
type tokenInvalidator interface{ InvalidateToken(*oauth2.Token) }

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if originOf(req.URL) != configuredOrigin(t.base, req) {
		// Credentials go only to the configured scheme, host and port: a
		// redirect to another host (a document on a storage service, say),
		// port or scheme must not receive the token.
		return t.next.RoundTrip(req)
	}
	r, sent, err := t.authorize(req, req, 0)
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	inv, ok := t.src.(invalidator)
	if !ok || !replayable(req) || req.Context().Err() != nil {
		return resp, nil
	}
	closeBody(r) // the first try's body must stop before a copy is made
	again, err := rewind(req)
	if err != nil {
		return resp, nil
	}
	discard(resp)
	if ti, ok := t.src.(tokenInvalidator); ok {
		ti.InvalidateToken(sent)
	} else {
		inv.Invalidate()
	}
	if again, _, err = t.authorize(req, again, http.StatusUnauthorized); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(again)
}

// authorize returns a clone of r with the source's current token, and the
// token.
func (t *authTransport) authorize(orig, r *http.Request, lastStatus int) (*http.Request, *oauth2.Token, error) {
	tok, err := tokenFor(orig.Context(), t.src)
	if err != nil {
		closeBody(r)
		return nil, nil, &apierr.TransportError{
			API: t.api, Method: orig.Method, Path: orig.URL.Path, Op: "obtain token",
			Attempts: callFrom(orig.Context()).Attempts(), LastStatus: lastStatus, Err: err,
		}
	}
	callFrom(orig.Context()).addSecret(tok.AccessToken)
	c := r.Clone(r.Context())
	tok.SetAuthHeader(c)
	return c, tok, nil
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
