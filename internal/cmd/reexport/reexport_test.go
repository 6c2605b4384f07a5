package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/testutil"
)

// Refresh the golden files after an intended change of the output (or of a
// case's args) with
//
//	go test ./internal/cmd/reexport -update
var update = flag.Bool("update", false, "rewrite testdata/*/want.gen.go.golden")

// runMainEnv makes the test binary run the command itself, so that the
// golden test drives reexport through its command line, as the Makefile
// does.
const runMainEnv = "REEXPORT_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestGolden runs reexport on each case under testdata: a directory with the
// input (a generated-like Go file), pkg/ (the package the output goes into:
// its handwritten files and whatever else reexport reads there, copied to a
// temporary directory), args (the command line, run in the case directory,
// one or more arguments a line, # comments, $OUT for the output file in
// the copy of pkg/) and want.gen.go.golden. A new input or flag is a change
// to a case's files and args, then go test -update.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/args")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases under testdata (%v)", err)
	}
	for _, argsFile := range cases {
		dir := filepath.Dir(argsFile)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			pkg := filepath.Join(t.TempDir(), "pkg")
			copyDir(t, filepath.Join(dir, "pkg"), pkg)
			out := filepath.Join(pkg, "models.gen.go")

			cmd := exec.Command(os.Args[0], readArgs(t, argsFile, out)...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), runMainEnv+"=1")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("reexport %v: %v\n%s", cmd.Args[1:], err, b)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join(dir, "want.gen.go.golden"), got, *update)
		})
	}
}

// readArgs reads a case's command line, with $OUT replaced by out.
func readArgs(t *testing.T, path, out string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, f := range strings.Fields(line) {
			args = append(args, strings.ReplaceAll(f, "$OUT", out))
		}
	}
	return args
}

// copyDir copies the files of src (not its subdirectories) into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
