package specpipe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Structural returns the structural copy of a curated document (the bytes
// Curate returns) that the fakes coretest and logisticstest validate
// requests and responses against: its paths, operations, parameters,
// request bodies, responses, schemas and security, without what only
// documents them (descriptions, summaries, titles, examples, tags, external
// docs, servers, and every x- extension, including the generator's). It is
// build output, like gen/: the same curated document always gives the same
// bytes (indented JSON with sorted keys), so `make regenerate` reproduces it.
//
// Response descriptions are kept as "", since OpenAPI 3.0 requires the
// field. The result is loaded back with kin-openapi before it is encoded, so
// a copy that does not load is an error here rather than in a fake.
func Structural(curated []byte) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(curated, &root); err != nil {
		return nil, fmt.Errorf("structural: parse curated document: %w", err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("structural: the curated document is not a mapping")
	}
	stripDocument(root.Content[0])
	stripped, err := yaml.Marshal(&root)
	if err != nil {
		return nil, fmt.Errorf("structural: encode: %w", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(stripped)
	if err != nil {
		return nil, fmt.Errorf("structural: the stripped document does not load: %w", err)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("structural: encode JSON: %w", err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", " "); err != nil {
		return nil, fmt.Errorf("structural: indent JSON: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// stripDocument strips the document root: it keeps openapi, the title and
// version of info, paths, components and security.
func stripDocument(n *yaml.Node) {
	keep(n, "openapi", "info", "paths", "components", "security")
	if info := mapValue(n, "info"); info != nil {
		keep(info, "title", "version")
	}
	eachValue(mapValue(n, "paths"), stripPathItem)
	if c := mapValue(n, "components"); c != nil {
		keep(c, "schemas", "parameters", "headers", "requestBodies", "responses", "securitySchemes")
		eachValue(mapValue(c, "schemas"), stripSchema)
		eachValue(mapValue(c, "parameters"), stripParameter)
		eachValue(mapValue(c, "headers"), stripParameter)
		eachValue(mapValue(c, "requestBodies"), stripRequestBody)
		eachValue(mapValue(c, "responses"), stripResponse)
		eachValue(mapValue(c, "securitySchemes"), func(s *yaml.Node) { drop(s, "description") })
	}
}

func stripPathItem(n *yaml.Node) {
	drop(n, "summary", "description", "servers")
	eachItem(mapValue(n, "parameters"), stripParameter)
	for _, m := range httpMethods {
		if op := mapValue(n, m); op != nil {
			stripOperation(op)
		}
	}
}

func stripOperation(n *yaml.Node) {
	drop(n, "tags", "summary", "description", "externalDocs", "servers", "callbacks")
	eachItem(mapValue(n, "parameters"), stripParameter)
	if rb := mapValue(n, "requestBody"); rb != nil {
		stripRequestBody(rb)
	}
	eachValue(mapValue(n, "responses"), stripResponse)
}

// stripParameter strips a parameter or a header.
func stripParameter(n *yaml.Node) {
	drop(n, "description", "example", "examples")
	if s := mapValue(n, "schema"); s != nil {
		stripSchema(s)
	}
	eachValue(mapValue(n, "content"), stripMediaType)
}

func stripRequestBody(n *yaml.Node) {
	drop(n, "description")
	eachValue(mapValue(n, "content"), stripMediaType)
}

func stripResponse(n *yaml.Node) {
	if mapValue(n, "$ref") != nil {
		return
	}
	drop(n, "links")
	set(n, "description", "")
	eachValue(mapValue(n, "headers"), stripParameter)
	eachValue(mapValue(n, "content"), stripMediaType)
}

func stripMediaType(n *yaml.Node) {
	drop(n, "example", "examples")
	if s := mapValue(n, "schema"); s != nil {
		stripSchema(s)
	}
	eachValue(mapValue(n, "encoding"), func(e *yaml.Node) { eachValue(mapValue(e, "headers"), stripParameter) })
}

func stripSchema(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return // additionalProperties: true, say
	}
	drop(n, "title", "description", "example", "examples", "externalDocs")
	eachValue(mapValue(n, "properties"), stripSchema)
	for _, k := range []string{"items", "not", "additionalProperties"} {
		if s := mapValue(n, k); s != nil {
			stripSchema(s)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		eachItem(mapValue(n, k), stripSchema)
	}
}

// set sets key of mapping n to the string v, adding it if absent.
func set(n *yaml.Node, key, v string) {
	if old := mapValue(n, key); old != nil {
		*old = *scalar(v)
		return
	}
	n.Content = append(n.Content, scalar(key), scalar(v))
}

// drop removes keys and every x- extension from mapping n.
func drop(n *yaml.Node, keys ...string) {
	filter(n, func(k string) bool { return !slices.Contains(keys, k) })
}

// keep removes every key of mapping n but keys.
func keep(n *yaml.Node, keys ...string) {
	filter(n, func(k string) bool { return slices.Contains(keys, k) })
}

// filter keeps the entries of mapping n whose key ok accepts, never an x-
// extension.
func filter(n *yaml.Node, ok func(string) bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	out := n.Content[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if strings.HasPrefix(k, "x-") || !ok(k) {
			continue
		}
		out = append(out, n.Content[i], n.Content[i+1])
	}
	n.Content = out
}

// eachValue calls f with each value of mapping n.
func eachValue(n *yaml.Node, f func(*yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 1; i < len(n.Content); i += 2 {
		f(n.Content[i])
	}
}

// eachItem calls f with each item of sequence n.
func eachItem(n *yaml.Node, f func(*yaml.Node)) {
	if n == nil || n.Kind != yaml.SequenceNode {
		return
	}
	for _, c := range n.Content {
		f(c)
	}
}
