package coretest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core/coretest"
)

// getter fetches one URL with a bearer token and checks the status.
func getter(b *testing.B, client *http.Client, url, key string) func() {
	return func() {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// bareCopy returns a bare net/http server that answers every request with
// the fake's answer to GET path, and path (a shipment).
func bareCopy(b *testing.B, srv *coretest.Server) (*httptest.Server, string) {
	path := "/shipments/100001"
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(bare.Close)
	return bare, path
}

// BenchmarkGet measures a simple GET (GET /shipments/{id}, a shipment of
// about 5 KiB) from the fake, one request at a time, against a bare
// net/http server sending the same bytes, interleaved in one run: it
// reports fake-ns/op, nethttp-ns/op and their ratio fake/nethttp, the
// fake's own cost (routing, validation, rendering).
func BenchmarkGet(b *testing.B) {
	srv := coretest.NewServer(b)
	bare, path := bareCopy(b, srv)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	run := map[string]func(){"fake": getter(b, client, srv.URL+path, srv.APIKey), "nethttp": getter(b, client, bare.URL+path, srv.APIKey)}
	order := []string{"fake", "nethttp"}
	for _, name := range order {
		run[name]()
	}
	spent := map[string]time.Duration{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range order {
			name := order[(i+j)%len(order)]
			start := time.Now()
			run[name]()
			spent[name] += time.Since(start)
		}
	}
	b.StopTimer()
	for _, name := range order {
		b.ReportMetric(float64(spent[name].Nanoseconds())/float64(b.N), name+"-ns/op")
	}
	b.ReportMetric(float64(spent["fake"])/float64(spent["nethttp"]), "fake/nethttp")
}

// BenchmarkGetThroughput measures how many simple GETs a second the fake
// answers to 8 concurrent clients (target: at least 5,000 on 2 cores), and
// the same for a bare net/http server sending the same bytes, in bursts of
// 100 requests interleaved in one run: it reports fake-req/s,
// nethttp-req/s and their ratio. Each iteration is one burst of each.
func BenchmarkGetThroughput(b *testing.B) {
	srv := coretest.NewServer(b)
	bare, path := bareCopy(b, srv)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	run := map[string]func(){"fake": getter(b, client, srv.URL+path, srv.APIKey), "nethttp": getter(b, client, bare.URL+path, srv.APIKey)}
	const burst, workers = 100, 8
	spent := map[string]time.Duration{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, name := range []string{"fake", "nethttp"} {
			start := time.Now()
			var wg sync.WaitGroup
			next := make(chan struct{}, burst)
			for range burst {
				next <- struct{}{}
			}
			close(next)
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range next {
						run[name]()
					}
				}()
			}
			wg.Wait()
			spent[name] += time.Since(start)
		}
	}
	b.StopTimer()
	rate := func(name string) float64 { return float64(b.N*burst) / spent[name].Seconds() }
	b.ReportMetric(rate("fake"), "fake-req/s")
	b.ReportMetric(rate("nethttp"), "nethttp-req/s")
	b.ReportMetric(rate("fake")/rate("nethttp"), "fake/nethttp-throughput")
}

// BenchmarkNewHandler measures making a fake (what NewServer does besides
// listening) with the default data set (200 shipments) and with 20, once
// the document is compiled (once per process).
func BenchmarkNewHandler(b *testing.B) {
	coretest.NewHandler(coretest.WithShipments(0)).Close() // compile the document
	for _, n := range []int{coretest.DefaultShipments, 20} {
		b.Run(strconv.Itoa(n)+"-shipments", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				coretest.NewHandler(coretest.WithShipments(n)).Close()
			}
		})
	}
}
