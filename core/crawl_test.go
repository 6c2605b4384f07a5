package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/conformance"
)

func sandbox(t testing.TB) []conformance.Fixture {
	t.Helper()
	shared := conformance.SharedDir()
	if shared == "" {
		t.Skip("../shared is absent: the recorded sandbox responses are read from ../shared/fixtures/core-v2-sandbox at run time")
	}
	fixtures, err := conformance.SandboxFixtures(filepath.Join(shared, "fixtures", "core-v2-sandbox"))
	if err != nil {
		t.Skipf("no recorded sandbox responses: %v", err)
	}
	return fixtures
}

// originals indexes every object with an _object and id in the fixtures by
// "_object|id", to compare decoded objects with what Flexport sent. An object
// recorded several times (in a list and on its own, days apart) has each
// version.
func originals(t *testing.T, fixtures []conformance.Fixture) map[string][]any {
	t.Helper()
	idx := map[string][]any{}
	var walk func(json.RawMessage)
	walk = func(raw json.RawMessage) {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) == nil {
			var kind string
			_ = json.Unmarshal(obj["_object"], &kind)
			if id, ok := obj["id"]; ok && kind != "/api/refs/object" {
				v, err := conformance.DecodeJSON(raw)
				if err != nil {
					t.Fatal(err)
				}
				idx[kind+"|"+string(id)] = append(idx[kind+"|"+string(id)], v)
			}
			for _, v := range obj {
				walk(v)
			}
			return
		}
		var arr []json.RawMessage
		if json.Unmarshal(raw, &arr) == nil {
			for _, v := range arr {
				walk(v)
			}
		}
	}
	for _, f := range fixtures {
		b, err := os.ReadFile(f.File)
		if err != nil {
			t.Fatal(err)
		}
		walk(b)
	}
	return idx
}

// crawler follows every reference of every object it reaches, the way the
// issue's outside test does, and checks each decoded object against the
// recorded original.
type crawler struct {
	t         *testing.T
	ctx       context.Context
	c         *core.Client
	originals map[string][]any
	visited   map[string]bool
	objects   int
	notFound  int
}

func (cr *crawler) check(kind string, id any, v any) {
	cr.t.Helper()
	cr.objects++
	key := fmt.Sprintf("%s|%v", kind, id)
	if sid, ok := id.(string); ok {
		key = fmt.Sprintf("%s|%q", kind, sid)
	}
	versions, ok := cr.originals[key]
	if !ok {
		cr.t.Errorf("decoded %s has no recorded original", key)
		return
	}
	out, err := json.Marshal(v)
	if err != nil {
		cr.t.Fatal(err)
	}
	var closest []string
	for _, orig := range versions {
		diffs, err := conformance.LosslessValue(orig, out)
		if err != nil {
			cr.t.Fatal(err)
		}
		if len(diffs) == 0 {
			return
		}
		if closest == nil || len(diffs) < len(closest) {
			closest = diffs
		}
	}
	cr.t.Errorf("%s does not re-encode without loss against any of its %d recorded versions: %v", key, len(versions), closest)
}

func (cr *crawler) once(link string) bool {
	if link == "" || cr.visited[link] {
		return false
	}
	cr.visited[link] = true
	return true
}

// tolerate404 accepts the 404 of a reference whose response was not
// recorded; any other error fails the test.
func (cr *crawler) tolerate404(link string, err error) {
	cr.t.Helper()
	if errors.Is(err, core.ErrNotFound) {
		cr.notFound++
		return
	}
	cr.t.Errorf("%s: %v", link, err)
}

func (cr *crawler) shipment(s *core.Shipment) {
	cr.check("/shipment", s.ID, s)
	if s.Legs != nil && cr.once(s.Legs.Link) {
		for leg, err := range core.List[core.ShipmentLeg](cr.ctx, cr.c, s.Legs.Link) {
			if err != nil {
				cr.tolerate404(s.Legs.Link, err)
				break
			}
			cr.leg(leg)
		}
	}
	if s.Booking != nil && cr.once(s.Booking.Link) {
		b, err := core.Get[core.Booking](cr.ctx, cr.c, s.Booking.Link)
		if err != nil {
			cr.tolerate404(s.Booking.Link, err)
		} else {
			cr.check("/booking", b.ID, b)
			if b.BookingLineItems != nil && cr.once(b.BookingLineItems.Link) {
				for li, err := range core.List[core.BookingLineItem](cr.ctx, cr.c, b.BookingLineItems.Link) {
					if err != nil {
						cr.tolerate404(b.BookingLineItems.Link, err)
						break
					}
					cr.check("/booking_line_item", deref(li.ID), li)
				}
			}
		}
	}
	if s.OceanShipment != nil && s.OceanShipment.Containers != nil && cr.once(s.OceanShipment.Containers.Link) {
		for ctr, err := range core.List[core.ShipmentContainer](cr.ctx, cr.c, s.OceanShipment.Containers.Link) {
			if err != nil {
				cr.tolerate404(s.OceanShipment.Containers.Link, err)
				break
			}
			cr.container(ctr)
		}
	}
	if s.Documents != nil && cr.once(s.Documents.Link) {
		for d, err := range core.List[core.Document](cr.ctx, cr.c, s.Documents.Link) {
			if err != nil {
				cr.tolerate404(s.Documents.Link, err)
				break
			}
			cr.check("/document", d.ID, d)
		}
	}
	if s.CustomsEntries != nil && cr.once(s.CustomsEntries.Link) {
		for e, err := range core.List[core.CustomsEntry](cr.ctx, cr.c, s.CustomsEntries.Link) {
			if err != nil {
				cr.tolerate404(s.CustomsEntries.Link, err)
				break
			}
			cr.check("/customs_entry", deref(e.ID), e)
		}
	}
	if s.CommercialInvoices != nil && cr.once(s.CommercialInvoices.Link) {
		for ci, err := range core.List[core.CommercialInvoice](cr.ctx, cr.c, s.CommercialInvoices.Link) {
			if err != nil {
				cr.tolerate404(s.CommercialInvoices.Link, err)
				break
			}
			cr.check("/commercial_invoice", deref(ci.ID), ci)
		}
	}
}

func (cr *crawler) leg(l *core.ShipmentLeg) {
	cr.check("/shipment_leg", l.ID, l)
	var links []string
	if l.OceanLeg != nil && l.OceanLeg.ContainerLegs != nil {
		links = append(links, l.OceanLeg.ContainerLegs.Link)
	}
	if l.TruckingLeg != nil && l.TruckingLeg.ContainerLegs != nil {
		links = append(links, l.TruckingLeg.ContainerLegs.Link)
	}
	if l.RailLeg != nil && l.RailLeg.ContainerLegs != nil {
		links = append(links, l.RailLeg.ContainerLegs.Link)
	}
	for _, link := range links {
		cr.containerLegs(link)
	}
}

func (cr *crawler) container(c *core.ShipmentContainer) {
	cr.check("/ocean/shipment_container", c.ID, c)
	if c.ContainerLegs != nil {
		cr.containerLegs(c.ContainerLegs.Link)
	}
}

func (cr *crawler) containerLegs(link string) {
	if !cr.once(link) {
		return
	}
	for cl, err := range core.List[core.OceanShipmentContainerLeg](cr.ctx, cr.c, link) {
		if err != nil {
			cr.tolerate404(link, err)
			return
		}
		cr.check("/ocean/shipment_container_leg", cl.ID, cl)
		if cl.ShipmentContainer != nil && cr.once(cl.ShipmentContainer.Link) {
			ctr, err := core.Get[core.ShipmentContainer](cr.ctx, cr.c, cl.ShipmentContainer.Link)
			if err != nil {
				cr.tolerate404(cl.ShipmentContainer.Link, err)
			} else {
				cr.container(ctr)
			}
		}
		if cl.Leg != nil && cr.once(cl.Leg.Link) {
			leg, err := core.Get[core.ShipmentLeg](cr.ctx, cr.c, cl.Leg.Link)
			if err != nil {
				cr.tolerate404(cl.Leg.Link, err)
			} else {
				cr.leg(leg)
			}
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestCrawlSandbox walks the recorded sandbox like a user would: every page
// of c.Shipments.List, each shipment by c.Shipments.Get, and every reference
// reached from it with core.List and core.Get. It must reach every recorded
// response, lose nothing on re-encoding, and send nothing to another host.
func TestCrawlSandbox(t *testing.T) {
	t.Parallel()
	fixtures := sandbox(t)
	replay := conformance.NewReplay(fixtures)
	srv := httptest.NewServer(replay)
	defer srv.Close()

	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("test-api-key"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cr := &crawler{t: t, ctx: ctx, c: c, originals: originals(t, fixtures), visited: map[string]bool{}}

	var ids []int
	pagesOK := true
	for s, err := range c.Shipments.List(ctx, nil) {
		if err != nil {
			// Some recorded next links lead to pages that were not recorded:
			// the iterator reports each and, as we keep ranging, goes on.
			if !errors.Is(err, core.ErrNotFound) {
				t.Fatalf("Shipments.List: %v", err)
			}
			pagesOK = false
			continue
		}
		ids = append(ids, s.ID)
		cr.shipment(s)
	}
	if len(ids) == 0 {
		t.Fatal("Shipments.List yielded no shipment")
	}
	for _, id := range ids {
		s, err := c.Shipments.Get(ctx, id)
		if err != nil {
			cr.tolerate404(fmt.Sprint("/shipments/", id), err)
			continue
		}
		cr.shipment(s)
	}

	served := replay.Served()
	var unreached []string
	for _, f := range fixtures {
		if served[f.File] == 0 {
			unreached = append(unreached, f.Request)
		}
	}
	sort.Strings(unreached)
	for _, u := range unreached {
		t.Errorf("no request reached the recorded response for %s", u)
	}
	for _, r := range replay.Requests() {
		if got := r.Header.Get("Authorization"); got != "Bearer test-api-key" {
			t.Errorf("%s: Authorization %q", r.URL, got)
		}
	}
	t.Logf("crawl: %d shipments listed (all pages read: %v), %d requests, %d of %d recorded responses reached, %d objects decoded and compared, %d unrecorded references answered 404",
		len(ids), pagesOK, len(replay.Requests()), len(served), len(fixtures), cr.objects, cr.notFound)
}
