package specpipe

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

const tinyCore = `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /shipments/:id:
    get:
      operationId: shipment_show
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
  /events/:id:
    get:
      operationId: events_show
      responses: {"200": {description: ok}}
  /commercial_invoices:
    patch:
      operationId: commercial_invoices_update
      responses: {"200": {description: ok}}
  /commercial_invoices/:id:
    get:
      operationId: commercial_invoices_show
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
`

func TestNormalizeCore(t *testing.T) {
	out, results, err := Normalize("core-v2", []byte(tinyCore))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range results {
		got[r.Name] = r.Matched
		if r.Evidence == "" {
			t.Errorf("fix %s names no evidence", r.Name)
		}
	}
	want := map[string]int{
		"rails-path-templates":            3,
		"declare-missing-path-parameters": 1, // GET /events/{id}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fix results (-want +got):\n%s", diff)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name, In string
				Schema   struct{ Type string }
			}
		}
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	for _, p := range paths {
		if strings.Contains(p, ":") {
			t.Errorf("path %s still has a Rails-style segment", p)
		}
	}
	ev := doc.Paths["/events/{id}"]["get"].Parameters
	if len(ev) != 1 || ev[0].Name != "id" || ev[0].In != "path" || ev[0].Schema.Type != "integer" {
		t.Errorf("GET /events/{id} parameters = %+v, want one integer path parameter id", ev)
	}
	// PATCH /commercial_invoices names the invoice by invoice_number in the
	// body (Flexport's Commercial Invoices tutorial): it keeps its path and
	// gains no path parameter.
	ci, ok := doc.Paths["/commercial_invoices"]["patch"]
	if !ok {
		t.Error("PATCH /commercial_invoices was moved")
	}
	if len(ci.Parameters) != 0 {
		t.Errorf("PATCH /commercial_invoices parameters = %+v, want none", ci.Parameters)
	}
	if _, ok := doc.Paths["/commercial_invoices/{id}"]["patch"]; ok {
		t.Error("normalised document has PATCH /commercial_invoices/{id}")
	}
}

func TestNormalizeReportsStaleFixes(t *testing.T) {
	fixed := strings.NewReplacer("/:id", "/{id}").Replace(tinyCore)
	_, results, err := Normalize("core-v2", []byte(fixed))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Name == "rails-path-templates" && !r.Stale() {
			t.Errorf("rails-path-templates matched %d places in a document without Rails paths", r.Matched)
		}
	}
}

func TestNormalizeWithoutFixesIsIdentity(t *testing.T) {
	in := []byte(`{"openapi":"3.0.0"}`)
	out, results, err := Normalize("logistics-2023-10", in)
	if err != nil || len(results) != 0 || string(out) != string(in) {
		t.Errorf("Normalize(logistics) = %q, %v, %v; want the input unchanged", out, results, err)
	}
}

func TestPinsAndVerify(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pins.json")
	body := []byte("openapi: 3.0.0\n")
	p := &Pins{Documents: []Pin{{Name: "core-v2", URL: "https://example.com/doc", File: "core-v2.yaml", SHA256: SHA256Hex(body), Date: "2026-11-24"}}}
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadPins(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, loaded); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	pin, _ := loaded.Lookup("core-v2")
	if err := pin.Verify(body, "mirror/core-v2.yaml"); err != nil {
		t.Errorf("Verify(same bytes) = %v", err)
	}
	err = pin.Verify([]byte("changed"), "mirror/core-v2.yaml")
	var mm *MismatchError
	if !errors.As(err, &mm) {
		t.Fatalf("Verify(changed) = %v, want *MismatchError", err)
	}
	for _, s := range []string{"core-v2", SHA256Hex(body), SHA256Hex([]byte("changed"))} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not name %s", err, s)
		}
	}
}

func TestLoadPinsRejectsBadFiles(t *testing.T) {
	tests := map[string]string{
		"missing url":   `{"documents":[{"name":"a","file":"a.yaml"}]}`,
		"duplicate":     `{"documents":[{"name":"a","url":"u","file":"a"},{"name":"a","url":"u","file":"b"}]}`,
		"short sha":     `{"documents":[{"name":"a","url":"u","file":"a","sha256":"abc"}]}`,
		"unknown field": `{"documents":[],"extra":1}`,
		"not json":      `documents: []`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pins.json")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadPins(path); err == nil {
				t.Error("LoadPins accepted a bad pin file")
			}
		})
	}
}

func TestFetch(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("from url"))
	}))
	defer srv.Close()
	mirror := t.TempDir()
	if err := os.WriteFile(filepath.Join(mirror, "doc.yaml"), []byte("from mirror"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name    string
		pin     Pin
		mirror  string
		want    string
		wantErr bool
	}{
		{"url", Pin{Name: "d", URL: srv.URL + "/doc", File: "doc.yaml"}, "", "from url", false},
		{"mirror wins", Pin{Name: "d", URL: srv.URL + "/doc", File: "doc.yaml"}, mirror, "from mirror", false},
		{"http error", Pin{Name: "d", URL: srv.URL + "/missing", File: "doc.yaml"}, "", "", true},
		{"missing mirror file", Pin{Name: "d", URL: srv.URL, File: "nope.yaml"}, mirror, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Fetch(ctx, srv.Client(), tt.pin, tt.mirror)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Fetch error = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.pin.Name) {
				t.Errorf("error %q does not name the document", err)
			}
			if string(got) != tt.want {
				t.Errorf("Fetch = %q, want %q", got, tt.want)
			}
		})
	}
}
