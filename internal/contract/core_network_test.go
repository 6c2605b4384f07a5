package contract

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"testing"

	"github.com/flexport-go/flexport/core"
)

// createBooking is a valid ocean booking.
const createBooking = `{"name":"Contract booking","shipper_entity_ref":"id-500002","consignee_entity_ref":"id-500001",
	"origin_address_ref":"origin","destination_address_ref":"destination","cargo_ready_date":"2025-07-01",
	"cargo":{"weight":{"value":10,"unit":"kg"}},"ocean_booking":{"is_lcl":false,"container_counts":{"forty_ft":1},
	"incoterm":"FOB","product_descriptions":[{"description":"Mugs","hs_code":"6912.00"}],"wants_pickup_service":true,
	"origin_port_loc_code":"CNSHA","destination_port_loc_code":"USLAX"}}`

// coreNetworkCases are the cases of the network (companies, entities,
// contacts, locations), events, freight invoices, ports and carbon
// calculations.
func coreNetworkCases(c *core.Client, ids coreIDs) map[string]func(context.Context, *testing.T) error {
	return map[string]func(context.Context, *testing.T) error{
		"Companies.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Companies.List(ctx, nil)))
		},
		"Companies.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Companies.ListPage(ctx, &core.CompanyListParams{Per: core.Ptr(2)}))
		},
		"Companies.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Companies.Get(ctx, ids.company))
		},
		"Companies.Me": func(ctx context.Context, _ *testing.T) error {
			return got(c.Companies.Me(ctx))
		},
		"Companies.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Companies.Create(ctx, from[core.CreateCompany](t, `{"name":"Contract Co","ref":"contract-co"}`)))
		},
		"Companies.Update": func(ctx context.Context, t *testing.T) error {
			return got(c.Companies.Update(ctx, ids.company, from[core.UpdateCompany](t, `{"name":"Renamed Co"}`)))
		},
		"CompanyEntities.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.CompanyEntities.List(ctx, &core.CompanyEntityListParams{FCompanyID: &ids.company})))
		},
		"CompanyEntities.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.CompanyEntities.ListPage(ctx, nil))
		},
		"CompanyEntities.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.CompanyEntities.Get(ctx, ids.entity))
		},
		"CompanyEntities.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.CompanyEntities.Create(ctx, from[core.CreateCompanyEntity](t, `{"name":"Contract Entity","company_id":"`+ids.company+`",
				"mailing_address":{"street_address":"1 Main St","city":"Oakland","country_code":"US"},"vat_numbers":[{"country_code":"DE","number":"DE123"}]}`)))
		},
		"CompanyEntities.Update": func(ctx context.Context, t *testing.T) error {
			return got(c.CompanyEntities.Update(ctx, ids.entity, from[core.UpdateCompanyEntity](t, `{"name":"Renamed Entity","vat_numbers":[]}`)))
		},
		"Contacts.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Contacts.List(ctx, nil)))
		},
		"Contacts.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Contacts.ListPage(ctx, &core.ContactListParams{FCompanyID: &ids.company}))
		},
		"Contacts.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Contacts.Get(ctx, ids.contact))
		},
		"Contacts.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Contacts.Create(ctx, from[core.CreateContact](t, `{"name":"Ada","email":"ada@example.com","phone_number":"+1 555 0100","company_id":"`+ids.company+`"}`)))
		},
		"Contacts.Update": func(ctx context.Context, t *testing.T) error {
			return got(c.Contacts.Update(ctx, ids.contact, from[core.UpdateContact](t, `{"email":"grace@example.com"}`)))
		},
		"Locations.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Locations.List(ctx, nil)))
		},
		"Locations.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Locations.ListPage(ctx, &core.LocationListParams{FCompanyID: &ids.company}))
		},
		"Locations.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Locations.Get(ctx, ids.location))
		},
		"Locations.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Locations.Create(ctx, from[core.CreateLocation](t, `{"name":"Warehouse","company_id":"`+ids.company+`","address":{"street_address":"2 Main St"}}`)))
		},
		"Locations.Update": func(ctx context.Context, t *testing.T) error {
			return got(c.Locations.Update(ctx, ids.location, from[core.UpdateLocation](t, `{"name":"Warehouse 2","address":{"street_address":"3 Main St"}}`)))
		},
		"Events.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Events.List(ctx, &core.EventListParams{FDataShipmentID: &ids.shipment})))
		},
		"Events.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Events.ListPage(ctx, nil))
		},
		"Events.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Events.Get(ctx, ids.event))
		},
		"Invoices.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Invoices.List(ctx, nil)))
		},
		"Invoices.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Invoices.ListPage(ctx, &core.InvoiceListParams{Per: core.Ptr(2), Sort: core.Ptr(core.InvoiceListParamsSort("due_date"))}))
		},
		"Invoices.Get": func(ctx context.Context, _ *testing.T) error {
			return got(c.Invoices.Get(ctx, ids.freightInvoice))
		},
		"Ports.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Ports.List(ctx, nil)))
		},
		"Ports.ListPage": func(ctx context.Context, _ *testing.T) error {
			return page(c.Ports.ListPage(ctx, &core.PortListParams{FPortType: core.Ptr(core.PortListParamsFPortType("airport"))}))
		},
		"CarbonCalculations.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.CarbonCalculations.Create(ctx, from[core.CreateCarbonCalculation](t, `{"transportation_mode":"ocean","weight":{"value":1000,"unit":"lbs"}}`)))
		},
	}
}

// documentsCreate posts a base64 document in a JSON body.
func documentsCreate(c *core.Client, ids coreIDs) func(context.Context, *testing.T) error {
	return func(ctx context.Context, t *testing.T) error {
		doc := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 created"))
		return got(c.Documents.Create(ctx, from[core.CreateDocument](t, fmt.Sprintf(`{"file_name":"ci.pdf","mime_type":"application/pdf",
			"document_type":"commercial_invoice","document":"%s","shipment_id":%d}`, doc, ids.shipment))))
	}
}

// documentsUpload streams a file, then downloads it and compares.
func documentsUpload(c *core.Client, ids coreIDs) func(context.Context, *testing.T) error {
	return func(ctx context.Context, t *testing.T) error {
		content := []byte("%PDF-1.4 uploaded by the contract test")
		d, err := c.Documents.Upload(ctx, core.UploadParams{ShipmentID: ids.shipment, FileName: "packing.pdf",
			MimeType: "application/pdf", DocumentType: "packing_list", Memo: "contract"}, bytes.NewReader(content))
		if err != nil {
			return err
		}
		if b := download(ctx, t, c, d.ID); !bytes.Equal(b, content) {
			t.Errorf("downloaded %q, uploaded %q", b, content)
		}
		return nil
	}
}

// documentsDownload downloads a document of the data set.
func documentsDownload(c *core.Client, ids coreIDs) func(context.Context, *testing.T) error {
	return func(ctx context.Context, t *testing.T) error {
		if b := download(ctx, t, c, ids.document); len(b) == 0 {
			t.Errorf("document %s: empty download", ids.document)
		}
		return nil
	}
}

func download(ctx context.Context, t *testing.T, c *core.Client, id string) []byte {
	t.Helper()
	dc, err := c.Documents.Download(ctx, id)
	if err != nil {
		t.Errorf("Download(%s): %v", id, err)
		return nil
	}
	defer dc.Close()
	b, err := io.ReadAll(dc)
	if err != nil {
		t.Errorf("Download(%s): %v", id, err)
	}
	return b
}
