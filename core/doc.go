// Package core is the client of Flexport's Core API (https://api.flexport.com,
// version 2): shipments, bookings, purchase orders, commercial invoices,
// customs entries, documents, products, the network, ocean containers and
// events.
//
// Make one Client and share it; its services group the operations:
//
//	c, err := core.NewClient(core.WithAPIKey(key)) // or WithClientCredentials
//	s, err := c.Shipments.Get(ctx, 42)
//	for s, err := range c.Shipments.List(ctx, nil) { ... }
//
// Model types are re-exported from the generated package under their schema
// names (core.Shipment, core.ShipmentLeg, core.Booking, ...), so users never
// import gen/.
//
// # Options
//
// One Option type configures a client, given to NewClient, or one call,
// given to a method (and to Get, List and ListPageAt): a knob that makes
// sense at both levels is one option, and at a call it changes that call
// only.
//
//	c, err := core.NewClient(core.WithAPIKey(key), core.WithMaxAttempts(5))
//	var info core.CallInfo
//	s, err := c.Shipments.Get(ctx, 42,
//		core.WithExpand("legs"),         // call only
//		core.WithTimeout(5*time.Second), // this call's bound
//		core.WithCallInfo(&info))        // info.RequestID, info.Attempts, info.StatusCode
//
// The documentation of Option lists which options apply where; an option
// given at a level it does not apply at is an error naming it: from
// NewClient, or from the call, before anything is sent. Package logistics
// has the same options under the same names, and a few of its own.
//
// # Errors
//
// Every failed call returns an error satisfying Error, and every error a
// List yields does too: *APIError (a status of 400 or more), *TransportError
// (no usable response), *DecodeError (a 2xx response that could not be
// decoded), *ObjectMismatchError (an object of another type than asked for)
// or *ValidationError (refused before anything was sent). errors.Is matches
// the sentinels: ErrNotFound, ErrRateLimited, ErrResponseTooLarge, ... Every
// error text starts with "core: ".
package core

import "github.com/flexport-go/flexport/internal/flextime"

// DateTime is an instant as Flexport sends it: RFC 3339 with "Z" or a
// numeric offset, with or without fractional seconds, or a bare date. It
// keeps the instant and encodes back in the form it came in.
type DateTime = flextime.DateTime

// Date is a calendar date as Flexport sends it ("2019-06-15"); it also
// accepts a full date-time.
type Date = flextime.Date
