package core

import "fmt"

// validator is implemented by the request bodies with required fields
// (openapi/templates/typedef.tmpl writes their Validate methods).
type validator interface{ Validate() error }

// validate checks a request body before anything is sent: a required field
// that is not set fails the call with an error naming the call and the JSON
// field ("core: Orders.Create: missing required field name"), wrapping a
// *jsonx.MissingFieldError.
func validate(method string, body any) error {
	v, ok := body.(validator)
	if !ok {
		return nil
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("core: %s: %w", method, err)
	}
	return nil
}
