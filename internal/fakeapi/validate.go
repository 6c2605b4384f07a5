package fakeapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// requestOptions validate requests: credentials are the Authenticate
// hook's business, and the document's defaults are filled in.
var requestOptions = &openapi3filter.Options{
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
}

// validate validates r against its operation and sets r.Query (with the
// document's defaults). It returns a 400 *Error naming the problem.
func (s *Spec) validate(r *Request) *Error {
	// Validation writes the document's defaults into the request's URL:
	// give it a copy, so that the caller's request stays as sent.
	req := *r.Request
	u := *r.URL
	req.URL = &u
	req.Body = io.NopCloser(bytes.NewReader(r.Body))
	in := &openapi3filter.RequestValidationInput{
		Request:    &req,
		PathParams: r.Params,
		Route:      r.Op.route,
		Options:    requestOptions,
	}
	err := openapi3filter.ValidateRequest(r.Context(), in)
	r.Query = u.Query()
	if err != nil {
		return Errorf(http.StatusBadRequest, "invalid_request", "%s", Describe(err))
	}
	if sc := s.RequestSchema(r.Op.ID); sc != nil && len(r.Body) > 0 {
		var v any
		if json.Unmarshal(r.Body, &v) == nil {
			if ptr := requiredNull(sc, v, ""); ptr != "" {
				return Errorf(http.StatusBadRequest, "invalid_request", "request body at %s: required property is null", ptr)
			}
		}
	}
	return nil
}

// requiredNull returns the JSON pointer of the first property of v that s
// requires and v sets to null, or "". The curated documents make every
// field nullable so that responses decode losslessly; a request must
// still give a value to what it requires, as the API does.
func requiredNull(s *openapi3.Schema, v any, at string) string {
	if s == nil {
		return ""
	}
	for _, sub := range s.AllOf {
		if p := requiredNull(sub.Value, v, at); p != "" {
			return p
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, name := range s.Required {
			if val, ok := v[name]; ok && val == nil {
				return at + "/" + name
			}
		}
		for _, name := range slices.Sorted(maps.Keys(v)) {
			if p := s.Properties[name]; p != nil {
				if ptr := requiredNull(p.Value, v[name], at+"/"+name); ptr != "" {
					return ptr
				}
			}
		}
	case []any:
		if s.Items != nil {
			for i, it := range v {
				if ptr := requiredNull(s.Items.Value, it, fmt.Sprintf("%s/%d", at, i)); ptr != "" {
					return ptr
				}
			}
		}
	}
	return ""
}

// Describe returns a one-line description of a validation error of
// openapi3filter: the parameter or the body, the JSON pointer of the value
// and the reason, without the schema or the value.
func Describe(err error) string {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return err.Error()
	}
	where := "request"
	switch {
	case re.Parameter != nil:
		where = fmt.Sprintf("%s parameter %q", re.Parameter.In, re.Parameter.Name)
	case re.RequestBody != nil:
		where = "request body"
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		ptr := strings.Join(se.JSONPointer(), "/")
		if ptr != "" {
			where += " at /" + ptr
		}
		return where + ": " + se.Reason
	}
	reason := re.Reason
	if re.Err != nil {
		var inner *openapi3filter.ParseError
		if errors.As(re.Err, &inner) {
			reason = strings.TrimSpace(reason + " " + inner.Error())
		} else if reason == "" || !strings.Contains(reason, re.Err.Error()) {
			reason = strings.TrimSpace(reason + ": " + re.Err.Error())
		}
	}
	return where + ": " + strings.TrimPrefix(reason, ": ")
}

// checkResponse validates resp, the response to r, against the document:
// its status, its media type and its body.
func (s *Spec) checkResponse(r *Request, resp *Response) error {
	header := resp.Header
	if header == nil {
		header = http.Header{}
	}
	req := r.Request.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(r.Body))
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: r.Params, Route: r.Op.route, Options: requestOptions,
		},
		Status:  resp.Status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(resp.Body)),
		Options: &openapi3filter.Options{MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(r.Context(), in); err != nil {
		return fmt.Errorf("%s %s -> %d: %w", r.Method, r.URL.RequestURI(), resp.Status, err)
	}
	return nil
}
