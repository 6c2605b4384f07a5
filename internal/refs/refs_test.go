package refs_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/conformance"
	"github.com/flexport-go/flexport/internal/jsonx"
	"github.com/flexport-go/flexport/internal/refs"
)

// item stands for a model: it keeps undeclared fields like the generated
// ones.
type item struct {
	Object string                     `json:"_object"`
	ID     int                        `json:"id"`
	Sub    *refs.ObjectRef[item]      `json:"sub,omitempty"`
	Rest   map[string]json.RawMessage `json:",unknown"`
}

type holder struct {
	One  *refs.ObjectRef[item]     `json:"one,omitempty"`
	Many *refs.CollectionRef[item] `json:"many,omitempty"`
}

func TestForms(t *testing.T) {
	tests := []struct {
		name, in     string
		oneID        int
		oneExpanded  bool
		manyExpanded int
		nestedID     int
	}{
		{name: "plain refs", in: `{"one":{"_object":"/api/refs/object","ref_type":"/item","link":"https://x/items/1","id":1},"many":{"_object":"/api/refs/collection","ref_type":"/item","link":"https://x/items?f.a=1"}}`, oneID: 1},
		{name: "expanded object", in: `{"one":{"_object":"/item","id":2,"extra":[1]}}`, oneID: 2, oneExpanded: true},
		{name: "expanded bare array", in: `{"many":[{"_object":"/item","id":3},{"_object":"/item","id":4}]}`, manyExpanded: 2},
		{name: "expanded collection", in: `{"many":{"_object":"/api/collections/paginated","next":null,"total_count":1,"data":[{"_object":"/item","id":5}]}}`, manyExpanded: 1},
		{name: "nested expansion", in: `{"one":{"_object":"/item","id":6,"sub":{"_object":"/item","id":7,"n":12345678901234567891}}}`, oneID: 6, oneExpanded: true, nestedID: 7},
		{name: "plain refs, spaced, with undeclared fields", in: "{\"one\": {\n \"_object\" : \"/api/refs/object\", \"ref_type\":\"/item\", \"link\":\"l\", \"id\":8, \"extra\":[1]}, \"many\": {\"_object\":\"/api/refs/collection\", \"link\":\"l\", \"more\":true}}", oneID: 8},
		{name: "plain refs, _object last", in: `{"one":{"id":9,"ref_type":"/item","link":"l","_object":"/api/refs/object"},"many":{"link":"l","_object":"/api/refs/collection"}}`, oneID: 9},
		{name: "collection ref with data", in: `{"many":{"_object":"/api/refs/collection","link":"l","data":[{"_object":"/item","id":3}]}}`, manyExpanded: 1},
		{name: "empty array", in: `{"many":[]}`},
		{name: "null", in: `{"one":null,"many":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, dec := range []struct {
				name string
				fn   func([]byte, any) error
			}{{"encoding/json", json.Unmarshal}, {"jsonx", jsonx.Unmarshal}} {
				var h holder
				if err := dec.fn([]byte(tt.in), &h); err != nil {
					t.Fatalf("%s: %v", dec.name, err)
				}
				if got := h.One.GetID(); got != tt.oneID {
					t.Errorf("%s: one id %d, want %d", dec.name, got, tt.oneID)
				}
				if got := h.One.GetExpanded() != nil; got != tt.oneExpanded {
					t.Errorf("%s: one expanded %v, want %v", dec.name, got, tt.oneExpanded)
				}
				if got := len(h.Many.GetExpanded()); got != tt.manyExpanded {
					t.Errorf("%s: %d expanded items, want %d", dec.name, got, tt.manyExpanded)
				}
				if got := h.One.GetExpanded().subID(); got != tt.nestedID {
					t.Errorf("%s: nested id %d, want %d", dec.name, got, tt.nestedID)
				}
				out, err := json.Marshal(h)
				if err != nil {
					t.Fatal(err)
				}
				diffs, err := conformance.Lossless([]byte(tt.in), out)
				if err != nil || len(diffs) > 0 {
					t.Errorf("%s: %s -> %s loses %v (%v)", dec.name, tt.in, out, diffs, err)
				}
			}
		})
	}
}

func (i *item) subID() int {
	if i == nil {
		return 0
	}
	return i.Sub.GetExpanded().id()
}

func (i *item) id() int {
	if i == nil {
		return 0
	}
	return i.ID
}

// TestObjectNamedTwice decodes references naming _object twice: the last
// one counts, as for every member named twice.
func TestObjectNamedTwice(t *testing.T) {
	var h holder
	in := `{"one":{"_object":"/api/refs/object","_object":"/item","id":10},"many":{"_object":"/api/refs/collection","_object":"/x","data":[]}}`
	if err := jsonx.Unmarshal([]byte(in), &h); err != nil {
		t.Fatal(err)
	}
	got := []any{h.One.Object, h.One.GetExpanded().id(), h.Many.Object, h.Many.GetExpanded() != nil}
	if want := []any{"/item", 10, "/x", true}; !cmp.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestErrors(t *testing.T) {
	for _, in := range []string{
		`{"one":{"_object":"/item","id":"x"}}`,
		`{"many":[{"_object":"/item","id":"x"}]}`,
		`{"many":{"data":[1]}}`,
		`{"one":[1]}`,
		`{"one":{"_object":"/api/refs/object","id":"x"}}`,
		`{"many":{"_object":"/api/refs/collection","link":1}}`,
		`{"many":"text"}`,
	} {
		var h holder
		if err := jsonx.Unmarshal([]byte(in), &h); err == nil {
			t.Errorf("Unmarshal(%s) = nil error", in)
		}
	}
}

// FuzzRefs checks that every reference that decodes re-encodes as JSON that
// decodes to the same value (a stable round trip). Losslessness on real
// shapes is TestForms's.
func FuzzRefs(f *testing.F) {
	for _, s := range []string{
		`{"one":{"_object":"/api/refs/object","ref_type":"/item","link":"l","id":1}}`,
		`{"one":{"_object":"/item","id":2,"sub":{"_object":"/item","id":3}}}`,
		`{"many":[{"_object":"/item","id":4}]}`,
		`{"many":{"_object":"/api/collections/paginated","data":[],"next":"n"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var h holder
		if jsonx.Unmarshal(in, &h) != nil {
			return
		}
		if _, err := conformance.DecodeJSON(in); err != nil {
			return
		}
		out, err := jsonx.Marshal(h)
		if err != nil {
			t.Fatalf("Marshal after a successful Unmarshal of %q: %v", in, err)
		}
		var again holder
		if err := jsonx.Unmarshal(out, &again); err != nil {
			t.Fatalf("%q re-encodes as %q, which does not decode: %v", in, out, err)
		}
		out2, err := jsonx.Marshal(again)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("re-encoding is not stable: %q -> %q -> %q (%v)", in, out, out2, err)
		}
	})
}
