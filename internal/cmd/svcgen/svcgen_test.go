package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/testutil"
)

// Refresh the golden files after an intended change of the output with
//
//	go test ./internal/cmd/svcgen -update
var update = flag.Bool("update", false, "rewrite the golden files of testdata/*/services.gen.go.golden")

// goldenCase is a directory of testdata: the normalised document
// (openapi.yaml or openapi.json), the oapi-codegen models configuration
// (naming the overlay, if any, relative to this package), the services file
// and the expected output.
type goldenCase struct {
	dir, spec, pkg string
}

var goldenCases = []goldenCase{
	// Core-like: the {"data": ...} envelope, page-link collections, a hidden
	// header parameter, an x-go-name rename and a required property from the
	// overlay, a body-named update without an id, a handwritten operation.
	{dir: "testdata/envelope", spec: "openapi.yaml", pkg: "widgets"},
	// Logistics-like: bare results, offset, page_info, cursor (items in a
	// property) and single-response lists, a page size to clamp, upstream
	// HTML in descriptions, a form body served by hand.
	{dir: "testdata/plain", spec: "openapi.json", pkg: "gadgets"},
}

func TestGolden(t *testing.T) {
	for _, gc := range goldenCases {
		t.Run(filepath.Base(gc.dir), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "services.gen.go")
			err := run(filepath.Join(gc.dir, "services.yaml"), filepath.Join(gc.dir, gc.spec), filepath.Join(gc.dir, "models.cfg.yaml"), gc.pkg, out)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join(gc.dir, "services.gen.go.golden"), got, *update)
		})
	}
}

// TestGoldenFollowsRenames checks what the golden files show for the
// names oapi-codegen gives: a schema renamed by x-go-name in the overlay is
// used under its new name, and a body whose schema the overlay made require
// a property is validated.
func TestGoldenFollowsRenames(t *testing.T) {
	b, err := os.ReadFile("testdata/envelope/services.gen.go.golden")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for _, want := range []string{
		"func (s *WidgetsService) Get(ctx context.Context, id int, opts ...Option) (*Widget, error)",
		"iter.Seq2[*Widget, error]",
		"func (s *WidgetsService) Update(ctx context.Context, body *UpdateWidget, opts ...Option) (*Widget, error)",
		`validate("Widgets.Update", body)`,
		"// Get calls GET /widgets/{id} (widget_show).",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("the envelope golden file lacks %q", want)
		}
	}
	if strings.Contains(src, "WidgetThing") {
		t.Error("the envelope golden file uses the schema's name, not its x-go-name")
	}
}

// TestPlanErrors checks that svcgen refuses services files that do not map
// every operation exactly once or ask for what the operation cannot do.
func TestPlanErrors(t *testing.T) {
	base, err := os.ReadFile("testdata/plain/services.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		edit    func(string) string
		wantErr string
	}{
		{"operation left out", func(s string) string {
			return strings.Replace(s, "      - {op: DeleteHook, name: Delete}\n", "", 1)
		}, "operations without a service method: DeleteHook (DELETE /api/hooks/{hookId})"},
		{"operation mapped twice", func(s string) string {
			return strings.Replace(s, "{op: DeleteHook, name: Delete}", "{op: DeleteHook, name: Delete}\n      - {op: DeleteHook, name: Remove}", 1)
		}, "operation DeleteHook is mapped twice"},
		{"unknown operation", func(s string) string {
			return strings.Replace(s, "{op: DeleteHook,", "{op: RemoveHook,", 1)
		}, "the document has no operation RemoveHook"},
		{"unknown paginate style", func(s string) string {
			return strings.Replace(s, "paginate: single", "paginate: pages", 1)
		}, `unknown paginate style "pages"`},
		{"page parameter missing", func(s string) string {
			return strings.Replace(s, "{op: GetGadgets, name: List, paginate: offset}", "{op: GetGadgets, name: List, paginate: cursor}", 1)
		}, "cursor style: the operation has no cursor parameter"},
		{"items property missing", func(s string) string {
			return strings.Replace(s, "items: quotes", "items: offers", 1)
		}, "GetQuotesResponse has no property offers"},
		{"form body not handwritten", func(s string) string {
			return strings.Replace(s, ", handwritten: true}", "}", 1)
		}, "no JSON request body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			services := filepath.Join(t.TempDir(), "services.yaml")
			if err := os.WriteFile(services, []byte(tt.edit(string(base))), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "services.gen.go")
			err := run(services, "testdata/plain/openapi.json", "testdata/plain/models.cfg.yaml", "gadgets", out)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("run = %v, want an error containing %q", err, tt.wantErr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output file was written despite the error")
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Returns a list of shipments", []string{"Returns a list of shipments."}},
		{"One.\n\nTwo lines\nof text.", []string{"One.", "Two lines of text."}},
		{"Intro <P><B>Bold</B> text.<OL><LI>a<LI>b</LI></OL>", []string{"Intro.", "Bold text.", "- a.", "- b."}},
		{"", nil},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, paragraphs(tt.in)); d != "" {
			t.Errorf("paragraphs(%q) (-want +got):\n%s", tt.in, d)
		}
	}
}

func TestRender(t *testing.T) {
	got := render([]string{
		"Short paragraph.",
		"- an item long enough to wrap once it passes the width of a doc comment line in this package",
	})
	want := []string{
		"Short paragraph.",
		"",
		"  - an item long enough to wrap once it passes the width of a doc comment",
		"    line in this package",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("render (-want +got):\n%s", d)
	}
}
