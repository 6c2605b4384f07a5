package core_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/gen/coreapi"
)

// tinyShipment is the smallest shipment response: decoding it costs next to
// nothing, so what BenchmarkGet measures is the layers around the decoding.
const tinyShipment = `{"_object":"/api/response","data":{"_object":"/shipment","id":1001}}`

// getVariants are two ways to fetch and decode one shipment on the same
// server, through the same http.DefaultTransport: c.Shipments.Get, and the
// raw generated client decoding as oapi-codegen's response parsers did
// (read the body whole, then unmarshal into the generated envelope). The
// generated client sends the headers the SDK sends (Authorization,
// Flexport-Version, Accept, User-Agent), so that both put the same request
// on the wire and the server does the same work for both; it gets the same
// overall per-call timeout the SDK applies by default (2 minutes), so that
// the ratio measures the SDK's layers, not the cost of having a deadline.
func getVariants(b *testing.B, url string) map[string]func(ctx context.Context) (*core.Shipment, error) {
	c, err := core.NewClient(core.WithBaseURL(url), core.WithAPIKey("bench-key"), core.WithHTTPClient(&http.Client{Transport: http.DefaultTransport}))
	if err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: http.DefaultTransport, Timeout: 2 * time.Minute}
	ua := "flexport-go/" + core.Version + " (bench)"
	raw, err := coreapi.NewClient(url, coreapi.WithHTTPClient(hc), coreapi.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer bench-key")
		r.Header.Set("Flexport-Version", "2")
		r.Header.Set("Accept", "application/json")
		r.Header.Set("User-Agent", ua)
		return nil
	}))
	if err != nil {
		b.Fatal(err)
	}
	return map[string]func(ctx context.Context) (*core.Shipment, error){
		"core": func(ctx context.Context) (*core.Shipment, error) { return c.Shipments.Get(ctx, 1001) },
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
	}
}

// BenchmarkGet measures the SDK's own layers (options, auth, headers, retry,
// timeout, typed errors, envelope) apart from JSON decoding: c.Shipments.Get
// of a tiny shipment against the raw generated client on the same server,
// interleaved in one run so that machine noise hits both alike. It reports
// the time ratio core/generated (target ≤ 1.08) and the allocations core
// makes per call beyond the generated client's, extra-allocs/op (target
// ≤ 4; counted with testing.AllocsPerRun after the timed loop, the
// in-process server's allocations being the same for both).
func BenchmarkGet(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, tinyShipment)
	}))
	defer srv.Close()
	variants := getVariants(b, srv.URL)
	order := []string{"core", "generated"}
	ctx := context.Background()
	call := func(name string) {
		if s, err := variants[name](ctx); err != nil || s.ID != 1001 {
			b.Fatalf("%s: %v", name, err)
		}
	}
	for _, name := range order { // warm up connections and caches
		call(name)
	}
	spent := map[string]time.Duration{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range order {
			name := order[(i+j)%len(order)]
			start := time.Now()
			call(name)
			spent[name] += time.Since(start)
		}
	}
	b.StopTimer()
	allocs := map[string]float64{}
	for _, name := range order {
		allocs[name] = testing.AllocsPerRun(500, func() { call(name) })
		b.ReportMetric(float64(spent[name].Nanoseconds())/float64(b.N), name+"-ns/op")
		b.ReportMetric(allocs[name], name+"-allocs/op")
	}
	b.ReportMetric(float64(spent["core"])/float64(spent["generated"]), "core/generated")
	b.ReportMetric(allocs["core"]-allocs["generated"], "extra-allocs/op")
}

// BenchmarkListPrefetch lists 100 pages of 10 shipments, one page at a time
// and with WithPrefetch(8), checks both yield the same items in the same
// order, and reports sequential/prefetch, the speed of prefetching relative
// to sequential listing: the median, over the iterations, of the ratio of
// the two walks of an iteration, which run one after the other (in turns
// first), so that a burst of load on this shared machine skews one pair,
// not the result. With 20 ms of latency a page the target is ≥ 5; with a
// server that answers at once, prefetching must not cost: the target is
// ≥ 0.95.
func BenchmarkListPrefetch(b *testing.B) {
	for _, delay := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%v", delay), func(b *testing.B) {
			paged := &pagedShipments{total: 1000, per: 10, delay: delay}
			srv := httptest.NewServer(paged)
			defer srv.Close()
			sequential := newClient(b, srv.URL)
			prefetching := newClient(b, srv.URL, core.WithPrefetch(8))
			walk := func(c *core.Client) ([]int, time.Duration) {
				start := time.Now()
				got := make([]int, 0, paged.total)
				for s, err := range c.Shipments.List(context.Background(), nil) {
					if err != nil {
						b.Fatal(err)
					}
					got = append(got, s.ID)
				}
				return got, time.Since(start)
			}
			walk(sequential) // warm up connections
			walk(prefetching)
			var seqTime, preTime time.Duration
			ratios := make([]float64, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var a, p []int
				var ta, tp time.Duration
				if i%2 == 0 {
					a, ta = walk(sequential)
					p, tp = walk(prefetching)
				} else {
					p, tp = walk(prefetching)
					a, ta = walk(sequential)
				}
				if len(a) != paged.total || fmt.Sprint(a) != fmt.Sprint(p) {
					b.Fatalf("prefetching yielded %d items, sequential %d, or another order", len(p), len(a))
				}
				seqTime += ta
				preTime += tp
				ratios = append(ratios, float64(ta)/float64(tp))
			}
			b.StopTimer()
			slices.Sort(ratios)
			median := ratios[len(ratios)/2]
			if len(ratios)%2 == 0 {
				median = (ratios[len(ratios)/2-1] + median) / 2
			}
			b.ReportMetric(float64(seqTime.Microseconds())/1000/float64(b.N), "sequential-ms/op")
			b.ReportMetric(float64(preTime.Microseconds())/1000/float64(b.N), "prefetch8-ms/op")
			b.ReportMetric(median, "sequential/prefetch")
		})
	}
}
