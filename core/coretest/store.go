package coretest

import (
	"net/url"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// object is a JSON object of the fake; see fakeapi.Object.
type object = fakeapi.Object

// placeholder stands for the server's base URL in stored links; responses
// replace it with the scheme and host each request was sent to, so links
// work through any address the fake is reached at.
const placeholder = "https://coretest.invalid"

// kind is a resource of the Core API: where its collection lives and how
// its list filters map onto its objects.
type kind struct {
	name   string // table name
	object string // "_object" of its items, the ref_type of refs to them
	path   string // collection path
	index  string // list operation id ("" when the API has none)
	show   string // get operation id ("" when the API has none)
	intID  bool   // ids are integers (else strings)
	// aliases maps filter names (f.<name>) to dotted paths in the
	// objects, where they differ.
	aliases map[string]string
	// custom filters that no path expresses; they report whether obj
	// matches value (op is "", "gt", ..., "any").
	custom map[string]func(s *store, obj object, op, value string) bool
}

// kinds are the resources of the fake, by table name.
var kinds = []*kind{
	{name: "shipment", object: "/shipment", path: "/shipments", index: "shipment_list", show: "shipment_show", intID: true,
		aliases: map[string]string{
			"master_bill_number": "ocean_shipment.master_bill_number", "house_bill_number": "ocean_shipment.house_bill_number",
			"consignee_external_ref": "consignees.ref", "purchase_order": "items.purchase_order_number", "sku": "items.product.sku",
			"statuses": "status",
		},
		custom: map[string]func(*store, object, string, string) bool{"container_number": shipmentContainerNumber}},
	{name: "shipment_leg", object: "/shipment_leg", path: "/shipment_legs", index: "shipment_leg_list", show: "shipment_leg_show", intID: true},
	{name: "container", object: "/ocean/shipment_container", path: "/ocean/shipment_containers", index: "container_list", show: "container_show", intID: true},
	{name: "container_leg", object: "/ocean/shipment_container_leg", path: "/ocean/shipment_container_legs", index: "container_leg_list", show: "ocean_shipment_legs_show", intID: true},
	{name: "booking", object: "/booking", path: "/bookings", index: "booking_list", show: "booking_show", intID: true,
		aliases: map[string]string{"consignee_entity_ref": "consignee_entity.ref", "shipper_entity_ref": "shipper_entity.ref"}},
	{name: "booking_line_item", object: "/purchase_orders/booking_line_item", path: "/booking_line_items", index: "booking_line_item_list", show: "booking_line_item_show", intID: true,
		aliases: map[string]string{"purchase_order": "purchase_order_line_item.purchase_order"}},
	{name: "booking_amendment", object: "/booking_amendment", intID: true},
	{name: "purchase_order", object: "/purchase_order", path: "/purchase_orders", index: "purchase_order_list", show: "purchase_order_show", intID: true,
		aliases: map[string]string{"buyer_ref": "buyer.ref", "seller_ref": "seller.ref"},
		custom:  map[string]func(*store, object, string, string) bool{"role": matchAll, "shipment": purchaseOrderShipment}},
	{name: "po_line_item", object: "/purchase_order_line_item", path: "/purchase_order_line_items", index: "purchase_order_line_item_list", show: "purchase_order_line_item_show", intID: true},
	{name: "commercial_invoice", object: "/commercial_invoice", path: "/commercial_invoices", index: "commercial_invoice_list", show: "commercial_invoices_show",
		custom: map[string]func(*store, object, string, string) bool{"involved_party_seller_id": sellerParty("id"), "involved_party_seller_ref": sellerParty("ref")}},
	{name: "customs_entry", object: "/customs_entry", path: "/customs_entries", index: "customs_entry_list", show: "customs_entries_show"},
	{name: "document", object: "/document", path: "/documents", index: "document_list", show: "documents_show",
		aliases: map[string]string{"uploaded_at": "file_metadata.uploaded_at"}},
	{name: "product", object: "/product", path: "/products", index: "product_list", show: "product_show", intID: true},
	{name: "company", object: "/network/company", path: "/network/companies", index: "company_list", show: "network_company_show"},
	{name: "company_entity", object: "/company_entity", path: "/network/company_entities", index: "company_entity_list", show: "network_company_entity_show", intID: true,
		custom: map[string]func(*store, object, string, string) bool{"company_id": entityCompany("id"), "company_ref": entityCompany("ref")}},
	{name: "contact", object: "/network/contact", path: "/network/contacts", index: "contact_list", show: "network_contact_show",
		aliases: map[string]string{"company_ref": "company.ref", "location": "locations"}},
	{name: "location", object: "/network/location", path: "/network/locations", index: "location_list", show: "network_location_show",
		aliases: map[string]string{"company_ref": "company.ref", "contact": "contacts"}},
	{name: "port", object: "/address", path: "/ports", index: "port_list",
		custom: map[string]func(*store, object, string, string) bool{"port_type": portType}},
	{name: "invoice", object: "/invoice", path: "/invoices", index: "invoice_list", show: "invoices_show",
		aliases: map[string]string{"shipment": "shipments", "shipment_id": "shipments.id", "entity": "recipient", "client_id": "recipient.id"},
		custom:  map[string]func(*store, object, string, string) bool{"billed_directly_to_client": matchAll}},
	{name: "event", object: "/event", path: "/events", index: "event_list", show: "events_show", intID: true},
}

// store holds the fake's objects, one table per kind, and the content of
// documents.
type store struct {
	tables   map[string]*fakeapi.Table
	byName   map[string]*kind
	byObject map[string]*kind
	byPath   map[string]*kind
	schemas  map[string]*openapi3.Schema // item schema by kind name

	ids fakeapi.Counter
	enc fakeapi.Encoder // of stored objects

	mu        sync.Mutex
	contents  map[string][]byte // document id -> bytes
	mimes     map[string]string // document id -> media type
	entityOf  map[int64]string  // company entity id -> company id
	portTypes map[string][]any  // port unlocode -> its types (airport, seaport, ...)
}

func newStore(spec *fakeapi.Spec) *store {
	s := &store{
		tables: map[string]*fakeapi.Table{}, byName: map[string]*kind{}, byObject: map[string]*kind{}, byPath: map[string]*kind{},
		schemas:  map[string]*openapi3.Schema{},
		contents: map[string][]byte{}, mimes: map[string]string{}, entityOf: map[int64]string{}, portTypes: map[string][]any{},
	}
	for _, k := range kinds {
		s.tables[k.name] = &fakeapi.Table{}
		s.byName[k.name], s.byObject[k.object] = k, k
		if k.path != "" {
			s.byPath[k.path] = k
		}
		op := k.show
		if op == "" {
			op = k.index
		}
		if sc := fakeapi.Property(spec.ResponseSchema(op, 200), "data"); sc != nil {
			if k.show == "" {
				sc = itemsOf(fakeapi.Property(sc, "data"))
			}
			s.schemas[k.name] = sc
		}
	}
	return s
}

func itemsOf(s *openapi3.Schema) *openapi3.Schema {
	if s == nil || s.Items == nil {
		return nil
	}
	return s.Items.Value
}

// id returns a new integer id for kind, above every id given so far.
func (s *store) id(kind string, first int64) int64 { return s.ids.Next(kind, first) }

// put stores o in its kind's table under its "id".
func (s *store) put(kind string, o object) { s.tables[kind].Put(fakeapi.Text(o["id"]), o) }

// get returns the object of kind with id.
func (s *store) get(kind, id string) (object, bool) { return s.tables[kind].Get(id) }

// all returns every object of kind.
func (s *store) all(kind string) []object { return s.tables[kind].All() }

// ref returns an object ref to the object of kind with id.
func (s *store) ref(kind string, id int64) object {
	k := s.byName[kind]
	return object{"_object": "/api/refs/object", "ref_type": k.object, "link": placeholder + k.path + "/" + strconv.FormatInt(id, 10), "id": id}
}

// collection returns a collection ref to the objects of kind whose filter
// (such as "shipment.id") equals value.
func (s *store) collection(kind, filter string, value any) object {
	k := s.byName[kind]
	return object{"_object": "/api/refs/collection", "ref_type": k.object, "link": placeholder + k.path + "?f." + filter + "=" + fakeapi.Text(value)}
}

// deref returns what a ref points at: the object of an object ref, every
// item (unpaginated) of a collection ref; v itself when it is not a ref
// or points at nothing the fake has.
func (s *store) deref(v object) any {
	switch v["_object"] {
	case "/api/refs/object":
		k := s.byObject[fakeapi.Text(v["ref_type"])]
		if k == nil {
			return v
		}
		if o, ok := s.get(k.name, fakeapi.Text(v["id"])); ok {
			return o
		}
	case "/api/refs/collection":
		u, err := url.Parse(fakeapi.Text(v["link"]))
		if err != nil {
			return v
		}
		k := s.byPath[u.Path]
		if k == nil {
			return v
		}
		items := s.filter(k, u.Query())
		out := make([]any, len(items))
		for i, o := range items {
			out[i] = o
		}
		return out
	}
	return v
}

// isRef reports whether v is an object or collection ref.
func isRef(v any) (object, bool) {
	m, ok := v.(object)
	if !ok {
		return nil, false
	}
	o := m["_object"]
	return m, o == "/api/refs/object" || o == "/api/refs/collection"
}
