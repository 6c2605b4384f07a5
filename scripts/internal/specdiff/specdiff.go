// Package specdiff compares two revisions of an OpenAPI 3 document with
// oasdiff and summarises the result for maintainers: operations, schemas,
// parameters and properties added, removed and changed, and the changes that
// break users according to oasdiff's backward-compatibility checker.
//
// Rails-style path segments (/shipments/:id) are rewritten to OpenAPI
// templates (/shipments/{id}) in both revisions before they are compared, so
// that a document that switches between the two spellings, as Flexport's Core
// v2 document does from path to path, does not show operations as removed and
// added.
package specdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// Report is the comparison of a base revision with a head revision. Lists are
// sorted and never nil, so that the JSON form always has every key.
type Report struct {
	// SemanticChange is true when the parsed documents differ in anything
	// oasdiff compares, descriptions and examples included.
	SemanticChange bool `json:"semantic_change"`
	// UnchangedBytes is true when the two documents are byte for byte equal.
	UnchangedBytes bool `json:"unchanged_bytes"`

	// Operations are "METHOD /path", with normalised paths.
	OperationsAdded   []string `json:"operations_added"`
	OperationsRemoved []string `json:"operations_removed"`
	OperationsChanged []string `json:"operations_changed"`

	// Schemas are names under components/schemas.
	SchemasAdded   []string `json:"schemas_added"`
	SchemasRemoved []string `json:"schemas_removed"`
	SchemasChanged []string `json:"schemas_changed"`

	// Parameters are "METHOD /path in name" (or "/path in name" for path-level
	// parameters); changed ones end with the attributes that changed.
	ParametersAdded   []string `json:"parameters_added"`
	ParametersRemoved []string `json:"parameters_removed"`
	ParametersChanged []string `json:"parameters_changed"`

	// Properties are "Schema.property", nested as "Schema.a.b" and through
	// array items as "Schema.a[].b"; changed ones end with the attributes that
	// changed.
	PropertiesAdded   []string `json:"properties_added"`
	PropertiesRemoved []string `json:"properties_removed"`
	PropertiesChanged []string `json:"properties_changed"`

	// OtherChanges names changed parts of the document the lists above do
	// not cover, such as "info" or "components.responses".
	OtherChanges []string `json:"other_changes"`

	// Breaking holds the changes oasdiff's backward-compatibility checker
	// reports, as `oasdiff breaking` does: those it rates as errors (they
	// break clients) prefixed "error: ", and those it rates as warnings (they
	// may) prefixed "warning: ".
	Breaking []string `json:"breaking"`
}

func newReport() *Report {
	return &Report{
		OperationsAdded: []string{}, OperationsRemoved: []string{}, OperationsChanged: []string{},
		SchemasAdded: []string{}, SchemasRemoved: []string{}, SchemasChanged: []string{},
		ParametersAdded: []string{}, ParametersRemoved: []string{}, ParametersChanged: []string{},
		PropertiesAdded: []string{}, PropertiesRemoved: []string{}, PropertiesChanged: []string{},
		OtherChanges: []string{}, Breaking: []string{},
	}
}

// Summary is a one-line verdict: "unchanged", "changed bytes, no semantic
// change", or "semantic change" with counts.
func (r *Report) Summary() string {
	switch {
	case r.UnchangedBytes:
		return "unchanged"
	case !r.SemanticChange:
		return "changed bytes, no semantic change"
	}
	counts := []struct {
		n    int
		what string
	}{
		{len(r.OperationsAdded), "operations added"},
		{len(r.OperationsRemoved), "operations removed"},
		{len(r.OperationsChanged), "operations changed"},
		{len(r.SchemasAdded), "schemas added"},
		{len(r.SchemasRemoved), "schemas removed"},
		{len(r.SchemasChanged), "schemas changed"},
		{len(r.Breaking), "breaking"},
	}
	var parts []string
	for _, c := range counts {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(parts) == 0 {
		return "semantic change"
	}
	return "semantic change: " + strings.Join(parts, ", ")
}

// Compare loads base and head (YAML or JSON), normalises their paths with
// NormalizePaths and reports how head differs from base.
func Compare(base, head []byte) (*Report, error) {
	r := newReport()
	r.UnchangedBytes = bytes.Equal(base, head)
	s1, err := Load(base)
	if err != nil {
		return nil, fmt.Errorf("base: %w", err)
	}
	s2, err := Load(head)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(),
		&load.SpecInfo{Url: "base", Spec: s1}, &load.SpecInfo{Url: "head", Spec: s2})
	if err != nil {
		return nil, fmt.Errorf("diff: %w", err)
	}
	if d.Empty() {
		return r, nil
	}
	r.SemanticChange = true
	r.addEndpoints(d.EndpointsDiff)
	r.addPathParameters(d.PathsDiff)
	if d.ComponentsDiff != nil {
		r.addSchemas(d.ComponentsDiff.SchemasDiff)
	}
	r.addOtherChanges(d)
	r.addBreaking(checker.CheckBackwardCompatibilityUntilLevel(
		checker.NewConfig(checker.GetAllChecks()), d, sources, checker.WARN))
	for _, l := range []*[]string{
		&r.OperationsAdded, &r.OperationsRemoved, &r.OperationsChanged,
		&r.SchemasAdded, &r.SchemasRemoved, &r.SchemasChanged,
		&r.ParametersAdded, &r.ParametersRemoved, &r.ParametersChanged,
		&r.PropertiesAdded, &r.PropertiesRemoved, &r.PropertiesChanged,
		&r.OtherChanges, &r.Breaking,
	} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	return r, nil
}

func endpoint(e diff.Endpoint) string {
	return strings.ToUpper(e.Method) + " " + e.Path
}

func (r *Report) addEndpoints(ed *diff.EndpointsDiff) {
	if ed == nil {
		return
	}
	for _, e := range ed.Added {
		r.OperationsAdded = append(r.OperationsAdded, endpoint(e))
	}
	for _, e := range ed.Deleted {
		r.OperationsRemoved = append(r.OperationsRemoved, endpoint(e))
	}
	for e, md := range ed.Modified {
		r.OperationsChanged = append(r.OperationsChanged, endpoint(e))
		if md != nil {
			r.addParameters(endpoint(e), md.ParametersDiff)
		}
	}
}

func (r *Report) addPathParameters(pd *diff.PathsDiff) {
	if pd == nil {
		return
	}
	for path, d := range pd.Modified {
		if d != nil {
			r.addParameters(path, d.ParametersDiff)
		}
	}
}

// addParameters records the parameters added, removed and changed in one
// operation (where is "METHOD /path") or path item (where is "/path").
func (r *Report) addParameters(where string, pd *diff.ParametersDiffByLocation) {
	if pd == nil {
		return
	}
	for in, names := range pd.Added {
		for _, n := range names {
			r.ParametersAdded = append(r.ParametersAdded, fmt.Sprintf("%s %s %s", where, in, n))
		}
	}
	for in, names := range pd.Deleted {
		for _, n := range names {
			r.ParametersRemoved = append(r.ParametersRemoved, fmt.Sprintf("%s %s %s", where, in, n))
		}
	}
	for in, params := range pd.Modified {
		for n, p := range params {
			what := changedKeys(p)
			if i := slices.Index(what, "schema"); i >= 0 && p.SchemaDiff != nil {
				var sub []string
				for _, k := range changedKeys(p.SchemaDiff) {
					sub = append(sub, "schema."+k)
				}
				what = slices.Concat(what[:i], sub, what[i+1:])
			}
			r.ParametersChanged = append(r.ParametersChanged,
				fmt.Sprintf("%s %s %s (%s)", where, in, n, strings.Join(what, ", ")))
		}
	}
}

func (r *Report) addSchemas(sd *diff.SchemasDiff) {
	if sd == nil {
		return
	}
	r.SchemasAdded = append(r.SchemasAdded, sd.Added...)
	r.SchemasRemoved = append(r.SchemasRemoved, sd.Deleted...)
	for name, d := range sd.Modified {
		r.SchemasChanged = append(r.SchemasChanged, name)
		r.addProperties(name, d, map[*diff.SchemaDiff]bool{})
	}
}

// addProperties records the properties added, removed and changed under the
// schema diff d, named name, recursing into inline properties and array
// items. A property that refers to a component schema is not followed: that
// schema's changes are reported under its own name. visiting guards against
// recursive inline schemas.
func (r *Report) addProperties(name string, d *diff.SchemaDiff, visiting map[*diff.SchemaDiff]bool) {
	if d == nil || visiting[d] {
		return
	}
	visiting[d] = true
	defer delete(visiting, d)
	if !isRef(d.ItemsDiff) {
		r.addProperties(name+"[]", d.ItemsDiff, visiting)
	}
	pd := d.PropertiesDiff
	if pd == nil {
		return
	}
	for _, p := range pd.Added {
		r.PropertiesAdded = append(r.PropertiesAdded, name+"."+p)
	}
	for _, p := range pd.Deleted {
		r.PropertiesRemoved = append(r.PropertiesRemoved, name+"."+p)
	}
	for p, child := range pd.Modified {
		if isRef(child) {
			continue
		}
		if own := ownChanges(child); len(own) > 0 {
			r.PropertiesChanged = append(r.PropertiesChanged,
				fmt.Sprintf("%s.%s (%s)", name, p, strings.Join(own, ", ")))
		}
		r.addProperties(name+"."+p, child, visiting)
	}
}

// isRef reports whether d compares the same components/schemas entry on both
// sides, so that its changes are those of that component schema.
func isRef(d *diff.SchemaDiff) bool {
	return d != nil && d.BaseComponent != "" && d.BaseComponent == d.RevisionComponent
}

// onlyRefs reports whether a oneOf, anyOf or allOf diff only holds changes
// inside component schemas that both sides refer to.
func onlyRefs(d *diff.SubschemasDiff) bool {
	if d == nil || len(d.Added) > 0 || len(d.Deleted) > 0 {
		return false
	}
	for _, m := range d.Modified {
		if !isRef(m.Diff) {
			return false
		}
	}
	return true
}

// ownChanges returns the attributes of a schema that changed, leaving out its
// properties (reported one by one) and items or subschemas whose only change
// is inside a component schema they refer to.
func ownChanges(d *diff.SchemaDiff) []string {
	return slices.DeleteFunc(changedKeys(d), func(k string) bool {
		switch k {
		case "properties":
			return true
		case "items":
			return isRef(d.ItemsDiff)
		case "oneOf":
			return onlyRefs(d.OneOfDiff)
		case "anyOf":
			return onlyRefs(d.AnyOfDiff)
		case "allOf":
			return onlyRefs(d.AllOfDiff)
		}
		return false
	})
}

// addOtherChanges records changed top-level sections other than paths and
// component schemas.
func (r *Report) addOtherChanges(d *diff.Diff) {
	rest := *d
	rest.PathsDiff, rest.EndpointsDiff, rest.ComponentsDiff = nil, nil, nil
	r.OtherChanges = append(r.OtherChanges, changedKeys(&rest)...)
	if d.ComponentsDiff != nil {
		c := *d.ComponentsDiff
		c.SchemasDiff = nil
		for _, k := range changedKeys(&c) {
			r.OtherChanges = append(r.OtherChanges, "components."+k)
		}
	}
}

// changedKeys returns the sorted JSON keys of an oasdiff diff value: the
// names of the attributes that changed. oasdiff omits unchanged ones.
func changedKeys(v any) []string {
	b, err := json.Marshal(v)
	if err != nil {
		return []string{"?"}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return []string{"?"}
	}
	return slices.Sorted(maps.Keys(m))
}

func (r *Report) addBreaking(changes checker.Changes) {
	l := checker.NewDefaultLocalizer()
	for _, c := range changes {
		s := c.GetUncolorizedText(l)
		if op := c.GetOperation(); op != "" {
			s = fmt.Sprintf("%s %s: %s", op, c.GetPath(), s)
		} else {
			s = fmt.Sprintf("%s: %s", c.GetSection(), s)
		}
		s += " [" + c.GetId() + "]"
		switch c.GetLevel() {
		case checker.ERR:
			r.Breaking = append(r.Breaking, "error: "+s)
		case checker.WARN:
			r.Breaking = append(r.Breaking, "warning: "+s)
		}
	}
}
