package coretest

import (
	"strconv"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// createCompany answers POST /network/companies.
func (h *Handler) createCompany(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	o := object{"_object": "/network/company", "id": h.randToken(), "editable": true, "metadata": object{},
		"entities": []any{}, "contacts": []any{}, "locations": []any{}}
	setFrom(o, b, "name", "ref")
	return h.save(r, "company", o["id"].(string), o)
}

func (h *Handler) updateCompany(r *fakeapi.Request) (*fakeapi.Response, error) {
	return h.patch(r, "company", "name", "ref")
}

// patch answers an update that copies the fields of the body named in
// keys onto the object.
func (h *Handler) patch(r *fakeapi.Request, kind string, keys ...string) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	return h.edit(r, kind, r.Params["id"], func(o object) (object, error) {
		setFrom(o, b, keys...)
		return o, nil
	})
}

// companyOf returns the company named by the company_id or company_ref of
// b, if any.
func (h *Handler) companyOf(b object) (object, bool) {
	for _, c := range h.store.all("company") {
		if (b["company_id"] != nil && c["id"] == b["company_id"]) || (b["company_ref"] != nil && c["ref"] == b["company_ref"]) {
			return c, true
		}
	}
	return nil, false
}

// requestAddress returns an address of a request body as an Address.
func requestAddress(v any) any {
	a, ok := v.(object)
	if !ok {
		return v
	}
	a = fakeapi.Clone(a)
	a["_object"] = "/address"
	return a
}

func vatNumbers(v any) []any {
	in, _ := v.([]any)
	out := []any{}
	for _, n := range in {
		if n, ok := n.(object); ok {
			out = append(out, object{"_object": "/company_entity/vat_number", "country_code": n["country_code"], "number": n["number"]})
		}
	}
	return out
}

// createEntity answers POST /network/company_entities.
func (h *Handler) createEntity(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	id := h.store.id("company_entity", 500001)
	o := object{"_object": "/company_entity", "id": id, "name": b["name"], "ref": b["ref"],
		"mailing_address": requestAddress(b["mailing_address"]), "vat_numbers": vatNumbers(b["vat_numbers"])}
	if c, ok := h.companyOf(b); ok {
		h.store.mu.Lock()
		h.store.entityOf[id] = c["id"].(string)
		h.store.mu.Unlock()
	}
	return h.save(r, "company_entity", strconv.FormatInt(id, 10), o)
}

func (h *Handler) updateEntity(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	return h.edit(r, "company_entity", r.Params["id"], func(o object) (object, error) {
		setFrom(o, b, "name", "ref")
		if v, ok := b["mailing_address"]; ok {
			o["mailing_address"] = requestAddress(v)
		}
		if v, ok := b["vat_numbers"]; ok {
			o["vat_numbers"] = vatNumbers(v)
		}
		return o, nil
	})
}

// createContact answers POST /network/contacts.
func (h *Handler) createContact(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	o := object{"_object": "/network/contact", "id": h.randToken(), "company": nil, "locations": []any{}}
	setFrom(o, b, "name", "email", "phone_number")
	if c, ok := h.companyOf(b); ok {
		o["company"] = summary(c)
	}
	return h.save(r, "contact", o["id"].(string), o)
}

func (h *Handler) updateContact(r *fakeapi.Request) (*fakeapi.Response, error) {
	return h.patch(r, "contact", "name", "email", "phone_number")
}

// createLocation answers POST /network/locations.
func (h *Handler) createLocation(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	c, ok := h.companyOf(b)
	if !ok {
		return nil, unprocessable("company_id: no company with id %s", fakeapi.Text(b["company_id"]))
	}
	o := object{"_object": "/network/location", "id": h.randToken(), "editable": true, "metadata": object{},
		"company": summary(c), "contacts": nil, "address": requestAddress(b["address"])}
	setFrom(o, b, "name", "ref", "metadata")
	return h.save(r, "location", o["id"].(string), o)
}

func (h *Handler) updateLocation(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	return h.edit(r, "location", r.Params["id"], func(o object) (object, error) {
		setFrom(o, b, "name", "ref", "metadata")
		if v, ok := b["address"]; ok {
			o["address"] = requestAddress(v)
		}
		return o, nil
	})
}

// productFields copies the fields of a product request onto o.
func productFields(o, b object) {
	setFrom(o, b, "name", "sku", "description", "product_category", "country_of_origin", "client_verified")
	for _, f := range []struct{ in, obj string }{{"classifications", "/product/classification"}, {"product_properties", "/product/property"}} {
		items, ok := b[f.in].([]any)
		if !ok {
			continue
		}
		out := []any{}
		for _, it := range items {
			if m, ok := it.(object); ok {
				m = fakeapi.Clone(m)
				m["_object"] = f.obj
				out = append(out, m)
			}
		}
		o[f.in] = out
	}
}

// createProduct answers POST /products.
func (h *Handler) createProduct(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	id := h.store.id("product", 700001)
	o := object{"_object": "/product", "id": id, "archived_at": nil, "hs_codes": []any{}, "classifications": []any{}, "product_properties": []any{}}
	productFields(o, b)
	return h.save(r, "product", strconv.FormatInt(id, 10), o)
}

func (h *Handler) updateProduct(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	return h.edit(r, "product", r.Params["id"], func(o object) (object, error) {
		productFields(o, b)
		return o, nil
	})
}

// createPurchaseOrder answers POST /purchase_orders: the order, and a line
// item for each of its line_items.
func (h *Handler) createPurchaseOrder(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	id := h.store.id("purchase_order", 800001)
	o := object{"_object": "/purchase_order", "id": id, "status": "open", "metadata": object{}, "archived_at": nil,
		"created_at": h.now(), "updated_at": h.now(), "line_items": h.store.collection("po_line_item", "purchase_order.id", id),
		"origin_address": nilIfAbsent(b, "origin_location_ref", h.addressByRef), "destination_address": nilIfAbsent(b, "destination_location_ref", h.addressByRef)}
	setFrom(o, b, "name", "status", "metadata")
	items, _ := b["line_items"].([]any)
	for i, it := range items {
		in, _ := it.(object)
		lid := h.store.id("po_line_item", 810001)
		l := object{"_object": "/purchase_order_line_item", "id": lid, "purchase_order": h.store.ref("purchase_order", id),
			"line_item_number": i + 1, "metadata": object{}, "booking_line_items": h.store.collection("booking_line_item", "purchase_order_line_item.id", lid)}
		setFrom(l, in, "item_key", "line_item_number", "units", "unit_cost", "unit_of_measure", "incoterm", "must_arrive_date")
		if _, err := h.save(r, "po_line_item", strconv.FormatInt(lid, 10), l); err != nil {
			return nil, err
		}
	}
	return h.save(r, "purchase_order", strconv.FormatInt(id, 10), o)
}
