package core_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core"
)

// These tests pin the corrections issue 12 made from Flexport's current
// documentation.

// TestCommercialInvoiceUpdate checks that an update names the invoice by
// the invoice_number of its body and goes to PATCH /commercial_invoices,
// without an id in the path (Flexport's Commercial Invoices API tutorial).
func TestCommercialInvoiceUpdate(t *testing.T) {
	var method, path string
	var body map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, path = r.Method, r.URL.Path
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("request body %q: %v", b, err)
		}
		io.WriteString(w, `{"_object":"/api/response","self":"https://api.flexport.com/commercial_invoices","version":2,"error":null,
			"data":{"_object":"/commercial_invoice","id":"abcxyz-23456-def","invoice_number":"CA994444"}}`)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL)

	ci, err := c.CommercialInvoices.Update(context.Background(), &core.UpdateCommercialInvoice{InvoiceNumber: "CA994444"})
	if err != nil {
		t.Fatal(err)
	}
	if got := method + " " + path; got != "PATCH /commercial_invoices" {
		t.Errorf("request %s, want PATCH /commercial_invoices", got)
	}
	if got := body["invoice_number"]; got != "CA994444" {
		t.Errorf("request body invoice_number = %v, want CA994444 (body %v)", got, body)
	}
	out, err := json.Marshal(ci)
	if err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		ID            string `json:"id"`
		InvoiceNumber string `json:"invoice_number"`
	}
	if err := json.Unmarshal(out, &decoded); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(struct{ ID, InvoiceNumber string }{"abcxyz-23456-def", "CA994444"}, struct{ ID, InvoiceNumber string }(decoded)); d != "" {
		t.Errorf("decoded invoice (-want +got):\n%s", d)
	}
}

// TestSandboxBaseURL checks the sandbox address and that a client accepts it.
func TestSandboxBaseURL(t *testing.T) {
	if core.SandboxBaseURL != "https://api.sb.flexport.com" {
		t.Errorf("SandboxBaseURL = %q", core.SandboxBaseURL)
	}
	c, err := core.NewClient(core.WithBaseURL(core.SandboxBaseURL), core.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != core.SandboxBaseURL {
		t.Errorf("BaseURL() = %q, want %q", got, core.SandboxBaseURL)
	}
}
