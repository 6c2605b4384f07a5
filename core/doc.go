// Package core is the client of Flexport's Core API (https://api.flexport.com,
// version 2): shipments, bookings, purchase orders, commercial invoices,
// customs entries, documents, products, the network, ocean containers and
// events.
//
// Model types are re-exported from the generated package under their schema
// names (core.Shipment, core.ShipmentLeg, core.Booking, ...), so users never
// import gen/.
package core

import "github.com/flexport-go/flexport/internal/flextime"

// DateTime is an instant as Flexport sends it: RFC 3339 with "Z" or a
// numeric offset, with or without fractional seconds, or a bare date. It
// keeps the instant and encodes back in the form it came in.
type DateTime = flextime.DateTime

// Date is a calendar date as Flexport sends it ("2019-06-15"); it also
// accepts a full date-time.
type Date = flextime.Date
