package coretest

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// createBooking answers POST /bookings: a submitted booking, its parties
// and addresses looked up by ref in the network (or kept as the refs
// sent), its ports by code.
func (h *Handler) createBooking(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	id := h.store.id("booking", 900001)
	o := object{"_object": "/booking", "id": id, "status": "submitted", "shipment": nil, "flex_id": nil, "created_at": h.now(),
		"shipper_entity": h.entityByRef(b["shipper_entity_ref"]), "consignee_entity": h.entityByRef(b["consignee_entity_ref"]),
		"origin_address": h.addressByRef(b["origin_address_ref"]), "destination_address": h.addressByRef(b["destination_address_ref"]),
		"booking_line_items": h.store.collection("booking_line_item", "booking.id", id), "metadata": object{},
		"transportation_mode": "unknown_transportation", "ocean_booking": nil, "air_booking": nil, "trucking_booking": nil,
	}
	setFrom(o, b, "name", "cargo_ready_date", "delivery_date", "notify_party", "special_instructions", "wants_export_customs_service", "metadata")
	if c, ok := b["cargo"].(object); ok {
		c = fakeapi.Clone(c)
		c["_object"] = "/cargo"
		o["cargo"] = c
	}
	if ob, ok := b["ocean_booking"].(object); ok {
		d := bookingDetail("/ocean/booking", ob)
		setFrom(d, ob, "is_lcl", "container_counts")
		if cc, ok := d["container_counts"].(object); ok {
			cc = fakeapi.Clone(cc)
			cc["_object"] = "/container_counts"
			d["container_counts"] = cc
		}
		d["origin_port"] = placeByCode(ob, "origin_port_loc_code", "origin_port_us_cbp_port_code")
		d["destination_port"] = placeByCode(ob, "destination_port_loc_code", "destination_port_us_cbp_port_code")
		o["ocean_booking"], o["transportation_mode"] = d, "ocean"
	} else if ab, ok := b["air_booking"].(object); ok {
		d := bookingDetail("/air/booking", ab)
		d["origin_port"] = placeByCode(ab, "origin_port_iata_code", "origin_port_loc_code", "origin_port_us_cbp_port_code")
		d["destination_port"] = placeByCode(ab, "destination_port_iata_code", "destination_port_loc_code", "destination_port_us_cbp_port_code")
		o["air_booking"], o["transportation_mode"] = d, "air"
	} else if tb, ok := b["trucking_booking"].(object); ok {
		d := object{"_object": "/trucking/booking", "is_ftl": tb["is_ltl"] == false}
		setFrom(d, tb, "payment_terms", "description_of_products")
		o["trucking_booking"], o["transportation_mode"] = d, "truck"
	}
	return h.save(r, "booking", strconv.FormatInt(id, 10), o)
}

// bookingDetail returns the detail of an ocean or air booking request.
func bookingDetail(kind string, in object) object {
	d := object{"_object": kind}
	setFrom(d, in, "incoterm", "wants_pickup_service", "wants_delivery_service")
	var descs []any
	items, _ := in["product_descriptions"].([]any)
	for _, it := range items {
		if it, ok := it.(object); ok {
			descs = append(descs, object{"_object": "/bookings/product_description", "description": it["description"],
				"description_for_export_customs": it["description_for_export_customs"],
				"hs_code":                        object{"_object": "/hs_code", "code": it["hs_code"], "description": nil, "country_code": "US"}})
		}
	}
	d["product_descriptions"] = fakeapi.OrEmpty(descs)
	return d
}

// createBookingLineItem answers POST /booking_line_items.
func (h *Handler) createBookingLineItem(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	bid, pid := fakeapi.Text(b["booking_id"]), fakeapi.Text(b["purchase_order_line_item_id"])
	if _, ok := h.store.get("booking", bid); !ok {
		return nil, unprocessable("booking_id: no booking with id %s", bid)
	}
	if _, ok := h.store.get("po_line_item", pid); !ok {
		return nil, unprocessable("purchase_order_line_item_id: no purchase order line item with id %s", pid)
	}
	id := h.store.id("booking_line_item", 910001)
	o := object{"_object": "/purchase_orders/booking_line_item", "id": id, "units": b["units"],
		"booking": h.store.ref("booking", int64Of(bid)), "purchase_order_line_item": h.store.ref("po_line_item", int64Of(pid))}
	return h.save(r, "booking_line_item", strconv.FormatInt(id, 10), o)
}

// createBookingAmendment answers POST /booking_amendments: a pending
// amendment of an existing booking.
func (h *Handler) createBookingAmendment(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	bid := fakeapi.Text(b["booking_id"])
	if _, ok := h.store.get("booking", bid); !ok {
		return nil, unprocessable("booking_id: no booking with id %s", bid)
	}
	id := h.store.id("booking_amendment", 950001)
	o := object{"_object": "/booking_amendment", "id": id, "booking_id": b["booking_id"], "is_pending": true,
		"new_origin_address":    nilIfAbsent(b, "new_origin_address_ref", h.addressByRef),
		"new_port_of_loading":   placeByCode(b, "new_origin_port_loc_code", "new_origin_port_us_cbp_port_code"),
		"new_port_of_unloading": placeByCode(b, "new_destination_port_loc_code", "new_destination_port_us_cbp_port_code"),
	}
	setFrom(o, b, "new_cargo", "new_cargo_ready_date", "new_container_counts", "new_metadata", "new_name", "new_wants_pickup_service")
	if items, ok := b["new_product_descriptions"].([]any); ok {
		o["new_product_descriptions"] = bookingDetail("", object{"product_descriptions": items})["product_descriptions"]
	}
	return h.save(r, "booking_amendment", strconv.FormatInt(id, 10), o)
}

func nilIfAbsent(b object, field string, f func(any) object) any {
	if v, ok := b[field]; ok && v != nil {
		return f(v)
	}
	return nil
}

// createCommercialInvoice answers POST /commercial_invoices; an invoice
// number already used gets 422.
func (h *Handler) createCommercialInvoice(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	number := fakeapi.Text(b["invoice_number"])
	if _, ok := h.invoiceByNumber(number); ok {
		return nil, unprocessable("invoice_number %q is already used", number)
	}
	o := object{"_object": "/commercial_invoice", "id": h.randToken(), "shipment": nil, "involved_parties": []any{}, "manufacturer_addresses": []any{}}
	if b["shipment_id"] != nil {
		s, err := h.shipmentOf(b, "shipment_id")
		if err != nil {
			return nil, err
		}
		o["shipment"] = h.store.ref("shipment", s["id"].(int64))
	}
	h.fillInvoice(o, b)
	return h.save(r, "commercial_invoice", o["id"].(string), o)
}

// updateCommercialInvoice answers PATCH /commercial_invoices (the invoice
// named by invoice_number in the body) or PATCH /commercial_invoices/{id}.
func (h *Handler) updateCommercialInvoice(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	id, ok := r.Params["id"]
	if !ok {
		inv, found := h.invoiceByNumber(fakeapi.Text(b["invoice_number"]))
		if !found {
			return nil, fakeapi.Errorf(http.StatusNotFound, "not_found", "no commercial invoice numbered %q", fakeapi.Text(b["invoice_number"]))
		}
		id = inv["id"].(string)
	}
	return h.edit(r, "commercial_invoice", id, func(o object) (object, error) {
		h.fillInvoice(o, b)
		return o, nil
	})
}

func (h *Handler) invoiceByNumber(number string) (object, bool) {
	for _, ci := range h.store.all("commercial_invoice") {
		if ci["invoice_number"] == number {
			return ci, true
		}
	}
	return nil, false
}

// fillInvoice sets the fields of a commercial invoice from a create or
// update request.
func (h *Handler) fillInvoice(o, b object) {
	setFrom(o, b, "invoice_number", "is_related_parties", "metadata")
	items, ok := b["line_items"].([]any)
	if !ok {
		return
	}
	currency := fakeapi.Text(b["currency_code"])
	total, units := 0.0, 0.0
	var lines []any
	for i, it := range items {
		in, _ := it.(object)
		l := object{"_object": "/commercial_invoice_line_item", "document_line_number": i + 1, "product": nil}
		setFrom(l, in, "document_line_number", "value", "price_per_unit", "net_value", "first_sale_value", "net_weight", "net_net_weight", "volume", "purchase_order_number", "metadata")
		l["weight"] = in["gross_weight"]
		if q, ok := in["quantity"].(object); ok {
			units += fakeapi.Number(q["value"])
			l["total_units"] = int64(fakeapi.Number(q["value"]))
		}
		if v, ok := in["value"].(object); ok {
			total += fakeapi.Number(v["amount"])
			if currency == "" {
				currency = fakeapi.Text(v["currency_code"])
			}
		}
		for _, p := range h.store.all("product") {
			if p["sku"] == in["product_sku"] {
				l["product"] = h.store.ref("product", p["id"].(int64))
			}
		}
		lines = append(lines, l)
	}
	o["line_items"] = fakeapi.OrEmpty(lines)
	o["total_unit_count"] = fmt.Sprint(units)
	o["total_value"] = money(total, currency)
}
