// Command svcgen writes the service layer of core/ or logistics/: one
// service type per resource with one method per operation, each a thin call
// of the generated client through the package's request helpers.
//
//	svcgen -services openapi/core/services.yaml -gen gen/coreapi -pkg core -out core/services.gen.go
//
// The services file groups operation ids into services and names their
// methods; everything else (argument and result types, envelopes, list item
// types) is read from the generated code with go/parser, so the layer follows
// the curated document when it is regenerated.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"log"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"
)

// ServicesFile is the content of openapi/<api>/services.yaml.
type ServicesFile struct {
	// Import is the import path of the generated package.
	Import string `yaml:"import"`
	// Envelope says the API wraps every result in {"data": ...} (Core).
	Envelope bool `yaml:"envelope"`
	// HiddenParams are Params fields the transport sets itself; a Params
	// struct holding only these is not exposed.
	HiddenParams []string  `yaml:"hidden_params"`
	Services     []Service `yaml:"services"`
}

// Service is one resource's group of operations.
type Service struct {
	Name    string   `yaml:"name"`
	Field   string   `yaml:"field"`
	Doc     string   `yaml:"doc"`
	Methods []Method `yaml:"methods"`
}

// Method maps one operation to a method.
type Method struct {
	Op   string `yaml:"op"`   // operationId
	Name string `yaml:"name"` // Go method name
	// Paginate selects the list style: "" (not a list), "core" (envelope
	// collection with next links), "offset", "page_info", "cursor". The last
	// three need a Params field Offset, PageInfo or Cursor (see pageParams),
	// which the generated pager reaches through a closure.
	Paginate string `yaml:"paginate"`
	// Items names the field of the result holding the items, for list
	// results that are not a bare array (Logistics).
	Items string `yaml:"items"`
	// Handwritten marks an operation served by a handwritten method Name;
	// svcgen only checks it and writes nothing.
	Handwritten bool   `yaml:"handwritten"`
	Doc         string `yaml:"doc"`
}

func main() {
	servicesPath := flag.String("services", "", "services file")
	genDir := flag.String("gen", "", "generated package directory")
	pkg := flag.String("pkg", "", "output package name")
	out := flag.String("out", "", "output file")
	flag.Parse()
	if *servicesPath == "" || *genDir == "" || *pkg == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*servicesPath, *genDir, *pkg, *out); err != nil {
		log.Fatalf("svcgen: %v", err)
	}
}

func run(servicesPath, genDir, pkg, out string) error {
	b, err := os.ReadFile(servicesPath)
	if err != nil {
		return err
	}
	var sf ServicesFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&sf); err != nil {
		return fmt.Errorf("%s: %w", servicesPath, err)
	}
	g, err := loadGenerated(genDir)
	if err != nil {
		return err
	}
	data, err := plan(&sf, g, pkg, filepath.ToSlash(servicesPath))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return err
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		os.WriteFile(out+".broken", buf.Bytes(), 0o644)
		return fmt.Errorf("format generated code (see %s.broken): %w", out, err)
	}
	return os.WriteFile(out, src, 0o644)
}

// generated is what svcgen needs to know of the generated package.
type generated struct {
	alias     string
	methods   map[string]*ast.FuncType // ClientInterface methods by name
	withResp  map[string]string        // XWithResponse -> response struct name
	structs   map[string]*ast.StructType
	aliases   map[string]string // type X = Y
	fset      *token.FileSet
	opMethods map[string]string // methodKey -> method name
}

func loadGenerated(dir string) (*generated, error) {
	g := &generated{
		methods: map[string]*ast.FuncType{}, withResp: map[string]string{},
		structs: map[string]*ast.StructType{}, aliases: map[string]string{},
		fset: token.NewFileSet(), opMethods: map[string]string{},
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.gen.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no generated files in %s", dir)
	}
	for _, f := range files {
		af, err := parser.ParseFile(g.fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		g.alias = af.Name.Name
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					switch t := ts.Type.(type) {
					case *ast.StructType:
						g.structs[ts.Name.Name] = t
					case *ast.InterfaceType:
						if ts.Name.Name == "ClientInterface" {
							for _, m := range t.Methods.List {
								if ft, ok := m.Type.(*ast.FuncType); ok && len(m.Names) == 1 {
									g.methods[m.Names[0].Name] = ft
									if !strings.HasSuffix(m.Names[0].Name, "WithBody") {
										// An operation whose only typed body is a form
										// (Logistics TokenExchange) has no plain method:
										// XWithFormdataBody serves it.
										op := strings.TrimSuffix(m.Names[0].Name, "WithFormdataBody")
										g.opMethods[methodKey(op)] = m.Names[0].Name
									}
								}
							}
						}
					}
					if ts.Assign.IsValid() {
						g.aliases[ts.Name.Name] = g.expr(ts.Type)
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || !strings.HasSuffix(d.Name.Name, "WithResponse") || d.Type.Results == nil {
					continue
				}
				if r := g.expr(d.Recv.List[0].Type); r != "*ClientWithResponses" {
					continue
				}
				g.withResp[strings.TrimSuffix(d.Name.Name, "WithResponse")] = strings.TrimPrefix(g.expr(d.Type.Results.List[0].Type), "*")
			}
		}
	}
	return g, nil
}

func (g *generated) expr(e ast.Expr) string {
	var b bytes.Buffer
	printer.Fprint(&b, g.fset, e)
	return b.String()
}

// field returns the type of the named field of struct typ.
func (g *generated) field(typ, name string) (string, bool) {
	st, ok := g.structs[typ]
	if !ok {
		return "", false
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return g.expr(f.Type), true
			}
		}
	}
	return "", false
}

func methodKey(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "").Replace(s))
}

// Template data.
type fileData struct {
	Package, Import, Alias, Source string
	Envelope                       bool
	Services                       []serviceData
	Handwritten                    []string
}

type serviceData struct {
	Name, Field, Doc string
	Methods          []methodData
}

type arg struct{ Name, Type string }

type methodData struct {
	Service, Name, Op, GenMethod, Doc string
	PathArgs                          []arg
	ParamsType                        string // generated Params type, "" if none
	ExposeParams                      bool
	BodyType                          string // type the caller passes (without *), "" if none
	Result                            string // "" for no result
	ResultIsSlice                     bool
	ItemType                          string // list item type
	ItemsField                        string
	ItemsPtr                          bool // the items field is a pointer to the slice
	Paginate                          string
	// PageParam is the Params field selecting the page for the offset,
	// page_info and cursor styles (Offset, PageInfo, Cursor), PageParamType
	// its type without the pointer.
	PageParam, PageParamType string
}

// pageParams names, for each list style but core, the Params field that
// selects the page and the types it may have.
var pageParams = map[string]struct {
	field string
	types []string
}{
	"offset":    {"Offset", []string{"float64", "float32", "int", "int32", "int64"}},
	"page_info": {"PageInfo", []string{"string"}},
	"cursor":    {"Cursor", []string{"float64", "float32", "int", "int32", "int64"}},
}

func plan(sf *ServicesFile, g *generated, pkg, source string) (*fileData, error) {
	fd := &fileData{Package: pkg, Import: sf.Import, Alias: g.alias, Source: source, Envelope: sf.Envelope}
	hidden := map[string]bool{}
	for _, h := range sf.HiddenParams {
		hidden[h] = true
	}
	seen := map[string]string{}
	for _, s := range sf.Services {
		sd := serviceData{Name: s.Name, Field: s.Field, Doc: s.Doc}
		if sd.Field == "" {
			sd.Field = strings.TrimSuffix(s.Name, "Service")
		}
		for _, m := range s.Methods {
			gm, ok := g.opMethods[methodKey(m.Op)]
			if !ok {
				return nil, fmt.Errorf("%s.%s: operation %s has no generated client method", s.Name, m.Name, m.Op)
			}
			if prev, dup := seen[m.Op]; dup {
				return nil, fmt.Errorf("operation %s is mapped twice (%s and %s.%s)", m.Op, prev, s.Name, m.Name)
			}
			seen[m.Op] = s.Name + "." + m.Name
			if m.Handwritten {
				fd.Handwritten = append(fd.Handwritten, s.Name+"."+m.Name)
				continue
			}
			md, err := planMethod(g, sf, hidden, s.Name, m, gm)
			if err != nil {
				return nil, fmt.Errorf("%s.%s (%s): %w", s.Name, m.Name, m.Op, err)
			}
			sd.Methods = append(sd.Methods, md)
		}
		fd.Services = append(fd.Services, sd)
	}
	var missing []string
	for k, name := range g.opMethods {
		found := false
		for op := range seen {
			if methodKey(op) == k {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("operations without a service method: %s", strings.Join(missing, ", "))
	}
	return fd, nil
}

func planMethod(g *generated, sf *ServicesFile, hidden map[string]bool, svc string, m Method, gm string) (methodData, error) {
	md := methodData{Service: svc, Name: m.Name, Op: m.Op, GenMethod: gm, Doc: m.Doc, Paginate: m.Paginate, ItemsField: m.Items}
	ft := g.methods[gm]
	for i, p := range ft.Params.List {
		typ := g.expr(p.Type)
		if i == 0 {
			continue // ctx
		}
		if strings.HasPrefix(typ, "...") {
			continue
		}
		for _, n := range p.Names {
			switch {
			case n.Name == "params":
				md.ParamsType = strings.TrimPrefix(typ, "*")
				md.ExposeParams = exposes(g, md.ParamsType, hidden)
			case n.Name == "body":
				body := typ
				if a, ok := g.aliases[body]; ok && isIdent(a) {
					body = a
				}
				md.BodyType = body
			default:
				md.PathArgs = append(md.PathArgs, arg{Name: n.Name, Type: qualify(g.alias, typ)})
			}
		}
	}
	respType, ok := g.withResp[gm]
	if !ok {
		respType, ok = g.withResp[strings.TrimSuffix(gm, "WithFormdataBody")]
	}
	if !ok {
		return methodData{}, fmt.Errorf("no %sWithResponse", gm)
	}
	for _, code := range []string{"JSON200", "JSON201", "JSON202"} {
		if t, ok := g.field(respType, code); ok {
			md.Result = strings.TrimPrefix(t, "*")
			break
		}
	}
	if sf.Envelope && md.Result != "" {
		data, ok := g.field(md.Result, "Data")
		if !ok {
			return methodData{}, fmt.Errorf("result %s has no Data field", md.Result)
		}
		md.Result = strings.TrimPrefix(data, "*")
		if md.Paginate == "core" {
			items, ok := g.field(md.Result, "Data")
			if !ok {
				return methodData{}, fmt.Errorf("collection %s has no Data field", md.Result)
			}
			md.ItemType = elem(items)
		}
	}
	if strings.HasPrefix(md.Result, "[]") {
		md.ResultIsSlice = true
	}
	if md.Paginate != "" && md.Paginate != "core" {
		switch {
		case md.ItemsField == "" && md.ResultIsSlice:
			md.ItemType = elem(md.Result)
		case md.ItemsField != "":
			items, ok := g.field(md.Result, md.ItemsField)
			if !ok {
				return methodData{}, fmt.Errorf("result %s has no field %s", md.Result, md.ItemsField)
			}
			md.ItemType = elem(items)
			md.ItemsPtr = strings.HasPrefix(items, "*")
		default:
			return methodData{}, fmt.Errorf("paginated result %s is not an array: name its items field", md.Result)
		}
		if md.ParamsType == "" {
			return methodData{}, fmt.Errorf("paginated operation has no parameters")
		}
		pp, ok := pageParams[md.Paginate]
		if !ok {
			return methodData{}, fmt.Errorf("unknown paginate style %q", md.Paginate)
		}
		typ, ok := g.field(md.ParamsType, pp.field)
		if !ok {
			return methodData{}, fmt.Errorf("%s style: %s has no field %s", md.Paginate, md.ParamsType, pp.field)
		}
		if !strings.HasPrefix(typ, "*") || !slices.Contains(pp.types, typ[1:]) {
			return methodData{}, fmt.Errorf("%s style: %s.%s is %s, want a pointer to one of %v", md.Paginate, md.ParamsType, pp.field, typ, pp.types)
		}
		md.PageParam, md.PageParamType = pp.field, typ[1:]
	}
	return md, nil
}

// elem strips pointers and one slice from a type: *[]*T -> T.
func elem(t string) string {
	return strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(t, "*"), "[]"), "*")
}

// exposes reports whether a Params struct has fields the caller sets.
func exposes(g *generated, typ string, hidden map[string]bool) bool {
	st, ok := g.structs[typ]
	if !ok {
		return true
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if !hidden[n.Name] {
				return true
			}
		}
	}
	return false
}

func isIdent(s string) bool {
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// qualify prefixes the generated package to exported type names in a simple
// type expression (path parameters are builtins or generated types).
func qualify(alias, typ string) string {
	t := strings.TrimLeft(typ, "*[]")
	if isIdent(t) && t[0] >= 'A' && t[0] <= 'Z' {
		return strings.TrimSuffix(typ, t) + alias + "." + t
	}
	return typ
}

var funcs = template.FuncMap{
	// qualify names a generated type through the generated package, for
	// types only the unexported pagers use (not re-exported).
	"qualify": qualify,
	"lower":   func(s string) string { return strings.ToLower(s[:1]) + s[1:] },
	"style": func(p string) string {
		return map[string]string{"core": "Core", "offset": "Offset", "page_info": "PageInfo", "cursor": "Cursor"}[p]
	},
	"args": func(m methodData) string {
		var parts []string
		for _, a := range m.PathArgs {
			parts = append(parts, a.Name+" "+a.Type)
		}
		if m.ExposeParams {
			parts = append(parts, "params *"+m.ParamsType)
		}
		if m.BodyType != "" {
			parts = append(parts, "body *"+m.BodyType)
		}
		return strings.Join(append([]string{"ctx context.Context"}, append(parts, "opts ...CallOption")...), ", ")
	},
	"callArgs": func(alias string, m methodData, paramsVar string) string {
		parts := []string{"ctx"}
		for _, a := range m.PathArgs {
			parts = append(parts, a.Name)
		}
		if m.ParamsType != "" {
			parts = append(parts, paramsVar)
		}
		if m.BodyType != "" {
			parts = append(parts, "deref(body)")
		}
		return strings.Join(append(parts, "edit"), ", ")
	},
}

var tmpl = template.Must(template.New("svc").Funcs(funcs).Parse(`// Code generated by internal/cmd/svcgen from {{.Source}}. DO NOT EDIT.

package {{.Package}}

import (
	"context"
	"iter"
	"net/http"

	{{.Alias}} "{{.Import}}"
)

// services holds one value of every service, wired to c.
type services struct {
{{- range .Services}}
	// {{.Field}} serves {{.Doc}}
	{{.Field}} *{{.Name}}
{{- end}}
}

func (c *Client) initServices() {
{{- range .Services}}
	c.{{.Field}} = &{{.Name}}{c: c}
{{- end}}
}
{{range $s := .Services}}
// {{$s.Name}} serves {{$s.Doc}}
type {{$s.Name}} struct{ c *Client }
{{range $m := $s.Methods}}
{{- if eq $m.Paginate ""}}
// {{$m.Name}} calls the {{$m.Op}} operation.{{if $m.Doc}} {{$m.Doc}}{{end}}
func (s *{{$s.Name}}) {{$m.Name}}({{args $m}}) {{if $m.Result}}({{if not $m.ResultIsSlice}}*{{end}}{{$m.Result}}, error){{else}}error{{end}} {
	{{- if $m.BodyType}}
	if err := validate("{{$s.Field}}.{{$m.Name}}", deref(body)); err != nil {
		return {{if $m.Result}}nil, {{end}}err
	}
	{{- end}}
	{{- if $m.ParamsType}}
	p := {{if $m.ExposeParams}}copyParams(params){{else}}&{{$.Alias}}.{{$m.ParamsType}}{}{{end}}
	{{- end}}
	send := func(ctx context.Context, edit {{$.Alias}}.RequestEditorFn) (*http.Response, error) {
		return s.c.api.{{$m.GenMethod}}({{callArgs $.Alias $m "p"}})
	}
	{{- if not $m.Result}}
	return call(ctx, s.c, opts, send)
	{{- else if $m.ResultIsSlice}}
	return decodeValue[{{$m.Result}}](ctx, s.c, opts, send)
	{{- else}}
	return decode[{{$m.Result}}](ctx, s.c, opts, send)
	{{- end}}
}
{{- else}}
// {{$m.Name}} calls the {{$m.Op}} operation and walks every page in order, yielding each
// item; stop ranging to stop fetching.{{if $m.Doc}} {{$m.Doc}}{{end}}
func (s *{{$s.Name}}) {{$m.Name}}({{args $m}}) iter.Seq2[*{{$m.ItemType}}, error] {
	return list{{style $m.Paginate}}(ctx, s.c, opts, s.{{$m.Name | lower}}Pager(params))
}

// {{$m.Name}}Page calls the {{$m.Op}} operation once and returns that page with its metadata.
func (s *{{$s.Name}}) {{$m.Name}}Page({{args $m}}) (*Page[{{$m.ItemType}}], error) {
	return page{{style $m.Paginate}}(ctx, s.c, opts, s.{{$m.Name | lower}}Pager(params))
}

func (s *{{$s.Name}}) {{$m.Name | lower}}Pager(params *{{$m.ParamsType}}) *pager[{{$m.ParamsType}}, {{if ne $m.Paginate "core"}}{{qualify $.Alias $m.Result}}, {{end}}{{$m.ItemType}}] {
	return &pager[{{$m.ParamsType}}, {{if ne $m.Paginate "core"}}{{qualify $.Alias $m.Result}}, {{end}}{{$m.ItemType}}]{
		params: copyParams(params),
		send: func(ctx context.Context, p *{{$m.ParamsType}}, edit {{$.Alias}}.RequestEditorFn) (*http.Response, error) {
			return s.c.api.{{$m.GenMethod}}({{callArgs $.Alias $m "p"}})
		},
		{{- if eq $m.Paginate "core"}}
		{{- else if $m.ItemsField}}
		items: func(r *{{qualify $.Alias $m.Result}}) []{{$m.ItemType}} { return {{if $m.ItemsPtr}}deref(r.{{$m.ItemsField}}){{else}}r.{{$m.ItemsField}}{{end}} },
		{{- else}}
		items: func(r *{{qualify $.Alias $m.Result}}) []{{$m.ItemType}} { return *r },
		{{- end}}
		{{- if eq $m.Paginate "offset"}}
		offset: numParam(func(p *{{$m.ParamsType}}) **{{$m.PageParamType}} { return &p.{{$m.PageParam}} }),
		{{- else if eq $m.Paginate "page_info"}}
		pageInfo: func(p *{{$m.ParamsType}}) **string { return &p.{{$m.PageParam}} },
		{{- else if eq $m.Paginate "cursor"}}
		cursor: numParam(func(p *{{$m.ParamsType}}) **{{$m.PageParamType}} { return &p.{{$m.PageParam}} }),
		{{- end}}
	}
}
{{- end}}
{{end}}
{{- end}}
// handwrittenOperations lists the service methods written by hand.
func handwrittenOperations() []string {
	return []string{
{{- range .Handwritten}}
		"{{.}}",
{{- end}}
	}
}
`))
