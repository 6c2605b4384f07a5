package specpipe

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// A Fix is one normalisation step: a change an OpenAPI Overlay cannot
// express (overlays can change values, not rename keys), applied to the
// parsed document before oapi-codegen applies the overlay.
type Fix struct {
	// Name identifies the fix in reports.
	Name string
	// Evidence names the fact or recorded response that shows the fix is
	// right.
	Evidence string
	// Apply changes the document and returns how many places it changed.
	// Zero means the fix found nothing to do: upstream changed, and the fix
	// is stale.
	Apply func(doc *yaml.Node) (int, error)
}

// FixResult is what one Fix did to one document.
type FixResult struct {
	Name     string
	Evidence string
	Matched  int
}

// Stale reports whether the fix found nothing to change.
func (r FixResult) Stale() bool { return r.Matched == 0 }

// Fixes returns the normalisation steps for the pinned document named name
// (as in openapi/pins.json). Documents without fixes return nil.
func Fixes(name string) []Fix {
	switch name {
	case "core-v2":
		return coreFixes
	default:
		return nil
	}
}

// coreFixes is the curation of the Core v2 document that the overlay in
// openapi/core/overlay.yaml cannot express.
//
// PATCH /commercial_invoices deliberately stays where upstream declares it,
// without an id in the path: the invoice is named by invoice_number in the
// body. Evidence: the Commercial Invoices API tutorial
// (developers.flexport.com/tutorials/commercial-invoices-api-tutorial) lists
// "PATCH /commercial_invoices", and the operation's own example response has
// self: https://api.flexport.com/commercial_invoices. (An earlier fix moved it
// to /commercial_invoices/{id}, a path no source shows.)
var coreFixes = []Fix{
	{
		Name:     "rails-path-templates",
		Evidence: "flexport-facts.md §7.2 'Mixed path templates': 12 paths use Rails-style /:id, which oapi-codegen treats as literal text",
		Apply:    renameRailsPathTemplates,
	},
	{
		Name:     "declare-missing-path-parameters",
		Evidence: "upstream declares no id parameter on GET /events/:id, /shipment_legs/:id and /ocean/shipment_container_legs/:id; ids are integers in fixtures shipment_legs__*.json, ocean--shipment_container_legs*.json and Event.id (flexport-facts.md §4)",
		Apply:    declareMissingPathParameters,
	},
}

// Normalize applies the fixes of the document named name to doc and returns
// the normalised document as YAML. A document without fixes is returned
// unchanged.
func Normalize(name string, doc []byte) ([]byte, []FixResult, error) {
	fixes := Fixes(name)
	if len(fixes) == 0 {
		return doc, nil, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, nil, fmt.Errorf("%s: parse: %w", name, err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("%s: not an OpenAPI document (top level is not a mapping)", name)
	}
	results := make([]FixResult, 0, len(fixes))
	for _, f := range fixes {
		n, err := f.Apply(root.Content[0])
		if err != nil {
			return nil, nil, fmt.Errorf("%s: fix %s: %w", name, f.Name, err)
		}
		results = append(results, FixResult{Name: f.Name, Evidence: f.Evidence, Matched: n})
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, nil, fmt.Errorf("%s: encode: %w", name, err)
	}
	if err := enc.Close(); err != nil {
		return nil, nil, fmt.Errorf("%s: encode: %w", name, err)
	}
	return buf.Bytes(), results, nil
}

var railsSegment = regexp.MustCompile(`/:([A-Za-z_][A-Za-z0-9_]*)`)

// renameRailsPathTemplates rewrites path keys like /shipments/:id to
// /shipments/{id}.
func renameRailsPathTemplates(doc *yaml.Node) (int, error) {
	paths := mapValue(doc, "paths")
	if paths == nil {
		return 0, fmt.Errorf("no paths")
	}
	n := 0
	for i := 0; i < len(paths.Content); i += 2 {
		key := paths.Content[i]
		renamed := railsSegment.ReplaceAllString(key.Value, "/{$1}")
		if renamed == key.Value {
			continue
		}
		if mapValue(paths, renamed) != nil {
			return n, fmt.Errorf("path %s would collide with existing %s", key.Value, renamed)
		}
		key.Value = renamed
		key.Style = 0
		n++
	}
	return n, nil
}

// pathParameterTypes gives the schema type of an undeclared path parameter,
// by the path's first segment.
var pathParameterTypes = map[string]string{
	"events":        "integer",
	"shipment_legs": "integer",
	"ocean":         "integer", // /ocean/shipment_container_legs/{id}, /ocean/shipment_containers/{id}
}

var pathTemplate = regexp.MustCompile(`\{([^}]+)\}`)

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// declareMissingPathParameters adds a required path parameter to every
// operation whose path names a template variable no parameter declares.
func declareMissingPathParameters(doc *yaml.Node) (int, error) {
	paths := mapValue(doc, "paths")
	if paths == nil {
		return 0, fmt.Errorf("no paths")
	}
	n := 0
	for i := 0; i < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		vars := pathTemplate.FindAllStringSubmatch(path, -1)
		if len(vars) == 0 {
			continue
		}
		declared := pathParams(mapValue(item, "parameters"))
		for _, m := range httpMethods {
			op := mapValue(item, m)
			if op == nil {
				continue
			}
			opDeclared := pathParams(mapValue(op, "parameters"))
			var missing []string
			for _, v := range vars {
				if !declared[v[1]] && !opDeclared[v[1]] {
					missing = append(missing, v[1])
				}
			}
			sort.Strings(missing)
			for _, name := range missing {
				seg := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 2)[0]
				typ, ok := pathParameterTypes[seg]
				if !ok {
					return n, fmt.Errorf("%s %s: undeclared path parameter %q and no known type for /%s", strings.ToUpper(m), path, name, seg)
				}
				params := mapValue(op, "parameters")
				if params == nil {
					params = &yaml.Node{Kind: yaml.SequenceNode}
					op.Content = append(op.Content, scalar("parameters"), params)
				}
				params.Content = append(params.Content, mapping(
					"name", scalar(name),
					"in", scalar("path"),
					"required", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"},
					"description", scalar("The resource's id."),
					"schema", mapping("type", scalar(typ)),
				))
				n++
			}
		}
	}
	return n, nil
}

// pathParams lists the names of the path parameters declared inline in a
// parameters sequence.
func pathParams(params *yaml.Node) map[string]bool {
	out := map[string]bool{}
	if params == nil {
		return out
	}
	for _, p := range params.Content {
		if in := mapValue(p, "in"); in != nil && in.Value == "path" {
			if name := mapValue(p, "name"); name != nil {
				out[name.Value] = true
			}
		}
	}
	return out
}

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// mapping builds a mapping node from alternating keys and value nodes.
func mapping(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i < len(kv); i += 2 {
		m.Content = append(m.Content, scalar(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return m
}
