package webhook

import (
	"encoding/json"
	"fmt"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/jsonx"
)

// ResourceKind is the "_object" of a Shipment Event Data resource.
type ResourceKind string

// Resource kinds. The documented ones are Shipment, ShipmentLeg and
// ContainerLeg; Flexport's milestone table also lists a container as the
// resource of the free-time and empty-returned events.
const (
	ResourceShipment     ResourceKind = "/shipment"
	ResourceShipmentLeg  ResourceKind = "/shipment_leg"
	ResourceContainerLeg ResourceKind = "/ocean/shipment_container_leg"
	ResourceContainer    ResourceKind = "/ocean/shipment_container"
)

// Resource is the polymorphic "resource" of Shipment Event Data. Its zero
// value means no resource.
type Resource struct {
	kind ResourceKind
	raw  json.RawMessage
}

// Kind returns the resource's "_object" ("/shipments" is reported as
// ResourceShipment), or "" for the zero Resource. Other values are kept as
// sent.
func (r Resource) Kind() ResourceKind { return r.kind }

// Raw returns the resource's JSON, or nil for the zero Resource.
func (r Resource) Raw() json.RawMessage { return r.raw }

// Shipment decodes the resource as a Shipment; the error matches
// ErrUnexpectedData if it is of another kind.
func (r Resource) Shipment() (*core.Shipment, error) {
	var v core.Shipment
	if err := r.decode(ResourceShipment, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// ShipmentLeg decodes the resource as a ShipmentLeg; the error matches
// ErrUnexpectedData if it is of another kind.
func (r Resource) ShipmentLeg() (*core.ShipmentLeg, error) {
	var v core.ShipmentLeg
	if err := r.decode(ResourceShipmentLeg, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// ContainerLeg decodes the resource as an ocean container leg; the error
// matches ErrUnexpectedData if it is of another kind.
func (r Resource) ContainerLeg() (*core.OceanShipmentContainerLeg, error) {
	var v core.OceanShipmentContainerLeg
	if err := r.decode(ResourceContainerLeg, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// Container decodes the resource as a shipment container; the error matches
// ErrUnexpectedData if it is of another kind.
func (r Resource) Container() (*core.ShipmentContainer, error) {
	var v core.ShipmentContainer
	if err := r.decode(ResourceContainer, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// newResource reads the kind of a raw resource, which must be an object.
func newResource(raw json.RawMessage) (Resource, error) {
	if !isPresent(raw) {
		return Resource{}, fmt.Errorf("%w: no resource", ErrUnexpectedData)
	}
	var w struct {
		Object string `json:"_object"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return Resource{}, fmt.Errorf("%w: resource: %w", ErrUnexpectedData, err)
	}
	kind := ResourceKind(w.Object)
	if kind == "/shipments" {
		kind = ResourceShipment
	}
	return Resource{kind: kind, raw: raw}, nil
}

// decode unmarshals the resource into v if it is of kind want.
func (r Resource) decode(want ResourceKind, v any) error {
	if r.kind != want {
		got := string(r.kind)
		if r.raw == nil {
			got = "absent"
		}
		return fmt.Errorf("%w: resource is %q, not %q", ErrUnexpectedData, got, want)
	}
	if err := jsonx.Unmarshal(r.raw, v); err != nil {
		return fmt.Errorf("%w: resource %s: %w", ErrUnexpectedData, want, err)
	}
	return nil
}
