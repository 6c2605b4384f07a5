package webhook_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/webhook"
)

func TestParseEvent(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		want       *webhook.Event
		wantReason string // non-empty: ParseEvent must fail with this PayloadError reason
	}{
		{
			name: "full",
			body: `{"_object":"/event","id":354987,"version":2,"created_at":"2019-04-16T18:05:10.964Z","occurred_at":"2019-04-16T18:05:10Z","type":"/shipment_leg#departed","data":{"_object":"/shipment_event_data"}}`,
			want: &webhook.Event{
				Object:     "/event",
				ID:         354987,
				Type:       webhook.ShipmentLegDeparted,
				Version:    2,
				CreatedAt:  time.Date(2019, 4, 16, 18, 5, 10, 964e6, time.UTC),
				OccurredAt: time.Date(2019, 4, 16, 18, 5, 10, 0, time.UTC),
				Data:       json.RawMessage(`{"_object":"/shipment_event_data"}`),
			},
		},
		{
			name: "minimal",
			body: `{"type":"/shipment#created"}`,
			want: &webhook.Event{Type: webhook.ShipmentCreated},
		},
		{
			name: "unknown type and fields kept",
			body: ` {"_object":"/event","id":7,"type":"/spaceship#launched","extra":{"a":1}}`,
			want: &webhook.Event{Object: "/event", ID: 7, Type: "/spaceship#launched"},
		},
		{
			name: "lenient times",
			body: `{"type":"/shipment#created","created_at":"2024-03-07","occurred_at":"2024-03-07T09:00:00.5+02:00"}`,
			want: &webhook.Event{
				Type:       webhook.ShipmentCreated,
				CreatedAt:  time.Date(2024, 3, 7, 0, 0, 0, 0, time.UTC),
				OccurredAt: time.Date(2024, 3, 7, 7, 0, 0, 5e8, time.UTC),
			},
		},
		{
			name: "null data and times",
			body: `{"type":"/shipment#created","data":null,"created_at":null,"id":null}`,
			want: &webhook.Event{Type: webhook.ShipmentCreated},
		},
		{name: "other object", body: `{"_object":"/shipment","type":"/shipment#created"}`, wantReason: `"_object" is not "/event"`},
		{name: "missing type", body: `{"_object":"/event","id":1}`, wantReason: `missing "type"`},
		{name: "empty type", body: `{"type":""}`, wantReason: `missing "type"`},
		{name: "numeric type", body: `{"type":5}`, wantReason: "invalid JSON or field type"},
		{name: "string id", body: `{"type":"/shipment#created","id":"12"}`, wantReason: "invalid JSON or field type"},
		{name: "bad time", body: `{"type":"/shipment#created","created_at":"yesterday"}`, wantReason: "invalid JSON or field type"},
		{name: "truncated", body: `{"type":"/shipment#created"`, wantReason: "invalid JSON or field type"},
		{name: "trailing garbage", body: `{"type":"/shipment#created"} x`, wantReason: "invalid JSON or field type"},
		{name: "array", body: `[{"type":"/shipment#created"}]`, wantReason: "not a JSON object"},
		{name: "null", body: `null`, wantReason: "not a JSON object"},
		{name: "empty", body: ``, wantReason: "not a JSON object"},
		{name: "string", body: `"/shipment#created"`, wantReason: "not a JSON object"},
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
				if got != nil {
					t.Errorf("event = %+v, want nil", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("event mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPayloadErrorUnwrap(t *testing.T) {
	_, err := webhook.ParseEvent([]byte(`{"type":"/x#y","id":"no"}`))
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) {
		t.Errorf("err = %v, want it to unwrap to *json.UnmarshalTypeError", err)
	}
	if !strings.HasPrefix(err.Error(), "webhook: malformed payload: ") {
		t.Errorf("err = %q, want the package prefix", err)
	}
}

func TestEventTypeParts(t *testing.T) {
	tests := []struct {
		typ    webhook.EventType
		object string
		action string
		group  webhook.Group
		known  bool
	}{
		{webhook.ShipmentLegDeparted, "/shipment_leg", "departed", webhook.GroupActualTransit, true},
		{webhook.ShipmentLegUpdatedEstimatedTimeOfArrival, "/shipment_leg", "updated_estimated_time_of_arrival", webhook.GroupEstimatedTransit, true},
		{webhook.ContainerLegLoadedOnBoard, "/ocean/shipment_container_leg", "loaded_on_board", webhook.GroupActualTransit, true},
		{webhook.ShipmentCreated, "/shipment", "created", webhook.GroupAdministrative, true},
		{webhook.ShipmentCustomsEntryReleaseStatusReleased, "/shipment", "customs_entry_release_status_released", webhook.GroupAdministrative, true},
		{webhook.ShipmentWeatherDelay, "/shipment", "weather_delay", webhook.GroupAdministrative, true},
		{webhook.ShipmentsCommercialInvoicesDigitized, "/shipments", "commercial_invoices_digitized", webhook.GroupAdministrative, true},
		{webhook.ShipmentUpdatedCargoReadyDate, "/shipment", "updated_cargo_ready_date", webhook.GroupAdministrative, true},
		{webhook.InvoicePaymentMade, "/invoice", "invoice_payment_made", webhook.GroupInvoice, true},
		{webhook.InvoiceVoided, "/invoice", "invoice_voided", webhook.GroupInvoice, true},
		{"/invoice#something_new", "/invoice", "something_new", webhook.GroupInvoice, false},
		{"/document#uploaded", "/document", "uploaded", webhook.GroupDocument, false},
		{"/purchase_orders#updated", "/purchase_orders", "updated", webhook.GroupPurchaseOrder, false},
		{"/shipment#brand_new_milestone", "/shipment", "brand_new_milestone", "", false},
		{"no-hash", "no-hash", "", "", false},
		{"", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			if got := tt.typ.Object(); got != tt.object {
				t.Errorf("Object = %q, want %q", got, tt.object)
			}
			if got := tt.typ.Action(); got != tt.action {
				t.Errorf("Action = %q, want %q", got, tt.action)
			}
			if got := tt.typ.Group(); got != tt.group {
				t.Errorf("Group = %q, want %q", got, tt.group)
			}
			if got := tt.typ.Known(); got != tt.known {
				t.Errorf("Known = %t, want %t", got, tt.known)
			}
		})
	}
}

func TestKnownEventTypes(t *testing.T) {
	types := webhook.KnownEventTypes()
	if len(types) < 80 {
		t.Fatalf("KnownEventTypes has %d entries, want the ~90 documented ones", len(types))
	}
	seen := map[webhook.EventType]bool{}
	groups := map[webhook.Group]int{}
	for _, typ := range types {
		if seen[typ] {
			t.Errorf("%s listed twice", typ)
		}
		seen[typ] = true
		if !strings.HasPrefix(string(typ), "/") || typ.Action() == "" {
			t.Errorf("%q is not of the form /<object>#<event>", typ)
		}
		if !typ.Known() {
			t.Errorf("%s is listed but not Known", typ)
		}
		g := typ.Group()
		if g == "" {
			t.Errorf("%s has no group", typ)
		}
		groups[g]++
	}
	for _, g := range []webhook.Group{webhook.GroupEstimatedTransit, webhook.GroupActualTransit, webhook.GroupAdministrative, webhook.GroupInvoice} {
		if groups[g] == 0 {
			t.Errorf("no known type in group %q", g)
		}
	}
	types[0] = "mutated"
	if webhook.KnownEventTypes()[0] == "mutated" {
		t.Error("KnownEventTypes returns shared state")
	}
}

// TestOutsideStyleTypeComparison is how callers read the type: compared with
// an untyped string constant and with a package constant.
func TestOutsideStyleTypeComparison(t *testing.T) {
	ev, err := webhook.ParseEvent([]byte(`{"_object":"/event","id":1,"type":"/shipment_leg#departed"}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != "/shipment_leg#departed" {
		t.Errorf("Type = %q, want the untyped constant", ev.Type)
	}
	switch ev.Type {
	case webhook.ShipmentLegDeparted:
	default:
		t.Errorf("Type = %q, want webhook.ShipmentLegDeparted", ev.Type)
	}
	if ev.Group() != webhook.GroupActualTransit {
		t.Errorf("Group = %q", ev.Group())
	}
}
