// Package clientutil holds the request helpers that package core and
// package logistics share: the per-call options both APIs have, reading
// and closing response bodies, the decode error, and small generic helpers
// for the generated service code. The generated code calls them through
// thin unexported wrappers in each package (deref, copyParams).
package clientutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/transport"
)

// CallOptions are the per-call options both APIs have. Each package embeds
// them in its own call options.
type CallOptions struct {
	// Attempts, when positive, overrides the client's maximum attempts.
	Attempts int
	// Query holds query parameters to add to the request, in order.
	Query [][2]string
	// RateLimiters are waited on before each attempt, after the client's
	// limiter, in order.
	RateLimiters []transport.Limiter
}

// AddRateLimiter adds l, when not nil, to the call's rate limiters.
func (co *CallOptions) AddRateLimiter(l transport.Limiter) {
	if l != nil {
		co.RateLimiters = append(co.RateLimiters, l)
	}
}

// Collect applies opts in order, skipping nil ones, to a zero O and
// returns it.
func Collect[O any, F ~func(*O)](opts []F) O {
	var co O
	for _, o := range opts {
		if o != nil {
			o(&co)
		}
	}
	return co
}

// Context returns ctx carrying co's attempt limit and rate limiters, if
// any.
func (co *CallOptions) Context(ctx context.Context) context.Context {
	if co.Attempts > 0 {
		ctx = transport.WithAttempts(ctx, co.Attempts)
	}
	for _, l := range co.RateLimiters {
		ctx = transport.WithRateLimiter(ctx, l)
	}
	return ctx
}

// AddQuery adds co's query parameters to req's URL.
func (co *CallOptions) AddQuery(req *http.Request) {
	if len(co.Query) == 0 {
		return
	}
	q := req.URL.Query()
	for _, kv := range co.Query {
		q.Add(kv[0], kv[1])
	}
	req.URL.RawQuery = q.Encode()
}

// DecodeError describes a failure to decode resp, for package pkg: err
// itself when it is an *apierr.TransportError (the body could not be read),
// else "<pkg>: <method> <path>: decode <status> response: " and err.
func DecodeError(pkg string, resp *http.Response, err error) error {
	var te *apierr.TransportError
	if errors.As(err, &te) {
		return err
	}
	return fmt.Errorf("%s: %s %s: decode %d response: %w", pkg, resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, err)
}

// DrainClose reads a little of what is left of the body, so that the
// connection can be reused, and closes it.
func DrainClose(resp *http.Response) error {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	return resp.Body.Close()
}

// Deref returns *p, or T's zero value for nil.
func Deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// CopyParams returns a copy of *p (a new zero value for nil), so that paging
// never writes to the caller's parameters.
func CopyParams[T any](p *T) *T {
	if p == nil {
		return new(T)
	}
	c := *p
	return &c
}

// Validator is a request body that can check itself before it is sent:
// Validate reports the required fields it lacks.
type Validator interface {
	Validate() error
}

// ValidateBody returns the error of body's Validate method, prefixed with
// pkg and call ("core: Bookings.Create: ..."), when *T is a Validator, and
// nil otherwise. A nil body is checked as T's zero value, which is what the
// call would send.
func ValidateBody[T any](pkg, call string, body *T) error {
	if body == nil {
		body = new(T)
	}
	v, ok := any(body).(Validator)
	if !ok {
		return nil
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%s: %s: %w", pkg, call, err)
	}
	return nil
}
