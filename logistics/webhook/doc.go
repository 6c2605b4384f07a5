// Package webhook receives Flexport Logistics API webhooks: it checks the
// credentials configured on the webhook subscription, bounds the body,
// parses the event and hands it to your code.
//
// Logistics webhooks are not signed. A subscription (created with the
// Logistics API's create-webhook endpoint) instead names how Flexport
// authenticates to you: authMethod NONE, BASIC_AUTH (a username and
// password) or TOKEN (a token sent in a header you name). Build the matching
// [Auth] with [BasicAuth], [TokenAuth] or, only for testing, [NoAuth], and
// pass it to [NewHandler]:
//
//	h := webhook.NewHandler(webhook.TokenAuth("X-Webhook-Token", token),
//		func(ctx context.Context, ev *webhook.Event) error {
//			switch ev.Type {
//			case webhook.ParcelTrackingUpdated:
//				p, err := ev.ParcelTrackingUpdated()
//				...
//			}
//			return nil
//		})
//
// Every payload is a flat JSON object with a common envelope
// (logisticsAccountId, logisticsEventId, logisticsEventType,
// logisticsEventTime) plus fields that depend on the type; [Event] holds the
// envelope and the raw payload, and typed accessors decode the rest into the
// logistics package's generated event types. Flexport sends with POST or PUT
// (as the subscription says) and expects a 200.
package webhook
