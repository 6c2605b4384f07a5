package jsonx_test

import (
	"encoding/json"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/conformance"
	"github.com/flexport-go/flexport/internal/jsonx"
)

// leg and stop are shaped like the generated models: declared fields, a map
// of undeclared fields tagged `,unknown`, a method-less twin and the four
// methods openapi/templates/typedef.tmpl writes.
type leg struct {
	Object               string                     `json:"_object"`
	ID                   *int                       `json:"id,omitempty"`
	Name                 *string                    `json:"name,omitempty"`
	Stops                *[]*stop                   `json:"stops,omitempty"`
	Origin               *stop                      `json:"origin,omitempty"`
	AdditionalProperties map[string]json.RawMessage `json:",unknown"`
}

type legJSON leg

func (s *leg) UnmarshalJSON(b []byte) error { return jsonx.Unmarshal(b, (*legJSON)(s)) }
func (s *leg) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return jsonx.UnmarshalDecode(d, (*legJSON)(s))
}
func (s leg) MarshalJSON() ([]byte, error)            { return jsonx.Marshal((*legJSON)(&s)) }
func (s leg) MarshalJSONTo(e *jsontext.Encoder) error { return jsonx.MarshalEncode(e, (*legJSON)(&s)) }

type stop struct {
	Code                 *string                    `json:"code,omitempty"`
	AdditionalProperties map[string]json.RawMessage `json:",unknown"`
}

type stopJSON stop

func (s *stop) UnmarshalJSON(b []byte) error { return jsonx.Unmarshal(b, (*stopJSON)(s)) }
func (s *stop) UnmarshalJSONFrom(d *jsontext.Decoder) error {
	return jsonx.UnmarshalDecode(d, (*stopJSON)(s))
}
func (s stop) MarshalJSON() ([]byte, error) { return jsonx.Marshal((*stopJSON)(&s)) }
func (s stop) MarshalJSONTo(e *jsontext.Encoder) error {
	return jsonx.MarshalEncode(e, (*stopJSON)(&s))
}

func TestUnknownFieldsKeptByteExact(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string // undeclared fields of the leg
		wantStop map[string]string // undeclared fields of the origin stop
	}{
		{
			name: "20-digit integer and nested object",
			in:   `{"_object":"/leg","id":7,"big":12345678901234567891,"nested":{"a":[1,2.50,{"b":null}],"c":"\u00e9"}}`,
			want: map[string]string{"big": `12345678901234567891`, "nested": `{"a":[1,2.50,{"b":null}],"c":"\u00e9"}`},
		},
		{
			name:     "undeclared fields of a nested model",
			in:       `{"_object":"/leg","origin":{"code":"CNSZX","lat":22.54300000000000000001,"tags":["x"]}}`,
			wantStop: map[string]string{"lat": `22.54300000000000000001`, "tags": `["x"]`},
		},
		{
			name: "names match exactly, never case-insensitively",
			in:   `{"_object":"/leg","Name":"kept aside","name":"declared"}`,
			want: map[string]string{"Name": `"kept aside"`},
		},
		{
			name: "null, empty string and empty array survive",
			in:   `{"_object":"/leg","name":"","stops":[],"gone":null}`,
			want: map[string]string{"gone": `null`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, decode := range []struct {
				name string
				fn   func([]byte, any) error
			}{{"encoding/json", json.Unmarshal}, {"jsonx", jsonx.Unmarshal}} {
				var l leg
				if err := decode.fn([]byte(tt.in), &l); err != nil {
					t.Fatalf("%s: %v", decode.name, err)
				}
				if diff := cmp.Diff(tt.want, rawStrings(l.AdditionalProperties)); diff != "" {
					t.Errorf("%s: undeclared fields (-want +got):\n%s", decode.name, diff)
				}
				if diff := cmp.Diff(tt.wantStop, rawStrings(l.Origin.getAP())); diff != "" {
					t.Errorf("%s: undeclared fields of origin (-want +got):\n%s", decode.name, diff)
				}
				for _, encode := range []struct {
					name string
					fn   func(any) ([]byte, error)
				}{{"encoding/json", json.Marshal}, {"jsonx", jsonx.Marshal}} {
					out, err := encode.fn(l)
					if err != nil {
						t.Fatalf("%s: %v", encode.name, err)
					}
					for k, v := range tt.want {
						if !containsMember(out, k, v) {
							t.Errorf("%s then %s: %s = %s is not in %s", decode.name, encode.name, k, v, out)
						}
					}
					diffs, err := conformance.Lossless([]byte(tt.in), out)
					if err != nil || len(diffs) > 0 {
						t.Errorf("%s then %s: %s loses %v (%v)", decode.name, encode.name, out, diffs, err)
					}
				}
			}
		})
	}
}

func (s *stop) getAP() map[string]json.RawMessage {
	if s == nil {
		return nil
	}
	return s.AdditionalProperties
}

func rawStrings(m map[string]json.RawMessage) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

// containsMember reports whether the encoded object has "k":v byte for byte.
func containsMember(out []byte, k, v string) bool {
	key, _ := json.Marshal(k)
	return bytesContains(out, string(key)+":"+v)
}

func bytesContains(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}

func TestErrors(t *testing.T) {
	for _, in := range []string{`{"_object":`, `{"id":"seven"}`, `[1]`, `{"_object":"/leg"} trailing`} {
		var l leg
		if err := jsonx.Unmarshal([]byte(in), &l); err == nil {
			t.Errorf("Unmarshal(%s) = nil error, want one", in)
		}
	}
}

// FuzzRoundTrip checks that whatever decodes re-encodes without losing,
// changing or inventing a value.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{
		`{"_object":"/leg","id":1,"x":12345678901234567891}`,
		`{"_object":"/leg","origin":{"code":"A","z":{"y":[1e400]}},"stops":[{"code":null},null]}`,
		`{"_object":"/x","name":"\ud83d\ude00","Name":1,"NAME":[]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var l leg
		if jsonx.Unmarshal(in, &l) != nil {
			return
		}
		v, err := conformance.DecodeJSON(in)
		if err != nil {
			return // accepted by the engine's legacy options only (e.g. invalid UTF-8)
		}
		if m, ok := v.(map[string]any); !ok || m["_object"] == nil {
			return // null, or no _object: a required field is encoded even when absent, as in the models
		}
		out, err := jsonx.Marshal(l)
		if err != nil {
			t.Fatalf("Marshal after a successful Unmarshal of %q: %v", in, err)
		}
		diffs, err := conformance.Lossless(in, out)
		if err != nil {
			t.Fatalf("%q -> %q: %v", in, out, err)
		}
		if len(diffs) > 0 {
			t.Fatalf("%q -> %q loses %v", in, out, diffs)
		}
	})
}
