package specpipe

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	if info := get(n, "info"); info != nil {
		keep(info, "title", "version")
	}
	eachValue(get(n, "paths"), stripPathItem)
	if c := get(n, "components"); c != nil {
		keep(c, "schemas", "parameters", "headers", "requestBodies", "responses", "securitySchemes")
		eachValue(get(c, "schemas"), stripSchema)
		eachValue(get(c, "parameters"), stripParameter)
		eachValue(get(c, "headers"), stripParameter)
		eachValue(get(c, "requestBodies"), stripRequestBody)
		eachValue(get(c, "responses"), stripResponse)
		eachValue(get(c, "securitySchemes"), func(s *yaml.Node) { drop(s, "description") })
	}
}

func stripPathItem(n *yaml.Node) {
	drop(n, "summary", "description", "servers")
	eachItem(get(n, "parameters"), stripParameter)
	for _, m := range httpMethods {
		if op := get(n, m); op != nil {
			stripOperation(op)
		}
	}
}

func stripOperation(n *yaml.Node) {
	drop(n, "tags", "summary", "description", "externalDocs", "servers", "callbacks")
	eachItem(get(n, "parameters"), stripParameter)
	if rb := get(n, "requestBody"); rb != nil {
		stripRequestBody(rb)
	}
	eachValue(get(n, "responses"), stripResponse)
}

// stripParameter strips a parameter or a header.
func stripParameter(n *yaml.Node) {
	drop(n, "description", "example", "examples")
	if s := get(n, "schema"); s != nil {
		stripSchema(s)
	}
	eachValue(get(n, "content"), stripMediaType)
}

func stripRequestBody(n *yaml.Node) {
	drop(n, "description")
	eachValue(get(n, "content"), stripMediaType)
}

func stripResponse(n *yaml.Node) {
	if get(n, "$ref") != nil {
		return
	}
	drop(n, "links")
	set(n, "description", "")
	eachValue(get(n, "headers"), stripParameter)
	eachValue(get(n, "content"), stripMediaType)
}

func stripMediaType(n *yaml.Node) {
	drop(n, "example", "examples")
	if s := get(n, "schema"); s != nil {
		stripSchema(s)
	}
	eachValue(get(n, "encoding"), func(e *yaml.Node) { eachValue(get(e, "headers"), stripParameter) })
}

func stripSchema(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return // additionalProperties: true, say
	}
	drop(n, "title", "description", "example", "examples", "externalDocs")
	eachValue(get(n, "properties"), stripSchema)
	for _, k := range []string{"items", "not", "additionalProperties"} {
		if s := get(n, k); s != nil {
			stripSchema(s)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		eachItem(get(n, k), stripSchema)
	}
}

// get returns the value of key in mapping n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// set sets key of mapping n to the string v, adding it if absent.
func set(n *yaml.Node, key, v string) {
	if old := get(n, key); old != nil {
		*old = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		return
	}
	n.Content = append(n.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
}

// drop removes keys and every x- extension from mapping n.
func drop(n *yaml.Node, keys ...string) {
	filter(n, func(k string) bool {
		for _, d := range keys {
			if k == d {
				return false
			}
		}
		return true
	})
}

// keep removes every key of mapping n but keys.
func keep(n *yaml.Node, keys ...string) {
	filter(n, func(k string) bool {
		for _, d := range keys {
			if k == d {
				return true
			}
		}
		return false
	})
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
