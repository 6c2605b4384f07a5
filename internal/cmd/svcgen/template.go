package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"go/format"
	"strings"
	"text/template"
)

// servicesTemplate writes services.gen.go. Each method kind is a named
// template ("call", "single", "list") over one methodData, so that a new
// per-call concern is one change in one place.
//
//go:embed services.tmpl
var servicesTemplate string

// generate renders fd and formats it. On a formatting error it returns the
// unformatted source too, for inspection.
func generate(fd *fileData) (src, raw []byte, err error) {
	funcs := template.FuncMap{
		"alias":     func() string { return fd.Alias },
		"comment":   comment,
		"paragraph": func(s string) []string { return render([]string{s}) },
		"lower":     func(s string) string { return strings.ToLower(s[:1]) + s[1:] },
		"style":     style,
		"args":      args,
		"callArgs":  callArgs,
		// qualify names a generated type through the generated package, for
		// the result types only the unexported pagers use (reexport, which
		// runs after svcgen, re-exports only what the public API reaches).
		"qualify": func(typ string) string { return qualify(fd.Alias, typ) },
	}
	t, err := template.New("services").Funcs(funcs).Parse(servicesTemplate)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, fd); err != nil {
		return nil, nil, err
	}
	src, err = format.Source(buf.Bytes())
	if err != nil {
		return nil, buf.Bytes(), fmt.Errorf("format generated code: %w", err)
	}
	return src, buf.Bytes(), nil
}

// comment turns lines into a // comment.
func comment(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if l == "" {
			b.WriteString("//")
		} else {
			b.WriteString("// " + l)
		}
	}
	return b.String()
}

// style names the list and page functions of a paginate style.
func style(p string) string {
	return map[string]string{"core": "Core", "offset": "Offset", "page_info": "PageInfo", "cursor": "Cursor"}[p]
}

// args is a method's parameter list.
func args(m methodData) string {
	parts := []string{"ctx context.Context"}
	for _, a := range m.PathArgs {
		parts = append(parts, a.Name+" "+a.Type)
	}
	if m.ExposeParams {
		parts = append(parts, "params *"+m.ParamsType)
	}
	if m.BodyType != "" {
		parts = append(parts, "body *"+m.BodyType)
	}
	return strings.Join(append(parts, "opts ...Option"), ", ")
}

// callArgs is the argument list of the generated client's method: the
// context, path parameters, the Params struct p, the body, and the editor
// applying the call's options.
func callArgs(m methodData) string {
	parts := []string{"ctx"}
	for _, a := range m.PathArgs {
		parts = append(parts, a.Name)
	}
	if m.ParamsType != "" {
		parts = append(parts, "p")
	}
	if m.BodyType != "" {
		parts = append(parts, "deref(body)")
	}
	return strings.Join(append(parts, "edit"), ", ")
}

// qualify prefixes alias to an exported type name in a simple type
// expression ("GetQuotesResponse", "[]Product"), leaving builtins alone.
func qualify(alias, typ string) string {
	t := strings.TrimLeft(typ, "*[]")
	if t == "" || t[0] < 'A' || t[0] > 'Z' || strings.ContainsAny(t, ".[]") {
		return typ
	}
	return strings.TrimSuffix(typ, t) + alias + "." + t
}
