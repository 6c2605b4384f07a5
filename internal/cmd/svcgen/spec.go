package main

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"gopkg.in/yaml.v3"
)

// api is the curated document as oapi-codegen generates from it: its
// operations, described by oapi-codegen's own code, by operationId.
type api struct {
	ops map[string]*codegen.OperationDefinition
}

// codegenConfig is an oapi-codegen configuration file (the command's
// format: the library's Configuration and the output file).
type codegenConfig struct {
	codegen.Configuration `yaml:",inline"`
	Output                string `yaml:"output"`
}

// loadAPI reads the document at specPath and the oapi-codegen
// configuration that generates the package's types from it, loads the
// document as the oapi-codegen command does with that configuration (its
// pkg/util loader, applying the overlay the configuration names, if any,
// strict unless the configuration says otherwise), and describes its
// operations with oapi-codegen's pkg/codegen.
//
// oapi-codegen keeps its naming settings (name normaliser, initialisms,
// type mapping, resolved type-name collisions) in package state that only
// codegen.Generate sets. So loadAPI first runs Generate with the same
// configuration but nothing to generate, then asks for the operation
// definitions: every Go name svcgen uses (operation, parameter, Params
// type, body and result types, x-go-name included) is then the one
// oapi-codegen gave the generated code.
func loadAPI(specPath, configPath string) (*api, error) {
	cb, err := os.ReadFile(configPath)
	if err != nil {
		return nil, err
	}
	var cfg codegenConfig
	if err := yaml.NewDecoder(bytes.NewReader(cb)).Decode(&cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", configPath, err)
	}
	overlay := util.LoadSwaggerWithOverlayOpts{
		Path:                cfg.OutputOptions.Overlay.Path,
		Strict:              cfg.OutputOptions.Overlay.Strict == nil || *cfg.OutputOptions.Overlay.Strict,
		AllowRemoteRefsFrom: cfg.AllowRemoteRefsFrom,
	}
	spec, err := util.LoadSwaggerWithOverlay(specPath, overlay)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", specPath, err)
	}
	opts := cfg.UpdateDefaults()
	// Name things as the generated package does, generate nothing, and
	// leave the document's operationIds as they are (services files use
	// them).
	opts.Generate = codegen.GenerateOptions{}
	opts.Compatibility.PreserveOriginalOperationIdCasingInEmbeddedSpec = true
	if _, err := codegen.Generate(spec, opts); err != nil {
		return nil, fmt.Errorf("oapi-codegen with %s: %w", configPath, err)
	}
	defs, err := codegen.OperationDefinitions(spec)
	if err != nil {
		return nil, fmt.Errorf("oapi-codegen operation definitions: %w", err)
	}
	a := &api{ops: map[string]*codegen.OperationDefinition{}}
	for i := range defs {
		d := &defs[i]
		if d.SpecOperationId == "" {
			return nil, fmt.Errorf("%s %s has no operationId", strings.ToUpper(d.Method), d.Path)
		}
		if _, dup := a.ops[d.SpecOperationId]; dup {
			return nil, fmt.Errorf("operationId %s is used twice", d.SpecOperationId)
		}
		a.ops[d.SpecOperationId] = d
	}
	return a, nil
}

// operationIDs returns the operationIds of the document, sorted.
func (a *api) operationIDs() []string {
	ids := make([]string, 0, len(a.ops))
	for id := range a.ops {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// paramsType describes the Params struct oapi-codegen generates for an
// operation's query, header and cookie parameters: its name and fields.
func paramsType(op *codegen.OperationDefinition) (string, []codegen.Property) {
	if !op.RequiresParamObject() {
		return "", nil
	}
	defs := codegen.GenerateParamsTypes(*op)
	td := defs[len(defs)-1] // the Params struct comes after its helper types
	return td.TypeName, td.Schema.Properties
}

// jsonBody returns the JSON request body of an operation the generated
// client sends typed, or nil.
func jsonBody(op *codegen.OperationDefinition) *codegen.RequestBodyDefinition {
	for i := range op.Bodies {
		b := &op.Bodies[i]
		if b.IsJSON() && b.IsSupportedByClient() {
			return b
		}
	}
	return nil
}

// bodyType is the Go type a caller passes for a request body: the named
// type of a referenced schema (CreateBooking), else the generated type of
// the operation's body.
func bodyType(op *codegen.OperationDefinition, b *codegen.RequestBodyDefinition) string {
	if t := b.Schema.TypeDecl(); isTypeName(t) {
		return t
	}
	return b.TypeDef(op.OperationId).TypeName
}

// hasRequired reports whether a schema (or one of the schemas it combines
// with allOf) lists required properties: a request body of that type has
// fields a call cannot do without, which its Validate method checks.
func hasRequired(s *openapi3.Schema) bool {
	if s == nil {
		return false
	}
	if len(s.Required) > 0 {
		return true
	}
	for _, sub := range s.AllOf {
		if sub != nil && hasRequired(sub.Value) {
			return true
		}
	}
	return false
}

// successSchema returns the JSON schema of an operation's first 2xx
// response, or nil when it has none with a JSON body.
func successSchema(op *codegen.OperationDefinition) *codegen.Schema {
	for _, r := range op.Responses {
		if len(r.StatusCode) != 3 || r.StatusCode[0] != '2' {
			continue
		}
		for i := range r.Contents {
			if r.Contents[i].IsJSON() {
				return &r.Contents[i].Schema
			}
		}
	}
	return nil
}

// property returns the property with JSON name name of the object schema s
// describes (following a reference), as oapi-codegen generates its field.
func property(s *openapi3.Schema, typeName, name string) (*codegen.Property, error) {
	if s == nil {
		return nil, fmt.Errorf("%s has no schema", typeName)
	}
	gs, err := codegen.GenerateGoSchema(&openapi3.SchemaRef{Value: s}, []string{typeName})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", typeName, err)
	}
	for i := range gs.Properties {
		if gs.Properties[i].JsonFieldName == name {
			return &gs.Properties[i], nil
		}
	}
	return nil, fmt.Errorf("%s has no property %s", typeName, name)
}

// isTypeName reports whether t is a plain type name (not a struct, map or
// slice type expression).
func isTypeName(t string) bool {
	for _, r := range t {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return t != ""
}
