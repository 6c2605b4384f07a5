package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/specpipe"
)

const doc = `openapi: 3.0.0
info: {title: widgets, version: "1"}
paths:
  /widgets:
    get:
      responses:
        "200": {description: ok}
`

func TestRun(t *testing.T) {
	dir := t.TempDir()
	mirror := filepath.Join(dir, "mirror")
	pinned := filepath.Join(dir, "pinned")
	for _, d := range []string{mirror, pinned} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, c string) {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(pinned, "widgets.yaml"), doc)
	pins := filepath.Join(dir, "pins.json")
	p := &specpipe.Pins{Documents: []specpipe.Pin{{Name: "widgets", URL: "https://example.com/widgets", File: "widgets.yaml", SHA256: specpipe.SHA256Hex([]byte(doc)), Date: "2020-01-01"}}}
	if err := p.Save(pins); err != nil {
		t.Fatal(err)
	}
	report, jsonReport := filepath.Join(dir, "report.md"), filepath.Join(dir, "report.json")
	args := []string{"-root", dir, "-pins", pins, "-mirror", mirror, "-pinned-dir", pinned, "-generate=false", "-report", report, "-json", jsonReport}

	tests := []struct {
		name       string
		upstream   string // "" leaves the mirror without the document
		wantCode   int
		wantStdout string
	}{
		{"unchanged", doc, 0, "**widgets**: unchanged"},
		{"reformatted", strings.ReplaceAll(doc, `"200"`, `'200'`), 1, "**widgets**: changed bytes, no semantic change"},
		{"operation added", doc + "    post:\n      responses:\n        \"201\": {description: created}\n", 1, "`POST /widgets`"},
		{"fetch fails", "", 2, "**widgets**: check failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(filepath.Join(mirror, "widgets.yaml"))
			if tt.upstream != "" {
				write(filepath.Join(mirror, "widgets.yaml"), tt.upstream)
			}
			var stdout, stderr bytes.Buffer
			if got := run(args, &stdout, &stderr); got != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr: %s", got, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantStdout, stdout.String())
			}
			md, err := os.ReadFile(report)
			if err != nil || !bytes.Equal(md, stdout.Bytes()) {
				t.Errorf("report file differs from stdout (err %v)", err)
			}
			var j struct {
				ExitCode int `json:"exit_code"`
			}
			if b, err := os.ReadFile(jsonReport); err != nil || json.Unmarshal(b, &j) != nil || j.ExitCode != tt.wantCode {
				t.Errorf("JSON report exit_code = %d (err %v), want %d", j.ExitCode, err, tt.wantCode)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if got := run([]string{"-no-such-flag"}, &stdout, &stderr); got != 2 {
		t.Errorf("exit code = %d, want 2", got)
	}
	if got := run([]string{"-pins", filepath.Join(t.TempDir(), "missing.json"), "-report", "", "-json", ""}, &stdout, &stderr); got != 2 {
		t.Errorf("exit code with a missing pin file = %d, want 2", got)
	}
}
