// Package webhook receives Flexport Core API webhooks safely: it checks the
// signature, bounds the body, parses the Event and hands it to your code.
//
// Webhook endpoints are created in the Flexport account's Settings UI, each
// with a required secret token. Flexport signs every delivery with an
// HMAC-SHA256 of the raw body, keyed with that token, in the
// X-Hub-Signature-256 header (and with HMAC-SHA1 in the deprecated
// X-Hub-Signature header). It keeps retrying a delivery until it gets a 200.
//
// The usual entry point is [NewHandler]:
//
//	h := webhook.NewHandler(secret, func(ctx context.Context, ev *webhook.Event) error {
//		switch ev.Type {
//		case webhook.ShipmentLegDeparted:
//			data, err := ev.ShipmentData()
//			...
//		}
//		return nil
//	})
//	http.Handle("/flexport/webhook", h)
//
// [Verify] and [ParseEvent] are the two halves of the handler for callers who
// bring their own HTTP stack, and [Sign] and [NewSignedRequest] build signed
// deliveries for testing your handler.
//
// Event types are an open set: the documented milestones are constants
// ([ShipmentCreated], [ShipmentLegDeparted], [InvoicePaymentMade], ...) and
// any other type is accepted as is.
package webhook
