// Package clientutil holds the request helpers that package core and
// package logistics share: reading and closing response bodies, the decode
// and validation errors, the guard of List walks, and small generic
// helpers for the generated service code. The generated code calls them through
// thin unexported wrappers in each package (deref, copyParams).
package clientutil

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/transport"
)

// DecodeError describes a failure to decode resp, a 2xx response of api:
// err itself when it is an *apierr.TransportError (the body could not be
// read), else an *apierr.DecodeError wrapping err.
func DecodeError(api apierr.API, resp *http.Response, err error) error {
	var te *apierr.TransportError
	if errors.As(err, &te) {
		return err
	}
	return apierr.NewDecodeError(api, resp, err)
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

// ValidateBody returns the error of body's Validate method as an
// *apierr.ValidationError of call ("core: Bookings.Create: ..."), when *T is
// a Validator, and nil otherwise. A nil body is checked as T's zero value,
// which is what the call would send.
func ValidateBody[T any](api apierr.API, call string, body *T) error {
	if body == nil {
		body = new(T)
	}
	v, ok := any(body).(Validator)
	if !ok {
		return nil
	}
	if err := v.Validate(); err != nil {
		return &apierr.ValidationError{API: api, Op: call, Err: err}
	}
	return nil
}

// Invalid returns the *apierr.ValidationError of call (which may be "")
// caused by err.
func Invalid(api apierr.API, call string, err error) error {
	return &apierr.ValidationError{API: api, Op: call, Err: err}
}

// Send runs one call with the settings co (nil for none): the context
// carries co's transport settings, and a Call when co asks for a CallInfo,
// which Send fills in afterwards; send gets an editor that adds co's query
// parameters to the request (one that does nothing, without any). E is the
// request editor type of a generated client.
func Send[E ~func(context.Context, *http.Request) error](ctx context.Context, co *clientopt.Call, send func(context.Context, E) (*http.Response, error)) (*http.Response, error) {
	ctx = co.Context(ctx)
	var call *transport.Call
	if co.WantsInfo() {
		ctx, call = transport.NewCall(ctx)
	}
	edit := E(noEdit)
	if co != nil && len(co.Query) > 0 {
		edit = func(_ context.Context, req *http.Request) error {
			co.AddQuery(req)
			return nil
		}
	}
	resp, err := send(ctx, edit)
	co.Report(call)
	return resp, err
}

// noEdit is the request editor of a call without query options.
func noEdit(context.Context, *http.Request) error { return nil }
