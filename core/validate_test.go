package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/jsonx"
)

// TestCreateValidatesRequiredFields: a create call missing a required field
// fails before anything is sent, naming the JSON field; a complete one goes
// out without the unset optional fields (never as null).
func TestCreateValidatesRequiredFields(t *testing.T) {
	var requests atomic.Int32
	var sent []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		sent = make([]byte, r.ContentLength)
		r.Body.Read(sent)
		w.Write([]byte(`{"_object":"/api/response","data":{"_object":"/booking","id":5}}`))
	}))
	defer srv.Close()
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	incomplete := &core.CreateBooking{Name: core.Ptr("Spring order")}
	_, err = c.Bookings.Create(ctx, incomplete)
	var missing *jsonx.MissingFieldError
	if !errors.As(err, &missing) || missing.Field != "cargo" {
		t.Errorf("Create without cargo: %v, want a missing cargo field", err)
	}
	incomplete.Cargo = &core.Cargo{}
	_, err = c.Bookings.Create(ctx, incomplete)
	if want := "core: Bookings.Create: missing required field cargo_ready_date"; err == nil || err.Error() != want {
		t.Errorf("Create without cargo_ready_date: %v, want %q", err, want)
	}
	if _, err := c.Bookings.Create(ctx, nil); err == nil {
		t.Error("Create(nil body): nil error")
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests sent for invalid bodies", n)
	}

	ref := func(s string) *string { return &s }
	complete := &core.CreateBooking{
		Name: ref("Spring order"), Cargo: &core.Cargo{}, CargoReadyDate: core.Ptr(core.NewDate(2024, time.March, 1)),
		ShipperEntityRef: ref("s1"), ConsigneeEntityRef: ref("c1"), OriginAddressRef: ref("o1"), DestinationAddressRef: ref("d1"),
	}
	if _, err := c.Bookings.Create(ctx, complete); err != nil {
		t.Fatal(err)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(sent, &body); err != nil {
		t.Fatalf("sent %s: %v", sent, err)
	}
	if got := string(body["cargo_ready_date"]); got != `"2024-03-01"` {
		t.Errorf("cargo_ready_date sent as %s", got)
	}
	for k, v := range body {
		if string(v) == "null" {
			t.Errorf("%s sent as null in %s", k, sent)
		}
	}
	if strings.Contains(string(sent), "wants_") {
		t.Errorf("unset optional fields sent: %s", sent)
	}
}
