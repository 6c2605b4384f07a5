package main

import (
	"path/filepath"
	"testing"

	"github.com/flexport-go/flexport/internal/testutil"
)

// TestGenerateReachable re-exports testdata/gen/models.go.txt into the package in
// testdata/shop, with testdata/shop/hook as a user, and compares the result
// with testdata/shop/models.gen.go.golden: only Order, OrderLine,
// OrderStatus (with its constants), ListOrdersParams, Event, its union
// EventPayload and the union's member Refund (through AsRefund) are reached;
// Product (a field name only, or an unexported type), Taken (declared by
// hand), Internal (used in a body) and Box (generic) are not re-exported.
func TestGenerateReachable(t *testing.T) {
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
	testutil.Golden(t, filepath.Join("testdata", "shop", "models.gen.go.golden"), got, *update)
}

func TestGenerateErrors(t *testing.T) {
	if _, err := Generate(Config{From: filepath.Join("testdata", "missing.go"), Import: "x/y", Pkg: "p", Out: filepath.Join(t.TempDir(), "m.go")}); err == nil {
		t.Error("Generate with a missing input: nil error")
	}
}
