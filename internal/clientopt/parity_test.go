package clientopt_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The knobs only one API has. A knob both have must have the same name in
// both packages; a new knob of one API only must be listed here.
var (
	coreOnly = []string{"WithAPIKey", "WithClientCredentials", "WithExpand", "WithMetadataFilter",
		"WithPrefetch", "WithUnsafeRetries", "WithVersion"}
	logisticsOnly = []string{"WithIdempotencyKey", "WithToken"}
)

// exportedOptions lists the exported functions of the package in dir that
// return an Option, each with the clientopt functions its body calls.
func exportedOptions(t *testing.T, dir string) map[string][]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	opts := map[string][]string{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil || len(fn.Type.Results.List) != 1 {
				continue
			}
			result, ok := fn.Type.Results.List[0].Type.(*ast.Ident)
			if !ok || (result.Name != "Option" && result.Name != "CallOption") {
				continue
			}
			if result.Name != "Option" {
				t.Errorf("%s.%s returns CallOption: every option is an Option", filepath.Base(dir), fn.Name.Name)
			}
			var calls []string
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "clientopt" {
						calls = append(calls, sel.Sel.Name)
					}
				}
				return true
			})
			opts[fn.Name.Name] = calls
		}
	}
	return opts
}

// TestOptionParity lists the exported options of core and logistics and
// checks the one vocabulary: each is a With function wrapping the one
// clientopt declaration of its knob, named With<that declaration>, so that
// no knob has two names, in one package or across the two; and a knob only
// one package has is a listed decision.
func TestOptionParity(t *testing.T) {
	pkgs := map[string]map[string][]string{
		"core":      exportedOptions(t, "../../core"),
		"logistics": exportedOptions(t, "../../logistics"),
	}
	for pkg, opts := range pkgs {
		if len(opts) < 15 {
			t.Fatalf("found only %d options in %s: the listing is broken", len(opts), pkg)
		}
		for name, calls := range opts {
			switch {
			case !strings.HasPrefix(name, "With"):
				t.Errorf("%s.%s returns an Option but is not named With...", pkg, name)
			case len(calls) != 1:
				t.Errorf("%s.%s calls %v of clientopt: want exactly one declaration of its knob", pkg, name, calls)
			case "With"+calls[0] != name:
				t.Errorf("%s.%s wraps clientopt.%s: a knob has one name, With%s, in both packages", pkg, name, calls[0], calls[0])
			}
		}
	}
	oneSided := func(pkg, other string) []string {
		var out []string
		for name := range pkgs[pkg] {
			if _, ok := pkgs[other][name]; !ok {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return out
	}
	if diff := cmp.Diff(coreOnly, oneSided("core", "logistics")); diff != "" {
		t.Errorf("options of core that logistics lacks (-listed +found); give logistics the same name, or list it:\n%s", diff)
	}
	if diff := cmp.Diff(logisticsOnly, oneSided("logistics", "core")); diff != "" {
		t.Errorf("options of logistics that core lacks (-listed +found); give core the same name, or list it:\n%s", diff)
	}
}
