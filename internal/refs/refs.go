// Package refs holds the reference types of the Core API models: an
// ObjectRef points to one object, a CollectionRef to a list of them. A
// response fetched with the expand parameter (core.WithExpand) carries the
// referenced object or list in place of the reference; these types decode
// every form and give typed access to what was expanded:
//
//   - a plain reference: {"_object":"/api/refs/object","ref_type":"/booking","link":"...","id":77}
//   - an expanded object: {"_object":"/booking","id":77,...}
//   - an expanded list, as a bare JSON array: [{"_object":"/ocean/shipment_container_leg",...},...]
//   - or as a collection object with data: {"_object":"/api/collections/paginated","data":[...],...}
//
// Expanded objects decode as the model type T, so expansion nests
// (expand=legs.container_legs). Whatever came is encoded back in the form it
// came, undeclared fields included. The generated models use these types
// through x-go-type in openapi/core/overlay.yaml; package core re-exports
// them.
package refs

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/flexport-go/flexport/internal/jsonx"
)

// Values of _object of the two plain reference forms.
const (
	ObjectRefObject     = "/api/refs/object"
	CollectionRefObject = "/api/refs/collection"
)

// ObjectRef is a reference to one object of type T: follow Link with
// core.Get, or expand it with core.WithExpand and read Expanded.
type ObjectRef[T any] struct {
	// Object is "/api/refs/object" for a plain reference, or the _object of
	// the expanded object.
	Object string `json:"_object"`
	// RefType is the _object of the referenced object ("/booking").
	RefType string `json:"ref_type"`
	// Link is the URL of the referenced object; "" when it was expanded
	// without one.
	Link string `json:"link"`
	// ID is the referenced object's id.
	ID int `json:"id"`
	// AdditionalProperties holds the plain reference's undeclared fields.
	AdditionalProperties map[string]json.RawMessage `json:",unknown"`

	// Expanded is the referenced object when the response expanded this
	// reference, else nil.
	Expanded *T `json:"-"`
}

// objectRefJSON is ObjectRef without its methods, for internal/jsonx.
type objectRefJSON[T any] ObjectRef[T]

// UnmarshalJSON decodes a plain reference or an expanded object.
func (r *ObjectRef[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if opensWith(b, ObjectRefObject) {
		// A plain reference: one pass (r.Object is checked again in case
		// the object names _object twice).
		*r = ObjectRef[T]{}
		if err := jsonx.Unmarshal(b, (*objectRefJSON[T])(r)); err == nil && r.Object == ObjectRefObject {
			return nil
		}
	}
	var p struct {
		Object string          `json:"_object"`
		ID     json.RawMessage `json:"id"`
	}
	if err := jsonx.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Object == ObjectRefObject {
		*r = ObjectRef[T]{}
		return jsonx.Unmarshal(b, (*objectRefJSON[T])(r))
	}
	v := new(T)
	if err := jsonx.Unmarshal(b, v); err != nil {
		return fmt.Errorf("expanded %s: %w", p.Object, err)
	}
	*r = ObjectRef[T]{Object: p.Object, Expanded: v}
	_ = jsonx.Unmarshal(p.ID, &r.ID) // a non-integer id stays in Expanded only
	return nil
}

// opensWith reports whether b, a JSON value, is an object whose first
// member is "_object": object, as Flexport writes every object. It tells a
// plain reference from an expanded object without decoding b; a reference
// written otherwise takes the slower path that decodes _object first.
func opensWith(b []byte, object string) bool {
	const space = " \t\r\n"
	rest, ok := bytes.CutPrefix(b, []byte("{"))
	if ok {
		rest, ok = bytes.CutPrefix(bytes.TrimLeft(rest, space), []byte(`"_object"`))
	}
	if ok {
		rest, ok = bytes.CutPrefix(bytes.TrimLeft(rest, space), []byte(":"))
	}
	rest = bytes.TrimLeft(rest, space)
	n := len(object)
	return ok && len(rest) > n+1 && rest[0] == '"' && string(rest[1:n+1]) == object && rest[n+1] == '"'
}

// UnmarshalJSONFrom decodes r from a streaming decoder (JSON v2).
func (r *ObjectRef[T]) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	v, err := d.ReadValue()
	if err != nil {
		return err
	}
	return r.UnmarshalJSON(v)
}

// MarshalJSON encodes the expanded object if there is one, else the plain
// reference.
func (r ObjectRef[T]) MarshalJSON() ([]byte, error) {
	if r.Expanded != nil {
		return jsonx.Marshal(r.Expanded)
	}
	return jsonx.Marshal((*objectRefJSON[T])(&r))
}

// MarshalJSONTo encodes r to a streaming encoder (JSON v2).
func (r ObjectRef[T]) MarshalJSONTo(e *jsontext.Encoder) error {
	if r.Expanded != nil {
		return jsonx.MarshalEncode(e, r.Expanded)
	}
	return jsonx.MarshalEncode(e, (*objectRefJSON[T])(&r))
}

// GetExpanded returns the expanded object, or nil when r is nil or was not
// expanded.
func (r *ObjectRef[T]) GetExpanded() *T {
	if r == nil {
		return nil
	}
	return r.Expanded
}

// GetLink returns the link of r, or "" when r is nil.
func (r *ObjectRef[T]) GetLink() string {
	if r == nil {
		return ""
	}
	return r.Link
}

// GetID returns the referenced object's id, or 0 when r is nil.
func (r *ObjectRef[T]) GetID() int {
	if r == nil {
		return 0
	}
	return r.ID
}
