package coretest

import (
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// writes returns the handlers of the operations that change state, by
// operation id.
func (h *Handler) writes() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"booking_create":                 h.createBooking,
		"booking_line_item_create":       h.createBookingLineItem,
		"booking_amendment_create":       h.createBookingAmendment,
		"carbon_calculation_create":      h.carbonCalculation,
		"commercial_invoices_create":     h.createCommercialInvoice,
		"commercial_invoices_update":     h.updateCommercialInvoice,
		"documents_create":               h.uploadDocument,
		"shipment_update":                h.updateShipment,
		"shipment_create_shareable_urls": h.shareable,
		"purchase_order_create":          h.createPurchaseOrder,
		"product_create":                 h.createProduct,
		"product_update":                 h.updateProduct,
		"network_company_create":         h.createCompany,
		"network_company_update":         h.updateCompany,
		"network_company_entity_create":  h.createEntity,
		"network_company_entity_update":  h.updateEntity,
		"network_contact_create":         h.createContact,
		"network_contact_update":         h.updateContact,
		"network_location_create":        h.createLocation,
		"location_update":                h.updateLocation,
	}
}

// body decodes the request body as a JSON object.
func body(r *fakeapi.Request) (object, error) { return r.DecodeObject() }

// save completes o against kind's schema, stores it under key and
// answers it.
func (h *Handler) save(r *fakeapi.Request, kind, key string, o object) (*fakeapi.Response, error) {
	g := &fakeapi.Synth{R: fakeapi.NewRand(int64(len(key))), Now: h.cfg.Now()}
	o = g.Complete(h.store.schemas[kind], o)
	h.store.tables[kind].Put(key, o)
	return respond(r, http.StatusOK, o), nil
}

// edit replaces the object of kind under id with f's result and answers
// it; 404 when there is none.
func (h *Handler) edit(r *fakeapi.Request, kind, id string, f func(o object) (object, error)) (*fakeapi.Response, error) {
	o, ok, err := h.store.tables[kind].Update(id, func(old object) (object, error) { return f(fakeapi.Clone(old)) })
	switch {
	case !ok:
		return nil, notFound(h.store.byName[kind], id)
	case err != nil:
		return nil, err
	}
	return respond(r, http.StatusOK, o), nil
}

// setFrom copies the fields of b named in keys into o, when b has them.
func setFrom(o, b object, keys ...string) {
	for _, k := range keys {
		if v, ok := b[k]; ok {
			o[k] = v
		}
	}
}

func (h *Handler) now() string { return fakeapi.DateTime(h.cfg.Now(), nil) }

// randToken returns a new string id.
func (h *Handler) randToken() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rng == nil {
		h.rng = fakeapi.NewRand(h.cfg.Seed + 1)
	}
	return h.rng.Token(22)
}

func unprocessable(format string, args ...any) error {
	return fakeapi.Errorf(http.StatusUnprocessableEntity, "unprocessable_entity", format, args...)
}

// shipmentOf returns the shipment with the id in field of b.
func (h *Handler) shipmentOf(b object, field string) (object, error) {
	id := fakeapi.Text(b[field])
	s, ok := h.store.get("shipment", id)
	if !ok {
		return nil, unprocessable("%s: no shipment with id %s", field, id)
	}
	return s, nil
}

// uploadDocument answers POST /documents: the base64 content is decoded
// and kept for GET /documents/{id}/download.
func (h *Handler) uploadDocument(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	content, err := base64.StdEncoding.Strict().DecodeString(fakeapi.Text(b["document"]))
	if err != nil {
		return nil, fakeapi.Errorf(http.StatusBadRequest, "invalid_request", "document must be strict base64: %v", err)
	}
	s, err := h.shipmentOf(b, "shipment_id")
	if err != nil {
		return nil, err
	}
	id := h.randToken()
	d := h.store.addDocument(id, s["id"].(int64), fakeapi.Text(b["document_type"]), fakeapi.Text(b["file_name"]), fakeapi.Text(b["mime_type"]), content, h.now(), b["memo"])
	h.changed("/document#uploaded", object{"document": d, "shipment": s})
	return respond(r, http.StatusOK, d), nil
}

// updateShipment answers PATCH /shipments/{id}: the metadata is replaced.
func (h *Handler) updateShipment(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	resp, err := h.edit(r, "shipment", r.Params["id"], func(s object) (object, error) {
		if m, ok := b["metadata"]; ok {
			s["metadata"] = m
		}
		s["updated_at"] = h.now()
		return s, nil
	})
	if err == nil {
		s, _ := h.store.get("shipment", r.Params["id"])
		h.changed("/shipment#updated", object{"shipment": s})
	}
	return resp, err
}

// shareable answers POST /shipments/shareable with a link per shipment.
func (h *Handler) shareable(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	ids, _ := b["shipment_ids"].([]any)
	urls := []any{}
	for _, id := range ids {
		if _, ok := h.store.get("shipment", fakeapi.Text(id)); !ok {
			return nil, notFound(h.store.byName["shipment"], fakeapi.Text(id))
		}
		urls = append(urls, object{"shipment_id": id, "url": r.Base + "/shared/shipments/" + h.randToken()})
	}
	return respond(r, http.StatusOK, object{"_object": "/shipment/shareable_urls", "urls": urls}), nil
}

// carbonCalculation answers POST /carbon_calculation: the weight times the
// distance (given, or typical of the mode) times the mode's emission
// factor.
func (h *Handler) carbonCalculation(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := body(r)
	if err != nil {
		return nil, err
	}
	mode := fakeapi.Text(b["transportation_mode"])
	factor := map[string]float64{"ocean": 10, "air": 600, "truck": 100, "rail": 25}[mode] // g CO2e per tonne-km
	km := map[string]float64{"ocean": 11000, "air": 9500, "truck": 800, "rail": 2000}[mode]
	kg := 1000.0
	for _, f := range []string{"chargeable_weight", "weight"} {
		if w, ok := b[f].(object); ok {
			kg = fakeapi.Number(w["value"])
			if w["unit"] == "lbs" {
				kg *= 0.4536
			}
			break
		}
	}
	if d, ok := b["distance"].(object); ok && fakeapi.Number(d["value"]) > 0 {
		km = fakeapi.Number(d["value"])
	}
	co2 := kg / 1000 * km * factor / 1000
	return respond(r, http.StatusOK, object{"_object": "/carbon_calculation", "co2e_emissions": quantity("weight", co2, "kg")}), nil
}

// entityByRef returns the company entity whose ref (or id) is ref, or an
// entity made of the ref alone.
func (h *Handler) entityByRef(ref any) object {
	s := fakeapi.Text(ref)
	for _, e := range h.store.all("company_entity") {
		if e["ref"] == s || fakeapi.Text(e["id"]) == s {
			return e
		}
	}
	return object{"_object": "/company_entity", "id": nil, "name": s, "ref": s, "mailing_address": nil, "vat_numbers": []any{}}
}

// addressByRef returns the address of the location whose ref (or id) is
// ref, or an address made of the ref alone.
func (h *Handler) addressByRef(ref any) object {
	s := fakeapi.Text(ref)
	for _, l := range h.store.all("location") {
		if l["ref"] == s || l["id"] == s {
			return l["address"].(object)
		}
	}
	return object{"_object": "/address", "ref": s}
}

// placeByCode returns the place of the port with a UN/LOCODE, IATA code or
// CBP code in b's fields, or nil.
func placeByCode(b object, fields ...string) any {
	for _, f := range fields {
		code := strings.ToUpper(fakeapi.Text(b[f]))
		if code == "" {
			continue
		}
		for _, list := range [][]port{originPorts, destinationPorts} {
			for _, p := range list {
				if code == p.unlocode || code == p.iata || code == p.code {
					return place(p)
				}
			}
		}
	}
	return nil
}
