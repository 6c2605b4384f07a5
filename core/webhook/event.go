package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/jsonx"
)

// EventObject is the "_object" of a webhook Event.
const EventObject = "/event"

// An Event is one webhook delivery: a milestone, invoice, document or
// purchase order event.
type Event struct {
	// Object is the payload's "_object", normally "/event" ([EventObject]);
	// empty if the payload omits it.
	Object string

	// ID identifies the event; Flexport may deliver the same ID more than
	// once. Zero if the payload omits it.
	ID int64

	// Type is the event type, "/<object>#<event>", such as
	// "/shipment_leg#departed". Unknown types are kept as sent.
	Type EventType

	// Version is the API version the payload was rendered with.
	Version int

	// CreatedAt is when Flexport created the event and OccurredAt when the
	// milestone happened. They accept every form core.DateTime does (RFC
	// 3339 with or without fraction or offset, or a bare date) and are zero
	// when absent or null.
	CreatedAt  time.Time
	OccurredAt time.Time

	// Data is the raw "data" object, or nil if absent or null. For transit
	// and administrative milestones it is a Shipment Event Data object,
	// decoded by [Event.ShipmentData]. Its shape for invoice, document and
	// purchase order events is not documented; see [Event.Invoice],
	// [Event.Document], [Event.PurchaseOrder] and [Event.DecodeData].
	Data json.RawMessage
}

// EventType is an event's type, "/<object>#<event>" such as
// "/shipment_leg#departed". It is an open set: the constants are the types
// Flexport documents, and any other value is a valid, unknown type.
type EventType string

// Object returns the part of t before "#", such as "/shipment_leg", or all
// of t if it has no "#".
func (t EventType) Object() string {
	s := string(t)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return s[:i]
	}
	return s
}

// Action returns the part of t after "#", such as "departed", or "" if it
// has no "#".
func (t EventType) Action() string {
	s := string(t)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return s[i+1:]
	}
	return ""
}

// Group is a milestone group, as Flexport's milestone table arranges event
// types.
type Group string

// Milestone groups.
const (
	GroupEstimatedTransit Group = "Estimated Transit"
	GroupActualTransit    Group = "Actual Transit"
	GroupAdministrative   Group = "Administrative"
	GroupInvoice          Group = "Invoice"
	GroupDocument         Group = "Document"
	GroupPurchaseOrder    Group = "PurchaseOrder"
)

// ParseEvent decodes body as an Event. It does not check any signature; use
// [Verify] first, or [NewHandler], which does both.
//
// The body must be a JSON object with a non-empty string "type". An
// "_object" other than "/event" is rejected, since the body is then some
// other Flexport object. Unknown fields are ignored. Errors are *PayloadError
// values matching ErrMalformedPayload.
func ParseEvent(body []byte) (*Event, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, &PayloadError{Reason: "not a JSON object"}
	}
	var w struct {
		Object     *string         `json:"_object"`
		ID         *int64          `json:"id"`
		Type       *string         `json:"type"`
		Version    *int            `json:"version"`
		CreatedAt  *core.DateTime  `json:"created_at"`
		OccurredAt *core.DateTime  `json:"occurred_at"`
		Data       json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, &PayloadError{Reason: "invalid JSON or field type", Err: err}
	}
	ev := &Event{}
	if w.Object != nil {
		if *w.Object != EventObject {
			return nil, &PayloadError{Reason: `"_object" is not "/event"`}
		}
		ev.Object = *w.Object
	}
	if w.Type == nil || *w.Type == "" {
		return nil, &PayloadError{Reason: `missing "type"`}
	}
	ev.Type = EventType(*w.Type)
	if w.ID != nil {
		ev.ID = *w.ID
	}
	if w.Version != nil {
		ev.Version = *w.Version
	}
	if w.CreatedAt != nil {
		ev.CreatedAt = w.CreatedAt.Time()
	}
	if w.OccurredAt != nil {
		ev.OccurredAt = w.OccurredAt.Time()
	}
	if len(w.Data) > 0 && !bytes.Equal(w.Data, []byte("null")) {
		ev.Data = w.Data
	}
	return ev, nil
}

// Group returns the milestone group of the event's type; see
// [EventType.Group].
func (e *Event) Group() Group { return e.Type.Group() }

// DataObject returns the "_object" of the event's data, such as
// "/shipment_event_data", or "" if the data is absent, not an object or
// has no "_object".
func (e *Event) DataObject() string {
	var w struct {
		Object string `json:"_object"`
	}
	if json.Unmarshal(e.Data, &w) != nil {
		return ""
	}
	return w.Object
}

// DecodeData unmarshals the event's data into v. It returns an error
// matching ErrUnexpectedData if there is no data or it does not fit v.
func (e *Event) DecodeData(v any) error {
	if len(e.Data) == 0 {
		return fmt.Errorf("%w: event %s has no data", ErrUnexpectedData, e.Type)
	}
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("%w: %w", ErrUnexpectedData, err)
	}
	return nil
}

// ShipmentEventDataObject is the "_object" of a Shipment Event Data object.
const ShipmentEventDataObject = "/shipment_event_data"

// ShipmentEventData is the data of transit and administrative milestones:
// the resource the milestone is about, its shipment, where it happened and
// the containers involved.
type ShipmentEventData struct {
	// Object is the data's "_object", normally "/shipment_event_data".
	Object string

	// Resource is the Shipment, ShipmentLeg or container leg the event is
	// about, chosen by its "_object".
	Resource Resource

	// Shipment is the shipment the event belongs to, or nil.
	Shipment *core.Shipment

	// Location is where the milestone happened, or nil (it is null for many
	// shipment-level events).
	Location *core.ShipmentNode

	// Containers are the containers involved; empty for shipment-level
	// events.
	Containers []core.ShipmentContainer
}

// ShipmentData decodes the event's data as Shipment Event Data. The data
// must be an object whose "_object" is "/shipment_event_data", or, if it has
// no "_object", one with a "resource" or "shipment"; otherwise the error
// matches ErrUnexpectedData.
func (e *Event) ShipmentData() (*ShipmentEventData, error) {
	if len(e.Data) == 0 {
		return nil, fmt.Errorf("%w: event %s has no data", ErrUnexpectedData, e.Type)
	}
	var w struct {
		Object     *string                  `json:"_object"`
		Resource   json.RawMessage          `json:"resource"`
		Shipment   *core.Shipment           `json:"shipment"`
		Location   *core.ShipmentNode       `json:"location"`
		Containers []core.ShipmentContainer `json:"containers"`
	}
	if err := jsonx.Unmarshal(e.Data, &w); err != nil {
		return nil, fmt.Errorf("%w: shipment event data: %w", ErrUnexpectedData, err)
	}
	d := &ShipmentEventData{Shipment: w.Shipment, Location: w.Location, Containers: w.Containers}
	switch {
	case w.Object != nil && *w.Object == ShipmentEventDataObject:
		d.Object = *w.Object
	case w.Object == nil && (isPresent(w.Resource) || w.Shipment != nil):
	default:
		return nil, fmt.Errorf("%w: data of event %s is %s, not shipment event data", ErrUnexpectedData, e.Type, describeObject(w.Object))
	}
	if isPresent(w.Resource) {
		r, err := newResource(w.Resource)
		if err != nil {
			return nil, err
		}
		d.Resource = r
	}
	return d, nil
}

// Invoice decodes the invoice an invoice event is about. Flexport does not
// document the data of invoice events, so it accepts either data that is
// itself an "/invoice" object or data whose "resource" is one; otherwise the
// error matches ErrUnexpectedData.
func (e *Event) Invoice() (*core.Invoice, error) {
	var v core.Invoice
	if err := e.decodeObject("/invoice", &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// Document decodes the document a document event is about, from data that
// is a "/document" object or has one as its "resource" (the data of document
// events is not documented); otherwise the error matches ErrUnexpectedData.
func (e *Event) Document() (*core.Document, error) {
	var v core.Document
	if err := e.decodeObject("/document", &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// PurchaseOrder decodes the purchase order a purchase order event is about,
// from data that is a "/purchase_order" object or has one as its "resource"
// (the data of purchase order events is not documented); otherwise the
// error matches ErrUnexpectedData.
func (e *Event) PurchaseOrder() (*core.PurchaseOrder, error) {
	var v core.PurchaseOrder
	if err := e.decodeObject("/purchase_order", &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// decodeObject decodes into v the data, or the data's resource, whose
// "_object" is want.
func (e *Event) decodeObject(want string, v any) error {
	if len(e.Data) == 0 {
		return fmt.Errorf("%w: event %s has no data", ErrUnexpectedData, e.Type)
	}
	var w struct {
		Object   *string         `json:"_object"`
		Resource json.RawMessage `json:"resource"`
	}
	if err := json.Unmarshal(e.Data, &w); err != nil {
		return fmt.Errorf("%w: %w", ErrUnexpectedData, err)
	}
	raw := e.Data
	if w.Object == nil || *w.Object != want {
		r, err := newResource(w.Resource)
		if err != nil || string(r.Kind()) != want {
			return fmt.Errorf("%w: data of event %s is %s, not %s", ErrUnexpectedData, e.Type, describeObject(w.Object), want)
		}
		raw = r.raw
	}
	if err := jsonx.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrUnexpectedData, want, err)
	}
	return nil
}

// isPresent reports whether raw holds a JSON value other than null.
func isPresent(raw json.RawMessage) bool {
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

// describeObject renders an optional "_object" for error messages.
func describeObject(obj *string) string {
	if obj == nil {
		return "an object without _object"
	}
	return fmt.Sprintf("%q", *obj)
}
