package core

import "github.com/flexport-go/flexport/internal/refs"

// ObjectRef is a reference to one object of type T, as the models hold it
// (Shipment.Booking is an *ObjectRef[Booking]). Follow Link with Get, or
// call with WithExpand and read Expanded, the object itself:
//
//	s, err := c.Shipments.Get(ctx, id, core.WithExpand("booking"))
//	booking := s.GetBooking().GetExpanded()
//
// A reference decodes whether Flexport sent it plain or expanded, and
// encodes back in the form it came in.
type ObjectRef[T any] = refs.ObjectRef[T]

// CollectionRef is a reference to a list of objects of type T
// (Shipment.Legs is a *CollectionRef[ShipmentLeg]). Walk Link with List, or
// call with WithExpand and range over Expanded: an expanded list decodes
// whether Flexport sent it as a JSON array or as a collection object with
// data, and expansion nests (WithExpand("legs.container_legs")).
type CollectionRef[T any] = refs.CollectionRef[T]

// The reference types of the Core document, under their schema names.
type (
	BookingRef                         = ObjectRef[Booking]
	CommercialInvoiceRef               = ObjectRef[CommercialInvoice]
	CompanyEntityRef                   = ObjectRef[CompanyEntity]
	ContainerRef                       = ObjectRef[ShipmentContainer]
	LegRef                             = ObjectRef[ShipmentLeg]
	ProductRef                         = ObjectRef[Product]
	PurchaseOrderLineItemRef           = ObjectRef[PurchaseOrderLineItem]
	PurchaseOrderRef                   = ObjectRef[PurchaseOrder]
	ShipmentRef                        = ObjectRef[Shipment]
	BookingLineItemCollectionRef       = CollectionRef[BookingLineItem]
	CommercialInvoiceCollectionRef     = CollectionRef[CommercialInvoice]
	ContainerCollectionRef             = CollectionRef[ShipmentContainer]
	ContainerLegCollectionRef          = CollectionRef[OceanShipmentContainerLeg]
	CustomsEntryCollectionRef          = CollectionRef[CustomsEntry]
	DocumentCollectionRef              = CollectionRef[Document]
	LegCollectionRef                   = CollectionRef[ShipmentLeg]
	PurchaseOrderLineItemCollectionRef = CollectionRef[PurchaseOrderLineItem]
)
