package drift

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flexport-go/flexport/internal/specpipe"
	"github.com/speakeasy-api/openapi/overlay"
	"github.com/speakeasy-api/openapi/overlay/loader"
	"gopkg.in/yaml.v3"
)

// NormalizeFunc is the normaliser's signature (specpipe.Normalize): it
// applies the fixes of the document named name and reports what each did.
type NormalizeFunc func(name string, doc []byte) ([]byte, []specpipe.FixResult, error)

// CurationResult says whether our curation still applies to a document.
type CurationResult struct {
	// NormalizeError is set when the normaliser failed on the document;
	// the overlay was then not checked.
	NormalizeError string `json:"normalize_error,omitempty"`
	// StaleFixes are the normaliser fixes that found nothing to change.
	StaleFixes []StaleFix `json:"stale_fixes"`
	// Overlay is the overlay checked, "" when the document has none.
	Overlay string `json:"overlay,omitempty"`
	// OverlayError is set when the normalised document could not be loaded
	// for the overlay to be applied.
	OverlayError string `json:"overlay_error,omitempty"`
	// StaleActions are the overlay actions that no longer apply: their
	// target (or copy source) matches nothing, as oapi-codegen's strict mode
	// would report, or applying them fails.
	StaleActions []ActionProblem `json:"stale_actions"`
	// NoEffectActions are update actions that match but change nothing: the
	// document already says what they set, so they may be redundant now.
	NoEffectActions []ActionProblem `json:"no_effect_actions"`
}

// StaleFix is a normaliser fix that found nothing to change.
type StaleFix struct {
	Name     string `json:"name"`
	Evidence string `json:"evidence"`
}

// ActionProblem identifies an overlay action (1-based, in file order) and
// what is wrong with it.
type ActionProblem struct {
	Index       int    `json:"index"`
	Target      string `json:"target"`
	Description string `json:"description"`
	Problem     string `json:"problem"`
}

// Stale reports whether some curation step no longer applies.
func (c *CurationResult) Stale() bool {
	return c.NormalizeError != "" || c.OverlayError != "" || len(c.StaleFixes) > 0 || len(c.StaleActions) > 0
}

// CheckCuration runs the curation of the document named name over doc (an
// upstream revision): the normaliser, whose fixes must each find their
// target, then the overlay at overlayPath ("" for none), whose actions must
// each match something in the normalised document. Problems the document
// causes are recorded in the result; the error reports a problem on our side
// (an unreadable or invalid overlay).
func CheckCuration(name string, doc []byte, overlayPath string, normalize NormalizeFunc) (*CurationResult, error) {
	c := &CurationResult{StaleFixes: []StaleFix{}, StaleActions: []ActionProblem{}, NoEffectActions: []ActionProblem{}, Overlay: overlayPath}
	var ov *overlay.Overlay
	if overlayPath != "" {
		var err error
		if ov, err = loader.LoadOverlay(overlayPath); err != nil {
			return nil, err
		}
		if err := ov.Validate(); err != nil {
			return nil, fmt.Errorf("overlay %s is not valid: %w", overlayPath, err)
		}
	}
	normalized, fixes, err := normalize(name, doc)
	if err != nil {
		c.NormalizeError = err.Error()
		return c, nil
	}
	for _, f := range fixes {
		if f.Matched == 0 {
			c.StaleFixes = append(c.StaleFixes, StaleFix{Name: f.Name, Evidence: f.Evidence})
		}
	}
	if ov == nil {
		return c, nil
	}
	root, err := specpipe.CodegenView(normalized)
	if err != nil {
		c.OverlayError = err.Error()
		return c, nil
	}
	c.StaleActions, c.NoEffectActions = checkActions(ov, root)
	return c, nil
}

// checkActions applies the overlay's actions to root one at a time, in
// order, in strict mode, and returns the stale ones and the ones that change
// nothing. Applying them one by one attributes each problem to its action
// and lets later actions see the effect of earlier ones, as in one strict
// application.
func checkActions(ov *overlay.Overlay, root *yaml.Node) (stale, noEffect []ActionProblem) {
	stale, noEffect = []ActionProblem{}, []ActionProblem{}
	for i, a := range ov.Actions {
		p := ActionProblem{Index: i + 1, Target: a.Target, Description: a.Description}
		if q, err := ov.NewPath(a.Target, nil); err != nil {
			p.Problem = fmt.Sprintf("invalid target: %v", err)
			stale = append(stale, p)
			continue
		} else if len(q.Query(root)) == 0 {
			p.Problem = "target matches nothing"
			stale = append(stale, p)
			continue
		}
		one := *ov
		one.Actions = []overlay.Action{a}
		warnings, err := one.ApplyToStrict(root)
		if err != nil {
			p.Problem = strings.TrimPrefix(err.Error(), "error applying overlay (strict): ")
			stale = append(stale, p)
			continue
		}
		if slices.ContainsFunc(warnings, func(w string) bool { return strings.HasSuffix(w, "does nothing") }) {
			p.Problem = "matches, but changes nothing"
			noEffect = append(noEffect, p)
		}
	}
	return stale, noEffect
}
