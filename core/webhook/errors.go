package webhook

import (
	"errors"

	"github.com/flexport-go/flexport/internal/webhookutil"
)

// Errors returned by this package. They are matched with errors.Is; none of
// them ever carries a secret, a signature or payload content in its text.
var (
	// ErrMissingSignature means the request carries no signature header the
	// verifier accepts (or an empty one).
	ErrMissingSignature = errors.New("webhook: missing signature")

	// ErrInvalidSignature means a signature is present but malformed or does
	// not match the body under any of the configured secrets.
	ErrInvalidSignature = errors.New("webhook: invalid signature")

	// ErrNoSecret means verification was asked for with no non-empty secret.
	ErrNoSecret = errors.New("webhook: no secret configured")

	// ErrPayloadTooLarge means the body exceeds the configured size limit.
	ErrPayloadTooLarge = errors.New("webhook: payload too large")

	// ErrMalformedPayload means the body is not a valid Event; the error is
	// a *PayloadError.
	ErrMalformedPayload = errors.New("webhook: malformed payload")

	// ErrUnexpectedData means an event's data does not have the shape a
	// typed accessor asked for (for example ShipmentData on an invoice
	// event, or Resource.ShipmentLeg on a Shipment resource).
	ErrUnexpectedData = errors.New("webhook: unexpected event data")
)

// A PayloadError tells why a body is not a valid Event. It matches
// ErrMalformedPayload with errors.Is, and unwraps to the underlying decoding
// error, if any.
type PayloadError struct {
	// Reason is a short description written by this package (such as
	// "invalid JSON" or "missing type"); it never quotes the payload, so
	// it is safe to send back or log.
	Reason string

	// Err is the underlying error, or nil. Its text may quote parts of the
	// payload.
	Err error
}

// Error returns "webhook: malformed payload: " and the reason, followed by
// the underlying error if there is one.
func (e *PayloadError) Error() string {
	return webhookutil.PayloadText(ErrMalformedPayload, e.Reason, e.Err)
}

// Unwrap returns ErrMalformedPayload and the underlying error.
func (e *PayloadError) Unwrap() []error {
	return webhookutil.PayloadUnwrap(ErrMalformedPayload, e.Err)
}
