package core_test

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/conformance"
	"github.com/flexport-go/flexport/internal/jsonx"
)

// BenchmarkDecode decodes the largest recorded Core page (a page of
// shipments) and the largest recorded single shipment through the SDK's
// models, as the client does (internal/jsonx, one streaming pass that keeps
// undeclared fields), and, in the same run, with encoding/json into the same
// structs stripped of every custom method (the baseline). It reports
// sdk/baseline for time (target ≤ 1.5) and allocations (target ≤ 2).
//
// The baseline is fair: its types are built from the generated ones with
// reflect.StructOf, field for field, with the same Go types, JSON names and
// options, so encoding/json decodes exactly the same fields into the same
// memory layout; only the models' own methods (and the map of undeclared
// fields, which encoding/json cannot fill) are gone. Leaf types from other
// packages (core.DateTime, core.Date) keep their methods in both variants.
// The variants run interleaved in batches so that machine noise hits both.
func BenchmarkDecode(b *testing.B) {
	page, shipment := largestRecorded(b)
	cases := []struct {
		name string
		body []byte
		typ  reflect.Type
	}{
		{"page", page, reflect.TypeFor[coreapi.ShipmentListResponse]()},
		{"shipment", shipment, reflect.TypeFor[coreapi.ShipmentResponse]()},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			baseType := stripMethods(c.typ, map[reflect.Type]reflect.Type{})
			variants := []struct {
				name   string
				decode func() error
			}{
				{"sdk", func() error { return jsonx.Unmarshal(c.body, reflect.New(c.typ).Interface()) }},
				{"baseline", func() error { return json.Unmarshal(c.body, reflect.New(baseType).Interface()) }},
			}
			for _, v := range variants {
				if err := v.decode(); err != nil {
					b.Fatalf("%s: %v", v.name, err)
				}
			}
			const batch = 20
			spent := make([]time.Duration, len(variants))
			allocs := make([]uint64, len(variants))
			var ms runtime.MemStats
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j := range variants {
					v := variants[(i+j)%len(variants)]
					k := (i + j) % len(variants)
					runtime.ReadMemStats(&ms)
					before := ms.Mallocs
					start := time.Now()
					for n := 0; n < batch; n++ {
						if err := v.decode(); err != nil {
							b.Fatal(err)
						}
					}
					spent[k] += time.Since(start)
					runtime.ReadMemStats(&ms)
					allocs[k] += ms.Mallocs - before
				}
			}
			b.StopTimer()
			n := float64(b.N * batch)
			b.ReportMetric(float64(spent[0].Nanoseconds())/n, "sdk-ns/decode")
			b.ReportMetric(float64(spent[1].Nanoseconds())/n, "baseline-ns/decode")
			b.ReportMetric(float64(allocs[0])/n, "sdk-allocs/decode")
			b.ReportMetric(float64(allocs[1])/n, "baseline-allocs/decode")
			b.ReportMetric(float64(spent[0])/float64(spent[1]), "time-sdk/baseline")
			b.ReportMetric(float64(allocs[0])/float64(allocs[1]), "allocs-sdk/baseline")
		})
	}
}

// largestRecorded returns the largest recorded page of shipments and the
// largest recorded single shipment, or the benchmark's own shipment when the
// recordings are absent (the page case then decodes a page made of it).
func largestRecorded(b *testing.B) (page, shipment []byte) {
	shared := conformance.SharedDir()
	if shared == "" {
		b.Skip("../shared is absent: the recorded sandbox responses are read from ../shared/fixtures/core-v2-sandbox at run time")
	}
	fixtures, err := conformance.SandboxFixtures(shared + "/fixtures/core-v2-sandbox")
	if err != nil {
		b.Skipf("no recorded sandbox responses: %v", err)
	}
	list, one := regexp.MustCompile(`^/shipments(\?.*)?$`), regexp.MustCompile(`^/shipments/\d+$`)
	for _, f := range fixtures {
		var dst *[]byte
		switch {
		case list.MatchString(f.Request):
			dst = &page
		case one.MatchString(f.Request):
			dst = &shipment
		default:
			continue
		}
		body, err := os.ReadFile(f.File)
		if err != nil {
			b.Fatal(err)
		}
		if len(body) > len(*dst) {
			*dst = body
		}
	}
	if page == nil || shipment == nil {
		b.Skip("no recorded page of shipments or single shipment")
	}
	return page, shipment
}

// stripMethods returns a type with t's layout, field names, types and JSON
// tags but without methods: named struct types of the generated package and
// the reference types (ObjectRef, CollectionRef) are rebuilt with
// reflect.StructOf (recursively), and their map of undeclared fields is
// dropped from decoding (tag "-"). A recursive type keeps its original on
// the cycle.
func stripMethods(t reflect.Type, seen map[reflect.Type]reflect.Type) reflect.Type {
	if s, ok := seen[t]; ok {
		if s == nil {
			return t
		}
		return s
	}
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(stripMethods(t.Elem(), seen))
	case reflect.Slice:
		return reflect.SliceOf(stripMethods(t.Elem(), seen))
	case reflect.Map:
		return reflect.MapOf(t.Key(), stripMethods(t.Elem(), seen))
	case reflect.Struct:
		if p := t.PkgPath(); p != reflect.TypeFor[coreapi.Shipment]().PkgPath() && p != reflect.TypeFor[core.ObjectRef[core.Shipment]]().PkgPath() {
			return t
		}
		seen[t] = nil
		fields := make([]reflect.StructField, t.NumField())
		for i := range fields {
			f := t.Field(i)
			f.Type = stripMethods(f.Type, seen)
			if f.Name == "AdditionalProperties" {
				f.Tag = `json:"-"`
			}
			fields[i] = f
		}
		s := reflect.StructOf(fields)
		seen[t] = s
		return s
	}
	return t
}
