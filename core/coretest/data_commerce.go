package coretest

import (
	"fmt"
	"strconv"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// line is one product on a purchase order and the shipment.
type line struct {
	product object
	item    item
	units   int
	cost    float64
	poli    object
}

// shipment generates one shipment and everything that hangs off it.
func (g *gen) shipment() {
	t := g.plan()
	po, lines := g.purchaseOrder(t)
	legs := g.legs(t)
	var containers []object
	if t.mode == "ocean" {
		containers = g.containers(t, legs)
	}
	s := g.shipmentObject(t, po, lines)
	if g.r.Chance(0.8) {
		s["booking"] = g.booking(t, lines)
	}
	s = g.complete("shipment", s)
	g.s.put("shipment", s)
	if t.mode != "truck" && g.r.Chance(0.7) {
		g.commercialInvoice(t, lines)
	}
	if !anchor.Before(t.arrive) && t.mode != "truck" {
		g.customsEntry(t)
	}
	for i := range g.r.Between(1, 3) {
		dt := documentTypes[(int(t.id)+i)%len(documentTypes)]
		g.s.addDocument(g.r.Token(22), t.id, dt.kind, dt.file, dt.mime, documentContent(dt.mime, t.id, i), fakeapi.DateTime(t.ready.Add(time.Duration(i+1)*time.Hour), nil), nil)
	}
	if !anchor.Before(t.depart) {
		g.invoice(t)
	}
	for _, leg := range legs {
		if leg["transportation_mode"] == t.mode {
			g.milestones(s, leg, containers)
		}
	}
}

func (g *gen) shipmentObject(t *trip, po object, lines []line) object {
	sup, from, to := g.suppliers[t.supplier], loc(t.from.tz), loc(t.to.tz)
	if t.mode == "truck" {
		to = loc(client.tz)
	}
	kg, cbm, pieces := 0.0, 0.0, 0
	var items []any
	for _, l := range lines {
		w := float64(l.units) * l.item.unitKg
		kg, cbm, pieces = kg+w, cbm+w/250, pieces+l.units/10+1
		items = append(items, object{"_object": "/shipment_item", "id": g.s.id("shipment_item", 600001), "product": l.product,
			"purchase_order_number": po["name"], "total_units": l.units, "total_weight": quantity("weight", w, "kg"), "total_volume": quantity("volume", w/250, "cbm")})
	}
	name := fmt.Sprintf("%s from %s", lines[0].item.name, t.from.city)
	s := object{"_object": "/shipment", "id": t.id, "name": name, "transportation_mode": t.mode,
		"freight_type": fakeapi.Pick(g.r, "door_to_door", "port_to_door"), "incoterm": fakeapi.Pick(g.r, "FOB", "EXW", "FCA"),
		"priority": fakeapi.Pick(g.r, "standard", "standard", "high"), "status": t.status(), "pieces": pieces,
		"calculated_weight": quantity("weight", kg, "kg"), "calculated_volume": quantity("volume", cbm, "cbm"), "it_number": nil,
		"created_date": fakeapi.DateTime(t.ready.AddDate(0, 0, -14), nil), "updated_at": fakeapi.DateTime(minTime(anchor, t.deliver), nil), "archived_at": nil,
		"cargo_ready_date":         fakeapi.Date(t.ready),
		"estimated_departure_date": fakeapi.DateTime(t.depart, from), "actual_departure_date": g.happened(t.depart, from),
		"estimated_arrival_date": fakeapi.DateTime(t.arrive, to), "actual_arrival_date": g.happened(t.arrive, to),
		"estimated_picked_up_in_full_date": fakeapi.DateTime(t.pickup, from), "actual_picked_up_in_full_date": g.happened(t.pickup, from),
		"estimated_delivered_in_full_date": fakeapi.DateTime(t.deliver, to), "actual_delivered_in_full_date": g.happened(t.deliver, to),
		"air_shipment": nil, "ocean_shipment": nil, "booking": nil,
		"shippers": []any{sup}, "sellers": []any{sup}, "consignees": []any{g.clientEntity}, "buyers": []any{g.clientEntity}, "importers_of_record": []any{g.clientEntity},
		"items": items, "metadata": object{"PO #": []any{po["name"]}},
		"legs":                         g.s.collection("shipment_leg", "shipment.id", t.id),
		"customs_entries":              g.s.collection("customs_entry", "shipment.id", t.id),
		"commercial_invoices":          g.s.collection("commercial_invoice", "shipment.id", t.id),
		"documents":                    g.s.collection("document", "shipment.id", t.id),
		"wants_export_customs_service": false, "wants_import_customs_service": t.mode != "truck",
		"wants_flexport_freight": true, "wants_freight_management_bco": false,
	}
	for _, k := range []string{"departure", "arrival", "picked_up_in_full", "delivered_in_full"} {
		s[k+"_date"] = s["actual_"+k+"_date"]
		if s[k+"_date"] == nil {
			s[k+"_date"] = s["estimated_"+k+"_date"]
		}
	}
	switch t.mode {
	case "ocean":
		s["ocean_shipment"] = object{"_object": "/ocean/shipment", "is_lcl": t.lcl, "house_bill_number": "FLXT" + g.r.Digits(8),
			"master_bill_number": t.scac + g.r.Digits(9), "carrier_booking_number": g.r.Digits(10), "containers": g.s.collection("container", "shipment.id", t.id)}
	case "air":
		s["air_shipment"] = object{"_object": "/air/shipment", "house_airway_bill": "FLX" + g.r.Digits(8), "master_airway_bill": fmt.Sprintf("%03d-%s", g.r.Between(100, 999), g.r.Digits(8)),
			"chargeable_weight": quantity("weight", kg*1.1, "kg"), "chargeable_volume": quantity("volume", cbm, "cbm")}
	}
	return s
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// purchaseOrder stores the purchase order of t with one to three lines.
func (g *gen) purchaseOrder(t *trip) (object, []line) {
	id := g.s.id("purchase_order", 800001)
	sup := suppliers[t.supplier]
	var lines []line
	for i := range g.r.Between(1, 3) {
		k := (t.supplier*3 + i + g.r.IntN(2)) % len(catalogue)
		lines = append(lines, line{product: g.products[k], item: catalogue[k], units: g.r.Between(2, 60) * 10, cost: float64(g.r.Between(150, 9000)) / 100})
	}
	dest := place(t.to)
	if t.mode == "truck" {
		dest = doorPlace(client)
	}
	po := object{"_object": "/purchase_order", "id": id, "name": fmt.Sprintf("PO-%d", id), "status": map[bool]string{true: "closed", false: "open"}[!anchor.Before(t.deliver)],
		"memo": nil, "metadata": object{}, "archived_at": nil, "created_at": fakeapi.DateTime(t.ready.AddDate(0, 0, -30), nil), "updated_at": fakeapi.DateTime(t.ready, nil),
		"cargo_ready_date": fakeapi.Date(t.ready), "must_arrive_date": fakeapi.Date(t.deliver.AddDate(0, 0, 7)), "incoterm": "FOB", "transportation_mode": t.mode,
		"buyer": summary(g.clientCompany), "seller": summary(g.supplierCompany[t.supplier]),
		"origin_address": address(sup), "destination_address": address(client), "origin_port": place(t.from), "destination_port": dest,
		"line_items": g.s.collection("po_line_item", "purchase_order.id", id),
	}
	g.s.put("purchase_order", g.complete("purchase_order", po))
	for i := range lines {
		lid := g.s.id("po_line_item", 810001)
		l := object{"_object": "/purchase_order_line_item", "id": lid, "purchase_order": g.s.ref("purchase_order", id), "item_key": lines[i].product["sku"],
			"line_item_number": i + 1, "product": lines[i].product, "hs_codes": lines[i].product["hs_codes"], "units": lines[i].units,
			"unit_cost": money(lines[i].cost, "USD"), "unit_of_measure": "PCS", "incoterm": "FOB", "transportation_mode": t.mode,
			"must_arrive_date": po["must_arrive_date"], "origin_address": po["origin_address"], "destination_address": po["destination_address"],
			"origin_port": po["origin_port"], "destination_port": dest, "metadata": object{},
			"booking_line_items": g.s.collection("booking_line_item", "purchase_order_line_item.id", lid),
		}
		lines[i].poli = g.complete("po_line_item", l)
		g.s.put("po_line_item", lines[i].poli)
	}
	return po, lines
}

// summary returns a company without its entities, contacts and locations.
func summary(c object) object {
	return object{"_object": c["_object"], "id": c["id"], "name": c["name"], "ref": c["ref"], "editable": c["editable"], "metadata": c["metadata"]}
}

// booking stores the booking of t and its line items; it returns a ref.
func (g *gen) booking(t *trip, lines []line) object {
	id := g.s.id("booking", 900001)
	b := object{"_object": "/booking", "id": id, "name": fmt.Sprintf("Booking %d", id), "flex_id": fmt.Sprintf("FLEX-%d", t.id),
		"shipment": g.s.ref("shipment", t.id), "status": "booked", "transportation_mode": t.mode,
		"shipper_entity": g.suppliers[t.supplier], "consignee_entity": g.clientEntity, "notify_party": nil,
		"origin_address": address(suppliers[t.supplier]), "destination_address": address(client),
		"cargo_ready_date": fakeapi.Date(t.ready), "delivery_date": fakeapi.Date(t.deliver), "special_instructions": nil,
		"wants_export_customs_service": false, "wants_import_customs_service": true, "metadata": object{},
		"created_at": fakeapi.DateTime(t.ready.AddDate(0, 0, -10), nil), "air_booking": nil, "ocean_booking": nil, "trucking_booking": nil,
		"cargo":              object{"_object": "/cargo", "contains_hazmat": false, "contains_li_ion": false, "shipping_units": []any{}},
		"booking_line_items": g.s.collection("booking_line_item", "booking.id", id),
	}
	var descs []any
	for _, l := range lines {
		descs = append(descs, object{"_object": "/bookings/product_description", "description": l.item.name, "description_for_export_customs": nil,
			"hs_code": object{"_object": "/hs_code", "code": l.item.hs, "description": l.item.hsDesc, "country_code": "US"}})
	}
	detail := object{"incoterm": "FOB", "wants_pickup_service": true, "wants_delivery_service": true, "product_descriptions": descs,
		"origin_port": place(t.from)}
	switch t.mode {
	case "ocean":
		detail["_object"], detail["is_lcl"], detail["destination_port"] = "/ocean/booking", t.lcl, place(t.to)
		detail["container_counts"] = object{"_object": "/container_counts", "twenty_ft": nil, "forty_ft": t.containers, "forty_ft_hc": nil, "forty_five_ft_hc": nil}
		b["ocean_booking"] = detail
	case "air":
		detail["_object"], detail["destination_port"] = "/air/booking", place(t.to)
		b["air_booking"] = detail
	default:
		b["trucking_booking"] = object{"_object": "/trucking/booking", "is_ftl": true, "payment_terms": "prepaid", "description_of_products": lines[0].item.name}
	}
	g.s.put("booking", g.complete("booking", b))
	for _, l := range lines {
		bli := object{"_object": "/purchase_orders/booking_line_item", "id": g.s.id("booking_line_item", 910001),
			"booking": g.s.ref("booking", id), "purchase_order_line_item": g.s.ref("po_line_item", l.poli["id"].(int64)), "units": l.units}
		g.s.put("booking_line_item", g.complete("booking_line_item", bli))
	}
	return g.s.ref("booking", id)
}

// documentContent returns the deterministic bytes of a document.
func documentContent(mime string, shipment int64, i int) []byte {
	s := strconv.FormatInt(shipment, 10)
	switch mime {
	case "text/csv":
		return []byte("shipment,line,description\n" + s + ",1,coretest generated document\n")
	case "image/png":
		return append([]byte("\x89PNG\r\n\x1a\n"), []byte("coretest image for shipment "+s)...)
	}
	return []byte(fmt.Sprintf("%%PDF-1.4\n%% coretest document %d for shipment %s\n%%%%EOF\n", i+1, s))
}

// addDocument stores a document of a shipment with its content.
func (s *store) addDocument(id string, shipment int64, kind, file, mime string, content []byte, uploaded string, memo any) object {
	d := object{"_object": "/document", "id": id, "document_type": kind, "file_name": file, "memo": memo, "archived_at": nil,
		"file_link": placeholder + "/documents/" + id + "/download", "shipment": s.ref("shipment", shipment),
		"file_metadata": object{"_object": "/file/metadata", "size": int64(len(content)), "uploaded_at": uploaded}}
	s.mu.Lock()
	s.contents[id], s.mimes[id] = content, mime
	s.mu.Unlock()
	s.tables["document"].Put(id, d)
	return d
}
