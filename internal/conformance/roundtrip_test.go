package conformance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/flexport-go/flexport/gen/coreapi"
)

// sandboxRoutes maps each recorded request to the generated envelope type of
// its resource.
var sandboxRoutes = []struct {
	pattern *regexp.Regexp
	schema  string // the curated document's response schema
	newType func() any
}{
	{regexp.MustCompile(`^/shipments/\d+$`), "ShipmentResponse", func() any { return new(coreapi.ShipmentResponse) }},
	{regexp.MustCompile(`^/shipments(\?.*)?$`), "ShipmentListResponse", func() any { return new(coreapi.ShipmentListResponse) }},
	{regexp.MustCompile(`^/shipment_legs/\d+$`), "ShipmentLegResponse", func() any { return new(coreapi.ShipmentLegResponse) }},
	{regexp.MustCompile(`^/shipment_legs(\?.*)?$`), "ShipmentLegListResponse", func() any { return new(coreapi.ShipmentLegListResponse) }},
	{regexp.MustCompile(`^/bookings/\d+$`), "BookingResponse", func() any { return new(coreapi.BookingResponse) }},
	{regexp.MustCompile(`^/bookings(\?.*)?$`), "BookingListResponse", func() any { return new(coreapi.BookingListResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_containers/\d+$`), "ShipmentContainerResponse", func() any { return new(coreapi.ShipmentContainerResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_containers(\?.*)?$`), "ShipmentContainerListResponse", func() any { return new(coreapi.ShipmentContainerListResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_container_legs/\d+$`), "OceanShipmentContainerLegResponse", func() any { return new(coreapi.OceanShipmentContainerLegResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_container_legs(\?.*)?$`), "OceanShipmentContainerLegListResponse", func() any { return new(coreapi.OceanShipmentContainerLegListResponse) }},
	{regexp.MustCompile(`^/documents/[^/?]+$`), "DocumentResponse", func() any { return new(coreapi.DocumentResponse) }},
	{regexp.MustCompile(`^/documents(\?.*)?$`), "DocumentListResponse", func() any { return new(coreapi.DocumentListResponse) }},
	{regexp.MustCompile(`^/customs_entries/[^/?]+$`), "CustomsEntryResponse", func() any { return new(coreapi.CustomsEntryResponse) }},
	{regexp.MustCompile(`^/customs_entries(\?.*)?$`), "CustomsEntryListResponse", func() any { return new(coreapi.CustomsEntryListResponse) }},
	{regexp.MustCompile(`^/commercial_invoices/[^/?]+$`), "CommercialInvoiceResponse", func() any { return new(coreapi.CommercialInvoiceResponse) }},
	{regexp.MustCompile(`^/commercial_invoices(\?.*)?$`), "CommercialInvoiceListResponse", func() any { return new(coreapi.CommercialInvoiceListResponse) }},
}

func sandboxDir(t testing.TB) string {
	t.Helper()
	shared := SharedDir()
	if shared == "" {
		t.Skip("../shared is absent: the recorded sandbox responses are read from ../shared/fixtures/core-v2-sandbox at run time")
	}
	dir := filepath.Join(shared, "fixtures", "core-v2-sandbox")
	if _, err := os.Stat(filepath.Join(dir, "index.tsv")); err != nil {
		t.Skipf("no recorded sandbox responses: %v", err)
	}
	return dir
}

// TestSandboxRoundTrip replays every recorded Core v2 response through the
// generated type of its resource: decode, re-encode, and compare with the
// original. No value may be lost or changed, and nothing null or absent may
// come back non-null.
func TestSandboxRoundTrip(t *testing.T) {
	t.Parallel()
	dir := sandboxDir(t)
	fixtures, err := SandboxFixtures(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, f := range fixtures {
		newType := routeFor(f.Request)
		if newType == nil {
			t.Errorf("%s: no generated type is mapped to this request", f.Request)
			failed++
			continue
		}
		body, err := os.ReadFile(f.File)
		if err != nil {
			t.Fatal(err)
		}
		diffs, err := RoundTrip(body, newType())
		if err != nil {
			t.Errorf("%s (%s): %v", f.Request, filepath.Base(f.File), err)
			failed++
			continue
		}
		if len(diffs) > 0 {
			failed++
			if len(diffs) > 5 {
				diffs = append(diffs[:5], "...")
			}
			t.Errorf("%s (%s): re-encoding loses data:\n  %s", f.Request, filepath.Base(f.File), joinLines(diffs))
			continue
		}
		ok++
	}
	t.Logf("sandbox round trip: %d responses, %d lossless, %d failed (%.1f%%)", len(fixtures), ok, failed, 100*float64(ok)/float64(max(len(fixtures), 1)))
	if len(fixtures) == 0 {
		t.Fatal("index.tsv lists no responses")
	}
}

func routeFor(req string) func() any {
	if i := routeIndex(req); i >= 0 {
		return sandboxRoutes[i].newType
	}
	return nil
}

func routeIndex(req string) int {
	for i, r := range sandboxRoutes {
		if r.pattern.MatchString(req) {
			return i
		}
	}
	return -1
}

func joinLines(s []string) string {
	out := ""
	for i, l := range s {
		if i > 0 {
			out += "\n  "
		}
		out += l
	}
	return out
}

// TestSandboxResponsesValidate checks every recorded response against the
// curated document's schema for it with kin-openapi: the published document
// accepts none of them.
func TestSandboxResponsesValidate(t *testing.T) {
	t.Parallel()
	dir := sandboxDir(t)
	doc := curated(t, "core-v2")
	fixtures, err := SandboxFixtures(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, f := range fixtures {
		i := routeIndex(f.Request)
		if i < 0 {
			t.Errorf("%s: no schema is mapped to this request", f.Request)
			failed++
			continue
		}
		ref := doc.Components.Schemas[sandboxRoutes[i].schema]
		if ref == nil {
			t.Fatalf("the curated document has no schema %s", sandboxRoutes[i].schema)
		}
		body, err := os.ReadFile(f.File)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		if err := ref.Value.VisitJSON(v); err != nil {
			failed++
			t.Errorf("%s (%s) does not validate against %s: %.400s", f.Request, filepath.Base(f.File), sandboxRoutes[i].schema, err)
			continue
		}
		ok++
	}
	t.Logf("sandbox validation: %d responses, %d valid, %d invalid", len(fixtures), ok, failed)
}
