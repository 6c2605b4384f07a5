package coretest

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// anchor is "today" in the generated data: every date of the data set is
// placed around it, so that the same seed gives the same data on any day.
var anchor = time.Date(2025, time.June, 2, 0, 0, 0, 0, time.UTC)

// gen generates the data set into a store.
type gen struct {
	s  *store
	r  *fakeapi.Rand
	sy *fakeapi.Synth

	clientCompany   object
	clientEntity    object
	flexportEntity  object
	suppliers       []object // company entities, parallel to the suppliers table
	supplierCompany []object
	products        []object // parallel to catalogue
}

// generate fills s with the data set of seed: the network, products,
// ports, then n shipments with everything that hangs off them.
func generate(s *store, seed int64, n int) {
	r := fakeapi.NewRand(seed)
	g := &gen{s: s, r: r, sy: &fakeapi.Synth{R: r, Now: anchor}}
	g.network()
	g.catalogue()
	g.ports()
	for range n {
		g.shipment()
	}
}

// complete adds what the document requires of kind's objects and o lacks.
func (g *gen) complete(kind string, o object) object {
	return g.sy.Complete(g.s.schemas[kind], o)
}

func (g *gen) network() {
	c, e := g.party(client, false)
	g.clientCompany, g.clientEntity = c, e
	for _, p := range suppliers {
		c, e := g.party(p, true)
		g.supplierCompany = append(g.supplierCompany, c)
		g.suppliers = append(g.suppliers, e)
	}
	g.flexportEntity = entity(flexport, 499999, "Flexport International LLC")
}

// party stores a company with one entity, location and contact, and
// returns the company and the entity.
func (g *gen) party(p party, editable bool) (object, object) {
	s := g.s
	cid, lid, pid := g.r.Token(16), g.r.Token(16), g.r.Token(16)
	eid := s.id("company_entity", 500001)
	ref := strings.ToLower(strings.ReplaceAll(p.company, " ", "-"))
	summary := object{"_object": "/network/company", "id": cid, "name": p.company, "ref": ref, "editable": editable, "metadata": object{}}
	ent := entity(p, eid, p.company+entitySuffix(p.cc))
	email := strings.ToLower(strings.ReplaceAll(p.contact, " ", ".")) + "@" + strings.Split(ref, "-")[0] + ".example.com"
	contactSummary := object{"_object": "/network/contact", "id": pid, "name": p.contact, "email": email, "phone_number": "+1 415 555 " + g.r.Digits(4)}
	locSummary := object{"_object": "/network/location", "id": lid, "name": p.company + " HQ", "ref": ref + "-hq", "address": address(p)}

	company := fakeapi.Clone(summary)
	company["entities"] = []any{ent}
	company["contacts"] = []any{contactSummary}
	company["locations"] = []any{locSummary}
	s.tables["company"].Put(cid, g.complete("company", company))
	s.put("company_entity", g.complete("company_entity", ent))
	s.mu.Lock()
	s.entityOf[eid] = cid
	s.mu.Unlock()

	contact := fakeapi.Clone(contactSummary)
	contact["company"] = summary
	contact["locations"] = []any{locSummary}
	s.tables["contact"].Put(pid, g.complete("contact", contact))

	loc := fakeapi.Clone(locSummary)
	loc["editable"], loc["metadata"], loc["company"], loc["contacts"] = editable, object{}, summary, contactSummary
	s.tables["location"].Put(lid, g.complete("location", loc))
	return company, ent
}

func entitySuffix(cc string) string {
	switch cc {
	case "US":
		return " Inc."
	case "DE":
		return ""
	}
	return " Co., Ltd."
}

func entity(p party, id int64, name string) object {
	return object{"_object": "/company_entity", "id": id, "name": name, "mailing_address": address(p), "ref": fmt.Sprintf("id-%d", id), "vat_numbers": []any{}}
}

func newAddress(p party) object {
	return object{"_object": "/address", "street_address": p.street, "street_address2": nil, "city": p.city, "state": orNil(p.state),
		"country": p.country, "country_code": p.cc, "zip": orNil(p.zip), "unlocode": nil, "timezone": p.tz, "ref": nil}
}

func newPortAddress(p port) object {
	return object{"_object": "/address", "street_address": nil, "street_address2": nil, "city": p.city, "state": orNil(p.state),
		"country": p.country, "country_code": p.cc, "zip": nil, "unlocode": p.unlocode, "timezone": p.tz, "ref": "id-" + p.code}
}

// newPlace returns the place of a port, with the details of its port types.
func newPlace(p port) object {
	var details []any
	if p.air {
		details = append(details, object{"_object": "/air/port", "port_code": p.code, "iata_code": p.iata, "icao_code": p.icao, "country_code": p.cc})
	}
	if p.rail {
		details = append(details, object{"_object": "/ocean/railport", "port_code": p.code})
	}
	details = append(details, object{"_object": "/trucking/port", "port_code": p.code})
	if p.sea {
		details = append(details, object{"_object": "/ocean/port", "port_code": p.code})
	}
	return object{"_object": "/place", "name": p.name, "address": newPortAddress(p), "details": details}
}

// newDoorPlace returns the place of a party's address.
func newDoorPlace(p party) object {
	return object{"_object": "/place", "name": p.company, "address": newAddress(p), "details": []any{}}
}

// The addresses and places of the reference data are made once per
// process and shared by every handler: like every stored object, they are
// never modified.
var reference = sync.OnceValue(func() (r struct{ places, portAddresses, addresses, doors map[string]object }) {
	r.places, r.portAddresses, r.addresses, r.doors = map[string]object{}, map[string]object{}, map[string]object{}, map[string]object{}
	for _, p := range append(append([]port(nil), originPorts...), destinationPorts...) {
		r.places[p.unlocode], r.portAddresses[p.unlocode] = newPlace(p), newPortAddress(p)
	}
	for _, p := range append([]party{client, flexport}, suppliers...) {
		r.addresses[p.company], r.doors[p.company] = newAddress(p), newDoorPlace(p)
	}
	return r
})

func address(p party) object    { return reference().addresses[p.company] }
func portAddress(p port) object { return reference().portAddresses[p.unlocode] }
func place(p port) object       { return reference().places[p.unlocode] }
func doorPlace(p party) object  { return reference().doors[p.company] }

func node(pl object, tags ...any) object {
	return object{"_object": "/shipment_node", "tags": tags, "place": pl, "terminal": nil}
}

func (g *gen) catalogue() {
	for i, it := range catalogue {
		id := g.s.id("product", 700001)
		p := object{"_object": "/product", "id": id, "name": it.name, "sku": fmt.Sprintf("ACME-%s-%03d", strings.ToUpper(it.category[:3]), i+1),
			"description": it.name + " (" + strings.ToLower(it.category) + ")", "product_category": it.category, "country_of_origin": it.origin,
			"client_verified": g.r.Chance(0.7), "archived_at": nil,
			"hs_codes":           []any{object{"_object": "/hs_code", "code": it.hs, "description": it.hsDesc, "country_code": "US"}},
			"classifications":    []any{object{"_object": "/product/classification", "codes": []any{it.hs}, "region": "US"}},
			"product_properties": []any{object{"_object": "/product/property", "type": "color", "value": fakeapi.Pick(g.r, "black", "green", "blue", "sand")}},
		}
		p = g.complete("product", p)
		g.products = append(g.products, p)
		g.s.put("product", p)
	}
}

func (g *gen) ports() {
	for _, list := range [][]port{originPorts, destinationPorts} {
		for _, p := range list {
			var types []any
			for _, t := range []struct {
				ok   bool
				name string
			}{{p.air, "airport"}, {p.rail, "railport"}, {true, "roadport"}, {p.sea, "seaport"}} {
				if t.ok {
					types = append(types, t.name)
				}
			}
			g.s.mu.Lock()
			g.s.portTypes[p.unlocode] = types
			g.s.mu.Unlock()
			g.s.tables["port"].Put(p.unlocode, g.complete("port", portAddress(p)))
		}
	}
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// quantity returns a weight, volume or length.
func quantity(kind string, value float64, unit string) object {
	return object{"_object": "/quantity/" + kind, "value": round2(value), "unit": unit}
}

func money(amount float64, currency string) object {
	return object{"_object": "/money", "amount": fmt.Sprintf("%.2f", amount), "currency_code": currency}
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }
