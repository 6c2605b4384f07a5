// Command specdiff compares two revisions of an OpenAPI 3 document (YAML or
// JSON) and reports what changed: operations, schemas, parameters and
// properties added, removed and changed, and the changes oasdiff rates as
// breaking. Rails-style path segments (/x/:id) compare equal to templated ones
// (/x/{id}).
//
// Usage:
//
//	go run ./scripts/specdiff -base OLD -head NEW [-format text|json] [-exit-code]
//
// Exit status: 0 when the report was written, 2 when the comparison failed
// (bad usage, unreadable or invalid document). With -exit-code, as with
// `git diff --exit-code`, it is 1 when the documents differ semantically (0
// when they are identical or differ only in formatting). Note that `go run`
// reports every non-zero status of the program as 1; build the command to see
// 2.
//
// The JSON form has the keys semantic_change, unchanged_bytes,
// operations_added, operations_removed, operations_changed, schemas_added,
// schemas_removed, schemas_changed, parameters_added, parameters_removed,
// parameters_changed, properties_added, properties_removed,
// properties_changed, other_changes and breaking (oasdiff's errors and
// warnings, prefixed "error: " or "warning: ").
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/flexport-go/flexport/scripts/internal/specdiff"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("specdiff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base", "", "base (older) document, YAML or JSON")
	head := fs.String("head", "", "head (newer) document, YAML or JSON")
	format := fs.String("format", "text", "output format: text or json")
	exitCode := fs.Bool("exit-code", false, "exit 1 when the documents differ semantically")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *base == "" || *head == "" || fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "usage: specdiff -base A -head B [-format text|json] [-exit-code]")
		return 2
	}
	r, err := compareFiles(*base, *head)
	if err != nil {
		fmt.Fprintln(stderr, "specdiff:", err)
		return 2
	}
	if *format == "json" {
		err = r.WriteJSON(stdout)
	} else {
		err = r.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "specdiff:", err)
		return 2
	}
	if *exitCode && r.SemanticChange {
		return 1
	}
	return 0
}

func compareFiles(basePath, headPath string) (*specdiff.Report, error) {
	base, err := os.ReadFile(basePath)
	if err != nil {
		return nil, fmt.Errorf("read base: %w", err)
	}
	head, err := os.ReadFile(headPath)
	if err != nil {
		return nil, fmt.Errorf("read head: %w", err)
	}
	r, err := specdiff.Compare(base, head)
	if err != nil {
		return nil, fmt.Errorf("compare %s with %s: %w", basePath, headPath, err)
	}
	return r, nil
}
