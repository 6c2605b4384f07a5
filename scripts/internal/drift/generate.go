package drift

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// GenResult is the outcome of regenerating gen/ from the new documents.
type GenResult struct {
	// Generated and Compiled say how far regeneration got; Output holds the
	// tail of the failing step's output.
	Generated bool   `json:"generated"`
	Compiled  bool   `json:"compiled"`
	Output    string `json:"output,omitempty"`
	// Added and Removed are the exported identifiers of gen/ that the
	// regeneration adds and removes, as "package.Name", "package.Type.Field"
	// or "package.Type.Method".
	Added   []string `json:"exported_added"`
	Removed []string `json:"exported_removed"`
}

// OK reports whether gen/ regenerated and compiled.
func (g *GenResult) OK() bool { return g.Generated && g.Compiled }

// skipCopy lists what checkGeneration leaves out of its copy of the
// repository: version control, and git-ignored downloads and build output.
var skipCopy = []string{".git", ".cache", filepath.Join("openapi", "upstream"), filepath.Join("openapi", "build")}

// checkGeneration regenerates gen/ from the fetched documents in a temporary
// copy of the repository, builds the copy, and compares the exported
// identifiers of gen/ before and after.
func checkGeneration(ctx context.Context, opts Options, docs []*DocResult) *GenResult {
	g := &GenResult{Added: []string{}, Removed: []string{}}
	tmp, release, err := workspace()
	if err != nil {
		g.Output = err.Error()
		return g
	}
	defer release()
	upstream, repo := filepath.Join(tmp, "upstream"), filepath.Join(tmp, "repo")
	if err := writeDocuments(upstream, docs); err != nil {
		g.Output = err.Error()
		return g
	}
	if err := copyTree(opts.Root, repo, skipCopy); err != nil {
		g.Output = fmt.Sprintf("copy repository: %v", err)
		return g
	}
	out, err := opts.Regenerate(ctx, repo, upstream)
	if err != nil {
		g.Output = tail(out, err)
		return g
	}
	g.Generated = true
	build := exec.CommandContext(ctx, "go", "build", "./...")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		g.Output = tail(out, err)
		return g
	}
	g.Compiled = true
	before, err := ExportedIdentifiers(filepath.Join(opts.Root, "gen"))
	if err != nil {
		g.Output = err.Error()
		return g
	}
	after, err := ExportedIdentifiers(filepath.Join(repo, "gen"))
	if err != nil {
		g.Output = err.Error()
		return g
	}
	g.Added, g.Removed = setDiff(after, before), setDiff(before, after)
	return g
}

// staleLock is the age past which a workspace lock is taken to be left by
// a check that died.
const staleLock = time.Hour

// workspace returns an empty directory for the copy of the repository, and
// the function that removes it when the check is done. It is a fixed
// directory under the user's cache directory, because the Go build cache
// keys compiled packages by their directory as well as their content:
// there, every package the new documents leave unchanged (and a gen/ that
// an earlier check generated alike) compiles from the cache. A check that
// finds the directory in use by another, or cannot make it, works in a new
// temporary directory instead.
func workspace() (dir string, release func(), err error) {
	if base, err := os.UserCacheDir(); err == nil {
		dir := filepath.Join(base, "flexport-go", "drift-workspace")
		lock := dir + ".lock"
		if os.MkdirAll(filepath.Dir(dir), 0o755) == nil {
			if info, err := os.Stat(lock); err == nil && time.Since(info.ModTime()) > staleLock {
				os.Remove(lock)
			}
			if os.Mkdir(lock, 0o700) == nil {
				if os.RemoveAll(dir) == nil && os.Mkdir(dir, 0o700) == nil {
					return dir, func() {
						os.RemoveAll(dir)
						os.Remove(lock)
					}, nil
				}
				os.Remove(lock)
			}
		}
	}
	tmp, err := os.MkdirTemp("", "flexport-drift-")
	if err != nil {
		return "", nil, err
	}
	return tmp, func() { os.RemoveAll(tmp) }, nil
}

// writeDocuments writes the current upstream bytes of every document into
// dir under its pinned file name.
func writeDocuments(dir string, docs []*DocResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, d := range docs {
		if err := os.WriteFile(filepath.Join(dir, d.File), d.upstream, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", d.Name, err)
		}
	}
	return nil
}

// makeGenerate is the default Options.Regenerate: the Makefile's generate
// target, reading the upstream documents from upstreamDir.
func makeGenerate(ctx context.Context, repo, upstreamDir string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "make", "-C", repo, "generate", "UPSTREAM_DIR="+upstreamDir)
	return cmd.CombinedOutput()
}

// tail returns the last lines of a failing command's output, with its error.
func tail(out []byte, err error) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > 40 {
		lines = append([]string{"…"}, lines[len(lines)-40:]...)
	}
	return strings.Join(append(lines, err.Error()), "\n")
}

// copyTree copies the regular files and directories under src to dst,
// leaving out the paths (relative to src) in skip.
func copyTree(src, dst string, skip []string) error {
	return filepath.WalkDir(src, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if slices.Contains(skip, rel) {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case e.IsDir():
			return os.MkdirAll(target, 0o755)
		case e.Type().IsRegular():
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			info, err := e.Info()
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, info.Mode().Perm())
		}
		return nil // symlinks and devices are not part of a Go repository
	})
}

// ExportedIdentifiers returns the exported identifiers declared by the
// non-test Go files of every package directory directly under dir, as
// "package.Name" for top-level declarations, "package.Type.Field" for struct
// fields and "package.Type.Method" for methods and interface methods.
func ExportedIdentifiers(dir string) (map[string]bool, error) {
	ids := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("exported identifiers: %w", err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, e.Name(), "*.go"))
		if err != nil {
			return nil, err
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return nil, fmt.Errorf("exported identifiers: %w", err)
			}
			addExported(ids, f.Name.Name, f)
		}
	}
	return ids, nil
}

func addExported(ids map[string]bool, pkg string, f *ast.File) {
	add := func(parts ...string) {
		for _, p := range parts {
			if !ast.IsExported(p) {
				return
			}
		}
		ids[pkg+"."+strings.Join(parts, ".")] = true
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				add(d.Name.Name)
			} else if recv := receiverName(d.Recv.List[0].Type); recv != "" {
				add(recv, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					add(s.Name.Name)
					addMembers(add, s.Name.Name, s.Type)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						add(n.Name)
					}
				}
			}
		}
	}
}

// addMembers adds the exported fields of a struct type and the methods of
// an interface type named typ.
func addMembers(add func(...string), typ string, expr ast.Expr) {
	var fields *ast.FieldList
	switch t := expr.(type) {
	case *ast.StructType:
		fields = t.Fields
	case *ast.InterfaceType:
		fields = t.Methods
	default:
		return
	}
	for _, f := range fields.List {
		for _, n := range f.Names {
			add(typ, n.Name)
		}
	}
}

// receiverName returns the type name of a method receiver (T, *T, T[P]).
func receiverName(expr ast.Expr) string {
	switch t := expr.(type) {
	case *ast.StarExpr:
		return receiverName(t.X)
	case *ast.IndexExpr:
		return receiverName(t.X)
	case *ast.IndexListExpr:
		return receiverName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}

// setDiff returns the sorted members of a that are not in b.
func setDiff(a, b map[string]bool) []string {
	out := []string{}
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
