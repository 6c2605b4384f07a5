package webhook

import (
	"errors"

	"github.com/flexport-go/flexport/internal/webhookutil"
)

// Errors returned by this package. They are matched with errors.Is; none of
// them ever carries a password, a token or payload content in its text.
var (
	// ErrMissingCredentials means the request carries no credentials of the
	// configured kind (no Basic Authorization header, or no token header).
	ErrMissingCredentials = errors.New("webhook: missing credentials")

	// ErrInvalidCredentials means the credentials do not match.
	ErrInvalidCredentials = errors.New("webhook: invalid credentials")

	// ErrPayloadTooLarge means the body exceeds the configured size limit.
	ErrPayloadTooLarge = errors.New("webhook: payload too large")

	// ErrMalformedPayload means the body is not a valid event; the error is
	// a *PayloadError.
	ErrMalformedPayload = errors.New("webhook: malformed payload")

	// ErrUnexpectedData means a typed accessor was called on an event of
	// another type, or the payload does not fit the accessor's type.
	ErrUnexpectedData = errors.New("webhook: unexpected event data")
)

// A PayloadError tells why a body is not a valid event. It matches
// ErrMalformedPayload with errors.Is, and unwraps to the underlying decoding
// error, if any.
type PayloadError struct {
	// Reason is a short description written by this package (such as
	// "invalid JSON" or "missing logisticsEventType"); it never quotes the
	// payload, so it is safe to send back or log.
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
