package conformance

import (
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
	newType func() any
}{
	{regexp.MustCompile(`^/shipments/\d+$`), func() any { return new(coreapi.ShipmentResponse) }},
	{regexp.MustCompile(`^/shipments(\?.*)?$`), func() any { return new(coreapi.ShipmentListResponse) }},
	{regexp.MustCompile(`^/shipment_legs/\d+$`), func() any { return new(coreapi.ShipmentLegResponse) }},
	{regexp.MustCompile(`^/shipment_legs(\?.*)?$`), func() any { return new(coreapi.ShipmentLegListResponse) }},
	{regexp.MustCompile(`^/bookings/\d+$`), func() any { return new(coreapi.BookingResponse) }},
	{regexp.MustCompile(`^/bookings(\?.*)?$`), func() any { return new(coreapi.BookingListResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_containers/\d+$`), func() any { return new(coreapi.ShipmentContainerResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_containers(\?.*)?$`), func() any { return new(coreapi.ShipmentContainerListResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_container_legs/\d+$`), func() any { return new(coreapi.OceanShipmentContainerLegResponse) }},
	{regexp.MustCompile(`^/ocean/shipment_container_legs(\?.*)?$`), func() any { return new(coreapi.OceanShipmentContainerLegListResponse) }},
	{regexp.MustCompile(`^/documents/[^/?]+$`), func() any { return new(coreapi.DocumentResponse) }},
	{regexp.MustCompile(`^/documents(\?.*)?$`), func() any { return new(coreapi.DocumentListResponse) }},
	{regexp.MustCompile(`^/customs_entries/[^/?]+$`), func() any { return new(coreapi.CustomsEntryResponse) }},
	{regexp.MustCompile(`^/customs_entries(\?.*)?$`), func() any { return new(coreapi.CustomsEntryListResponse) }},
	{regexp.MustCompile(`^/commercial_invoices/[^/?]+$`), func() any { return new(coreapi.CommercialInvoiceResponse) }},
	{regexp.MustCompile(`^/commercial_invoices(\?.*)?$`), func() any { return new(coreapi.CommercialInvoiceListResponse) }},
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
	for _, r := range sandboxRoutes {
		if r.pattern.MatchString(req) {
			return r.newType
		}
	}
	return nil
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
