package coretest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

// call is a request of the response-validation test.
type call struct {
	name, method, path, body string
	status                   int
}

// calls returns a request for every operation of the document and for
// the error paths, with ids taken from the server's data set.
func calls(t *testing.T, srv *coretest.Server) []call {
	first := func(path string) string { return ids(t, list(t, srv, path+"?per=1"))[0] }
	ship, booking, poli := first("/shipments"), first("/bookings"), first("/purchase_order_line_items")
	var ci struct {
		ID            string `json:"id"`
		InvoiceNumber string `json:"invoice_number"`
	}
	if err := json.Unmarshal(list(t, srv, "/commercial_invoices").Data[0], &ci); err != nil {
		t.Fatal(err)
	}
	company, entity, contact, location := first("/network/companies"), first("/network/company_entities"), first("/network/contacts"), first("/network/locations")
	doc := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 test"))
	// Events whose resource is of each kind ShipmentEventData.resource maps.
	emit := func(typ, resource string) string {
		id, err := srv.Emit(context.Background(), coretest.Event{Type: typ,
			Data: json.RawMessage(`{"_object":"/shipment_event_data","resource":` + resource + `}`)})
		if err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(id, 10)
	}
	containerEvent := emit("/ocean/shipment_container#free_time_expired", `{"_object":"/ocean/shipment_container","id":7}`)
	documentEvent := emit("/document#uploaded", `{"_object":"/document","id":"D-1"}`)
	invoiceEvent := emit("/invoice#invoice_payment_made", `{"_object":"/invoice","id":"I-1"}`)
	poEvent := emit("/purchase_order#created", `{"_object":"/purchase_order","id":8}`)
	return []call{
		{"list shipments", "GET", "/shipments?per=5&page=2&sort=status&direction=asc&f.transportation_mode=ocean", "", 200},
		{"get shipment", "GET", "/shipments/" + ship, "", 200},
		{"patch shipment", "PATCH", "/shipments/" + ship, `{"metadata":{"PO #":["PO-1"]}}`, 200},
		{"shareable", "POST", "/shipments/shareable", `{"shipment_ids":[` + ship + `]}`, 200},
		{"list legs", "GET", "/shipment_legs?f.shipment.id=" + ship, "", 200},
		{"get leg", "GET", "/shipment_legs/" + first("/shipment_legs"), "", 200},
		{"list containers", "GET", "/ocean/shipment_containers?per=3", "", 200},
		{"get container", "GET", "/ocean/shipment_containers/" + first("/ocean/shipment_containers"), "", 200},
		{"list container legs", "GET", "/ocean/shipment_container_legs?f.shipment_container.id=" + first("/ocean/shipment_containers"), "", 200},
		{"get container leg", "GET", "/ocean/shipment_container_legs/" + first("/ocean/shipment_container_legs"), "", 200},
		{"list bookings", "GET", "/bookings?f.status=booked", "", 200},
		{"get booking", "GET", "/bookings/" + booking, "", 200},
		{"create booking", "POST", "/bookings", `{"name":"B","shipper_entity_ref":"id-500002","consignee_entity_ref":"id-500001","origin_address_ref":"x","destination_address_ref":"y","cargo_ready_date":"2025-07-01","cargo":{"weight":{"value":10,"unit":"kg"}},"ocean_booking":{"is_lcl":false,"container_counts":{"forty_ft":1},"incoterm":"FOB","product_descriptions":[{"description":"Mugs","hs_code":"6912.00"}],"wants_pickup_service":true,"origin_port_loc_code":"CNSHA","destination_port_loc_code":"USLAX"}}`, 200},
		{"create air booking", "POST", "/bookings", `{"name":"A","shipper_entity_ref":"s","consignee_entity_ref":"c","origin_address_ref":"x","destination_address_ref":"y","cargo_ready_date":"2025-07-01","cargo":{},"air_booking":{"incoterm":"FCA","product_descriptions":[],"wants_pickup_service":false,"origin_port_iata_code":"PVG"}}`, 200},
		{"create trucking booking", "POST", "/bookings", `{"name":"T","shipper_entity_ref":"s","consignee_entity_ref":"c","origin_address_ref":"x","destination_address_ref":"y","cargo_ready_date":"2025-07-01","cargo":{},"trucking_booking":{"is_ltl":true,"payment_terms":"prepaid"}}`, 200},
		{"list booking line items", "GET", "/booking_line_items?f.purchase_order.id=" + first("/purchase_orders"), "", 200},
		{"get booking line item", "GET", "/booking_line_items/" + first("/booking_line_items"), "", 200},
		{"create booking line item", "POST", "/booking_line_items", `{"booking_id":` + booking + `,"purchase_order_line_item_id":` + poli + `,"units":5}`, 200},
		{"create booking amendment", "POST", "/booking_amendments", `{"booking_id":` + booking + `,"new_name":"renamed","new_origin_port_loc_code":"CNNGB","new_product_descriptions":[{"description":"d","hs_code":"1234.56"}]}`, 200},
		{"carbon", "POST", "/carbon_calculation", `{"transportation_mode":"ocean","weight":{"value":1000,"unit":"lbs"}}`, 200},
		{"list purchase orders", "GET", "/purchase_orders?f.shipment.id=" + ship, "", 200},
		{"get purchase order", "GET", "/purchase_orders/" + first("/purchase_orders"), "", 200},
		{"create purchase order", "POST", "/purchase_orders", `{"name":"PO-NEW","line_items":[{"item_key":"K","units":3}]}`, 200},
		{"list po line items", "GET", "/purchase_order_line_items?f.purchase_order.id=" + first("/purchase_orders"), "", 200},
		{"get po line item", "GET", "/purchase_order_line_items/" + poli, "", 200},
		{"list commercial invoices", "GET", "/commercial_invoices?f.involved_party_seller_ref=id-500002", "", 200},
		{"get commercial invoice", "GET", "/commercial_invoices/" + ci.ID, "", 200},
		{"create commercial invoice", "POST", "/commercial_invoices", `{"invoice_number":"CI-NEW","currency_code":"USD","proration_amount":{"amount":"0","currency_code":"USD"},"shipment_id":` + ship + `,"line_items":[{"product_sku":"ACME-GAR-001","quantity":{"value":2,"unit":"pcs"},"value":{"amount":"20.00","currency_code":"USD"},"price_per_unit":{"amount":"10.00","currency_code":"USD"}}]}`, 200},
		// PATCH /commercial_invoices names the invoice by its number in the
		// body, as Flexport documents; the curated document may still say
		// /commercial_invoices/{id}.
		{"update commercial invoice", "PATCH", strings.Replace(coretest.OperationPath("commercial_invoices_update"), "{id}", ci.ID, 1),
			`{"invoice_number":"` + ci.InvoiceNumber + `","is_related_parties":true}`, 200},
		{"duplicate commercial invoice", "POST", "/commercial_invoices", `{"invoice_number":"` + ci.InvoiceNumber + `","currency_code":"USD","proration_amount":{},"line_items":[]}`, 422},
		{"list customs entries", "GET", "/customs_entries?f.shipment.id=" + ship, "", 200},
		{"get customs entry", "GET", "/customs_entries/" + first("/customs_entries"), "", 200},
		{"list documents", "GET", "/documents?f.document_type=packing_list&f.archived_at.exists=false", "", 200},
		{"get document", "GET", "/documents/" + first("/documents"), "", 200},
		{"download document", "GET", "/documents/" + first("/documents") + "/download", "", 200},
		{"upload document", "POST", "/documents", `{"file_name":"ci.pdf","mime_type":"application/pdf","document_type":"commercial_invoice","document":"` + doc + `","shipment_id":` + ship + `}`, 200},
		{"list events", "GET", "/events?f.data.shipment.id=" + ship, "", 200},
		{"get event", "GET", "/events/" + first("/events"), "", 200},
		{"event about a container", "GET", "/events/" + containerEvent, "", 200},
		{"event about a document", "GET", "/events/" + documentEvent, "", 200},
		{"event about an invoice", "GET", "/events/" + invoiceEvent, "", 200},
		{"event about a purchase order", "GET", "/events/" + poEvent, "", 200},
		{"list invoices", "GET", "/invoices?f.status=paid&sort=due_date", "", 200},
		{"get invoice", "GET", "/invoices/" + first("/invoices"), "", 200},
		{"list companies", "GET", "/network/companies", "", 200},
		{"get company", "GET", "/network/companies/" + company, "", 200},
		{"create company", "POST", "/network/companies", `{"name":"New Co","ref":"new-co"}`, 200},
		{"update company", "PATCH", "/network/companies/" + company, `{"name":"Renamed"}`, 200},
		{"my companies", "GET", "/network/me/companies", "", 200},
		{"list entities", "GET", "/network/company_entities?f.company_id=" + company, "", 200},
		{"get entity", "GET", "/network/company_entities/" + entity, "", 200},
		{"create entity", "POST", "/network/company_entities", `{"name":"E","company_id":"` + company + `","mailing_address":{"street_address":"1 Main St","city":"Oakland","country_code":"US"},"vat_numbers":[{"country_code":"DE","number":"DE123"}]}`, 200},
		{"update entity", "PATCH", "/network/company_entities/" + entity, `{"name":"E2","vat_numbers":[]}`, 200},
		{"list contacts", "GET", "/network/contacts?f.company.id=" + company, "", 200},
		{"get contact", "GET", "/network/contacts/" + contact, "", 200},
		{"create contact", "POST", "/network/contacts", `{"name":"N","email":"n@example.com","phone_number":"+1 555","company_id":"` + company + `"}`, 200},
		{"update contact", "PATCH", "/network/contacts/" + contact, `{"email":"m@example.com"}`, 200},
		{"list locations", "GET", "/network/locations?f.company_ref=acme-outdoor-supply", "", 200},
		{"get location", "GET", "/network/locations/" + location, "", 200},
		{"create location", "POST", "/network/locations", `{"name":"L","company_id":"` + company + `","address":{"street_address":"2 Main St"}}`, 200},
		{"update location", "PATCH", "/network/locations/" + location, `{"name":"L2","address":{"street_address":"3 Main St"}}`, 200},
		{"list ports", "GET", "/ports?f.port_type=airport", "", 200},
		{"list products", "GET", "/products?f.sku=ACME-GAR-001", "", 200},
		{"get product", "GET", "/products/" + first("/products"), "", 200},
		{"create product", "POST", "/products", `{"name":"P","sku":"P-1","product_category":"Home","country_of_origin":"CN","classifications":[{"codes":["1234"],"region":"US"}],"product_properties":[{"type":"color","value":"red"}]}`, 200},
		{"update product", "PATCH", "/products/" + first("/products"), `{"description":"new"}`, 200},
		// Expanded refs: objects, arrays and nested expansions validate
		// against the ref schemas as the SDK's refs decode them.
		{"expand shipment refs", "GET", "/shipments/" + ship + "?expand=booking,legs,documents,commercial_invoices,customs_entries,ocean_shipment.containers,legs.ocean_leg.container_legs,legs.shipment", "", 200},
		{"expand shipment list", "GET", "/shipments?per=3&expand=booking,legs", "", 200},
		{"statuses any", "GET", "/shipments?f.statuses.any=in_transit_to_arrival_port,final_destination", "", 200},
		{"legs by mode, expanded", "GET", "/shipment_legs?f.transportation_mode=ocean&expand=shipment", "", 200},
		{"expand container", "GET", "/ocean/shipment_containers/" + first("/ocean/shipment_containers") + "?expand=shipment,container_legs.leg", "", 200},
		{"expand container leg", "GET", "/ocean/shipment_container_legs/" + first("/ocean/shipment_container_legs") + "?expand=leg,shipment_container", "", 200},
		{"expand booking", "GET", "/bookings/" + booking + "?expand=shipment,booking_line_items.purchase_order_line_item", "", 200},
		{"expand booking line item", "GET", "/booking_line_items/" + first("/booking_line_items") + "?expand=booking,purchase_order_line_item.purchase_order", "", 200},
		{"expand purchase order", "GET", "/purchase_orders/" + first("/purchase_orders") + "?expand=line_items.booking_line_items", "", 200},
		{"expand commercial invoice", "GET", "/commercial_invoices/" + ci.ID + "?expand=shipment", "", 200},
		{"expand customs entries", "GET", "/customs_entries?expand=shipment", "", 200},
		{"expand documents", "GET", "/documents?per=5&expand=shipment", "", 200},
		{"not found", "GET", "/shipments/1", "", 404},
		{"bad id", "GET", "/shipments/abc", "", 400},
		{"per too large", "GET", "/shipments?per=101", "", 400},
		{"missing field", "POST", "/network/companies", `{}`, 400},
		{"wrong type", "POST", "/network/companies", `{"name":7}`, 400},
		{"required null", "POST", "/network/companies", `{"name":null}`, 400},
		{"no such path", "GET", "/nowhere", "", 404},
		{"method not allowed", "DELETE", "/shipments/" + ship, "", 405},
	}
}

// TestEveryResponseValidates sends a request for every operation of the
// curated document, and for the error paths, and checks each status and
// that every response validates against the document's response schemas.
// It fails when an operation of the document has no request here.
func TestEveryResponseValidates(t *testing.T) {
	var invalid fakeapitest.Invalid
	srv := coretest.NewServer(t, coretest.WithShipments(40), coretest.WithResponseValidation(invalid.Report))
	for _, c := range calls(t, srv) {
		t.Run(c.name, func(t *testing.T) {
			status, body := request(t, srv, c.method, c.path, c.body)
			if status != c.status {
				t.Errorf("%s %s = %d, want %d: %s", c.method, c.path, status, c.status, body)
			}
		})
	}
	invalid.Check(t)
	if diff := cmp.Diff([]string(nil), fakeapitest.Unserved(srv.Operations())); diff != "" {
		t.Errorf("operations never answered successfully (-want +got):\n%s", diff)
	}
}
