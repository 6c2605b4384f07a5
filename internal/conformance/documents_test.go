package conformance

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/gen/logisticsapi"
)

// curatedDocs computes each curated document once for all the tests of the
// package, which only read it: curating takes seconds under the race
// detector.
var curatedDocs = map[string]func() (*openapi3.T, error){
	"core-v2":           sync.OnceValues(func() (*openapi3.T, error) { return CuratedDocument("core-v2") }),
	"logistics-2023-10": sync.OnceValues(func() (*openapi3.T, error) { return CuratedDocument("logistics-2023-10") }),
}

func curated(t *testing.T, name string) *openapi3.T {
	t.Helper()
	doc, err := curatedDocs[name]()
	if errors.Is(err, ErrNoUpstream) {
		t.Skipf("%s: %v", name, err)
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// TestCuratedDocumentsValidate checks that the curated Core document and the
// Logistics document after its overlay are valid OpenAPI 3.0 for kin-openapi.
func TestCuratedDocumentsValidate(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"core-v2", "logistics-2023-10"} {
		t.Run(name, func(t *testing.T) {
			doc := curated(t, name)
			if err := doc.Validate(context.Background()); err != nil {
				t.Fatalf("kin-openapi validation: %v", err)
			}
		})
	}
}

// operationIDs lists "METHOD /path operationId" for every operation.
func operationIDs(doc *openapi3.T) map[string]string {
	ops := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[method+" "+path] = op.OperationID
		}
	}
	return ops
}

// methodKey folds a Go method name or an operationId so that both compare
// equal whatever the initialisms and separators.
func methodKey(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "").Replace(s))
}

// TestEveryOperationIsGenerated lists the operations of both curated
// documents and fails if any lacks a generated Client function.
func TestEveryOperationIsGenerated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		doc    string
		min    int
		client reflect.Type
	}{
		{"core-v2", 59, reflect.TypeFor[coreapi.ClientInterface]()},
		{"logistics-2023-10", 59, reflect.TypeFor[logisticsapi.ClientInterface]()},
	}
	for _, tt := range tests {
		t.Run(tt.doc, func(t *testing.T) {
			doc := curated(t, tt.doc)
			ops := operationIDs(doc)
			client := map[string]bool{}
			for i := range tt.client.NumMethod() {
				client[methodKey(tt.client.Method(i).Name)] = true
			}
			var missing []string
			for op, id := range ops {
				if id == "" {
					missing = append(missing, op+" (no operationId)")
					continue
				}
				k := methodKey(id)
				if !client[k] && !client[k+"withbody"] {
					missing = append(missing, op+" "+id+": no Client method")
				}
			}
			sort.Strings(missing)
			for _, m := range missing {
				t.Error(m)
			}
			t.Logf("%s: %d operations, %d without a generated function", tt.doc, len(ops), len(missing))
			if len(ops) < tt.min {
				t.Errorf("%s has %d operations, want at least %d", tt.doc, len(ops), tt.min)
			}
		})
	}
}

// TestNoResponseWrappers checks that the generated packages have none of
// oapi-codegen's ClientWithResponses layer (ClientWithResponses, the
// Parse...Response functions and the response wrapper types): the services
// call Client and decode responses themselves, and the user template
// openapi/templates/client-with-responses.tmpl leaves that layer out.
func TestNoResponseWrappers(t *testing.T) {
	for _, file := range []string{"gen/coreapi/client.gen.go", "gen/logisticsapi/client.gen.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(RepoRoot(), file), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if strings.HasPrefix(d.Name.Name, "Parse") || strings.HasSuffix(d.Name.Name, "WithResponse") {
					found = append(found, "func "+d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && strings.Contains(ts.Name.Name, "WithResponses") {
						found = append(found, "type "+ts.Name.Name)
					}
				}
			}
		}
		if len(found) > 0 {
			t.Errorf("%s declares %d names of the ClientWithResponses layer, e.g. %v", file, len(found), found[:min(3, len(found))])
		}
	}
}

// TestCorePathParameterTypes checks the id types of the curated document:
// document, invoice, company, contact and location ids are strings;
// shipment, leg, container and booking ids integers.
func TestCorePathParameterTypes(t *testing.T) {
	t.Parallel()
	doc := curated(t, "core-v2")
	want := map[string]string{
		"/documents/{id}": "string", "/documents/{id}/download": "string", "/invoices/{id}": "string",
		"/network/companies/{id}": "string", "/network/contacts/{id}": "string", "/network/locations/{id}": "string",
		"/network/company_entities/{id}": "string", "/commercial_invoices/{id}": "string", "/customs_entries/{id}": "string",
		"/shipments/{id}": "integer", "/shipment_legs/{id}": "integer", "/ocean/shipment_containers/{id}": "integer",
		"/ocean/shipment_container_legs/{id}": "integer", "/bookings/{id}": "integer",
	}
	for path, typ := range want {
		item := doc.Paths.Value(path)
		if item == nil {
			t.Errorf("no path %s", path)
			continue
		}
		for method, op := range item.Operations() {
			p := op.Parameters.GetByInAndName("path", "id")
			if p == nil {
				t.Errorf("%s %s declares no id parameter", method, path)
				continue
			}
			if got := p.Schema.Value.Type.Slice(); len(got) != 1 || got[0] != typ {
				t.Errorf("%s %s: id is %v, want %s", method, path, got, typ)
			}
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		if strings.Contains(path, ":") {
			t.Errorf("path %s still has a Rails-style segment", path)
		}
	}
}
