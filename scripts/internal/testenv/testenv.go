// Package testenv locates the repository and the shared, third-party data
// beside it (../shared) for tests. The shared data is never copied into the
// repository: tests read it where it is and skip when it is absent.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the repository root: the nearest directory above the
// working directory that holds go.work, or failing that the outermost one
// that holds go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	root := ""
	for {
		if exists(filepath.Join(dir, "go.work")) {
			return dir
		}
		if exists(filepath.Join(dir, "go.mod")) {
			root = dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if root == "" {
		t.Fatal("no go.work or go.mod above the working directory")
	}
	return root
}

// Shared returns the path of elem inside ../shared (relative to the
// repository root), skipping the test with the reason when it is absent.
func Shared(t testing.TB, elem ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{RepoRoot(t), "..", "shared"}, elem...)...)
	if !exists(p) {
		t.Skipf("skipping: %s is absent; this test reads third-party upstream documents from ../shared, which is not part of the repository", p)
	}
	return p
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
