package coretest_test

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/coretest"
)

func TestPagination(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(23))
	for _, tc := range []struct {
		path             string
		n                int
		hasPrev, hasNext bool
		nextPage         string
	}{
		{"/shipments", 10, false, true, "2"},
		{"/shipments?per=10&page=2", 10, true, true, "3"},
		{"/shipments?per=10&page=3", 3, true, false, ""},
		{"/shipments?per=100", 23, false, false, ""},
		{"/shipments?page=9", 0, true, false, ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			c := list(t, srv, tc.path)
			if c.Object != "/api/collections/paginated" || c.TotalCount != 23 || len(c.Data) != tc.n || (c.Prev != nil) != tc.hasPrev || (c.Next != nil) != tc.hasNext {
				t.Fatalf("%s: %s total %d, %d items, prev %v, next %v", tc.path, c.Object, c.TotalCount, len(c.Data), c.Prev, c.Next)
			}
			if c.Next != nil {
				u, err := url.Parse(*c.Next)
				if err != nil || !strings.HasPrefix(*c.Next, srv.URL+"/shipments?") || u.Query().Get("page") != tc.nextPage {
					t.Errorf("next = %q, want an absolute URL of page %s", *c.Next, tc.nextPage)
				}
			}
		})
	}
	// Following next links visits every shipment once.
	seen := map[string]bool{}
	for next := srv.URL + "/shipments?per=7"; next != ""; {
		c := list(t, srv, strings.TrimPrefix(next, srv.URL))
		for _, id := range ids(t, c) {
			if seen[id] {
				t.Fatalf("shipment %s listed twice", id)
			}
			seen[id] = true
		}
		next = ""
		if c.Next != nil {
			next = *c.Next
		}
	}
	if len(seen) != 23 {
		t.Errorf("following next links listed %d shipments, want 23", len(seen))
	}
}

func TestFiltersAndSort(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(40))
	ship := strconv.FormatInt(firstID(t, srv, "/shipments?sort=id&direction=asc"), 10)
	type shipment struct {
		ID        json.RawMessage `json:"id"`
		Status    string          `json:"status"`
		Mode      string          `json:"transportation_mode"`
		UpdatedAt string          `json:"updated_at"`
		Shipment  *struct {
			ID int64 `json:"id"`
		} `json:"shipment"`
	}
	items := func(path string) []shipment {
		var out []shipment
		for _, raw := range list(t, srv, path).Data {
			var s shipment
			decodeRaw(t, raw, &s)
			out = append(out, s)
		}
		return out
	}
	for _, tc := range []struct {
		path string
		ok   func(s shipment) bool
	}{
		{"/shipments?per=100&f.transportation_mode=air", func(s shipment) bool { return s.Mode == "air" }},
		{"/shipments?per=100&f.status=final_destination", func(s shipment) bool { return s.Status == "final_destination" }},
		// The curated document types f.statuses.any as one status, not
		// the comma-separated list Flexport documents; the fake follows
		// the document, and matches any of a list.
		{"/shipments?per=100&f.statuses.any=departure_port", func(s shipment) bool { return s.Status == "departure_port" }},
		{"/shipments?per=100&f.updated_at.gt=2025-05-01", func(s shipment) bool { return s.UpdatedAt > "2025-05-01" }},
		{"/shipment_legs?per=100&f.shipment.id=" + ship, func(s shipment) bool { return strconv.FormatInt(s.Shipment.ID, 10) == ship }},
		{"/documents?per=100&f.shipment.id=" + ship, func(s shipment) bool { return strconv.FormatInt(s.Shipment.ID, 10) == ship }},
	} {
		got := items(tc.path)
		if len(got) == 0 {
			t.Errorf("%s: nothing matched", tc.path)
		}
		for _, s := range got {
			if !tc.ok(s) {
				t.Errorf("%s: %+v does not match", tc.path, s)
			}
		}
	}
	all := items("/shipments?per=100&sort=id&direction=asc")
	num := func(raw json.RawMessage) int64 { n, _ := strconv.ParseInt(string(raw), 10, 64); return n }
	if !sort.SliceIsSorted(all, func(i, j int) bool { return num(all[i].ID) < num(all[j].ID) }) || len(all) != 40 {
		t.Errorf("sort=id&direction=asc: %d items, not in increasing id", len(all))
	}
	byStatus := items("/shipments?per=100&sort=status&direction=desc")
	if !sort.SliceIsSorted(byStatus, func(i, j int) bool { return byStatus[i].Status > byStatus[j].Status }) {
		t.Error("sort=status&direction=desc is not in decreasing status")
	}
	// The metadata filter and the container number filter find the shipment.
	var s struct {
		Metadata map[string][]string `json:"metadata"`
	}
	decode(t, send(t, srv, "GET", "/shipments/"+ship, "", 200), &s)
	po := s.Metadata["PO #"][0]
	if got := ids(t, list(t, srv, "/shipments?f.metadata.PO%20%23="+url.QueryEscape(po))); !cmp.Equal(got, []string{ship}) {
		t.Errorf("f.metadata.PO #=%s = %v, want [%s]", po, got, ship)
	}
}

// TestExpand checks the shapes of expanded refs: an object ref becomes the
// object, a collection ref a JSON array, nested with dots.
func TestExpand(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(20))
	var ocean struct {
		ID int64 `json:"id"`
	}
	decodeRaw(t, list(t, srv, "/shipments?f.transportation_mode=ocean&f.status=final_destination").Data[0], &ocean)
	id := strconv.FormatInt(ocean.ID, 10)
	var s map[string]json.RawMessage
	decode(t, send(t, srv, "GET", "/shipments/"+id+"?expand=legs,ocean_shipment.containers,legs.ocean_leg.container_legs", "", 200), &s)
	var legs []struct {
		Object   string `json:"_object"`
		OceanLeg *struct {
			ContainerLegs []struct {
				Object string `json:"_object"`
			} `json:"container_legs"`
		} `json:"ocean_leg"`
	}
	decodeRaw(t, s["legs"], &legs)
	var objects []string
	for _, l := range legs {
		objects = append(objects, l.Object)
		if l.OceanLeg != nil && (len(l.OceanLeg.ContainerLegs) == 0 || l.OceanLeg.ContainerLegs[0].Object != "/ocean/shipment_container_leg") {
			t.Errorf("legs.ocean_leg.container_legs not expanded: %+v", l.OceanLeg)
		}
	}
	if diff := cmp.Diff([]string{"/shipment_leg", "/shipment_leg", "/shipment_leg"}, objects); diff != "" {
		t.Errorf("expanded legs (-want +got):\n%s", diff)
	}
	var os struct {
		Containers []struct {
			Object string `json:"_object"`
		} `json:"containers"`
	}
	decodeRaw(t, s["ocean_shipment"], &os)
	if len(os.Containers) == 0 || os.Containers[0].Object != "/ocean/shipment_container" {
		t.Errorf("ocean_shipment.containers not expanded: %s", s["ocean_shipment"])
	}
	var unexpanded struct {
		Documents struct {
			Object string `json:"_object"`
		} `json:"documents"`
	}
	decode(t, send(t, srv, "GET", "/shipments/"+id+"?expand=legs", "", 200), &unexpanded)
	if unexpanded.Documents.Object != "/api/refs/collection" {
		t.Errorf("documents = %+v, want the collection ref", unexpanded.Documents)
	}
	var leg struct {
		Shipment struct {
			Object string `json:"_object"`
			ID     int64  `json:"id"`
		} `json:"shipment"`
	}
	legID := strconv.FormatInt(firstID(t, srv, "/shipment_legs?f.shipment.id="+id), 10)
	decode(t, send(t, srv, "GET", "/shipment_legs/"+legID+"?expand=shipment", "", 200), &leg)
	if leg.Shipment.Object != "/shipment" || leg.Shipment.ID != ocean.ID {
		t.Errorf("expanded object ref = %+v, want the shipment", leg.Shipment)
	}
}
