package coretest_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/coretest"
)

func TestCreateBookingThenReadIt(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(5))
	created := send(t, srv, "POST", "/bookings", `{"name":"Spring restock","shipper_entity_ref":"id-500002","consignee_entity_ref":"id-500001",
		"origin_address_ref":"kowloon-trail-outfitters-hq","destination_address_ref":"acme-outdoor-supply-hq","cargo_ready_date":"2025-07-01",
		"cargo":{"weight":{"value":1200,"unit":"kg"}},"metadata":{"PO #":["PO-77"]},
		"ocean_booking":{"is_lcl":false,"container_counts":{"forty_ft":2},"incoterm":"FOB","product_descriptions":[{"description":"Tents","hs_code":"6306.22"}],"wants_pickup_service":true,"origin_port_loc_code":"HKHKG","destination_port_loc_code":"USLAX"}}`, 200)
	var b struct {
		ID            int64                 `json:"id"`
		Status        string                `json:"status"`
		Mode          string                `json:"transportation_mode"`
		Metadata      map[string][]string   `json:"metadata"`
		ShipperEntity struct{ Name string } `json:"shipper_entity"`
		OriginAddress struct{ City string } `json:"origin_address"`
		OceanBooking  struct {
			DestinationPort struct{ Name string } `json:"destination_port"`
		} `json:"ocean_booking"`
	}
	decode(t, created, &b)
	want := b
	want.Status, want.Mode, want.Metadata = "submitted", "ocean", map[string][]string{"PO #": {"PO-77"}}
	want.ShipperEntity.Name, want.OriginAddress.City, want.OceanBooking.DestinationPort.Name = "Shenzhen Brightway Electronics Co., Ltd.", "Hong Kong", "Los Angeles, CA"
	if diff := cmp.Diff(want, b); diff != "" {
		t.Errorf("created booking (-want +got):\n%s", diff)
	}
	var env1, env2 envelope
	decodeRaw(t, []byte(created), &env1)
	decodeRaw(t, []byte(send(t, srv, "GET", "/bookings/"+strconv.FormatInt(b.ID, 10), "", 200)), &env2)
	if diff := cmp.Diff(string(env1.Data), string(env2.Data)); diff != "" {
		t.Errorf("GET differs from the create response (-created +got):\n%s", diff)
	}
	if got := ids(t, list(t, srv, "/bookings?f.status=submitted")); !cmp.Equal(got, []string{strconv.FormatInt(b.ID, 10)}) {
		t.Errorf("submitted bookings = %v, want the new one", got)
	}
}

func TestPatchShipmentThenGetIt(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(3))
	id := strconv.FormatInt(firstID(t, srv, "/shipments"), 10)
	send(t, srv, "PATCH", "/shipments/"+id, `{"metadata":{"Team":["blue"],"SKU #":["A1","B2"]}}`, 200)
	var s struct {
		Metadata map[string][]string `json:"metadata"`
	}
	decode(t, send(t, srv, "GET", "/shipments/"+id, "", 200), &s)
	if diff := cmp.Diff(map[string][]string{"Team": {"blue"}, "SKU #": {"A1", "B2"}}, s.Metadata); diff != "" {
		t.Errorf("metadata after PATCH (-want +got):\n%s", diff)
	}
	if got := ids(t, list(t, srv, "/shipments?f.metadata.Team=blue")); !cmp.Equal(got, []string{id}) {
		t.Errorf("f.metadata.Team=blue = %v, want [%s]", got, id)
	}
}

func TestUploadThenDownload(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(2))
	ship := firstID(t, srv, "/shipments")
	content := []byte("%PDF-1.4\n\x00\x01\x02 binary \xff\n%%EOF\n")
	body, _ := json.Marshal(map[string]any{"file_name": "ci.pdf", "mime_type": "application/pdf", "document_type": "commercial_invoice",
		"memo": "signed", "document": base64.StdEncoding.EncodeToString(content), "shipment_id": ship})
	var d struct {
		ID       string `json:"id"`
		FileLink string `json:"file_link"`
		Memo     string `json:"memo"`
		Meta     struct {
			Size int `json:"size"`
		} `json:"file_metadata"`
	}
	decode(t, send(t, srv, "POST", "/documents", string(body), 200), &d)
	if d.Memo != "signed" || d.Meta.Size != len(content) || d.FileLink != srv.URL+"/documents/"+d.ID+"/download" {
		t.Errorf("uploaded document = %+v", d)
	}
	req, _ := http.NewRequest("GET", d.FileLink, nil)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || string(got) != string(content) {
		t.Errorf("download = %d %s %q, want the uploaded bytes", resp.StatusCode, resp.Header.Get("Content-Type"), got)
	}
	status, _ := request(t, srv, "POST", "/documents", `{"file_name":"a","mime_type":"text/plain","document_type":"memo","document":"not base64!","shipment_id":`+strconv.FormatInt(ship, 10)+`}`)
	if status != 400 {
		t.Errorf("upload of invalid base64 = %d, want 400", status)
	}
}

func TestNetworkWrites(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(1))
	var c struct{ ID string }
	decode(t, send(t, srv, "POST", "/network/companies", `{"name":"Harbor Supply","ref":"harbor"}`, 200), &c)
	var e struct{ ID int64 }
	decode(t, send(t, srv, "POST", "/network/company_entities", `{"name":"Harbor Supply LLC","company_id":"`+c.ID+`","mailing_address":{"street_address":"1 Pier","city":"Oakland","country_code":"US"}}`, 200), &e)
	if got := ids(t, list(t, srv, "/network/company_entities?f.company_ref=harbor")); !cmp.Equal(got, []string{strconv.FormatInt(e.ID, 10)}) {
		t.Errorf("entities of the new company = %v, want [%d]", got, e.ID)
	}
	send(t, srv, "PATCH", "/network/companies/"+c.ID, `{"name":"Harbor Supply Co"}`, 200)
	var got struct{ Name string }
	decode(t, send(t, srv, "GET", "/network/companies/"+c.ID, "", 200), &got)
	if got.Name != "Harbor Supply Co" {
		t.Errorf("name after PATCH = %q", got.Name)
	}
}
