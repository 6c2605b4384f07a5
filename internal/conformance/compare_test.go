package conformance

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLossless(t *testing.T) {
	tests := []struct {
		name      string
		orig, out string
		want      []string
	}{
		{"identical", `{"a":1,"b":"x","c":[1,2]}`, `{"a":1,"b":"x","c":[1,2]}`, nil},
		{"null dropped", `{"a":null}`, `{}`, nil},
		{"absent as empty", `{}`, `{"a":{},"b":[]}`, nil},
		{"value lost", `{"a":{"b":1}}`, `{"a":{}}`, []string{"$.a.b: 1 is missing"}},
		{"value changed", `{"a":"x"}`, `{"a":"y"}`, []string{`$.a: "x" became "y"`}},
		{"null became value", `{"a":null}`, `{"a":0}`, []string{"$.a: null became 0"}},
		{"absent became value", `{}`, `{"a":false}`, []string{"$.a: absent field came back as false"}},
		{"numbers compared numerically", `{"a":1.50,"b":100}`, `{"a":1.5,"b":1e2}`, nil},
		{"number changed", `{"a":1.5}`, `{"a":1.25}`, []string{"$.a: 1.5 became 1.25"}},
		{"instants compared as instants", `{"a":"2019-05-30T01:29:00.440Z","b":"2018-11-15T00:00:00.000+08:00"}`, `{"a":"2019-05-30T01:29:00.44Z","b":"2018-11-15T00:00:00+08:00"}`, nil},
		{"instant changed", `{"a":"2019-05-30T01:29:00Z"}`, `{"a":"2019-05-30T01:29:01Z"}`, []string{`$.a: "2019-05-30T01:29:00Z" became "2019-05-30T01:29:01Z"`}},
		{"array shortened", `{"a":[1,2]}`, `{"a":[1]}`, []string{"$.a: 2 items became 1"}},
		{"type changed", `{"a":"1"}`, `{"a":1}`, []string{`$.a: "1" became 1`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Lossless([]byte(tt.orig), []byte(tt.out))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lossless(%s, %s) mismatch (-want +got):\n%s", tt.orig, tt.out, diff)
			}
		})
	}
}
