// Package logisticstest is a fake of Flexport's Logistics API (2023-10)
// for tests, as net/http/httptest is for HTTP: a stateful server on a
// loopback port, built from the curated OpenAPI document the SDK is
// generated from, with a deterministic data set. It needs no credentials
// and no network.
//
//	srv := logisticstest.NewServer(t)
//	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken(srv.Token))
//	for p, err := range c.Products.List(ctx, nil) { ... }
//
// # What it serves
//
// Every operation of the document, under APIRoot, routed by operation id:
// orders (create, get by id or external id, cancel, retry), products and
// inventory, bundles, inbound shipments with their quotes and documents,
// returns, events, freight orders and quotes, parcels, reports, webhook
// subscriptions, and the partner OAuth flow. Objects are made from the
// document's schemas and the request (what you create is what you get
// back), and kept: a created order is then got and cancelled.
//
// Lists paginate as the API does: products and inventory with limit
// (default 20) and offset, ending on an empty page; returns and events
// with page_info, the next one in the response's Link header
// (<...?page_info=...>; rel="next"); freight orders and quotes with a
// numeric cursor (the last id seen) and a direction. A limit above
// MaxLimit gets 400.
//
// # Requests and errors
//
// Every request is validated against the curated document first: a
// malformed call gets 400 naming the parameter or body field and what is
// wrong with it. Errors are application/problem+json (type, title,
// status, detail, instance), with Flexport's six-digit code where it has
// one: 407001 for retrying an order that is not in error, 405001 to
// 405005 for the OAuth flow. Every response carries an x-correlation-id.
// The bearer token is Server.Token (or one the OAuth exchange issued);
// anything else gets 401.
//
// # Idempotency
//
// POST and PATCH requests with an idempotency-key header are kept for 24
// hours per token and key: the same key with the same operation and body
// replays the first response, with "idempotent-replayed: true", and does
// nothing again. The same key with another operation or body gets 422
// (as Stripe does: a key names one request), and a key whose first
// request is still being handled gets 409. A 5xx response is not kept.
//
// # Webhooks and events
//
// Subscriptions created with POST /webhooks receive the events of their
// type, with Basic or token-header authentication as they ask, retried
// with backoff on a non-2xx answer, at most 5 times. Emit records and
// delivers an event; cancelling an order emits Order.Cancelled and
// cancelling a return Return.Updated. GET /events lists them all.
// Subscription URLs must be https, as Flexport requires: see
// WithWebhookClient.
//
// # OAuth
//
// GET /oauth/authorize approves at once: it redirects (301) to the
// redirect URI with a code, which POST /oauth/token exchanges once for a
// token that never expires and that the fake then accepts. The client id
// is DefaultOAuthClientID (see WithOAuthClient) or "identity".
//
// # Faults
//
// WithLatency, WithFaults and WithFaultRate inject latency, 429s with
// Retry-After, 5xx statuses, connection resets and slow bodies,
// deterministically from the seed, as in coretest.
package logisticstest
