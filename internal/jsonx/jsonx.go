// Package jsonx decodes and encodes the generated models in one streaming
// pass with the JSON v2 engine (github.com/go-json-experiment/json, the
// implementation of encoding/json/v2), keeping the fields Flexport sends that
// the document does not declare.
//
// A generated model that keeps undeclared fields has a map tagged
// `json:",unknown"`: the engine stores every member that matches no declared
// field there, as raw JSON bytes, so numbers never pass through float64 and
// nested objects come back byte for byte. Each such model has a method-less
// twin type and four one-line methods calling the functions below, so a
// model nested in another is decoded from the same stream: the bytes are
// scanned once, however deep the nesting (encoding/json re-scans the bytes
// of every nested value that has its own UnmarshalJSON).
//
// The options keep encoding/json's behaviour (null for nil slices and maps,
// omitempty as encoding/json defines it, sorted map keys, HTML escaping,
// duplicate names and invalid UTF-8 accepted) except one: member names match
// declared fields exactly, never case-insensitively, so that a member named
// like a field but spelt differently is kept as an undeclared field rather
// than lost.
package jsonx

import (
	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// options are the engine options of every call of this package; immutable:
// built once, never changed.
var options = json.JoinOptions(
	jsonv1.DefaultOptionsV1(),
	json.MatchCaseInsensitiveNames(false),
)

// Unmarshal decodes b into v (a pointer) in one pass.
func Unmarshal(b []byte, v any) error { return json.Unmarshal(b, v, options) }

// UnmarshalDecode decodes the next value of d into v, with d's options.
func UnmarshalDecode(d *jsontext.Decoder, v any) error { return json.UnmarshalDecode(d, v) }

// Marshal encodes v.
func Marshal(v any) ([]byte, error) { return json.Marshal(v, options) }

// MarshalEncode encodes v to e, with e's options.
func MarshalEncode(e *jsontext.Encoder, v any) error { return json.MarshalEncode(e, v) }

// MissingFieldError is returned by the generated Validate methods of request
// bodies: a required field is not set.
type MissingFieldError struct {
	// Field is the field's JSON name.
	Field string
}

// Error says which field is missing.
func (e *MissingFieldError) Error() string { return "missing required field " + e.Field }

// MissingField returns a *MissingFieldError for the JSON field name.
func MissingField(name string) error { return &MissingFieldError{Field: name} }
