package coretest

import (
	"fmt"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// commercialInvoice stores the commercial invoice of t.
func (g *gen) commercialInvoice(t *trip, lines []line) {
	sup := suppliers[t.supplier]
	total, units, kg := 0.0, 0, 0.0
	var items []any
	for i, l := range lines {
		value := float64(l.units) * l.cost
		w := float64(l.units) * l.item.unitKg
		total, units, kg = total+value, units+l.units, kg+w
		items = append(items, object{"_object": "/commercial_invoice_line_item", "document_line_number": i + 1,
			"product": g.s.ref("product", l.product["id"].(int64)), "purchase_order_number": fmt.Sprintf("PO-%d", l.poli["purchase_order"].(object)["id"]),
			"total_units": l.units, "price_per_unit": money(l.cost, "USD"), "value": money(value, "USD"), "net_value": money(value, "USD"),
			"first_sale_value": nil, "weight": quantity("weight", w, "kg"), "net_weight": quantity("weight", w*0.95, "kg"),
			"net_net_weight": quantity("weight", w*0.9, "kg"), "volume": quantity("volume", w/250, "cbm"),
			"manufacturer_name": sup.company, "manufacturer_address": address(sup), "metadata": object{}, "container_number": nil})
	}
	ci := object{"_object": "/commercial_invoice", "id": g.r.Token(22), "invoice_number": fmt.Sprintf("CI-%d-1", t.id),
		"shipment": g.s.ref("shipment", t.id), "is_related_parties": false, "line_items": items,
		"involved_parties":       []any{g.involved("seller", g.suppliers[t.supplier]), g.involved("buyer", g.clientEntity)},
		"manufacturer_addresses": []any{address(sup)}, "metadata": object{}, "total_unit_count": fmt.Sprint(units),
		"total_value": money(total, "USD"), "total_weight": quantity("weight", kg, "kg"), "total_volume": quantity("volume", kg/250, "cbm")}
	g.s.tables["commercial_invoice"].Put(ci["id"].(string), g.complete("commercial_invoice", ci))
}

// involved returns a customs party of a commercial invoice.
func (g *gen) involved(role string, ent object) object {
	return object{"_object": "/customs_involved_party", "type": role, "name": ent["name"], "address": ent["mailing_address"],
		"company_entity": g.s.ref("company_entity", ent["id"].(int64))}
}

// customsEntry stores the customs entry of an arrived shipment.
func (g *gen) customsEntry(t *trip) {
	status := fakeapi.Pick(g.r, "cleared", "cleared", "cleared", "pending", "customs_hold")
	var release any
	if status == "cleared" {
		release = fakeapi.Date(t.arrive.AddDate(0, 0, 1))
	}
	ce := object{"_object": "/customs_entry", "id": g.r.Token(22), "entry_number": fmt.Sprintf("FLX-%s-%s", g.r.Digits(7), g.r.Digits(1)),
		"release_status": status, "release_date": release, "shipment": g.s.ref("shipment", t.id)}
	g.s.tables["customs_entry"].Put(ce["id"].(string), g.complete("customs_entry", ce))
}

// invoice stores the freight invoice of a departed shipment.
func (g *gen) invoice(t *trip) {
	freight := float64(g.r.Between(800, 6000))
	if t.mode == "air" {
		freight *= 2.5
	}
	fees := []struct {
		name, slug, category string
		amount               float64
	}{
		{"Freight", "freight", "freight", freight},
		{"Origin handling", "origin_handling", "origin", float64(g.r.Between(90, 400))},
		{"Customs clearance", "customs_clearance", "customs", 125},
		{"Destination delivery", "destination_delivery", "destination", float64(g.r.Between(200, 900))},
	}
	total := 0.0
	var items []any
	for _, f := range fees {
		total += f.amount
		items = append(items, object{"_object": "/invoice_item", "name": f.name, "slug": f.slug, "category": f.category, "amount": money(f.amount, "USD"),
			"quantity": object{"_object": "/invoice_quantity", "qualifier": "shipment", "value": "1.0"},
			"rate":     object{"_object": "/invoice_rate", "qualifier": "flat", "value": fmt.Sprintf("%.2f", f.amount)}})
	}
	issued := t.depart.AddDate(0, 0, 2)
	due := issued.AddDate(0, 0, 30)
	status, balance := "outstanding", total
	switch {
	case anchor.After(due.AddDate(0, 0, 10)):
		status, balance = "paid", 0
	case anchor.After(due):
		status = "past_due"
	}
	inv := object{"_object": "/invoice", "id": g.r.Token(22), "name": fmt.Sprintf("INV-%d", t.id), "type": "Shipment", "status": status,
		"issued_at": fakeapi.DateTime(issued, nil), "due_date": fakeapi.Date(due), "last_updated_at": fakeapi.DateTime(minTime(anchor, due), nil), "voided_at": nil,
		"issuer": g.flexportEntity, "recipient": g.clientEntity, "shipments": g.s.ref("shipment", t.id), "items": items,
		"total": money(total, "USD"), "balance": money(balance, "USD"), "notes": []any{}, "credit_memos": []any{}}
	g.s.tables["invoice"].Put(inv["id"].(string), g.complete("invoice", inv))
}

// milestones stores the departed and arrived events of the main leg of s,
// when they happened.
func (g *gen) milestones(s, leg object, containers []object) {
	for _, m := range []struct{ typ, actual, node string }{
		{"/shipment_leg#departed", "actual_departure_date", "origin"},
		{"/shipment_leg#arrived", "actual_arrival_date", "destination"},
	} {
		at, ok := leg[m.actual].(string)
		if !ok {
			continue
		}
		when, err := time.Parse(time.RFC3339, at)
		if err != nil {
			continue
		}
		var cs []any
		for _, c := range containers {
			cs = append(cs, c)
		}
		data := object{"_object": "/shipment_event_data", "resource": leg, "shipment": s, "location": leg[m.node], "containers": fakeapi.OrEmpty(cs)}
		g.s.addEvent(g.s.id("event", 5000001), m.typ, when, when.Add(7*time.Minute), data)
	}
}

// addEvent stores an event.
func (s *store) addEvent(id int64, typ string, occurred, created time.Time, data object) object {
	ev := object{"_object": "/event", "id": id, "version": 2, "type": typ,
		"occurred_at": fakeapi.DateTime(occurred, nil), "created_at": fakeapi.DateTime(created, nil), "data": data}
	s.put("event", ev)
	return ev
}
