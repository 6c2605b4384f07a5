package webhook

import (
	"errors"
	"testing"
)

// FuzzParseEvent checks that decoding any body, and then every accessor on
// the result, never panics, and that failures are classified.
func FuzzParseEvent(f *testing.F) {
	for _, s := range []string{
		`{}`, `null`, `[]`, `{"logisticsEventType":1}`,
		`{"logisticsAccountId":"a","logisticsEventId":"e","logisticsEventType":"Order.Shipped","logisticsEventTime":"2024-05-01T10:00:00Z","id":"1","orderId":"2","externalOrderId":"3"}`,
		`{"logisticsEventType":"Parcel.TrackingUpdated","location":{"city":1}}`,
		`{"logisticsEventType":"Return.Updated","inspectedAt":"nope","id":"x"}`,
		`{"logisticsEventType":"Inventory.Adjusted","adjustments":[{"changes":[null]}]}`,
		`{"logisticsEventType":"Inbound.Received","logisticsEventId":1e400}`,
		`{"logisticsEventType":"Shipment.Created","logisticsEventTime":"2024-02-30"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseEvent(body)
		if err != nil {
			var pe *PayloadError
			if !errors.As(err, &pe) || !errors.Is(err, ErrMalformedPayload) || ev != nil {
				t.Fatalf("ParseEvent: unclassified failure (%v, %v)", ev, err)
			}
			return
		}
		if ev.Type == "" {
			t.Fatal("accepted an event without a type")
		}
		_ = ev.Type.Known()
		var anyPayload map[string]any
		check(t, ev.Decode(&anyPayload))
		for _, get := range []func() error{
			func() error { _, err := ev.Order(); return err },
			func() error { _, err := ev.Shipment(); return err },
			func() error { _, err := ev.InventoryAdjusted(); return err },
			func() error { _, err := ev.InboundReceived(); return err },
			func() error { _, err := ev.InboundShipmentStatusChanged(); return err },
			func() error { _, err := ev.ReturnUpdated(); return err },
			func() error { _, err := ev.ParcelTrackingUpdated(); return err },
		} {
			check(t, get())
		}
	})
}

// check fails unless err is nil or matches ErrUnexpectedData.
func check(t *testing.T, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, ErrUnexpectedData) {
		t.Fatalf("accessor error %v does not match ErrUnexpectedData", err)
	}
}
