// Package clientutil holds the request helpers that package core and
// package logistics share: reading and closing response bodies, the decode
// and validation errors, the guard of List walks, and small generic
// helpers for the generated service code. The generated code calls them through
// thin unexported wrappers in each package (deref, copyParams).
package clientutil

import (
	"errors"
	"io"
	"net/http"

	"github.com/flexport-go/flexport/internal/apierr"
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
