package apierr

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DecodeError is a 2xx response the client could not turn into the call's
// result: its body is not the JSON expected, is larger than the client's
// limit (ErrResponseTooLarge), lacks the envelope's data, or holds an
// object of another type than asked for; or, in a List walk, a page made
// only of items already yielded. Err says which; errors.Is and errors.As
// reach it.
type DecodeError struct {
	// API is the API the request was sent to.
	API API
	// Method and Path identify the request; Path has no query string.
	Method, Path string
	// Status is the response's HTTP status.
	Status int
	// CorrelationID is the response's request id (see RequestID), or "".
	CorrelationID string
	// Err is the cause.
	Err error
}

// NewDecodeError returns the DecodeError of resp, a 2xx response of api,
// caused by err.
func NewDecodeError(api API, resp *http.Response, err error) *DecodeError {
	e := &DecodeError{API: api, Status: resp.StatusCode, CorrelationID: RequestIDFrom(resp.Header), Err: err}
	e.Method, e.Path = requestLine(resp.Request)
	return e
}

// Error returns e.g. "core: GET /shipments/1: decode 200 response: unexpected
// end of JSON input (request id abc)".
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString(e.API.String())
	b.WriteString(": ")
	writeRequest(&b, e.Method, e.Path)
	b.WriteString("decode ")
	b.WriteString(strconv.Itoa(e.Status))
	b.WriteString(" response")
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(RedactText(e.Err.Error()))
	}
	if e.CorrelationID != "" {
		b.WriteString(" (request id ")
		b.WriteString(e.CorrelationID)
		b.WriteByte(')')
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// StatusCode returns e.Status.
func (e *DecodeError) StatusCode() int { return e.Status }

// RequestID returns e.CorrelationID.
func (e *DecodeError) RequestID() string { return e.CorrelationID }

// Retryable returns false: the same response would fail the same way.
func (e *DecodeError) Retryable() bool { return false }

// RetryAfter returns zero.
func (e *DecodeError) RetryAfter() time.Duration { return 0 }

// ValidationError is a call the client refused before sending anything: a
// required argument or body field is missing or invalid, a link is neither
// a URL nor a path, or an option does not apply to calls or is given an
// invalid value. A List walk that would not end also stops with one, before
// requesting a page again (ErrPaginationLoop) or beyond its page limit
// (ErrTooManyPages). Err says which.
type ValidationError struct {
	// API is the API the call was for.
	API API
	// Op is what was refused: the call ("Bookings.Create") or the request
	// ("GET /shipments"); empty when the cause names it.
	Op string
	// Err is the cause.
	Err error
}

// Error returns e.g. "core: Bookings.Create: missing Name".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(e.API.String())
	b.WriteString(": ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(RedactText(e.Err.Error()))
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *ValidationError) Unwrap() error { return e.Err }

// StatusCode returns zero: nothing was sent.
func (e *ValidationError) StatusCode() int { return 0 }

// RequestID returns "": nothing was sent.
func (e *ValidationError) RequestID() string { return "" }

// Retryable returns false: the same call would be refused again.
func (e *ValidationError) Retryable() bool { return false }

// RetryAfter returns zero.
func (e *ValidationError) RetryAfter() time.Duration { return 0 }
