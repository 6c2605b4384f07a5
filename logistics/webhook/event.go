package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/flexport-go/flexport/internal/flextime"
	"github.com/flexport-go/flexport/logistics"
)

// EventType is a Logistics event type ("logisticsEventType"), such as
// "Order.Shipped". It is an open set: the constants are the documented
// types, and any other value is a valid, unknown type.
type EventType string

// Documented event types, one per webhook subscription type.
const (
	// OrderShipped means an order shipped; payload logistics.OrderEvent.
	OrderShipped EventType = "Order.Shipped"
	// OrderCancelled means an order was cancelled; payload
	// logistics.OrderEvent.
	OrderCancelled EventType = "Order.Cancelled"
	// InventoryAdjusted means inventory was adjusted; payload
	// logistics.InventoryAdjustedEvent.
	InventoryAdjusted EventType = "Inventory.Adjusted"
	// InboundReceived means inbound units were received; payload
	// logistics.InboundReceivedEvent.
	InboundReceived EventType = "Inbound.Received"
	// InboundShipmentStatusChanged means an inbound shipment changed
	// status; payload logistics.InboundShipmentStatusChangeEvent.
	InboundShipmentStatusChanged EventType = "Inbound.ShipmentStatusChanged"
	// ShipmentCreated means an outbound shipment was created; payload
	// logistics.ShipmentEvent.
	ShipmentCreated EventType = "Shipment.Created"
	// ShipmentShipped means an outbound shipment shipped; payload
	// logistics.ShipmentEvent.
	ShipmentShipped EventType = "Shipment.Shipped"
	// ShipmentCancelled means an outbound shipment was cancelled; payload
	// logistics.ShipmentEvent.
	ShipmentCancelled EventType = "Shipment.Cancelled"
	// ReturnUpdated means a return order was updated; payload
	// logistics.ReturnUpdatedEvent.
	ReturnUpdated EventType = "Return.Updated"
	// FreightTrackingUpdated means freight tracking was updated. Its payload
	// is not documented; read it with [Event.Decode].
	FreightTrackingUpdated EventType = "Freight.TrackingUpdated"
	// ParcelTrackingUpdated means a parcel's tracking was updated; payload
	// logistics.ParcelTrackingUpdatedEvent.
	ParcelTrackingUpdated EventType = "Parcel.TrackingUpdated"
)

// KnownEventTypes returns the documented event types. The slice is new on
// every call.
func KnownEventTypes() []EventType {
	return []EventType{
		OrderShipped, OrderCancelled, InventoryAdjusted, InboundReceived,
		InboundShipmentStatusChanged, ShipmentCreated, ShipmentShipped,
		ShipmentCancelled, ReturnUpdated, FreightTrackingUpdated,
		ParcelTrackingUpdated,
	}
}

// Known reports whether t is one of the documented types.
func (t EventType) Known() bool {
	switch t {
	case OrderShipped, OrderCancelled, InventoryAdjusted, InboundReceived,
		InboundShipmentStatusChanged, ShipmentCreated, ShipmentShipped,
		ShipmentCancelled, ReturnUpdated, FreightTrackingUpdated,
		ParcelTrackingUpdated:
		return true
	}
	return false
}

// An Event is one Logistics webhook delivery: the common envelope, and the
// whole payload for the typed accessors ([Event.Order],
// [Event.ParcelTrackingUpdated], ...). An accessor returns an error matching
// ErrUnexpectedData when the event is of another type or its payload does
// not fit the generated type.
type Event struct {
	// AccountID is "logisticsAccountId".
	AccountID string

	// EventID is "logisticsEventId"; Flexport may deliver the same event
	// more than once.
	EventID string

	// Type is "logisticsEventType".
	Type EventType

	// Time is "logisticsEventTime" parsed (RFC 3339 and the other forms
	// Flexport uses); zero if absent or in a form this package does not
	// read, in which case RawTime still has it.
	Time time.Time

	// RawTime is "logisticsEventTime" as sent.
	RawTime string

	// Raw is the whole payload.
	Raw json.RawMessage
}

// ParseEvent decodes body as a Logistics event. It does not check any
// credentials; use [NewHandler] or [Auth.Check] for that.
//
// The body must be a JSON object with a non-empty string
// "logisticsEventType". The other envelope fields may be absent; IDs sent as
// numbers are kept as their decimal text. Errors are *PayloadError values
// matching ErrMalformedPayload.
func ParseEvent(body []byte) (*Event, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, &PayloadError{Reason: "not a JSON object"}
	}
	var w struct {
		AccountID idString `json:"logisticsAccountId"`
		EventID   idString `json:"logisticsEventId"`
		Type      *string  `json:"logisticsEventType"`
		Time      *string  `json:"logisticsEventTime"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, &PayloadError{Reason: "invalid JSON or envelope field type", Err: err}
	}
	if w.Type == nil || *w.Type == "" {
		return nil, &PayloadError{Reason: "missing logisticsEventType"}
	}
	ev := &Event{
		AccountID: string(w.AccountID),
		EventID:   string(w.EventID),
		Type:      EventType(*w.Type),
		Raw:       json.RawMessage(bytes.Clone(body)),
	}
	if w.Time != nil {
		ev.RawTime = *w.Time
		if t, err := flextime.Parse(*w.Time); err == nil {
			ev.Time = t.Time()
		}
	}
	return ev, nil
}

// Decode unmarshals the whole payload into v, for types without an accessor
// (such as Freight.TrackingUpdated) and for unknown types. Errors match
// ErrUnexpectedData.
func (e *Event) Decode(v any) error {
	if err := json.Unmarshal(e.Raw, v); err != nil {
		return fmt.Errorf("%w: %w", ErrUnexpectedData, err)
	}
	return nil
}

// Order decodes an Order.Shipped or Order.Cancelled event.
func (e *Event) Order() (*logistics.OrderEvent, error) {
	return decodeAs[logistics.OrderEvent](e, OrderShipped, OrderCancelled)
}

// Shipment decodes a Shipment.Created, Shipment.Shipped or
// Shipment.Cancelled event.
func (e *Event) Shipment() (*logistics.ShipmentEvent, error) {
	return decodeAs[logistics.ShipmentEvent](e, ShipmentCreated, ShipmentShipped, ShipmentCancelled)
}

// InventoryAdjusted decodes an Inventory.Adjusted event.
func (e *Event) InventoryAdjusted() (*logistics.InventoryAdjustedEvent, error) {
	return decodeAs[logistics.InventoryAdjustedEvent](e, InventoryAdjusted)
}

// InboundReceived decodes an Inbound.Received event.
func (e *Event) InboundReceived() (*logistics.InboundReceivedEvent, error) {
	return decodeAs[logistics.InboundReceivedEvent](e, InboundReceived)
}

// InboundShipmentStatusChanged decodes an Inbound.ShipmentStatusChanged
// event.
func (e *Event) InboundShipmentStatusChanged() (*logistics.InboundShipmentStatusChangeEvent, error) {
	return decodeAs[logistics.InboundShipmentStatusChangeEvent](e, InboundShipmentStatusChanged)
}

// ReturnUpdated decodes a Return.Updated event.
func (e *Event) ReturnUpdated() (*logistics.ReturnUpdatedEvent, error) {
	return decodeAs[logistics.ReturnUpdatedEvent](e, ReturnUpdated)
}

// ParcelTrackingUpdated decodes a Parcel.TrackingUpdated event: tracking
// code, status, message, event time and location.
func (e *Event) ParcelTrackingUpdated() (*logistics.ParcelTrackingUpdatedEvent, error) {
	return decodeAs[logistics.ParcelTrackingUpdatedEvent](e, ParcelTrackingUpdated)
}

// decodeAs decodes the payload as a T if the event is of one of types.
func decodeAs[T any](e *Event, types ...EventType) (*T, error) {
	for _, t := range types {
		if e.Type == t {
			var v T
			if err := e.Decode(&v); err != nil {
				return nil, err
			}
			return &v, nil
		}
	}
	return nil, fmt.Errorf("%w: event type is %q, not %q", ErrUnexpectedData, e.Type, types[0])
}

// idString is a JSON string, or a number kept as its text.
type idString string

// UnmarshalJSON accepts a string, a number or null.
func (s *idString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = idString(v)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("expected a string or a number")
	}
	*s = idString(n.String())
	return nil
}
