package webhookutil

import "errors"

// PayloadText is the text of a webhook package's PayloadError: the text of
// malformed (its ErrMalformedPayload), ": " and the reason, followed by ": "
// and the text of cause when there is one.
func PayloadText(malformed error, reason string, cause error) string {
	s := malformed.Error() + ": " + reason
	if cause != nil {
		s += ": " + cause.Error()
	}
	return s
}

// PayloadUnwrap is what a webhook package's PayloadError unwraps to:
// malformed (its ErrMalformedPayload), and cause when there is one.
func PayloadUnwrap(malformed, cause error) []error {
	if cause == nil {
		return []error{malformed}
	}
	return []error{malformed, cause}
}

// MalformedReason is the answer to a body the event parser refused with
// err: "malformed payload", followed by ": " and the reason of the first P
// in err's chain when there is one (reason extracts it).
func MalformedReason[P error](err error, reason func(P) string) string {
	s := "malformed payload"
	var pe P
	if errors.As(err, &pe) {
		s += ": " + reason(pe)
	}
	return s
}
