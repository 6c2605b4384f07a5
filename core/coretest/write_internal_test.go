package coretest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// TestUpdateCommercialInvoiceByNumber checks that PATCH
// /commercial_invoices, with no id in the path (as Flexport documents it;
// the curated document will say so), finds the invoice by the
// invoice_number of the body.
func TestUpdateCommercialInvoiceByNumber(t *testing.T) {
	h := NewHandler(WithShipments(10))
	ci := h.store.all("commercial_invoice")[0]
	number := ci["invoice_number"].(string)
	for _, tc := range []struct {
		name, body string
		params     map[string]string
		want       int
	}{
		{"by invoice number", `{"invoice_number":"` + number + `","is_related_parties":true}`, map[string]string{}, 200},
		{"unknown invoice number", `{"invoice_number":"nope"}`, map[string]string{}, 404},
		{"by id", `{"is_related_parties":false}`, map[string]string{"id": ci["id"].(string)}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hr := httptest.NewRequest(http.MethodPatch, "/commercial_invoices", strings.NewReader(tc.body))
			r := &fakeapi.Request{Request: hr, Params: tc.params, Body: []byte(tc.body), Base: "http://x", Self: "http://x/commercial_invoices"}
			resp, err := h.updateCommercialInvoice(r)
			status := 200
			if e, ok := err.(*fakeapi.Error); ok {
				status = e.Status
			} else if err != nil {
				t.Fatal(err)
			} else if !strings.Contains(string(resp.Body), `"invoice_number":"`+number+`"`) {
				t.Errorf("response %s does not hold the invoice", resp.Body)
			}
			if status != tc.want {
				t.Errorf("status %d, want %d", status, tc.want)
			}
		})
	}
	got, _ := h.store.get("commercial_invoice", ci["id"].(string))
	if got["is_related_parties"] != false {
		t.Errorf("is_related_parties = %v after the updates, want false", got["is_related_parties"])
	}
}
