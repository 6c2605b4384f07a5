package clientutil

import "fmt"

// validator is implemented by the request bodies with required fields
// (openapi/templates/typedef.tmpl writes their Validate methods).
type validator interface{ Validate() error }

// Validate checks a request body before anything is sent: a required field
// that is not set fails the call with an error naming the package, the call
// and the JSON field ("core: Bookings.Create: missing required field
// cargo_ready_date"), wrapping the body's *jsonx.MissingFieldError.
func Validate(pkg, method string, body any) error {
	v, ok := body.(validator)
	if !ok {
		return nil
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("%s: %s: %w", pkg, method, err)
	}
	return nil
}
