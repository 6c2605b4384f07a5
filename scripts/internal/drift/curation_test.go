package drift

import (
	"errors"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/specpipe"
	"github.com/google/go-cmp/cmp"
)

// widgetDoc is the document testdata/overlay.yaml was written for.
const widgetDoc = `openapi: 3.0.0
info: {title: widgets, version: "1"}
paths:
  /widgets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Widget"}
components:
  schemas:
    Widget:
      type: object
      properties:
        id: {type: integer}
        made_at: {type: string}
        legacy: {type: string}
`

const testOverlay = "testdata/overlay.yaml"

// noFixes is a normaliser with one fix that always applies.
func noFixes(_ string, doc []byte) ([]byte, []specpipe.FixResult, error) {
	return doc, []specpipe.FixResult{{Name: "always", Evidence: "test", Matched: 1}}, nil
}

func TestCheckCuration(t *testing.T) {
	staleFix := func(_ string, doc []byte) ([]byte, []specpipe.FixResult, error) {
		return doc, []specpipe.FixResult{
			{Name: "applies", Evidence: "e1", Matched: 2},
			{Name: "gone", Evidence: "e2", Matched: 0},
		}, nil
	}
	failing := func(string, []byte) ([]byte, []specpipe.FixResult, error) {
		return nil, nil, errors.New("path collides")
	}
	result := func(mod func(*CurationResult)) *CurationResult {
		c := &CurationResult{Overlay: testOverlay, StaleFixes: []StaleFix{}, StaleActions: []ActionProblem{}, NoEffectActions: []ActionProblem{}}
		if mod != nil {
			mod(c)
		}
		return c
	}
	tests := []struct {
		name      string
		doc       string
		normalize NormalizeFunc
		want      *CurationResult
		wantStale bool
	}{
		{
			name: "curation applies", doc: widgetDoc, normalize: noFixes,
			want: result(nil),
		},
		{
			name: "overlay target disappeared", doc: strings.Replace(widgetDoc, "        made_at: {type: string}\n", "", 1), normalize: noFixes,
			want: result(func(c *CurationResult) {
				c.StaleActions = []ActionProblem{{Index: 1, Target: "$.components.schemas.Widget.properties.made_at", Description: "made_at is a date-time.", Problem: "target matches nothing"}}
			}),
			wantStale: true,
		},
		{
			name: "property to remove already gone", doc: strings.Replace(widgetDoc, "        legacy: {type: string}\n", "", 1), normalize: noFixes,
			want: result(func(c *CurationResult) {
				c.StaleActions = []ActionProblem{{Index: 3, Target: "$.components.schemas.Widget.properties.legacy", Description: "Drop Widget.legacy.", Problem: "target matches nothing"}}
			}),
			wantStale: true,
		},
		{
			name: "path parameter renamed", doc: strings.Replace(widgetDoc, "/widgets/{id}", "/widgets/{widget_id}", 1), normalize: noFixes,
			want: result(func(c *CurationResult) {
				c.StaleActions = []ActionProblem{{Index: 4, Target: "$.paths['/widgets/{id}'].get", Description: "Name the operation.", Problem: "target matches nothing"}}
			}),
			wantStale: true,
		},
		{
			name: "upstream fixed what the overlay sets", doc: strings.Replace(widgetDoc, "made_at: {type: string}", "made_at: {type: string, format: date-time}", 1), normalize: noFixes,
			want: result(func(c *CurationResult) {
				c.NoEffectActions = []ActionProblem{{Index: 1, Target: "$.components.schemas.Widget.properties.made_at", Description: "made_at is a date-time.", Problem: "matches, but changes nothing"}}
			}),
		},
		{
			name: "stale normaliser fix", doc: widgetDoc, normalize: staleFix,
			want: result(func(c *CurationResult) {
				c.StaleFixes = []StaleFix{{Name: "gone", Evidence: "e2"}}
			}),
			wantStale: true,
		},
		{
			name: "normaliser fails", doc: widgetDoc, normalize: failing,
			want: result(func(c *CurationResult) {
				c.NormalizeError = "path collides"
			}),
			wantStale: true,
		},
		{
			name: "document does not load", doc: "openapi: [", normalize: noFixes,
			want: result(func(c *CurationResult) {
				c.OverlayError = "load normalised document: "
			}),
			wantStale: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckCuration("widgets", []byte(tt.doc), testOverlay, tt.normalize)
			if err != nil {
				t.Fatal(err)
			}
			// Only the start of a loader error is ours to pin down.
			if tt.want.OverlayError != "" && strings.HasPrefix(got.OverlayError, tt.want.OverlayError) {
				got.OverlayError = tt.want.OverlayError
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("CheckCuration (-want +got):\n%s", d)
			}
			if got.Stale() != tt.wantStale {
				t.Errorf("Stale() = %v, want %v", got.Stale(), tt.wantStale)
			}
		})
	}
}

func TestCheckCurationOverlayErrors(t *testing.T) {
	tests := []struct {
		name, overlay, wantErr string
	}{
		{"missing overlay", "testdata/no-such-overlay.yaml", "no-such-overlay.yaml"},
		{"invalid overlay", "testdata/curation_test_invalid.yaml", "not valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckCuration("widgets", []byte(widgetDoc), tt.overlay, noFixes)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("CheckCuration error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
