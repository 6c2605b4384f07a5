package refs

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/flexport-go/flexport/internal/jsonx"
)

// CollectionRef is a reference to a list of objects of type T: walk Link
// with core.List, or expand it with core.WithExpand and range over Expanded.
type CollectionRef[T any] struct {
	// Object is "/api/refs/collection" for a plain reference, the _object of
	// the collection object an expansion came in, or "" for a bare array.
	Object string `json:"_object"`
	// RefType is the _object of the referenced objects
	// ("/ocean/shipment_container_leg").
	RefType string `json:"ref_type,omitempty"`
	// Link is the URL of the list; "" when it was expanded without one.
	Link string `json:"link,omitempty"`
	// AdditionalProperties holds the undeclared fields of a plain reference
	// or of the collection object an expansion came in (next, total_count,
	// ...), as raw JSON.
	AdditionalProperties map[string]json.RawMessage `json:",unknown"`

	// Expanded holds the referenced objects when the response expanded this
	// reference, else nil.
	Expanded []*T `json:"-"`
	// form is how the value came, to encode it back the same way.
	form form
}

type form uint8

const (
	formRef        form = iota // a plain reference (or built by hand)
	formArray                  // an expanded bare array
	formCollection             // an expanded collection object with data
)

// collectionRefJSON is CollectionRef without its methods.
type collectionRefJSON[T any] CollectionRef[T]

// expandedCollection is an expanded collection object: its data, and the
// rest of it.
type expandedCollection[T any] struct {
	Object  string                     `json:"_object"`
	RefType string                     `json:"ref_type,omitempty"`
	Link    string                     `json:"link,omitempty"`
	Data    []*T                       `json:"data"`
	Rest    map[string]json.RawMessage `json:",unknown"`
}

// UnmarshalJSON decodes a plain reference, a bare array or a collection
// object.
func (r *CollectionRef[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '[':
		var items []*T
		if err := jsonx.Unmarshal(b, &items); err != nil {
			return fmt.Errorf("expanded list: %w", err)
		}
		*r = CollectionRef[T]{Expanded: items, form: formArray}
		return nil
	}
	if opensWith(b, CollectionRefObject) {
		// A plain reference: one pass (unless it has data, which makes it
		// an expanded collection whatever its _object).
		*r = CollectionRef[T]{}
		if err := jsonx.Unmarshal(b, (*collectionRefJSON[T])(r)); err == nil {
			if _, ok := r.AdditionalProperties["data"]; !ok {
				return nil
			}
		}
	}
	var p struct {
		Object string          `json:"_object"`
		Data   json.RawMessage `json:"data"`
	}
	if err := jsonx.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Data == nil {
		*r = CollectionRef[T]{}
		return jsonx.Unmarshal(b, (*collectionRefJSON[T])(r))
	}
	var c expandedCollection[T]
	if err := jsonx.Unmarshal(b, &c); err != nil {
		return fmt.Errorf("expanded %s: %w", p.Object, err)
	}
	*r = CollectionRef[T]{Object: c.Object, RefType: c.RefType, Link: c.Link, AdditionalProperties: c.Rest, Expanded: c.Data, form: formCollection}
	return nil
}

// UnmarshalJSONFrom decodes r from a streaming decoder (JSON v2).
func (r *CollectionRef[T]) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	v, err := d.ReadValue()
	if err != nil {
		return err
	}
	return r.UnmarshalJSON(v)
}

// MarshalJSON encodes r in the form it came in: a plain reference, a bare
// array or a collection object. A CollectionRef built by hand with Expanded
// set encodes as a bare array.
func (r CollectionRef[T]) MarshalJSON() ([]byte, error) {
	switch {
	case r.form == formCollection:
		return jsonx.Marshal(expandedCollection[T]{Object: r.Object, RefType: r.RefType, Link: r.Link, Data: r.Expanded, Rest: r.AdditionalProperties})
	case r.form == formArray || r.Expanded != nil:
		return jsonx.Marshal(r.Expanded)
	}
	return jsonx.Marshal((*collectionRefJSON[T])(&r))
}

// MarshalJSONTo encodes r to a streaming encoder (JSON v2).
func (r CollectionRef[T]) MarshalJSONTo(e *jsontext.Encoder) error {
	b, err := r.MarshalJSON()
	if err != nil {
		return err
	}
	return e.WriteValue(b)
}

// GetExpanded returns the expanded objects, or nil when r is nil or was not
// expanded.
func (r *CollectionRef[T]) GetExpanded() []*T {
	if r == nil {
		return nil
	}
	return r.Expanded
}

// GetLink returns the link of r, or "" when r is nil.
func (r *CollectionRef[T]) GetLink() string {
	if r == nil {
		return ""
	}
	return r.Link
}
