package specdiff

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Load parses an OpenAPI 3 document from YAML or JSON, resolves its local
// references (external ones are refused), and normalises its paths.
func Load(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load OpenAPI document: %w", err)
	}
	if err := NormalizePaths(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

var railsSegment = regexp.MustCompile(`^:([A-Za-z_][A-Za-z0-9_]*)$`)

// NormalizePath rewrites each Rails-style segment of path (":id") to an
// OpenAPI template ("{id}"). The name is kept, so parameters declared with
// in: path still match the template.
func NormalizePath(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if m := railsSegment.FindStringSubmatch(s); m != nil {
			segs[i] = "{" + m[1] + "}"
		}
	}
	return strings.Join(segs, "/")
}

// NormalizePaths renames the path keys of doc with NormalizePath. When a
// renamed path already exists in its templated spelling, the operations of
// both are merged; the same operation declared under both spellings is an
// error.
func NormalizePaths(doc *openapi3.T) error {
	if doc.Paths == nil {
		return nil
	}
	for _, old := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		renamed := NormalizePath(old)
		if renamed == old {
			continue
		}
		item := doc.Paths.Value(old)
		doc.Paths.Delete(old)
		existing := doc.Paths.Value(renamed)
		if existing == nil {
			doc.Paths.Set(renamed, item)
			continue
		}
		if len(item.Parameters) > 0 && len(existing.Parameters) > 0 {
			return fmt.Errorf("paths %q and %q both declare path-level parameters", old, renamed)
		}
		if len(existing.Parameters) == 0 {
			existing.Parameters = item.Parameters
		}
		for method, op := range item.Operations() {
			if existing.GetOperation(method) != nil {
				return fmt.Errorf("%s declared under both %q and %q", method, old, renamed)
			}
			existing.SetOperation(method, op)
		}
	}
	return nil
}
