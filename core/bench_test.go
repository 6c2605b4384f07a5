package core_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/gen/coreapi"
)

// shipmentBody is a shipment as the Core API sends it, written for these
// benchmarks (a few KiB, with refs, parties, dates in three formats).
const shipmentBody = `{"_object":"/api/response","self":"https://api.flexport.com/shipments/1001","version":2,"error":null,"data":{
"_object":"/shipment","id":1001,"name":"Bench shipment","metadata":{"PO #":["123","456"]},
"booking":{"_object":"/api/refs/object","ref_type":"/booking","link":"https://api.flexport.com/bookings/77","id":77},
"transportation_mode":"ocean","freight_type":"port_to_door","incoterm":"FOB","status":"in_transit_to_arrival_port","priority":"standard",
"calculated_weight":{"_object":"/quantity/weight","value":2300.4,"unit":"kg"},"calculated_volume":{"_object":"/quantity/volume","value":47.2,"unit":"cbm"},
"pieces":120,"it_number":null,"created_date":"2019-05-30T01:29:00.440Z","updated_at":"2020-04-04T03:06:22.730Z","archived_at":null,
"estimated_departure_date":"2018-11-15T00:00:00.000+08:00","actual_departure_date":"2018-11-16T10:00:00.000+08:00",
"estimated_arrival_date":"2018-12-01T00:00:00.000-08:00","actual_arrival_date":null,"cargo_ready_date":"2018-11-10",
"estimated_picked_up_in_full_date":null,"actual_picked_up_in_full_date":null,"estimated_delivered_in_full_date":null,"actual_delivered_in_full_date":null,
"air_shipment":null,"ocean_shipment":{"_object":"/ocean/shipment","is_lcl":false,"house_bill_number":"FLXT0001","master_bill_number":null,"carrier_booking_number":"CB1",
"containers":{"_object":"/api/refs/collection","ref_type":"/ocean/shipment_container","link":"https://api.flexport.com/ocean/shipment_containers?f.shipment.id=1001"}},
"shippers":[{"_object":"/company_entity","id":5,"name":"Shipper Ltd","ref":"id-5","vat_numbers":[],"mailing_address":{"_object":"/address","street_address":"1 Road","street_address2":null,"city":"Shenzhen","state":null,"country":"China","country_code":"CN","zip":null,"unlocode":"CNSZX","timezone":"Asia/Shanghai","ref":"id-9"}}],
"consignees":[{"_object":"/company_entity","id":6,"name":"Consignee Inc","ref":"id-6","vat_numbers":[],"mailing_address":{"_object":"/address","street_address":"2 Street","street_address2":"STE 1","city":"Oakland","state":"CA","country":"United States","country_code":"US","zip":"94607","unlocode":"USOAK","timezone":"America/Los_Angeles","ref":null}}],
"buyers":[],"sellers":[],"importers_of_record":[],"items":[],
"legs":{"_object":"/api/refs/collection","ref_type":"/shipment_leg","link":"https://api.flexport.com/shipment_legs?f.shipment.id=1001"},
"customs_entries":{"_object":"/api/refs/collection","ref_type":"/customs_entry","link":"https://api.flexport.com/customs_entries?f.shipment.id=1001"},
"commercial_invoices":{"_object":"/api/refs/collection","ref_type":"/commercial_invoice","link":"https://api.flexport.com/commercial_invoices?f.shipment.id=1001"},
"documents":{"_object":"/api/refs/collection","ref_type":"/document","link":"https://api.flexport.com/documents?f.shipment.id=1001"},
"departure_date":null,"arrival_date":null,"picked_up_in_full_date":null,"delivered_in_full_date":null}}`

func shipmentServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(shipmentBody))
	}))
}

// getVariants are three ways to fetch and decode one shipment: through
// core, through the raw generated client, and by hand with net/http and
// encoding/json. All decode into the same generated type and send through
// the same http.DefaultTransport.
func getVariants(b *testing.B, url string) map[string]func(ctx context.Context) (*core.Shipment, error) {
	c, err := core.NewClient(core.WithBaseURL(url), core.WithAPIKey("bench-key"), core.WithHTTPClient(&http.Client{Transport: http.DefaultTransport}))
	if err != nil {
		b.Fatal(err)
	}
	// The baselines get the same overall per-call timeout the SDK applies by
	// default (2 minutes; nothing infinite), so that the ratio measures the
	// SDK's layers, not the cost of having a deadline at all.
	hc := &http.Client{Transport: http.DefaultTransport, Timeout: 2 * time.Minute}
	raw, err := coreapi.NewClient(url, coreapi.WithHTTPClient(hc), coreapi.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer bench-key")
		r.Header.Set("Flexport-Version", "2")
		return nil
	}))
	if err != nil {
		b.Fatal(err)
	}
	return map[string]func(ctx context.Context) (*core.Shipment, error){
		"core": func(ctx context.Context) (*core.Shipment, error) { return c.Shipments.Get(ctx, 1001) },
		// The generated Client, decoding as oapi-codegen's response parsers
		// do (read the body whole, then unmarshal into the generated type).
		"generated": func(ctx context.Context) (*core.Shipment, error) {
			resp, err := raw.ShipmentShow(ctx, 1001, &coreapi.ShipmentShowParams{})
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				return nil, err
			}
			if resp.StatusCode != http.StatusOK {
				return nil, fmt.Errorf("status %d", resp.StatusCode)
			}
			var env coreapi.ShipmentResponse
			if err := json.Unmarshal(body, &env); err != nil {
				return nil, err
			}
			return env.Data, nil
		},
		"nethttp": func(ctx context.Context) (*core.Shipment, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/shipments/1001", nil)
			if err != nil {
				return nil, err
			}
			req.Header.Set("Authorization", "Bearer bench-key")
			req.Header.Set("Flexport-Version", "2")
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return nil, fmt.Errorf("status %d", resp.StatusCode)
			}
			var env struct {
				Data *core.Shipment `json:"data"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
				return nil, err
			}
			return env.Data, nil
		},
	}
}

// BenchmarkGet measures c.Shipments.Get against the raw generated client and
// against hand-written net/http + encoding/json, in one run, and reports the
// ratios core/generated (target ≤ 1.05) and core/nethttp (target ≤ 1.15).
// The variants run interleaved so that machine noise hits all three alike.
func BenchmarkGet(b *testing.B) {
	srv := shipmentServer()
	defer srv.Close()
	variants := getVariants(b, srv.URL)
	order := []string{"core", "generated", "nethttp"}
	ctx := context.Background()
	for _, name := range order { // warm up connections and caches
		if s, err := variants[name](ctx); err != nil || s.ID != 1001 {
			b.Fatalf("%s: %v", name, err)
		}
	}
	spent := map[string]time.Duration{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range order {
			name := order[(i+j)%len(order)]
			start := time.Now()
			if _, err := variants[name](ctx); err != nil {
				b.Fatal(err)
			}
			spent[name] += time.Since(start)
		}
	}
	b.StopTimer()
	for _, name := range order {
		b.ReportMetric(float64(spent[name].Nanoseconds())/float64(b.N), name+"-ns/op")
	}
	b.ReportMetric(float64(spent["core"])/float64(spent["generated"]), "core/generated")
	b.ReportMetric(float64(spent["core"])/float64(spent["nethttp"]), "core/nethttp")
}

// BenchmarkListPrefetch lists 100 pages served with 20 ms latency, one page
// at a time and with WithPrefetch(8), checks both yield the same items in the
// same order, and reports sequential/prefetch (target ≥ 5).
func BenchmarkListPrefetch(b *testing.B) {
	paged := &pagedShipments{total: 1000, per: 10, delay: 20 * time.Millisecond}
	srv := httptest.NewServer(paged)
	defer srv.Close()
	sequential := newClient(b, srv.URL)
	prefetching := newClient(b, srv.URL, core.WithPrefetch(8))
	walk := func(c *core.Client) ([]int, time.Duration) {
		start := time.Now()
		var got []int
		for s, err := range c.Shipments.List(context.Background(), nil) {
			if err != nil {
				b.Fatal(err)
			}
			got = append(got, s.ID)
		}
		return got, time.Since(start)
	}
	var seqTime, preTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, ta := walk(sequential)
		p, tp := walk(prefetching)
		if len(a) != 1000 || fmt.Sprint(a) != fmt.Sprint(p) {
			b.Fatalf("prefetching yielded %d items, sequential %d, or another order", len(p), len(a))
		}
		seqTime += ta
		preTime += tp
	}
	b.StopTimer()
	b.ReportMetric(float64(seqTime.Milliseconds())/float64(b.N), "sequential-ms/op")
	b.ReportMetric(float64(preTime.Milliseconds())/float64(b.N), "prefetch8-ms/op")
	b.ReportMetric(float64(seqTime)/float64(preTime), "sequential/prefetch")
}
