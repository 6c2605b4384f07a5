package webhook_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/flexport-go/flexport/logistics/webhook"
)

// Test payloads, one per documented event type, written for these tests
// after the shapes in the Logistics API's webhook schemas; every id and
// value is made up.
var testEvents = map[webhook.EventType]string{
	webhook.OrderShipped:                 `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-1","logisticsEventType":"Order.Shipped","logisticsEventTime":"2024-05-01T10:00:00Z","id":"o-1","orderId":"1001","externalOrderId":"EXT-1"}`,
	webhook.OrderCancelled:               `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-2","logisticsEventType":"Order.Cancelled","logisticsEventTime":"2024-05-01T10:01:00Z","id":"o-2","orderId":"1002","externalOrderId":"EXT-2"}`,
	webhook.InventoryAdjusted:            `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-3","logisticsEventType":"Inventory.Adjusted","logisticsEventTime":"2024-05-01T10:02:00Z","adjustmentId":"adj-1","reason":"COUNT","adjustments":[{"logisticsSKU":"DSKU1","changes":[]}]}`,
	webhook.InboundReceived:              `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-4","logisticsEventType":"Inbound.Received","logisticsEventTime":"2024-05-01T10:03:00Z","type":"SELLABLE","amount":12,"shipmentItemId":55}`,
	webhook.InboundShipmentStatusChanged: `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-5","logisticsEventType":"Inbound.ShipmentStatusChanged","logisticsEventTime":"2024-05-01T10:04:00Z","shipmentId":"s-9","status":"RECEIVING"}`,
	webhook.ShipmentCreated:              `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-6","logisticsEventType":"Shipment.Created","logisticsEventTime":"2024-05-01T10:05:00Z","id":"sh-1","orderId":"1003","externalOrderId":"EXT-3"}`,
	webhook.ShipmentShipped:              `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-7","logisticsEventType":"Shipment.Shipped","logisticsEventTime":"2024-05-01T10:06:00Z","id":"sh-2","orderId":"1004","externalOrderId":"EXT-4"}`,
	webhook.ShipmentCancelled:            `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-8","logisticsEventType":"Shipment.Cancelled","logisticsEventTime":"2024-05-01T10:07:00Z","id":"sh-3","orderId":"1005","externalOrderId":"EXT-5"}`,
	webhook.ReturnUpdated:                `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-9","logisticsEventType":"Return.Updated","logisticsEventTime":"2024-05-01T10:08:00Z","id":77,"externalReturnId":"R-1","rma":"RMA-1","status":"INSPECTED","returnItems":[],"inspectedAt":"2024-05-01T09:00:00Z"}`,
	webhook.FreightTrackingUpdated:       `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-10","logisticsEventType":"Freight.TrackingUpdated","logisticsEventTime":"2024-05-01T10:09:00Z","bolId":"BOL-1","status":"IN_TRANSIT"}`,
	webhook.ParcelTrackingUpdated:        `{"logisticsAccountId":"acct-1","logisticsEventId":"evt-11","logisticsEventType":"Parcel.TrackingUpdated","logisticsEventTime":"2024-05-01T10:10:00Z","trackingCode":"1Z999","status":"IN_TRANSIT","message":"Departed facility","eventTime":"2024-05-01T09:55:00Z","location":{"city":"Reno","state":"NV","country":"US","zip":"89502"}}`,
}

func TestParseEvent(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		want       *webhook.Event
		wantReason string
	}{
		{
			name: "parcel tracking",
			body: testEvents[webhook.ParcelTrackingUpdated],
			want: &webhook.Event{
				AccountID: "acct-1", EventID: "evt-11", Type: webhook.ParcelTrackingUpdated,
				Time: time.Date(2024, 5, 1, 10, 10, 0, 0, time.UTC), RawTime: "2024-05-01T10:10:00Z",
			},
		},
		{
			name: "numeric ids and offset time",
			body: `{"logisticsAccountId":123,"logisticsEventId":456,"logisticsEventType":"Order.Shipped","logisticsEventTime":"2024-05-01T12:00:00.250+02:00"}`,
			want: &webhook.Event{
				AccountID: "123", EventID: "456", Type: webhook.OrderShipped,
				Time: time.Date(2024, 5, 1, 10, 0, 0, 250e6, time.UTC), RawTime: "2024-05-01T12:00:00.250+02:00",
			},
		},
		{
			name: "unknown type, unreadable time kept raw",
			body: `{"logisticsEventType":"Robot.Danced","logisticsEventTime":"last tuesday"}`,
			want: &webhook.Event{Type: "Robot.Danced", RawTime: "last tuesday"},
		},
		{
			name: "null envelope fields",
			body: `{"logisticsEventType":"Order.Shipped","logisticsEventId":null,"logisticsAccountId":null,"logisticsEventTime":null}`,
			want: &webhook.Event{Type: webhook.OrderShipped},
		},
		{name: "missing type", body: `{"logisticsEventId":"e"}`, wantReason: "missing logisticsEventType"},
		{name: "empty type", body: `{"logisticsEventType":""}`, wantReason: "missing logisticsEventType"},
		{name: "numeric type", body: `{"logisticsEventType":5}`, wantReason: "invalid JSON or envelope field type"},
		{name: "object id", body: `{"logisticsEventType":"Order.Shipped","logisticsEventId":{}}`, wantReason: "invalid JSON or envelope field type"},
		{name: "bool id", body: `{"logisticsEventType":"Order.Shipped","logisticsAccountId":true}`, wantReason: "invalid JSON or envelope field type"},
		{name: "truncated", body: `{"logisticsEventType":"Order.Shipped"`, wantReason: "invalid JSON or envelope field type"},
		{name: "array", body: `[]`, wantReason: "not a JSON object"},
		{name: "empty", body: ``, wantReason: "not a JSON object"},
		{name: "null", body: `null`, wantReason: "not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := webhook.ParseEvent([]byte(tt.body))
			if tt.wantReason != "" {
				var pe *webhook.PayloadError
				if !errors.As(err, &pe) || !errors.Is(err, webhook.ErrMalformedPayload) {
					t.Fatalf("err = %v, want a *PayloadError matching ErrMalformedPayload", err)
				}
				if pe.Reason != tt.wantReason {
					t.Errorf("Reason = %q, want %q", pe.Reason, tt.wantReason)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if string(got.Raw) != tt.body {
				t.Errorf("Raw = %s, want the body", got.Raw)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(webhook.Event{}, "Raw")); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseEventRawIsACopy(t *testing.T) {
	body := []byte(testEvents[webhook.OrderShipped])
	ev, err := webhook.ParseEvent(body)
	if err != nil {
		t.Fatal(err)
	}
	body[0] = 'X'
	if ev.Raw[0] != '{' {
		t.Error("Raw aliases the caller's buffer")
	}
}

// TestAccessors decodes every documented event type with its accessor and
// checks that every other accessor refuses it.
func TestAccessors(t *testing.T) {
	accessors := map[string]struct {
		types []webhook.EventType
		get   func(*webhook.Event) (any, error)
	}{
		"Order":                        {[]webhook.EventType{webhook.OrderShipped, webhook.OrderCancelled}, func(e *webhook.Event) (any, error) { return e.Order() }},
		"Shipment":                     {[]webhook.EventType{webhook.ShipmentCreated, webhook.ShipmentShipped, webhook.ShipmentCancelled}, func(e *webhook.Event) (any, error) { return e.Shipment() }},
		"InventoryAdjusted":            {[]webhook.EventType{webhook.InventoryAdjusted}, func(e *webhook.Event) (any, error) { return e.InventoryAdjusted() }},
		"InboundReceived":              {[]webhook.EventType{webhook.InboundReceived}, func(e *webhook.Event) (any, error) { return e.InboundReceived() }},
		"InboundShipmentStatusChanged": {[]webhook.EventType{webhook.InboundShipmentStatusChanged}, func(e *webhook.Event) (any, error) { return e.InboundShipmentStatusChanged() }},
		"ReturnUpdated":                {[]webhook.EventType{webhook.ReturnUpdated}, func(e *webhook.Event) (any, error) { return e.ReturnUpdated() }},
		"ParcelTrackingUpdated":        {[]webhook.EventType{webhook.ParcelTrackingUpdated}, func(e *webhook.Event) (any, error) { return e.ParcelTrackingUpdated() }},
	}
	for _, typ := range webhook.KnownEventTypes() {
		body, ok := testEvents[typ]
		if !ok {
			t.Errorf("no test event for %s", typ)
			continue
		}
		ev, err := webhook.ParseEvent([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if ev.Type != typ || !ev.Type.Known() || ev.AccountID != "acct-1" || ev.EventID == "" || ev.Time.IsZero() {
			t.Errorf("%s: envelope = %+v", typ, ev)
		}
		for name, a := range accessors {
			v, err := a.get(ev)
			fits := false
			for _, at := range a.types {
				fits = fits || at == typ
			}
			if !fits {
				if !errors.Is(err, webhook.ErrUnexpectedData) {
					t.Errorf("%s on %s: err = %v, want ErrUnexpectedData", name, typ, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s on %s: %v", name, typ, err)
				continue
			}
			// The decoded value carries the envelope back.
			b, _ := json.Marshal(v)
			if !strings.Contains(string(b), `"logisticsEventId":"`+ev.EventID+`"`) {
				t.Errorf("%s on %s: decoded %s lacks the event id", name, typ, b)
			}
		}
	}
}

func TestParcelTrackingUpdatedFields(t *testing.T) {
	ev, err := webhook.ParseEvent([]byte(testEvents[webhook.ParcelTrackingUpdated]))
	if err != nil {
		t.Fatal(err)
	}
	p, err := ev.ParcelTrackingUpdated()
	if err != nil {
		t.Fatal(err)
	}
	if p.TrackingCode != "1Z999" || p.Status != "IN_TRANSIT" || p.Message != "Departed facility" || p.EventTime != "2024-05-01T09:55:00Z" {
		t.Errorf("parcel = %+v", p)
	}
	if p.Location.City == nil || *p.Location.City != "Reno" || p.Location.Zip == nil || *p.Location.Zip != "89502" {
		t.Errorf("location = %+v", p.Location)
	}
}

func TestDecode(t *testing.T) {
	ev, err := webhook.ParseEvent([]byte(testEvents[webhook.FreightTrackingUpdated]))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		BOLID  string `json:"bolId"`
		Status string `json:"status"`
	}
	if err := ev.Decode(&v); err != nil {
		t.Fatal(err)
	}
	if v.BOLID != "BOL-1" || v.Status != "IN_TRANSIT" {
		t.Errorf("Decode = %+v", v)
	}
	var wrong []string
	if err := ev.Decode(&wrong); !errors.Is(err, webhook.ErrUnexpectedData) {
		t.Errorf("Decode into a slice: err = %v, want ErrUnexpectedData", err)
	}
}

func TestAccessorPayloadMismatch(t *testing.T) {
	ev, err := webhook.ParseEvent([]byte(`{"logisticsEventType":"Inbound.Received","amount":"twelve"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.InboundReceived(); !errors.Is(err, webhook.ErrUnexpectedData) {
		t.Errorf("err = %v, want ErrUnexpectedData", err)
	}
}

func TestKnownEventTypes(t *testing.T) {
	types := webhook.KnownEventTypes()
	if len(types) != 11 {
		t.Errorf("KnownEventTypes has %d types, want 11", len(types))
	}
	for _, typ := range types {
		if !typ.Known() {
			t.Errorf("%s not Known", typ)
		}
	}
	if webhook.EventType("Order.Teleported").Known() {
		t.Error("unknown type reported Known")
	}
	types[0] = "mutated"
	if webhook.KnownEventTypes()[0] == "mutated" {
		t.Error("KnownEventTypes returns shared state")
	}
}
