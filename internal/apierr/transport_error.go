package apierr

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"
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
	// CorrelationID is the request id of the last response seen, or "".
	CorrelationID string
	// Err is the cause.
	Err error
}

// Error returns e.g. "core: GET /shipments/1: send request: after 3
// attempts, last status 503: read tcp ...: connection reset by peer".
func (e *TransportError) Error() string {
	var b strings.Builder
	b.WriteString(e.API.String())
	b.WriteString(": ")
	writeRequest(&b, e.Method, e.Path)
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
func (e *TransportError) Timeout() bool { return IsTimeout(e.Err) }

// StatusCode returns e.LastStatus: zero unless a response came back whose
// body could not be read.
func (e *TransportError) StatusCode() int { return e.LastStatus }

// RequestID returns e.CorrelationID.
func (e *TransportError) RequestID() string { return e.CorrelationID }

// Retryable reports whether the same call may succeed if made again: the
// cause was a timeout or a broken connection, or the last status was
// transient; never after a cancellation, a refused redirect or a body over
// the limit.
func (e *TransportError) Retryable() bool {
	switch {
	case errors.Is(e.Err, context.Canceled), errors.Is(e.Err, ErrInsecureRedirect), errors.Is(e.Err, ErrResponseTooLarge):
		return false
	case e.Timeout(), IsRetryableStatus(e.LastStatus):
		return true
	}
	return IsTransient(e.Err)
}

// IsTimeout reports whether err is a timeout: a context deadline or a
// network timeout. The transport charges a retry after one more.
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// IsTransient reports whether a connection error may go away on its own: a
// reset, refused or aborted connection, an unexpected EOF, a broken pipe or
// another net.Error. Certificate problems do not, whatever wraps them. The
// transport retries after a transient error, and TransportError.Retryable
// reports one.
func IsTransient(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	if errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) {
		return false
	}
	for _, target := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET,
		syscall.ECONNABORTED, syscall.ECONNREFUSED, syscall.EPIPE} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ne net.Error
	return errors.As(err, &ne)
}

// RetryAfter returns zero: no response asked for a delay.
func (e *TransportError) RetryAfter() time.Duration { return 0 }

// writeRequest writes "METHOD path: " when there is a method.
func writeRequest(b *strings.Builder, method, path string) {
	if method == "" {
		return
	}
	b.WriteString(clip(collapse(method), 20))
	b.WriteByte(' ')
	b.WriteString(clip(collapse(path), 200))
	b.WriteString(": ")
}
