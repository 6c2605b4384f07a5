package contract

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

// coreIDs are ids of the fake's data set, read through the SDK.
type coreIDs struct {
	shipment, leg, container, containerLeg, booking, bookingLineItem, purchaseOrder, poLineItem, event            int
	invoiceID, invoiceNumber, customsEntry, document, product, company, entity, contact, location, freightInvoice string
}

// newCoreAPI starts the fake Core API with response validation and a
// client of it, and reads the ids the cases use.
func newCoreAPI(t *testing.T) *api {
	checks := new(fakeapitest.Invalid)
	h := coretest.NewHandler(coretest.WithShipments(30), coretest.WithResponseValidation(checks.Report))
	url, rec := serve(t, h)
	c, err := core.NewClient(core.WithBaseURL(url), core.WithAPIKey(coretest.DefaultAPIKey))
	if err != nil {
		t.Fatal(err)
	}
	ids := readCoreIDs(t, c)
	return &api{name: "Core", client: *c, cases: coreCases(c, ids), served: h.Operations, rec: rec, checks: checks}
}

// readCoreIDs reads the first item of each list the cases need an id from.
func readCoreIDs(t *testing.T, c *core.Client) coreIDs {
	ctx := context.Background()
	one := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	var ids coreIDs
	s, err := first(c.Shipments.List(ctx, nil))
	one(err)
	ids.shipment = s.ID
	leg, err := first(c.ShipmentLegs.List(ctx, nil))
	one(err)
	ids.leg = leg.ID
	ctr, err := first(c.Containers.List(ctx, nil))
	one(err)
	ids.container = ctr.ID
	cl, err := first(c.ContainerLegs.List(ctx, nil))
	one(err)
	ids.containerLeg = cl.ID
	b, err := first(c.Bookings.List(ctx, nil))
	one(err)
	ids.booking = b.ID
	bli, err := first(c.BookingLineItems.List(ctx, nil))
	one(err)
	ids.bookingLineItem = *bli.ID
	po, err := first(c.PurchaseOrders.List(ctx, nil))
	one(err)
	ids.purchaseOrder = *po.ID
	poli, err := first(c.PurchaseOrderLineItems.List(ctx, nil))
	one(err)
	ids.poLineItem = *poli.ID
	ev, err := first(c.Events.List(ctx, nil))
	one(err)
	ids.event = *ev.ID
	ci, err := first(c.CommercialInvoices.List(ctx, nil))
	one(err)
	ids.invoiceID, ids.invoiceNumber = *ci.ID, *ci.InvoiceNumber
	ce, err := first(c.CustomsEntries.List(ctx, nil))
	one(err)
	ids.customsEntry = *ce.ID
	d, err := first(c.Documents.List(ctx, nil))
	one(err)
	ids.document = d.ID
	p, err := first(c.Products.List(ctx, nil))
	one(err)
	ids.product = fmt.Sprint(*p.ID)
	co, err := first(c.Companies.List(ctx, nil))
	one(err)
	ids.company = *co.ID
	ent, err := first(c.CompanyEntities.List(ctx, nil))
	one(err)
	ids.entity = fmt.Sprint(*ent.ID)
	ct, err := first(c.Contacts.List(ctx, nil))
	one(err)
	ids.contact = *ct.ID
	loc, err := first(c.Locations.List(ctx, nil))
	one(err)
	ids.location = *loc.ID
	inv, err := first(c.Invoices.List(ctx, nil))
	one(err)
	ids.freightInvoice = *inv.ID
	return ids
}

// got checks that a call returned an object without error.
func got[T any](v *T, err error) error {
	if err == nil && v == nil {
		return fmt.Errorf("nil %T and no error", v)
	}
	return err
}

// page checks that a ListPage call returned items.
func page[T any](p *core.Page[T], err error) error {
	if err == nil && len(p.Items) == 0 {
		return fmt.Errorf("empty page")
	}
	return err
}

// walked checks that a List walk yielded items.
func walked(_ int, err error) error { return err }

// coreCases returns a call of every method of the Core client's services.
func coreCases(c *core.Client, ids coreIDs) map[string]func(context.Context, *testing.T) error {
	m := coreShipmentCases(c, ids)
	maps.Copy(m, coreNetworkCases(c, ids))
	return m
}

// coreShipmentCases are the cases of shipments and what belongs to them:
// legs, containers, bookings, purchase orders, invoices, customs entries,
// documents, products.
func coreShipmentCases(c *core.Client, ids coreIDs) map[string]func(context.Context, *testing.T) error {
	ship := fmt.Sprint(ids.shipment)
	return map[string]func(context.Context, *testing.T) error{
		"Shipments.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Shipments.List(ctx, &core.ShipmentListParams{Per: core.Ptr(25)})))
		},
		"Shipments.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Shipments.ListPage(ctx, &core.ShipmentListParams{
				FStatusesAny: &[]core.ShipmentStatus{"in_transit_to_arrival_port", "final_destination", "departure_port", "seller_location"},
				Sort:         core.Ptr(core.ShipmentListParamsSort("status")), Direction: core.Ptr(core.ShipmentListParamsDirection("asc"))}))
		},
		"Shipments.Get": func(ctx context.Context, t *testing.T) error {
			s, err := c.Shipments.Get(ctx, ids.shipment, core.WithExpand("legs", "booking"))
			if err == nil && (len(s.GetLegs().GetExpanded()) == 0 || s.GetBooking().GetExpanded() == nil) {
				t.Errorf("shipment %d: legs and booking not expanded: %+v", s.ID, s)
			}
			return err
		},
		"Shipments.Update": func(ctx context.Context, t *testing.T) error {
			return got(c.Shipments.Update(ctx, ids.shipment, from[core.UpdateShipment](t, `{"metadata":{"PO #":["PO-7"]}}`)))
		},
		"Shipments.CreateShareableURLs": func(ctx context.Context, t *testing.T) error {
			return got(c.Shipments.CreateShareableURLs(ctx, from[core.CreateShareableShipmentURLs](t, `{"shipment_ids":[`+ship+`]}`)))
		},
		"ShipmentLegs.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.ShipmentLegs.List(ctx, &core.ShipmentLegListParams{FShipmentID: &ids.shipment})))
		},
		"ShipmentLegs.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.ShipmentLegs.ListPage(ctx, &core.ShipmentLegListParams{FTransportationMode: core.Ptr(core.TransportationMode("ocean"))}))
		},
		"ShipmentLegs.Get": func(ctx context.Context, t *testing.T) error {
			l, err := c.ShipmentLegs.Get(ctx, ids.leg, core.WithExpand("shipment"))
			if err == nil && l.GetShipment().GetExpanded() == nil {
				t.Errorf("leg %d: shipment not expanded", l.ID)
			}
			return err
		},
		"Containers.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Containers.List(ctx, &core.ContainerListParams{FShipmentID: &ids.shipment})))
		},
		"Containers.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Containers.ListPage(ctx, &core.ContainerListParams{Per: core.Ptr(5)}))
		},
		"Containers.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Containers.Get(ctx, ids.container, core.WithExpand("container_legs")))
		},
		"ContainerLegs.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.ContainerLegs.List(ctx, &core.ContainerLegListParams{FShipmentContainerID: &ids.container})))
		},
		"ContainerLegs.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.ContainerLegs.ListPage(ctx, nil))
		},
		"ContainerLegs.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.ContainerLegs.Get(ctx, ids.containerLeg, core.WithExpand("leg", "shipment_container")))
		},
		"Bookings.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Bookings.List(ctx, nil)))
		},
		"Bookings.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Bookings.ListPage(ctx, &core.BookingListParams{FStatus: core.Ptr(core.BookingListParamsFStatus("booked"))}))
		},
		"Bookings.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Bookings.Get(ctx, ids.booking, core.WithExpand("booking_line_items")))
		},
		"Bookings.Create": func(ctx context.Context, t *testing.T) error {
			b, err := c.Bookings.Create(ctx, from[core.CreateBooking](t, createBooking))
			if err == nil {
				_, err = c.Bookings.Get(ctx, b.ID) // what was created is then got
			}
			return err
		},
		"BookingLineItems.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.BookingLineItems.List(ctx, nil)))
		},
		"BookingLineItems.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.BookingLineItems.ListPage(ctx, &core.BookingLineItemListParams{Per: core.Ptr(2)}))
		},
		"BookingLineItems.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.BookingLineItems.Get(ctx, ids.bookingLineItem))
		},
		"BookingLineItems.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.BookingLineItems.Create(ctx, from[core.CreateBookingLineItem](t,
				fmt.Sprintf(`{"booking_id":%d,"purchase_order_line_item_id":%d,"units":5}`, ids.booking, ids.poLineItem))))
		},
		"BookingAmendments.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.BookingAmendments.Create(ctx, from[core.CreateBookingAmendment](t,
				fmt.Sprintf(`{"booking_id":%d,"new_name":"renamed","new_origin_port_loc_code":"CNNGB","new_product_descriptions":[{"description":"Mugs","hs_code":"6912.00"}]}`, ids.booking))))
		},
		"PurchaseOrders.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.PurchaseOrders.List(ctx, nil)))
		},
		"PurchaseOrders.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.PurchaseOrders.ListPage(ctx, &core.PurchaseOrderListParams{FArchivedAtExists: core.Ptr(false)}))
		},
		"PurchaseOrders.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.PurchaseOrders.Get(ctx, ids.purchaseOrder, core.WithExpand("line_items")))
		},
		"PurchaseOrders.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.PurchaseOrders.Create(ctx, from[core.CreatePurchaseOrder](t, `{"name":"PO-CONTRACT","line_items":[{"item_key":"K-1","units":3}]}`)))
		},
		"PurchaseOrderLineItems.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.PurchaseOrderLineItems.List(ctx, &core.PurchaseOrderLineItemListParams{FPurchaseOrderID: &ids.purchaseOrder})))
		},
		"PurchaseOrderLineItems.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.PurchaseOrderLineItems.ListPage(ctx, nil))
		},
		"PurchaseOrderLineItems.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.PurchaseOrderLineItems.Get(ctx, ids.poLineItem, core.WithExpand("purchase_order")))
		},
		"CommercialInvoices.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.CommercialInvoices.List(ctx, &core.CommercialInvoiceListParams{FShipmentID: &ship})))
		},
		"CommercialInvoices.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.CommercialInvoices.ListPage(ctx, nil))
		},
		"CommercialInvoices.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.CommercialInvoices.Get(ctx, ids.invoiceID, core.WithExpand("shipment")))
		},
		"CommercialInvoices.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.CommercialInvoices.Create(ctx, from[core.CreateCommercialInvoice](t, `{"invoice_number":"CI-CONTRACT","currency_code":"USD",
				"proration_amount":{"amount":"0","currency_code":"USD"},"shipment_id":`+ship+`,"line_items":[{"product_sku":"ACME-GAR-001",
				"quantity":{"value":2,"unit":"pcs"},"value":{"amount":"20.00","currency_code":"USD"},"price_per_unit":{"amount":"10.00","currency_code":"USD"}}]}`)))
		},
		"CommercialInvoices.Update": func(ctx context.Context, t *testing.T) error {
			return got(c.CommercialInvoices.Update(ctx, from[core.UpdateCommercialInvoice](t, `{"invoice_number":"`+ids.invoiceNumber+`","is_related_parties":true}`)))
		},
		"CustomsEntries.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.CustomsEntries.List(ctx, &core.CustomsEntryListParams{FShipmentID: &ship})))
		},
		"CustomsEntries.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.CustomsEntries.ListPage(ctx, nil))
		},
		"CustomsEntries.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.CustomsEntries.Get(ctx, ids.customsEntry))
		},
		"Documents.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Documents.List(ctx, &core.DocumentListParams{FShipmentID: &ship})))
		},
		"Documents.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Documents.ListPage(ctx, &core.DocumentListParams{FArchivedAtExists: core.Ptr("false")}))
		},
		"Documents.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Documents.Get(ctx, ids.document))
		},
		"Documents.Create":   documentsCreate(c, ids),
		"Documents.Upload":   documentsUpload(c, ids),
		"Documents.Download": documentsDownload(c, ids),
		"Products.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Products.List(ctx, nil)))
		},
		"Products.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Products.ListPage(ctx, &core.ProductListParams{Per: core.Ptr(3)}))
		},
		"Products.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Products.Get(ctx, ids.product))
		},
		"Products.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Products.Create(ctx, from[core.CreateProduct](t, `{"name":"Mug","sku":"MUG-CONTRACT","product_category":"Home","country_of_origin":"CN",
				"classifications":[{"codes":["6912.00"],"region":"US"}],"product_properties":[{"type":"color","value":"red"}]}`)))
		},
		"Products.Update": func(ctx context.Context, t *testing.T) error {
			return got(c.Products.Update(ctx, ids.product, from[core.UpdateProduct](t, `{"description":"A mug"}`)))
		},
	}
}
