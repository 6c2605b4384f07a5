package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/specpipe"
)

// TestMakePullRejectsChangedMirror runs `make pull` against a mirror whose
// document differs from the pin: it must fail, naming the document and both
// the pinned and the actual sha256.
func TestMakePullRejectsChangedMirror(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	mirror := filepath.Join(tmp, "mirror")
	if err := os.Mkdir(mirror, 0o755); err != nil {
		t.Fatal(err)
	}
	pinned := []byte("openapi: 3.0.0\ninfo: {title: pinned, version: '1'}\npaths: {}\n")
	changed := []byte("openapi: 3.0.0\ninfo: {title: changed, version: '2'}\npaths: {}\n")
	logistics := []byte(`{"openapi":"3.0.0"}`)
	pins := &specpipe.Pins{Documents: []specpipe.Pin{
		{Name: "core-v2", URL: "https://api.flexport.com/docs/v2/flexport", File: "core-v2.yaml", SHA256: specpipe.SHA256Hex(pinned), Date: "2026-11-24"},
		{Name: "logistics-2023-10", URL: "https://logistics-api.flexport.com/logistics/api/2023-10/documentation/raw", File: "logistics-2023-10.json", SHA256: specpipe.SHA256Hex(logistics), Date: "2026-11-24"},
	}}
	pinsPath := filepath.Join(tmp, "pins.json")
	if err := pins.Save(pinsPath); err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(mirror, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("logistics-2023-10.json", logistics)

	run := func() (string, error) {
		cmd := exec.Command("make", "--no-print-directory", "-C", root, "pull",
			"PINS="+pinsPath, "UPSTREAM_DIR="+filepath.Join(tmp, "upstream"), "FLEXPORT_SPEC_MIRROR="+mirror)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	write("core-v2.yaml", pinned)
	if out, err := run(); err != nil {
		t.Fatalf("make pull with the pinned mirror failed: %v\n%s", err, out)
	}

	write("core-v2.yaml", changed)
	out, err := run()
	if err == nil {
		t.Fatalf("make pull accepted a changed document:\n%s", out)
	}
	for _, want := range []string{"core-v2", specpipe.SHA256Hex(pinned), specpipe.SHA256Hex(changed)} {
		if !strings.Contains(out, want) {
			t.Errorf("make pull output does not name %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "logistics-2023-10: sha256 mismatch") {
		t.Errorf("make pull blamed the unchanged document:\n%s", out)
	}
}
