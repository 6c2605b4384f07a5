// Package logistics is the client of Flexport's Logistics API
// (https://logistics-api.flexport.com/logistics/api/2023-10): bundles,
// inbounds, products, orders, parcels, freight, returns, reports, events and
// webhooks.
//
// Make one Client and share it; its services group the operations:
//
//	c, err := logistics.NewClient(logistics.WithToken(os.Getenv("FLEXPORT_LOGISTICS_TOKEN")))
//	order, err := c.Orders.Create(ctx, &logistics.CreateOrderInput{...})
//	for p, err := range c.Products.List(ctx, nil) { ... }
//
// Every operation of the 2023-10 document has a method, documented with the
// operation's summary, description, HTTP method and path (services.gen.go is
// generated from the curated document and openapi/logistics/services.yaml). Model types are
// re-exported from the generated package under their schema names, so users
// never import gen/.
//
// # Credentials
//
// A portal API token or the token of a partner OAuth exchange (neither
// expires) goes to WithToken; any oauth2.TokenSource to WithTokenSource.
// Client.OAuth builds the authorization URL and exchanges the code for
// partner applications (see auth.LogisticsOAuth).
//
// # Retries and idempotency
//
// Every POST and PATCH carries an idempotency-key: a UUID v4 per call, the
// same on each of its attempts, or yours with WithIdempotencyKey. So writes
// are retried like reads after connection failures, 408, 429 and 502-504
// (500 too with WithRetry500), waiting for Retry-After. WithCallInfo reports
// the attempts, the x-correlation-id, the key sent, and whether Flexport
// replayed a stored response (idempotent-replayed). How long Flexport keeps
// keys is not documented.
//
// # Options
//
// One Option type configures a client, given to NewClient, or one call,
// given to a method: a knob that makes sense at both levels is one option,
// and at a call it changes that call only.
//
//	c, err := logistics.NewClient(logistics.WithToken(token), logistics.WithMaxAttempts(5))
//	var info logistics.CallInfo
//	order, err := c.Orders.Create(ctx, body,
//		logistics.WithIdempotencyKey(externalID), // call only
//		logistics.WithTimeout(10*time.Second),    // this call's bound
//		logistics.WithCallInfo(&info))            // attempts, request id, replay
//
// The documentation of Option lists which options apply where; an option
// given at a level it does not apply at is an error naming it. Package
// core has the same options under the same names, and a few of its own.
//
// # Errors
//
// Every failed call returns an error satisfying Error, and every error a
// List yields does too: an *APIError for a refused call (the
// application/problem+json body: Type, Title, Detail, Instance, a six-digit
// Code for some errors, and the x-correlation-id); a *TransportError for a
// call without a usable response; a *DecodeError for a 2xx response that
// could not be decoded; a *ValidationError for a call refused before
// anything was sent. errors.Is matches an *APIError against ErrNotFound,
// ErrLocked (the portal account is frozen), ErrRateLimited and the other
// sentinels. Every error text starts with "logistics: ". Tokens never
// appear in errors or logs.
//
// # Pagination
//
// Each list operation has List, an iterator over every item of every page
// (stop ranging to stop fetching), and ListPage, one page with where the
// next one is (Page). Webhooks.List gets every webhook in one response; the
// other lists page in one of three ways:
//
//   - limit/offset (Products.List, Products.ListInventory): documented;
//     List starts at params.Offset and ends on an empty page.
//   - page_info (Returns.List, Events.List): Flexport's documentation does
//     not say where the next page_info comes from. Production code observes
//     it in the response's Link header (`<...?page_info=abc>; rel="next"`,
//     Shopify's convention, which the API inherits from Deliverr's), so List
//     reads it from there and sends it with the caller's other parameters;
//     it ends on a page without such a link or an empty page. Only the
//     page_info of the link is used, never its host. ListPage and
//     Page.NextPageInfo let you page by hand.
//   - cursor (Freight.ListOrders, Freight.ListQuotes): a numeric cursor and
//     a direction, with no next cursor in the response. List sends the id
//     of each page's last item as the next cursor (keyset pagination;
//     UNCONFIRMED: no source shows how Flexport means the cursor to be
//     used) and ends on an empty page or a page shorter than an earlier
//     one.
//
// The page size, params.Limit, is at most MaxLimit (100): Flexport answers
// 400 to larger pages, so a larger Limit is sent as MaxLimit and List simply
// makes more requests. Unset, Flexport's default applies (20 for products
// and inventory, 100 for events).
//
// List yields ErrPaginationLoop and stops when the next page would repeat
// one already read (a page_info or cursor seen before, or the same page
// twice in a row), so a server that ignores the parameter cannot make it
// loop. An error fetching a page is yielded once, and ends the walk.
package logistics
