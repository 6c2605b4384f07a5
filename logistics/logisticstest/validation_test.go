package logisticstest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/fakeapi"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

// call is a request of the response-validation test; a body "synth" is
// made from the operation's request schema.
type call struct {
	name, method, path, body string
	status                   int
}

const synth = "synth"

func calls(h *Handler) []call {
	first := func(table, field string) string { return fakeapi.Text(h.t[table].All()[0][field]) }
	order, sku, bundle := first("orders", "id"), first("products", "logisticsSku"), first("bundles", "bundleId")
	inbound, ret, parcel := first("inbounds", "id"), first("returns", "id"), first("parcels", "parcelId")
	freight, quote := first("freight_orders", "id"), first("quotes", "id")
	errored := ""
	for _, o := range h.t["orders"].All() {
		if o["state"].(object)["internalStatus"] == "ERROR" {
			errored = o["id"].(string)
		}
	}
	second := fakeapi.Text(h.t["orders"].All()[1]["id"])
	report := fakeapi.Text(h.t["reports"].All()[0]["reportReference"])
	h.codes["valid-code"] = grant{clientID: DefaultOAuthClientID, expires: time.Now().Add(time.Hour)}
	p := func(s string) string { return APIRoot + s }
	return []call{
		{"create order", "POST", p("/orders"), `{"externalOrderId":"X-1","address":{"address1":"1 Main St","city":"Reno","countryCode":"US"},"lineItems":[{"logisticsSku":"` + sku + `","quantity":2}]}`, 200},
		{"duplicate order", "POST", p("/orders"), `{"externalOrderId":"X-1","address":{"address1":"1 Main St","city":"Reno","countryCode":"US"},"lineItems":[]}`, 409},
		{"get order", "GET", p("/orders/" + order), "", 200},
		{"get order by external id", "GET", p("/orders/external_id/SHOP-1002"), "", 200},
		{"cancel order", "POST", p("/orders/" + second + "/cancel"), "", 200},
		{"retry order", "POST", p("/orders/" + errored + "/retry"), "", 200},
		{"retry order not in error", "POST", p("/orders/" + second + "/retry"), "", 422},
		{"unknown order", "GET", p("/orders/999999999"), "", 404},
		{"list products", "GET", p("/products?limit=5&offset=2"), "", 200},
		{"past the last product", "GET", p("/products?offset=1000"), "", 200},
		{"limit too large", "GET", p("/products?limit=101"), "", 400},
		{"create product", "POST", p("/products"), `{"name":"Tent stakes","merchantSku":"STAKE-1"}`, 202},
		{"get product", "GET", p("/products/" + sku), "", 200},
		{"inventory", "GET", p("/products/" + sku + "/inventory"), "", 200},
		{"all inventory", "GET", p("/products/inventory/all?limit=3"), "", 200},
		{"warehouse details", "POST", p("/products/warehouse"), `{"logisticsSkus":["` + sku + `"]}`, 200},
		{"create bundle", "POST", p("/bundles"), `{"externalBundleId":"b-9","title":"Kit","sku":"KIT-9","bundleContents":[{"productId":"` + sku + `","quantity":2}]}`, 202},
		{"bundle of unknown product", "POST", p("/bundles"), `{"externalBundleId":"b-8","title":"Kit","sku":"KIT-8","bundleContents":[{"productId":"D0000000000","quantity":2}]}`, 422},
		{"get bundle", "GET", p("/bundles/" + bundle), "", 200},
		{"bundle inventory", "GET", p("/bundles/" + bundle + "/inventory"), "", 200},
		{"create inbound", "POST", p("/inbounds/shipments"), synth, 200},
		{"list inbounds", "GET", p("/inbounds/shipments?shipmentIds=" + inbound), "", 200},
		{"get inbound", "GET", p("/inbounds/shipments/" + inbound), "", 200},
		{"update inbound", "PATCH", p("/inbounds/shipments/" + inbound + "/update"), `{"packageTrackingNumber":"1Z999"}`, 200},
		{"transfer document", "GET", p("/inbounds/shipments/" + inbound + "/document?documentOption=PALLET_LABEL&documentFormat=PDF"), "", 200},
		{"quote result", "GET", p("/inbounds/shipments/" + inbound + "/quotes"), "", 200},
		{"init quote", "POST", p("/inbounds/shipments/" + inbound + "/quotes"), "", 200},
		{"purchase result", "GET", p("/inbounds/shipments/" + inbound + "/quotes/buy"), "", 200},
		{"init purchase", "POST", p("/inbounds/shipments/" + inbound + "/quotes/buy"), `{"quoteIds":[1]}`, 200},
		{"list returns", "GET", p("/returns?limit=2"), "", 200},
		{"create return", "POST", p("/returns"), `{"rma":"RMA-9","externalReturnId":"R-9","returnItems":[{"identifier":"` + sku + `","quantity":1,"type":"LOGISTICS_SKU"}]}`, 201},
		{"get return", "GET", p("/returns/" + ret), "", 200},
		{"cancel return", "POST", p("/returns/" + ret + "/cancel"), "", 204},
		{"list events", "GET", p("/events?limit=3"), "", 200},
		{"bad page_info", "GET", p("/events?page_info=zz"), "", 400},
		{"containers order", "POST", p("/freight/orders/containers"), synth, 200},
		{"pallets order", "POST", p("/freight/orders/pallets"), synth, 200},
		{"trucks order", "POST", p("/freight/orders/trucks"), synth, 200},
		{"list freight orders", "GET", p("/freight/orders?limit=2&cursor=" + freight), "", 200},
		{"get freight order", "GET", p("/freight/orders/" + freight), "", 200},
		{"freight documents", "GET", p("/freight/orders/" + freight + "/documents"), "", 200},
		{"cancel freight order", "POST", p("/freight/orders/" + freight + "/cancel"), `{"cancellationReason":"test"}`, 204},
		{"containers quote", "POST", p("/freight/quotes/containers"), synth, 200},
		{"pallets quote", "POST", p("/freight/quotes/pallets"), synth, 200},
		{"trucks quote", "POST", p("/freight/quotes/trucks"), synth, 200},
		{"list quotes", "GET", p("/freight/quotes?direction=backward"), "", 200},
		{"get quote", "GET", p("/freight/quotes/" + quote), "", 200},
		{"freight ports", "GET", p("/freight/ports"), "", 200},
		{"bol tracking", "GET", p("/freight/tracking_events/SL1234567"), "", 200},
		{"create parcel", "POST", p("/parcels"), synth, 200},
		{"get parcel", "GET", p("/parcels/" + parcel), "", 200},
		{"parcel tracking", "GET", p("/parcels/" + parcel + "/tracking"), "", 200},
		{"tracking url", "GET", p("/parcels/" + parcel + "/tracking_url"), "", 200},
		{"tracking by code", "GET", p("/parcels/tracking/" + first("parcels", "trackingCode")), "", 200},
		{"cancel parcel", "POST", p("/parcels/cancel"), `{"parcelId":"` + parcel + `"}`, 204},
		{"bulk parcel job", "POST", p("/parcels/jobs"), synth, 200},
		{"get bulk parcel job", "GET", p("/parcels/jobs/9001"), "", 200},
		{"parcel quote", "POST", p("/parcels/quote"), synth, 200},
		{"generate report", "POST", p("/reports"), `{"reportType":"Orders-All_Orders"}`, 200},
		{"report status", "GET", p("/reports/" + report), "", 200},
		{"list webhooks", "GET", p("/webhooks"), "", 200},
		{"create webhook", "POST", p("/webhooks"), `{"type":"Order.Shipped","url":"https://example.com/hook","method":"POST","authMethod":"TOKEN","token":"t","tokenHeader":"X-Token"}`, 202},
		{"webhook without its token", "POST", p("/webhooks"), `{"type":"Order.Shipped","url":"https://example.com/h2","method":"POST","authMethod":"TOKEN"}`, 422},
		{"http webhook", "POST", p("/webhooks"), `{"type":"Order.Shipped","url":"http://example.com/hook","method":"POST"}`, 400},
		{"get webhook", "GET", p("/webhooks/101"), "", 200},
		{"delete webhook", "DELETE", p("/webhooks/101"), "", 204},
		{"authorize", "GET", p("/oauth/authorize?response_type=code&client_id=" + DefaultOAuthClientID + "&scope=read_logistics_orders&redirect_uri=https://app.example.com/cb&state=s"), "", 301},
		{"authorize unknown client", "GET", p("/oauth/authorize?response_type=code&client_id=nobody&scope=read_logistics_orders"), "", 400},
		{"exchange code", "POST", p("/oauth/token"), "grant_type=authorization_code&code=valid-code", 200},
		{"exchange used code", "POST", p("/oauth/token"), "grant_type=authorization_code&code=valid-code", 400},
		{"exchange unknown code", "POST", p("/oauth/token"), "grant_type=authorization_code&code=nope", 400},
		{"missing required field", "POST", p("/orders"), `{"externalOrderId":"X-2"}`, 400},
		{"wrong type", "GET", p("/inbounds/shipments/abc"), "", 400},
	}
}

// TestEveryResponseValidates sends a request for every operation of the
// curated document and for the error paths, checks each status, and that
// every response validates against the document. It fails when an
// operation of the document has no successful request here.
func TestEveryResponseValidates(t *testing.T) {
	var invalid fakeapitest.Invalid
	srv := NewServer(t, WithResponseValidation(invalid.Report))
	sy := &fakeapi.Synth{R: fakeapi.NewRand(7), Now: time.Now()}
	for _, c := range calls(srv.h) {
		t.Run(c.name, func(t *testing.T) {
			if c.body == synth {
				op, _, e := compiled().Find(httptest.NewRequest(c.method, srv.URL+c.path, nil))
				if e != nil {
					t.Fatal(e)
				}
				b, _ := json.Marshal(sy.Value(compiled().RequestSchema(op.ID)))
				c.body = string(b)
			}
			status, body, _ := do(t, srv, c.method, c.path, c.body)
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

// do sends a request with the token and returns the status, body and
// header; it does not follow redirects.
func do(t *testing.T, srv *Server, method, path, body string) (int, string, http.Header) {
	t.Helper()
	return fakeapitest.Do(t, method, srv.URL+path, bearer(srv.Token), body)
}

// bearer returns the Authorization header of tok.
func bearer(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }
