// Command drift is `make drift`: it checks the pinned upstream OpenAPI
// documents against what upstream publishes now, without touching the pins.
//
// For each document in openapi/pins.json it fetches the current upstream
// (its URL, or the file of the same name in FLEXPORT_SPEC_MIRROR) and
// reports "unchanged" (same sha256 as the pin), "changed bytes, no semantic
// change", or a semantic diff against the pinned revision in
// openapi/upstream/ (left there by `make pull`; when it is missing the
// report says so and the other checks still run). For every changed document
// it checks that the curation still applies: each normaliser fix still finds
// its target and each overlay action still matches something. When anything
// changed it regenerates gen/ from the new documents in a temporary copy of
// the repository (`make generate UPSTREAM_DIR=...`), builds it, and lists the
// exported identifiers of gen/ that would be added or removed.
//
// Usage (from the repository root):
//
//	go run ./scripts/drift [-mirror DIR] [-report drift-report.md] [-json drift-report.json] [-generate=false]
//
// The report goes to stdout, to -report as Markdown and to -json as JSON
// (both git-ignored in the repository root by default). Exit status: 0 when
// nothing changed, 1 when drift was found, 2 when the check itself failed.
// The JSON report repeats it as exit_code, because `make drift` cannot pass
// it on: GNU make exits 2 whenever a recipe fails.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/flexport-go/flexport/scripts/internal/drift"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("drift", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts drift.Options
	fs.StringVar(&opts.Root, "root", ".", "repository root")
	fs.StringVar(&opts.Pins, "pins", "", "pin file (default ROOT/openapi/pins.json)")
	fs.StringVar(&opts.Mirror, "mirror", os.Getenv("FLEXPORT_SPEC_MIRROR"), "read upstream documents from this directory instead of their URLs (default $FLEXPORT_SPEC_MIRROR)")
	fs.StringVar(&opts.PinnedDir, "pinned-dir", "", "directory holding the pinned revisions (default ROOT/openapi/upstream)")
	fs.BoolVar(&opts.Generate, "generate", true, "regenerate gen/ from changed documents in a copy of the repository and build it")
	report := fs.String("report", "drift-report.md", "also write the report as Markdown to this file (\"\" for none)")
	jsonReport := fs.String("json", "drift-report.json", "also write the report as JSON, with its exit_code, to this file (\"\" for none)")
	timeout := fs.Duration("timeout", 20*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return drift.ExitFailed
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "drift: unexpected arguments:", fs.Args())
		return drift.ExitFailed
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res, err := drift.Run(ctx, opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return drift.ExitFailed
	}
	if err := res.WriteMarkdown(stdout); err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return drift.ExitFailed
	}
	writers := []struct {
		path  string
		write func(io.Writer) error
	}{{*report, res.WriteMarkdown}, {*jsonReport, res.WriteJSON}}
	for _, w := range writers {
		if w.path == "" {
			continue
		}
		if err := writeFile(w.path, w.write); err != nil {
			fmt.Fprintln(stderr, "drift:", err)
			return drift.ExitFailed
		}
	}
	return res.ExitCode()
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
