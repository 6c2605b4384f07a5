package webhook_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flexport-go/flexport/core/webhook"
)

// TestEventGroups parses the events in testdata, written for these tests,
// one or more per documented milestone group, and reads each one's data with
// the accessor that fits its group.
func TestEventGroups(t *testing.T) {
	tests := []struct {
		file  string
		typ   webhook.EventType
		group webhook.Group
		check func(t *testing.T, ev *webhook.Event)
	}{
		{
			file: "estimated_transit.json", typ: webhook.ShipmentLegUpdatedEstimatedTimeOfArrival, group: webhook.GroupEstimatedTransit,
			check: func(t *testing.T, ev *webhook.Event) {
				d := shipmentData(t, ev)
				leg, err := d.Resource.ShipmentLeg()
				if err != nil {
					t.Fatal(err)
				}
				if leg.ID != 5501 || leg.EstimatedArrivalDate == nil || leg.EstimatedArrivalDate.Time().UTC().Hour() != 15 {
					t.Errorf("leg = %+v", leg)
				}
				if d.Location == nil || d.Location.Place == nil || d.Location.Place.Name == nil || *d.Location.Place.Name != "Port of Oakland" {
					t.Errorf("location = %+v", d.Location)
				}
				if d.Shipment == nil || d.Shipment.ID != 4401 {
					t.Errorf("shipment = %+v", d.Shipment)
				}
			},
		},
		{
			file: "actual_transit.json", typ: webhook.ContainerLegLoadedOnBoard, group: webhook.GroupActualTransit,
			check: func(t *testing.T, ev *webhook.Event) {
				d := shipmentData(t, ev)
				leg, err := d.Resource.ContainerLeg()
				if err != nil {
					t.Fatal(err)
				}
				if leg.ID != 7701 {
					t.Errorf("container leg id = %d", leg.ID)
				}
				if len(d.Containers) != 1 || d.Containers[0].ContainerNumber == nil || *d.Containers[0].ContainerNumber != "TEST1234567" {
					t.Errorf("containers = %+v", d.Containers)
				}
			},
		},
		{
			file: "administrative.json", typ: webhook.ShipmentCreated, group: webhook.GroupAdministrative,
			check: func(t *testing.T, ev *webhook.Event) {
				d := shipmentData(t, ev)
				s, err := d.Resource.Shipment()
				if err != nil {
					t.Fatal(err)
				}
				if s.ID != 4403 || d.Location != nil || len(d.Containers) != 0 {
					t.Errorf("shipment = %+v, location = %v, containers = %v", s, d.Location, d.Containers)
				}
				if !ev.CreatedAt.Equal(mustTime(t, "2024-03-07T00:00:00Z")) {
					t.Errorf("date-only created_at = %v", ev.CreatedAt)
				}
			},
		},
		{
			file: "administrative_exception.json", typ: webhook.ShipmentWeatherDelay, group: webhook.GroupAdministrative,
			check: func(t *testing.T, ev *webhook.Event) {
				if _, err := shipmentData(t, ev).Resource.Shipment(); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			file: "invoice.json", typ: webhook.InvoicePaymentMade, group: webhook.GroupInvoice,
			check: func(t *testing.T, ev *webhook.Event) {
				if _, err := ev.Invoice(); err != nil {
					t.Fatal(err)
				}
				if _, err := ev.ShipmentData(); err == nil {
					t.Error("ShipmentData accepted invoice data")
				}
			},
		},
		{
			file: "document.json", typ: "/document#test_document_event", group: webhook.GroupDocument,
			check: func(t *testing.T, ev *webhook.Event) {
				doc, err := ev.Document()
				if err != nil {
					t.Fatal(err)
				}
				if doc.ID != "DOC-TEST-1" {
					t.Errorf("document id = %q", doc.ID)
				}
			},
		},
		{
			file: "purchase_order.json", typ: "/purchase_order#test_purchase_order_event", group: webhook.GroupPurchaseOrder,
			check: func(t *testing.T, ev *webhook.Event) {
				if _, err := ev.PurchaseOrder(); err != nil {
					t.Fatal(err)
				}
			},
		},
	}
	covered := map[webhook.Group]bool{}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			ev, err := webhook.ParseEvent(body)
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if ev.Type != tt.typ || ev.Group() != tt.group || ev.Object != webhook.EventObject || ev.ID == 0 || ev.Version != 2 {
				t.Errorf("event = %+v (group %q), want type %q in group %q", ev, ev.Group(), tt.typ, tt.group)
			}
			if ev.CreatedAt.IsZero() || ev.OccurredAt.IsZero() {
				t.Errorf("times not parsed: %v, %v", ev.CreatedAt, ev.OccurredAt)
			}
			tt.check(t, ev)
			covered[tt.group] = true
		})
	}
	for _, g := range []webhook.Group{
		webhook.GroupEstimatedTransit, webhook.GroupActualTransit, webhook.GroupAdministrative,
		webhook.GroupInvoice, webhook.GroupDocument, webhook.GroupPurchaseOrder,
	} {
		if !covered[g] {
			t.Errorf("no test event for group %q", g)
		}
	}
}

func shipmentData(t *testing.T, ev *webhook.Event) *webhook.ShipmentEventData {
	t.Helper()
	d, err := ev.ShipmentData()
	if err != nil {
		t.Fatalf("ShipmentData: %v", err)
	}
	if d.Object != webhook.ShipmentEventDataObject {
		t.Errorf("data _object = %q", d.Object)
	}
	return d
}
