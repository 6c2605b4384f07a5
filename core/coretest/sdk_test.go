package coretest_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/core/coretest"
)

// These tests run the SDK's main calls against the fake: what users'
// tests do first. Request bodies are made from JSON so that they depend on
// the wire format, not on the Go names of the models.

func newClient(t *testing.T, srv *coretest.Server, opts ...core.Option) *core.Client {
	t.Helper()
	c, err := core.NewClient(append([]core.Option{core.WithBaseURL(srv.URL), core.WithAPIKey(srv.APIKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSDKListsAllShipmentsAndFollowsRefs(t *testing.T) {
	ctx := context.Background()
	srv := coretest.NewServer(t, coretest.WithShipments(35))
	for _, prefetch := range []int{0, 4} {
		c := newClient(t, srv, core.WithPrefetch(prefetch))
		n, legs, bookings := 0, 0, 0
		for s, err := range c.Shipments.List(ctx, nil) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			for leg, err := range core.List[core.ShipmentLeg](ctx, c, s.Legs.Link) {
				if err != nil {
					t.Fatal(err)
				}
				if leg.Shipment == nil || leg.Shipment.ID != s.ID {
					t.Errorf("leg %d of shipment %d refers to %+v", leg.ID, s.ID, leg.Shipment)
				}
				legs++
			}
			if s.Booking != nil {
				b, err := core.Get[core.Booking](ctx, c, s.Booking.Link)
				if err != nil || b.ID != s.Booking.ID {
					t.Errorf("booking of shipment %d: %v, %v", s.ID, b, err)
				}
				bookings++
			}
		}
		if n != 35 || legs < 35 || bookings == 0 {
			t.Errorf("prefetch %d: %d shipments, %d legs, %d bookings", prefetch, n, legs, bookings)
		}
	}
}

func TestSDKCreatesAndReadsBackABooking(t *testing.T) {
	ctx := context.Background()
	srv := coretest.NewServer(t, coretest.WithShipments(3))
	c := newClient(t, srv)
	var body core.CreateBooking
	if err := json.Unmarshal([]byte(`{"name":"SDK booking","shipper_entity_ref":"id-500002","consignee_entity_ref":"id-500001",
		"origin_address_ref":"a","destination_address_ref":"b","cargo_ready_date":"2025-08-01","cargo":{},
		"trucking_booking":{"is_ltl":false,"payment_terms":"collect"}}`), &body); err != nil {
		t.Fatal(err)
	}
	b, err := c.Bookings.Create(ctx, &body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Bookings.Get(ctx, int(b.ID))
	if err != nil || got.Name == nil || *got.Name != "SDK booking" {
		t.Fatalf("Get after Create = %+v, %v", got, err)
	}
}

func TestSDKInvalidBodyGets400(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(1))
	c := newClient(t, srv)
	var body core.CreateBooking
	if err := json.Unmarshal([]byte(`{"name":"bad cargo","cargo":{"lithium_batteries_packing_types":["teleported"]},"shipper_entity_ref":"s","consignee_entity_ref":"c","origin_address_ref":"a","destination_address_ref":"b","cargo_ready_date":"2025-08-01"}`), &body); err != nil {
		t.Fatal(err)
	}
	_, err := c.Bookings.Create(context.Background(), &body)
	var ce core.Error
	if !errors.As(err, &ce) || ce.StatusCode() != 400 || !strings.Contains(err.Error(), "cargo") {
		t.Errorf("Create with an invalid cargo = %v, want a 400 core.Error naming cargo", err)
	}
}

func TestSDKClientCredentials(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(2))
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithClientCredentials(&auth.ClientCredentials{
		ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, TokenURL: srv.URL + "/oauth/token"}))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := c.Shipments.ListPage(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Operations()["POST /oauth/token"]; n != 1 {
		t.Errorf("%d token requests for 3 calls, want 1 (the token is cached)", n)
	}
}
