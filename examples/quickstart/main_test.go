package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestQuickstart builds the command and runs it as a user would, with no
// environment but its temporary directory: it must exit 0, report each
// step, and leave nothing behind.
func TestQuickstart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the quickstart")
	}
	bin := filepath.Join(t.TempDir(), "quickstart")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = []string{"TMPDIR=" + tmp}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("quickstart: %v\n%s", err, out)
	}
	for _, want := range []string{
		`client credentials for "[^"]+": 1 token request for 2 clients`,
		`\d+ shipments in \d+ pages`,
		`refs with core\.List: \d+ legs, \d+ ocean containers, \d+ container legs`,
		`uploaded packing-list\.pdf .* downloaded it back: identical`,
		`/shipment_leg#departed \(event \d+\) delivered to http://127\.0\.0\.1:\d+/flexport/webhook, X-Hub-Signature-256 verified`,
		`wrong secret was refused: 401 Unauthorized`,
		`\d+ products, e\.g\. D\w+`,
		`created order \d+ \(QUICKSTART-1001`,
		`the same call again was replayed \(idempotent-replayed: true\)`,
		`Done in .*: servers stopped, token cache removed\.`,
	} {
		if !regexp.MustCompile(want).Match(out) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind in the temporary directory: %s", e.Name())
	}
}
