package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

// packageRoots reads the Go files of the output's package (tests and the
// output itself excluded) and returns the names its handwritten files
// declare, and the generated model names its exported API mentions:
// signatures of exported functions and of exported methods of exported
// types, exported types' declarations, and exported variables' types.
func packageRoots(dir, skip string, models map[string]*model) (handwritten, roots map[string]bool, err error) {
	handwritten, roots = map[string]bool{}, map[string]bool{}
	files, err := goFiles(dir, skip)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		gen := strings.HasSuffix(f.name, ".gen.go")
		for _, d := range f.ast.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !gen && d.Recv == nil {
					handwritten[d.Name.Name] = true
				}
				if d.Name.IsExported() && (d.Recv == nil || exportedRecv(d.Recv)) {
					addRoots(d.Type, models, roots)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if !gen {
							handwritten[s.Name.Name] = true
						}
						if s.Name.IsExported() {
							addRoots(s.Type, models, roots)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if !gen {
								handwritten[n.Name] = true
							}
							if n.IsExported() && s.Type != nil {
								addRoots(s.Type, models, roots)
							}
						}
					}
				}
			}
		}
	}
	return handwritten, roots, nil
}

// usedFrom adds the models another package's files name as pkg.Name.
func usedFrom(dir, pkg string, models map[string]*model, roots map[string]bool) error {
	files, err := goFiles(dir, "")
	if err != nil {
		return err
	}
	for _, f := range files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == pkg {
					if _, ok := models[sel.Sel.Name]; ok {
						roots[sel.Sel.Name] = true
					}
				}
			}
			return true
		})
	}
	return nil
}

func exportedRecv(recv *ast.FieldList) bool {
	return ast.IsExported(recvName(recv))
}

// recvName returns the name of a method's receiver type.
func recvName(recv *ast.FieldList) string {
	t := recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func addRoots(n ast.Node, models map[string]*model, roots map[string]bool) {
	for _, id := range idents(n) {
		if _, ok := models[id]; ok {
			roots[id] = true
		}
	}
}

type goFile struct {
	name string
	ast  *ast.File
}

// goFiles parses the non-test Go files of dir, but skip.
func goFiles(dir, skip string) ([]goFile, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var out []goFile
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == skip {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		out = append(out, goFile{name: n, ast: f})
	}
	return out, nil
}
