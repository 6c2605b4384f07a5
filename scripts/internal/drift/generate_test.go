package drift

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const widgetsBefore = `package widgets

// Widget is a widget.
type Widget struct {
	ID   int
	Name string
	note string
}

func (w *Widget) Describe() string { return w.Name + w.note }
func (w Widget) hidden()           {}

type Lister interface{ List() []Widget }

type Box[T any] struct{ V T }

func (b Box[T]) Get() T { return b.V }

type hiddenType struct{ Exported int }

const Version = "1"

var Default, other = Widget{}, hiddenType{}

func NewWidget() *Widget { return &Widget{} }
`

// widgetsAfter drops Widget.Name, Widget.Describe and Version, and adds
// Widget.Serial and NewBox.
const widgetsAfter = `package widgets

type Widget struct {
	ID     int
	Serial string
}

type Lister interface{ List() []Widget }

type Box[T any] struct{ V T }

func (b Box[T]) Get() T { return b.V }

var Default = Widget{}

func NewWidget() *Widget { return &Widget{} }

func NewBox[T any](v T) Box[T] { return Box[T]{V: v} }
`

func TestExportedIdentifiers(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "widgets", "widgets.go"), widgetsBefore)
	writeFile(t, filepath.Join(dir, "widgets", "widgets_test.go"), "package widgets\n\nfunc TestOnly() {}\n")
	writeFile(t, filepath.Join(dir, "README"), "not a package")
	got, err := ExportedIdentifiers(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"widgets.Widget": true, "widgets.Widget.ID": true, "widgets.Widget.Name": true, "widgets.Widget.Describe": true,
		"widgets.Lister": true, "widgets.Lister.List": true,
		"widgets.Box": true, "widgets.Box.V": true, "widgets.Box.Get": true,
		"widgets.Version": true, "widgets.Default": true, "widgets.NewWidget": true,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ExportedIdentifiers (-want +got):\n%s", d)
	}
}

func TestCheckGeneration(t *testing.T) {
	// regenerate returns a fake generator that checks it was given the new
	// document and writes code into the copy's gen/.
	regenerate := func(code string, err error) func(context.Context, string, string) ([]byte, error) {
		return func(_ context.Context, repo, upstream string) ([]byte, error) {
			if b, rerr := os.ReadFile(filepath.Join(upstream, "widgets.yaml")); rerr != nil || string(b) != "new document" {
				return nil, errors.New("generator did not get the new document")
			}
			if err != nil {
				return []byte("generator output\n"), err
			}
			return nil, os.WriteFile(filepath.Join(repo, "gen", "widgets", "widgets.go"), []byte(code), 0o644)
		}
	}
	tests := []struct {
		name       string
		regenerate func(context.Context, string, string) ([]byte, error)
		want       *GenResult
		wantOutput string
	}{
		{
			name:       "identifiers added and removed",
			regenerate: regenerate(widgetsAfter, nil),
			want: &GenResult{
				Generated: true, Compiled: true,
				Added:   []string{"widgets.NewBox", "widgets.Widget.Serial"},
				Removed: []string{"widgets.Version", "widgets.Widget.Describe", "widgets.Widget.Name"},
			},
		},
		{
			name:       "no change",
			regenerate: regenerate(widgetsBefore, nil),
			want:       &GenResult{Generated: true, Compiled: true, Added: []string{}, Removed: []string{}},
		},
		{
			name:       "generation fails",
			regenerate: regenerate("", errors.New("exit status 1")),
			want:       &GenResult{Added: []string{}, Removed: []string{}},
			wantOutput: "generator output\nexit status 1",
		},
		{
			name:       "generated code does not compile",
			regenerate: regenerate("package widgets\n\nvar X int = \"not an int\"\n", nil),
			want:       &GenResult{Generated: true, Added: []string{}, Removed: []string{}},
			wantOutput: "cannot use",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeFile(t, filepath.Join(root, "go.mod"), "module example.com/widgets\n\ngo 1.25\n")
			writeFile(t, filepath.Join(root, "gen", "widgets", "widgets.go"), widgetsBefore)
			writeFile(t, filepath.Join(root, "openapi", "upstream", "widgets.yaml"), "pinned document")
			docs := []*DocResult{{Name: "widgets", File: "widgets.yaml", upstream: []byte("new document")}}
			got := checkGeneration(context.Background(), Options{Root: root, Regenerate: tt.regenerate}, docs)
			if !strings.Contains(got.Output, tt.wantOutput) {
				t.Errorf("Output = %q, want it to contain %q", got.Output, tt.wantOutput)
			}
			got.Output = ""
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("checkGeneration (-want +got):\n%s", d)
			}
			// The repository itself is left alone.
			if b, err := os.ReadFile(filepath.Join(root, "gen", "widgets", "widgets.go")); err != nil || string(b) != widgetsBefore {
				t.Errorf("gen/widgets/widgets.go in the repository changed")
			}
		})
	}
}

func TestCopyTreeSkips(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	for _, f := range []string{"go.mod", "gen/a.go", ".git/HEAD", "openapi/upstream/core.yaml", "openapi/pins.json"} {
		writeFile(t, filepath.Join(src, f), f)
	}
	if err := copyTree(src, dst, skipCopy); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := filepath.WalkDir(dst, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"gen/a.go", "go.mod", "openapi/pins.json"}, got); d != "" {
		t.Errorf("copied files (-want +got):\n%s", d)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		statuses []Status
		want     int
	}{
		{[]Status{Unchanged, Unchanged}, ExitUnchanged},
		{[]Status{Unchanged, BytesOnly}, ExitDrift},
		{[]Status{Semantic, Unchanged}, ExitDrift},
		{[]Status{Changed}, ExitDrift},
		{[]Status{Semantic, CheckFailed}, ExitFailed},
		{nil, ExitUnchanged},
	}
	for _, tt := range tests {
		r := &Result{}
		for _, s := range tt.statuses {
			r.Documents = append(r.Documents, &DocResult{Status: s})
		}
		if got := r.ExitCode(); got != tt.want {
			t.Errorf("ExitCode() for %v = %d, want %d", tt.statuses, got, tt.want)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWorkspace(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // os.UserCacheDir on Linux
	t.Setenv("HOME", cache)           // and elsewhere
	base, err := os.UserCacheDir()
	if err != nil {
		t.Skipf("skipping: no user cache directory: %v", err)
	}
	fixed := filepath.Join(base, "flexport-go", "drift-workspace")
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	first, release1, err := workspace()
	if err != nil {
		t.Fatal(err)
	}
	if first != fixed || !exists(first) {
		t.Errorf("first workspace = %s, want the fixed %s, made", first, fixed)
	}
	second, release2, err := workspace()
	if err != nil {
		t.Fatal(err)
	}
	if second == fixed || !exists(second) {
		t.Errorf("second workspace while the first is in use = %s, want a new temporary directory", second)
	}
	release2()
	release1()
	if exists(second) || exists(first) || exists(fixed+".lock") {
		t.Errorf("released workspaces remain: %t, %t, lock %t", exists(second), exists(first), exists(fixed+".lock"))
	}

	// A lock left by a check that died an hour ago is taken over; a fresh
	// one is respected.
	for _, tt := range []struct {
		age     time.Duration
		wantDir bool
	}{{2 * time.Hour, true}, {time.Minute, false}} {
		if err := os.Mkdir(fixed+".lock", 0o700); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-tt.age)
		if err := os.Chtimes(fixed+".lock", at, at); err != nil {
			t.Fatal(err)
		}
		dir, release, err := workspace()
		if err != nil {
			t.Fatal(err)
		}
		if (dir == fixed) != tt.wantDir {
			t.Errorf("lock %v old: workspace %s, want the fixed one: %t", tt.age, dir, tt.wantDir)
		}
		release()
		os.Remove(fixed + ".lock")
	}
}
