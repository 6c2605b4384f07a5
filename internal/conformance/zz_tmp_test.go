package conformance

import (
	"fmt"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func walkS(name string, s *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if s == nil || s.Value == nil || seen[s.Value] {
		return
	}
	seen[s.Value] = true
	v := s.Value
	if v.Example != nil {
		if err := v.VisitJSON(v.Example, openapi3.MultiErrors()); err != nil {
			fmt.Printf("SCHEMA-EX %s: %v => %.120s\n", name, v.Example, err)
		}
	}
	for k, p := range v.Properties {
		walkS(name+"."+k, p, seen)
	}
	walkS(name+"[]", v.Items, seen)
	for i, x := range v.AllOf {
		walkS(fmt.Sprintf("%s/allOf%d", name, i), x, seen)
	}
}

func TestAllErrors(t *testing.T) {
	doc, err := CuratedDocument("core-v2")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*openapi3.Schema]bool{}
	for name, s := range doc.Components.Schemas {
		walkS(name, s, seen)
	}
	n := 0
	for path, item := range doc.Paths.Map() {
		for m, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value.Example != nil && p.Value.Schema != nil {
					if err := p.Value.Schema.Value.VisitJSON(p.Value.Example); err != nil {
						fmt.Printf("PARAM-EX %s %s %s: %v\n", m, path, p.Value.Name, p.Value.Example)
					}
				}
			}
			for code, r := range op.Responses.Map() {
				if r.Value == nil { continue }
				for ct, mt := range r.Value.Content {
					for en, ex := range mt.Examples {
						if ex.Value == nil || mt.Schema == nil { continue }
						if err := mt.Schema.Value.VisitJSON(ex.Value.Value, openapi3.MultiErrors()); err != nil {
							n++
							fmt.Printf("RESP-EX %s %s %s %s %s: %.200s\n", m, path, code, ct, en, err)
						}
					}
				}
			}
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					if mt.Example != nil {
						if err := mt.Schema.Value.VisitJSON(mt.Example, openapi3.MultiErrors()); err != nil {
							fmt.Printf("REQ-EX %s %s %s: %.200s\n", m, path, ct, err)
						}
					}
				}
			}
		}
	}
	fmt.Println("resp example errors", n)
}
