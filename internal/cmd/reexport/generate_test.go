package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden re-exports testdata/gen/models.go.txt into the package in
// testdata/shop, with testdata/shop/hook as a user, and compares the result
// with testdata/shop/models.gen.go.golden: only Order, OrderLine,
// OrderStatus (with its constants), ListOrdersParams, Event, its union
// EventPayload and the union's member Refund (through AsRefund) are reached;
// Product (a field name only, or an unexported type), Taken (declared by
// hand), Internal (used in a body) and Box (generic) are not re-exported.
func TestGolden(t *testing.T) {
	got, err := Generate(Config{
		From:   filepath.Join("testdata", "gen", "models.go.txt"),
		Import: "example.com/gen/shopapi",
		Pkg:    "shop",
		Out:    filepath.Join("testdata", "shop", "models.gen.go"),
		Uses:   []string{filepath.Join("testdata", "shop", "hook")},
	})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "shop", "models.gen.go.golden")
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
		t.Errorf("Generate (-want +got):\n%s", diff)
	}
}

func TestGenerateErrors(t *testing.T) {
	if _, err := Generate(Config{From: filepath.Join("testdata", "missing.go"), Import: "x/y", Pkg: "p", Out: filepath.Join(t.TempDir(), "m.go")}); err == nil {
		t.Error("Generate with a missing input: nil error")
	}
}
