package specpipe

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of the structural copy")

// TestStructuralGolden strips a small document and compares the result with
// testdata/structural.golden.json: descriptions, summaries, titles,
// examples, tags, servers and x- extensions go; a property named
// "description", header names starting with x-, response descriptions
// (emptied) and everything structural stay.
func TestStructuralGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "structural.in.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Structural(in)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "structural.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("Structural (-want +got):\n%s", diff)
	}
	again, err := Structural(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Error("Structural is not deterministic")
	}
}

func TestStructuralRejects(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"not YAML", "{"},
		{"not a mapping", "- a\n- b\n"},
		{"not OpenAPI", "openapi: 3.0.0\npaths: 7\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Structural([]byte(tc.in)); err == nil {
				t.Errorf("Structural(%q) = nil error", tc.in)
			}
		})
	}
}
