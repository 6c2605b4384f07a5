package contract

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
	"github.com/flexport-go/flexport/logistics"
	"github.com/flexport-go/flexport/logistics/logisticstest"
)

// Request bodies of the Logistics cases, in the wire format.
const (
	freightAddress = `{"street1":"1 Main St","city":"Reno","zip":"89501","state":"NV","country":"US"}`
	freightContact = `{"firstName":"Ada","lastName":"Lovelace","phone":"+1 775 555 0100","email":"ada@example.com"}`
	delivery       = `{"address":` + freightAddress + `,"contact":` + freightContact + `}`
	pickup         = `{"cargoReadyDate":"2025-07-01T00:00:00Z","address":` + freightAddress + `,"contact":` + freightContact + `}`
	quoteZips      = `"pickupDetails":{"zip":"90731"},"deliveryDetails":{"zip":"89501"}`
	parcelTo       = `"shipToAddress":{"name":"Ada Lovelace","street1":"1 Main St","city":"Reno","zip":"89501","state":"NV","country":"US"},
		"dimensions":{"height":4,"length":10,"lengthUnit":"in","weight":2,"weightUnit":"lb","width":6}`
)

// logisticsIDs are ids of the fake's data set or created for the cases,
// through the SDK.
type logisticsIDs struct {
	sku, erroredOrder, openOrder, bundle, parcel, trackingCode, report string
	inbound, returnID, freightOrder, quote, job, webhook               int64
}

// newLogisticsAPI starts the fake Logistics API with response validation
// and a client of it, and reads or creates what the cases need.
func newLogisticsAPI(t *testing.T) *api {
	checks := new(fakeapitest.Invalid)
	h := logisticstest.NewHandler(logisticstest.WithResponseValidation(checks.Report))
	url, rec := serve(t, h)
	c, err := logistics.NewClient(logistics.WithBaseURL(url), logistics.WithToken(logisticstest.DefaultToken))
	if err != nil {
		t.Fatal(err)
	}
	ids := logisticsFixtures(t, c)
	cases := orderCases(c, ids)
	maps.Copy(cases, inboundCases(c, ids))
	maps.Copy(cases, freightCases(c, ids))
	maps.Copy(cases, parcelCases(c, ids))
	return &api{name: "Logistics", client: *c, cases: cases, served: h.Operations, rec: rec, checks: checks}
}

func logisticsFixtures(t *testing.T, c *logistics.Client) logisticsIDs {
	ctx := context.Background()
	one := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	var ids logisticsIDs
	p, err := first(c.Products.List(ctx, nil))
	one(err)
	ids.sku = p.LogisticsSKU
	o, err := c.Orders.GetByExternalID(ctx, "SHOP-1001") // the data set's order in error
	one(err)
	ids.erroredOrder = o.ID
	o, err = c.Orders.GetByExternalID(ctx, "SHOP-1003")
	one(err)
	ids.openOrder = o.ID
	b, err := c.Bundles.Create(ctx, from[logistics.APIBundle](t, `{"externalBundleId":"kit-fixture","title":"Fixture kit","sku":"KIT-FIX",
		"bundleContents":[{"productId":"`+ids.sku+`","quantity":2}]}`))
	one(err)
	ids.bundle = b.BundleID
	in, err := c.Inbounds.CreateShipment(ctx, from[logistics.CreateInboundShipmentRequest](t, createInbound))
	one(err)
	ids.inbound, err = strconv.ParseInt(in.ID, 10, 64)
	one(err)
	r, err := first(c.Returns.List(ctx, nil))
	one(err)
	ids.returnID = r.ID
	q, err := c.Freight.CreateContainersQuote(ctx, from[logistics.DrayageQuoteRequest](t, `{`+quoteZips+`}`))
	one(err)
	ids.quote = q.ID
	fo, err := c.Freight.CreateContainersOrder(ctx, drayageOrder(t, ids.quote))
	one(err)
	ids.freightOrder = fo.ID
	pc, err := c.Parcels.Create(ctx, from[logistics.CreateParcelRequest](t, `{`+parcelTo+`}`))
	one(err)
	ids.parcel, ids.trackingCode = pc.ParcelID, pc.TrackingCode
	job, err := c.Parcels.CreateBulkJob(ctx, from[logistics.BulkParcelJobRequest](t, `{"packslipRequired":false,"parcels":[{"serviceLevel":"STANDARD",`+parcelTo+`}]}`))
	one(err)
	ids.job = job.JobID
	rep, err := c.Reports.Generate(ctx, from[logistics.ReportGenerationRequest](t, `{"reportType":"Orders-All_Orders"}`))
	one(err)
	ids.report = rep.ReportReference
	wh, err := c.Webhooks.Create(ctx, webhookBody(t, "fixture"))
	one(err)
	ids.webhook = int64(wh.ID)
	return ids
}

const createInbound = `{"from":{"address1":"1 Main St","city":"Reno","countryCode":"US","provinceCode":"NV","zip":"89501"},"prep":{"boxContentLabels":false}}`

// webhookBody subscribes to an event type nothing in the test emits, so
// that nothing is delivered to its (https, as required) URL; name makes the
// URL, as a type and URL can be subscribed once.
func webhookBody(t *testing.T, name string) *logistics.WebhookCreateModel {
	return from[logistics.WebhookCreateModel](t, `{"type":"Order.Shipped","url":"https://hooks.example.com/`+name+`","method":"POST",
		"authMethod":"TOKEN","token":"t0ken","tokenHeader":"X-Token"}`)
}

func drayageOrder(t *testing.T, quote int64) *logistics.DrayageOrderRequest {
	return from[logistics.DrayageOrderRequest](t, fmt.Sprintf(`{"containerId":"MSCU1234567","deliveryDetails":%s,"deliveryOrderDocumentKey":"do-key",
		"masterBolId":"MBOL1","packingListDocumentKey":"pl-key","portId":"USLAX","quoteId":%d}`, delivery, quote))
}

// orderCases are the cases of orders, products, bundles, returns, reports,
// webhooks, events and OAuth.
func orderCases(c *logistics.Client, ids logisticsIDs) map[string]func(context.Context, *testing.T) error {
	return map[string]func(context.Context, *testing.T) error{
		"Orders.Create": func(ctx context.Context, t *testing.T) error {
			body := `{"externalOrderId":"CONTRACT-1","address":{"address1":"1 Main St","city":"Reno","countryCode":"US"},"lineItems":[{"logisticsSku":"` + ids.sku + `","quantity":2}]}`
			var first, again logistics.CallInfo
			o, err := c.Orders.Create(ctx, from[logistics.CreateOrderInput](t, body), logistics.WithIdempotencyKey("contract-order-1"), logistics.WithCallInfo(&first))
			if err != nil {
				return err
			}
			o2, err := c.Orders.Create(ctx, from[logistics.CreateOrderInput](t, body), logistics.WithIdempotencyKey("contract-order-1"), logistics.WithCallInfo(&again))
			if err == nil && (first.Replayed || !again.Replayed || o2.ID != o.ID) {
				t.Errorf("replayed create: first %+v, again %+v, ids %s and %s; want the second replayed with the same order", first, again, o.ID, o2.ID)
			}
			return err
		},
		"Orders.Get":             func(ctx context.Context, _ *testing.T) error { return got(c.Orders.Get(ctx, ids.openOrder)) },
		"Orders.GetByExternalID": func(ctx context.Context, _ *testing.T) error { return got(c.Orders.GetByExternalID(ctx, "SHOP-1002")) },
		"Orders.Cancel":          func(ctx context.Context, _ *testing.T) error { return got(c.Orders.Cancel(ctx, ids.openOrder)) },
		"Orders.Retry":           func(ctx context.Context, _ *testing.T) error { return got(c.Orders.Retry(ctx, ids.erroredOrder)) },
		"Products.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Products.List(ctx, &logistics.ProductListParams{Limit: logistics.Ptr[int64](5)})))
		},
		"Products.ListPage": func(ctx context.Context, _ *testing.T) error {
			p, err := c.Products.ListPage(ctx, &logistics.ProductListParams{Limit: logistics.Ptr[int64](3), Offset: logistics.Ptr[int64](2)})
			return nonEmpty(p, err)
		},
		"Products.Get": func(ctx context.Context, _ *testing.T) error { return got(c.Products.Get(ctx, ids.sku)) },
		"Products.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Products.Create(ctx, from[logistics.CreateProductModel](t, `{"name":"Tent stakes","merchantSku":"STAKE-CONTRACT"}`)))
		},
		"Products.ListInventory": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Products.ListInventory(ctx, nil)))
		},
		"Products.ListInventoryPage": func(ctx context.Context, _ *testing.T) error {
			p, err := c.Products.ListInventoryPage(ctx, &logistics.InventoryListParams{Limit: logistics.Ptr[int64](3)})
			return nonEmpty(p, err)
		},
		"Products.GetInventory": func(ctx context.Context, _ *testing.T) error {
			return got(c.Products.GetInventory(ctx, ids.sku, &logistics.GetInventoryParams{AggregatePacks: logistics.Ptr(true)}))
		},
		"Products.GetWarehouseDetails": func(ctx context.Context, _ *testing.T) error {
			w, err := c.Products.GetWarehouseDetails(ctx, nil, &logistics.LogisticsSkus{LogisticsSkus: []string{ids.sku}})
			if err == nil && len(w) == 0 {
				return fmt.Errorf("no warehouse details")
			}
			return err
		},
		"Bundles.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Bundles.Create(ctx, from[logistics.APIBundle](t, `{"externalBundleId":"kit-contract","title":"Contract kit","sku":"KIT-C",
				"bundleContents":[{"productId":"`+ids.sku+`","quantity":2}]}`)))
		},
		"Bundles.Get":          func(ctx context.Context, _ *testing.T) error { return got(c.Bundles.Get(ctx, ids.bundle)) },
		"Bundles.GetInventory": func(ctx context.Context, _ *testing.T) error { return got(c.Bundles.GetInventory(ctx, ids.bundle)) },
		"Returns.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Returns.List(ctx, &logistics.ReturnListParams{Limit: logistics.Ptr[int64](2)})))
		},
		"Returns.ListPage": func(ctx context.Context, _ *testing.T) error {
			p, err := c.Returns.ListPage(ctx, &logistics.ReturnListParams{Limit: logistics.Ptr[int64](2)})
			return nonEmpty(p, err)
		},
		"Returns.Get": func(ctx context.Context, _ *testing.T) error { return got(c.Returns.Get(ctx, ids.returnID)) },
		"Returns.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Returns.Create(ctx, from[logistics.CreateReturnRequest](t, `{"rma":"RMA-CONTRACT","externalReturnId":"RET-CONTRACT",
				"returnItems":[{"identifier":"`+ids.sku+`","quantity":1,"type":"LOGISTICS_SKU"}]}`)))
		},
		"Returns.Cancel": func(ctx context.Context, t *testing.T) error {
			r, err := c.Returns.Create(ctx, from[logistics.CreateReturnRequest](t, `{"rma":"RMA-CANCEL","externalReturnId":"RET-CANCEL",
				"returnItems":[{"identifier":"`+ids.sku+`","quantity":1,"type":"LOGISTICS_SKU"}]}`))
			if err != nil {
				return err
			}
			return c.Returns.Cancel(ctx, r.ID)
		},
		"Reports.Generate": func(ctx context.Context, t *testing.T) error {
			return got(c.Reports.Generate(ctx, from[logistics.ReportGenerationRequest](t, `{"reportType":"Inventory-Levels_Today"}`)))
		},
		"Reports.Get": func(ctx context.Context, _ *testing.T) error { return got(c.Reports.Get(ctx, ids.report)) },
		"Webhooks.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Webhooks.Create(ctx, webhookBody(t, "create")))
		},
		"Webhooks.Get":  func(ctx context.Context, _ *testing.T) error { return got(c.Webhooks.Get(ctx, ids.webhook)) },
		"Webhooks.List": func(ctx context.Context, _ *testing.T) error { return walked(count(c.Webhooks.List(ctx))) },
		"Webhooks.ListPage": func(ctx context.Context, _ *testing.T) error {
			p, err := c.Webhooks.ListPage(ctx)
			return nonEmpty(p, err)
		},
		"Webhooks.Delete": func(ctx context.Context, t *testing.T) error {
			w, err := c.Webhooks.Create(ctx, webhookBody(t, "delete"))
			if err != nil {
				return err
			}
			return c.Webhooks.Delete(ctx, int64(w.ID))
		},
		"Events.List": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Events.List(ctx, &logistics.EventListParams{Limit: logistics.Ptr[int64](3)})))
		},
		"Events.ListPage": func(ctx context.Context, _ *testing.T) error {
			p, err := c.Events.ListPage(ctx, &logistics.EventListParams{Type: logistics.Ptr("Inventory.Adjusted")})
			return nonEmpty(p, err)
		},
		"OAuth.AuthorizeURL": func(ctx context.Context, t *testing.T) error {
			_, err := authorize(ctx, t, c)
			return err
		},
		"OAuth.Exchange": func(ctx context.Context, t *testing.T) error {
			code, err := authorize(ctx, t, c)
			if err != nil {
				return err
			}
			tok, err := c.OAuth.Exchange(ctx, oauthApp, code)
			if err == nil && tok == nil {
				return fmt.Errorf("no token")
			}
			return err
		},
	}
}

// oauthApp is the partner application the fake's OAuth endpoints accept.
var oauthApp = &auth.LogisticsOAuth{ClientID: logisticstest.DefaultOAuthClientID,
	Scopes: []auth.LogisticsScope{"read_logistics_orders"}, RedirectURI: "https://app.example.com/callback"}

// authorize builds the authorize URL with the SDK and follows it as the
// merchant's browser would, up to the redirect: it returns the code.
func authorize(ctx context.Context, t *testing.T, c *logistics.Client) (string, error) {
	u, err := c.OAuth.AuthorizeURL(oauthApp, "state-1")
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusMovedPermanently || loc.Query().Get("state") != "state-1" {
		t.Errorf("GET %s = %d, Location %q (%v); want 301 to the redirect URI with the state", u, resp.StatusCode, resp.Header.Get("Location"), err)
	}
	return loc.Query().Get("code"), nil
}

// nonEmpty checks that a ListPage call returned items.
func nonEmpty[T any](p *logistics.Page[T], err error) error {
	if err == nil && len(p.Items) == 0 {
		return fmt.Errorf("empty page")
	}
	return err
}
