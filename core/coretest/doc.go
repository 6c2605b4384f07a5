// Package coretest is a fake of Flexport's Core API (version 2) for tests,
// as net/http/httptest is for HTTP: a stateful server on a loopback port,
// built from the curated OpenAPI document the SDK is generated from, with
// a deterministic, realistic data set. It needs no credentials and no
// network.
//
//	srv := coretest.NewServer(t, coretest.WithShipments(50))
//	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey(srv.APIKey))
//	for s, err := range c.Shipments.List(ctx, nil) { ... }
//
// # What it serves
//
// Every operation of the curated document, routed by operation id:
//
//   - Lists with page and per (default 10, at most 100), total_count, and
//     next and prev as absolute URLs; the list filters (f.shipment.id,
//     f.status, f.updated_at.gt, f.statuses.any, f.archived_at.exists,
//     f.metadata.KEY, ...), sort and direction; expand (comma-separated,
//     nested with dots: an expanded object ref becomes the object, an
//     expanded collection ref a JSON array of objects).
//   - Objects that refer to each other with real refs and links on the
//     server's own address: shipments with legs, ocean containers and
//     container legs, bookings and booking line items, purchase orders and
//     their line items, commercial invoices, customs entries, documents
//     (with content), products, the network (companies, entities, contacts,
//     locations), ports, freight invoices and events.
//   - Writes that change state: a booking created is then listed and got;
//     a shipment patched is got as patched; a document uploaded (base64) is
//     downloaded byte for byte; PATCH /commercial_invoices finds the
//     invoice by the invoice_number of the body.
//   - Errors in the response envelope, data null, with Flexport's error
//     object: {"_object": "/api/error", "status": 404, "code": "not_found",
//     "message": "..."}.
//
// Every request is validated against the curated document first: a
// malformed call gets 400 with code "invalid_request" and a message that
// names the parameter or the body field and what is wrong with it, so a
// test catches it.
//
// # Credentials
//
// The API key (Server.APIKey) is accepted as a bearer token, and so is an
// access token of POST /oauth/token, which takes a JSON body with
// client_id, client_secret, audience ("https://api.flexport.com") and
// grant_type "client_credentials", as Flexport documents it, and answers
// a JWT that expires after 24 hours (expires_in 86400). Like Flexport, it
// grants at most 10 token requests per client id in any rolling day: the
// 11th gets 429 with Retry-After. A wrong secret gets 401; so does an API
// call with an unknown or expired token.
//
// # Data
//
// The data set is a function of the seed (WithSeed) and the number of
// shipments (WithShipments): the same options give the same data, byte
// for byte, on any day (its dates are placed around 2 June 2025). Objects
// created through the API get ids above the generated ones and dates from
// the clock (WithClock).
//
// # Webhooks and events
//
// RegisterWebhook (or WithWebhook) adds an endpoint; Emit records an event
// and delivers its /event payload, signed as Flexport signs them
// (X-Hub-Signature-256: "sha256=" and the hex HMAC-SHA256 of the body), and
// retried with backoff on a non-2xx answer, at most 5 times. Writes emit
// events too, delivered in the background: "/document#uploaded" for
// POST /documents and "/shipment#updated" for PATCH /shipments/{id}. GET
// /events lists the generated milestones and every event emitted since.
//
// # Faults
//
// WithLatency delays every response. WithFaults injects 429s with
// Retry-After, 5xx statuses, connection resets and slow bodies, for chosen
// operations and requests or at a rate; WithFaultRate is the short form.
// Which requests fail is decided by the seed, so a failing test fails the
// same way again.
//
// For use without a testing.TB (a server of your own, another language's
// tests), NewHandler returns the same fake as an http.Handler; see also
// examples/mockserver.
package coretest
