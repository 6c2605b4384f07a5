package specdiff

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/scripts/internal/testenv"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"
)

// summary is the part of a Report the history test pins down exactly.
type summary struct {
	SemanticChange                     bool
	OperationsAdded, OperationsRemoved []string
	SchemasAdded, SchemasRemoved       []string
	ParametersAdded, ParametersRemoved []string
	PropertiesAdded, PropertiesRemoved []string
	BreakingCount                      int
}

func summarize(r *Report) summary {
	return summary{
		SemanticChange:    r.SemanticChange,
		OperationsAdded:   r.OperationsAdded,
		OperationsRemoved: r.OperationsRemoved,
		SchemasAdded:      r.SchemasAdded,
		SchemasRemoved:    r.SchemasRemoved,
		ParametersAdded:   r.ParametersAdded,
		ParametersRemoved: r.ParametersRemoved,
		PropertiesAdded:   r.PropertiesAdded,
		PropertiesRemoved: r.PropertiesRemoved,
		BreakingCount:     len(r.Breaking),
	}
}

// TestCompareCoreV2History compares each consecutive pair of the real Core v2
// revisions in ../shared/upstream (history/core-v2/ oldest first, then
// core-v2.yaml). The expected lists were worked out independently by parsing
// both documents of each pair and comparing path keys (with /:id read as
// /{id}), methods, components/schemas keys and schema properties.
func TestCompareCoreV2History(t *testing.T) {
	upstream := testenv.Shared(t, "upstream")
	rev := func(name string) string { return filepath.Join(upstream, "history", "core-v2", name) }
	latest := filepath.Join(upstream, "core-v2.yaml")

	// The table must cover every revision: a new one in the mirror needs a row.
	got, err := filepath.Glob(rev("*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{rev("2020-06-18-441156e.yaml"), rev("2020-06-19-856e570.yaml"), rev("2020-06-27-065e350.yaml"), rev("2020-07-23-436d938.yaml")}
	if d := cmp.Diff(wantFiles, got); d != "" {
		t.Fatalf("revisions in %s changed; update the table (-want +got):\n%s", filepath.Dir(rev("x")), d)
	}

	tests := []struct {
		base, head string
		want       summary
	}{
		{
			// One unreferenced component schema added; the only other edit
			// re-quotes an example string.
			base: rev("2020-06-18-441156e.yaml"), head: rev("2020-06-19-856e570.yaml"),
			want: summary{SemanticChange: true, SchemasAdded: []string{"Coordinates"}},
		},
		{
			base: rev("2020-06-19-856e570.yaml"), head: rev("2020-06-27-065e350.yaml"),
			want: summary{
				SemanticChange:  true,
				OperationsAdded: []string{"PATCH /commercial_invoices", "POST /carbon_calculation"},
				SchemasAdded:    []string{"CarbonCalculation", "CommercialInvoiceRef", "CreateCarbonCalculation", "CustomsInvolvedParty", "UpdateCommercialInvoice"},
				PropertiesAdded: []string{"CommercialInvoice.involved_parties"},
			},
		},
		{
			base: rev("2020-06-27-065e350.yaml"), head: rev("2020-07-23-436d938.yaml"),
			want: summary{
				SemanticChange: true,
				SchemasAdded:   []string{"BookingAmendmentHsCode", "CompanyEntityRef", "CreateBookingAmendmentHsCode"},
				ParametersAdded: []string{
					"GET /commercial_invoices query f.involved_party_seller_id",
					"GET /commercial_invoices query f.involved_party_seller_ref",
					"GET /invoices query f.last_updated_at.gt",
					"GET /invoices query f.last_updated_at.lt",
				},
				PropertiesAdded: []string{
					"BookingAmendment.new_port_of_loading",
					"BookingAmendment.new_port_of_unloading",
					"BookingAmendment.new_product_descriptions",
					"CommercialInvoice.is_related_parties",
					"CommercialInvoiceLineItem.manufacturer_address",
					"CommercialInvoiceLineItem.manufacturer_name",
					"CommercialInvoiceLineItem.net_net_weight",
					"CommercialInvoiceLineItem.net_value",
					"CommercialInvoiceLineItem.net_weight",
					"CreateBookingAmendment.new_destination_port_loc_code",
					"CreateBookingAmendment.new_destination_port_us_cbp_port_code",
					"CreateBookingAmendment.new_product_descriptions",
					"CreateCarbonCalculation.is_lcl",
					"CustomsInvolvedParty.company_entity",
					"Document.file_name",
					"Document.memo",
				},
				PropertiesRemoved: []string{"BookingAmendment.new_origin_port"},
			},
		},
		{
			base: rev("2020-07-23-436d938.yaml"), head: latest,
			want: summary{
				SemanticChange: true,
				ParametersAdded: []string{
					"GET /shipments query f.wants_export_customs_service",
					"GET /shipments query f.wants_flexport_freight",
					"GET /shipments query f.wants_freight_management_bco",
					"GET /shipments query f.wants_import_customs_service",
				},
				PropertiesAdded: []string{
					"Booking.wants_import_customs_service",
					"Shipment.wants_export_customs_service",
					"Shipment.wants_flexport_freight",
					"Shipment.wants_freight_management_bco",
					"Shipment.wants_import_customs_service",
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.base)+"→"+filepath.Base(tt.head), func(t *testing.T) {
			t.Parallel()
			r := compareFiles(t, tt.base, tt.head)
			if d := cmp.Diff(tt.want, summarize(r), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("Compare (-want +got):\n%s", d)
			}
			if r.UnchangedBytes {
				t.Error("UnchangedBytes = true for different revisions")
			}
		})
	}
}

// TestCompareReformatted checks that a real revision re-encoded with other
// indentation and quoting (same YAML data) is "changed bytes, no semantic
// change", and that a revision compared with itself is "unchanged".
func TestCompareReformatted(t *testing.T) {
	upstream := testenv.Shared(t, "upstream")
	for _, name := range []string{"core-v2.yaml", filepath.Join("history", "core-v2", "2020-06-18-441156e.yaml")} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			orig, err := os.ReadFile(filepath.Join(upstream, name))
			if err != nil {
				t.Fatal(err)
			}
			reformatted := reformat(t, orig)
			if bytes.Equal(orig, reformatted) {
				t.Fatal("reformatting did not change the bytes")
			}
			tests := []struct {
				head        []byte
				wantSummary string
			}{
				{orig, "unchanged"},
				{reformatted, "changed bytes, no semantic change"},
			}
			for _, tt := range tests {
				r, err := Compare(orig, tt.head)
				if err != nil {
					t.Fatal(err)
				}
				if got := r.Summary(); got != tt.wantSummary {
					t.Errorf("Summary() = %q, want %q; report: %+v", got, tt.wantSummary, r)
				}
				if r.SemanticChange {
					t.Errorf("SemanticChange = true, want false")
				}
			}
		})
	}
}

// reformat re-encodes a YAML document with four-space indentation and no
// comments: the same data, written differently.
func reformat(t *testing.T, doc []byte) []byte {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(doc, &n); err != nil {
		t.Fatal(err)
	}
	var strip func(*yaml.Node)
	strip = func(n *yaml.Node) {
		n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		n.Style &^= yaml.SingleQuotedStyle | yaml.FoldedStyle
		for _, c := range n.Content {
			strip(c)
		}
	}
	strip(&n)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(4)
	if err := enc.Encode(&n); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func compareFiles(t *testing.T, base, head string) *Report {
	t.Helper()
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	h, err := os.ReadFile(head)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compare(b, h)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestNormalizePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/shipments/:id", "/shipments/{id}"},
		{"/shipments/{id}", "/shipments/{id}"},
		{"/a/:a_id/b/:b_id", "/a/{a_id}/b/{b_id}"},
		{"/ocean/shipment_container_legs/:id", "/ocean/shipment_container_legs/{id}"},
		{"/x/a:b", "/x/a:b"},
		{"/x/:", "/x/:"},
		{"/x/:1", "/x/:1"},
		{"/", "/"},
	}
	for _, tt := range tests {
		if got := NormalizePath(tt.in); got != tt.want {
			t.Errorf("NormalizePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

const docHead = `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
`

const getX = `
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200": {description: ok}
`

const patchX = `
    patch:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200": {description: ok}
`

func TestCompareRailsPaths(t *testing.T) {
	tests := []struct {
		name       string
		base, head string
		want       summary
		wantErr    string
	}{
		{
			name: "rails and templated spellings compare equal",
			base: docHead + "  /x/:id:" + getX,
			head: docHead + "  /x/{id}:" + getX,
			want: summary{},
		},
		{
			name: "both spellings in one document are merged",
			base: docHead + "  /x/:id:" + getX + "  /x/{id}:" + patchX,
			head: docHead + "  /x/{id}:" + getX + patchX,
			want: summary{},
		},
		{
			name: "operation added under the other spelling",
			base: docHead + "  /x/:id:" + getX,
			head: docHead + "  /x/{id}:" + getX + patchX,
			want: summary{SemanticChange: true, OperationsAdded: []string{"PATCH /x/{id}"}},
		},
		{
			name: "operation removed is breaking",
			base: docHead + "  /x/:id:" + getX + patchX,
			head: docHead + "  /x/{id}:" + getX,
			want: summary{SemanticChange: true, OperationsRemoved: []string{"PATCH /x/{id}"}, BreakingCount: 1},
		},
		{
			name:    "same operation under both spellings",
			base:    docHead + "  /x/:id:" + getX + "  /x/{id}:" + getX,
			head:    docHead + "  /x/{id}:" + getX,
			wantErr: "GET declared under both",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compare([]byte(tt.base), []byte(tt.head))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Compare error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, summarize(r), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("Compare (-want +got):\n%s", d)
			}
		})
	}
}
