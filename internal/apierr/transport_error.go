package apierr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
)

// TransportError is returned when a call produced no usable response: the
// connection failed on every attempt, the context expired, the rate limiter
// or token source refused, or a response body could not be read. It wraps the
// cause, so errors.Is(err, context.DeadlineExceeded) holds after a timeout.
type TransportError struct {
	// API is the API the request was sent to.
	API API
	// Method and Path identify the request; Path has no query string.
	Method, Path string
	// Op is what failed, such as "send request" or "read body".
	Op string
	// Attempts is how many attempts were made (0 if none was started).
	Attempts int
	// LastStatus is the HTTP status of the last response seen, or zero.
	LastStatus int
	// Err is the cause.
	Err error
}

// Error returns e.g. "flexport core: GET /shipments/1: send request: after 3
// attempts, last status 503: read tcp ...: connection reset by peer".
func (e *TransportError) Error() string {
	var b strings.Builder
	b.WriteString("flexport ")
	b.WriteString(e.API.String())
	b.WriteString(": ")
	if e.Method != "" {
		b.WriteString(clip(collapse(e.Method), 20))
		b.WriteByte(' ')
		b.WriteString(clip(collapse(e.Path), 200))
		b.WriteString(": ")
	}
	op := e.Op
	if op == "" {
		op = "send request"
	}
	b.WriteString(op)
	switch {
	case e.Attempts > 1 && e.LastStatus != 0:
		fmt.Fprintf(&b, ": after %d attempts, last status %d", e.Attempts, e.LastStatus)
	case e.Attempts > 1:
		fmt.Fprintf(&b, ": after %d attempts", e.Attempts)
	case e.LastStatus != 0:
		fmt.Fprintf(&b, ": status %d", e.LastStatus)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(RedactText(e.Err.Error()))
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the cause was a timeout: a context deadline or a
// network timeout.
func (e *TransportError) Timeout() bool {
	if errors.Is(e.Err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}
