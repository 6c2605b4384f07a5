package core

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/flexport-go/flexport/internal/apierr"
)

// ErrObjectMismatch is wrapped by the error of Get, List and the services
// when Flexport returns an object of another type than the one asked for,
// e.g. core.Get[core.Booking] on a link to a shipment leg:
//
//	core: GET /shipment_legs/7: got a "/shipment_leg" object, want "/booking" (core.Booking)
var ErrObjectMismatch = errors.New("object of another type")

// ObjectMismatchError reports an object whose _object is not its model's,
// in a 2xx response. It satisfies Error, like every error of a call.
type ObjectMismatchError struct {
	// Method and Path are the request's.
	Method, Path string
	// Got is the _object Flexport sent; Want is the model's.
	Got, Want string
	// Model is the Go type asked for.
	Model string
	// Status is the response's HTTP status; CorrelationID its request id.
	Status        int
	CorrelationID string
}

// Error names both types.
func (e *ObjectMismatchError) Error() string {
	return fmt.Sprintf("core: %s %s: got a %q object, want %q (%s)", e.Method, e.Path, e.Got, e.Want, e.Model)
}

// Unwrap makes errors.Is(err, ErrObjectMismatch) true.
func (e *ObjectMismatchError) Unwrap() error { return ErrObjectMismatch }

// StatusCode returns e.Status.
func (e *ObjectMismatchError) StatusCode() int { return e.Status }

// RequestID returns e.CorrelationID.
func (e *ObjectMismatchError) RequestID() string { return e.CorrelationID }

// Retryable returns false: the same link would return the same object.
func (e *ObjectMismatchError) Retryable() bool { return false }

// RetryAfter returns zero.
func (e *ObjectMismatchError) RetryAfter() time.Duration { return 0 }

// objectTyper is implemented by the models whose _object is known (from the
// recorded responses, never the document's examples): see x-flexport-object
// in openapi/core/overlay.yaml and openapi/templates/typedef.tmpl, which
// writes both methods.
type objectTyper interface {
	ObjectType() string // the model's _object
	GetObject() string  // the decoded object's _object
}

// checkObject returns an *ObjectMismatchError when v, a decoded model, has
// an _object other than its type's. Models without a known _object, and
// objects without one, pass.
func checkObject[T any](resp *http.Response, v *T) error {
	typer, ok := any(v).(objectTyper)
	if !ok || v == nil {
		return nil
	}
	want, got := typer.ObjectType(), typer.GetObject()
	if got == "" || got == want {
		return nil
	}
	// The models are re-exported from this package: name them core.X.
	model := strings.Replace(fmt.Sprintf("%T", *v), "coreapi.", "core.", 1)
	e := &ObjectMismatchError{Got: got, Want: want, Model: model}
	if resp != nil {
		e.Status, e.CorrelationID = resp.StatusCode, apierr.RequestIDFrom(resp.Header)
		if resp.Request != nil {
			e.Method, e.Path = resp.Request.Method, resp.Request.URL.Path
		}
	}
	return e
}
