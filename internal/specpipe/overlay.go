package specpipe

import (
	"bytes"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/speakeasy-api/openapi/overlay/loader"
	"gopkg.in/yaml.v3"
)

// CodegenView returns a document as oapi-codegen hands it to an overlay:
// loaded by kin-openapi and re-encoded as YAML (LoadSwaggerWithOverlay in
// oapi-codegen's pkg/util/loader.go). Overlay targets must match this view,
// not the raw upstream text.
func CodegenView(doc []byte) (*yaml.Node, error) {
	spec, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load normalised document: %w", err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(spec); err != nil {
		return nil, fmt.Errorf("re-encode document: %w", err)
	}
	var node yaml.Node
	if err := yaml.NewDecoder(&buf).Decode(&node); err != nil {
		return nil, fmt.Errorf("re-parse document: %w", err)
	}
	return &node, nil
}

// Curate returns the curated document: the normalised document in its
// CodegenView, with the overlay at overlayPath applied in strict mode (every
// action must match something), loaded again. `make generate` writes these
// bytes (specpipe curate) and generates everything from them, so tests and
// the drift check look at exactly what it generates from.
func Curate(normalised []byte, overlayPath string) (*openapi3.T, []byte, error) {
	if overlayPath == "" {
		spec, err := openapi3.NewLoader().LoadFromData(normalised)
		if err != nil {
			return nil, nil, fmt.Errorf("load normalised document: %w", err)
		}
		return spec, normalised, nil
	}
	node, err := CodegenView(normalised)
	if err != nil {
		return nil, nil, err
	}
	ov, err := loader.LoadOverlay(overlayPath)
	if err != nil {
		return nil, nil, fmt.Errorf("load overlay %s: %w", overlayPath, err)
	}
	if err := ov.Validate(); err != nil {
		return nil, nil, fmt.Errorf("overlay %s is not valid: %w", overlayPath, err)
	}
	if _, err := ov.ApplyToStrict(node); err != nil {
		return nil, nil, fmt.Errorf("apply overlay %s: %w", overlayPath, err)
	}
	out, err := yaml.Marshal(node)
	if err != nil {
		return nil, nil, fmt.Errorf("encode curated document: %w", err)
	}
	curated, err := openapi3.NewLoader().LoadFromData(out)
	if err != nil {
		return nil, nil, fmt.Errorf("load curated document: %w", err)
	}
	return curated, out, nil
}
