// Package apierr defines the errors the Flexport SDK returns for failed
// requests: one [Error] interface satisfied by both APIs' error types
// ([*CoreError] for the Core API, [*LogisticsError] for the Logistics API),
// sentinels for errors.Is, and [*TransportError] for requests that never got
// a usable response.
//
// Error texts never contain request headers, query strings or the values of
// secret-looking fields echoed back in a response body.
package apierr

import (
	"errors"
	"io"
	"net/http"
	"time"
)

// API identifies which Flexport API a request was sent to, and so which error
// format its responses use.
type API int

const (
	// Core is the Core API (https://api.flexport.com), whose errors come in a
	// JSON envelope {"error": {"status", "code", "message"}}.
	Core API = iota + 1
	// Logistics is the Logistics API (https://logistics-api.flexport.com),
	// whose errors are application/problem+json documents (RFC 7807).
	Logistics
)

// String returns "core" or "logistics": the package name that starts every
// error text of that API.
func (a API) String() string {
	switch a {
	case Core:
		return "core"
	case Logistics:
		return "logistics"
	}
	return "unknown"
}

// Error is implemented by every error a call of either API returns: the
// response errors (*CoreError, *LogisticsError), *TransportError,
// *DecodeError and *ValidationError.
type Error interface {
	error
	// StatusCode is the HTTP status of the (last) response, or zero when
	// none came back.
	StatusCode() int
	// RequestID is the server's id for the request, from x-correlation-id or
	// the response's request id header; empty when absent.
	RequestID() string
	// Retryable reports whether the failure is transient (408, 429, 502,
	// 503, 504, a timeout or a broken connection), so that the same request
	// may succeed later.
	Retryable() bool
	// RetryAfter is the delay the server asked for in Retry-After, or zero.
	RetryAfter() time.Duration
}

// Sentinels matched by errors.Is against *CoreError and *LogisticsError with
// the corresponding HTTP status. Like every sentinel both APIs share, their
// texts have no package prefix: the error that wraps one starts with
// "core: " or "logistics: ".
var (
	ErrUnauthorized        = errors.New("unauthorized (401)")
	ErrForbidden           = errors.New("forbidden (403)")
	ErrNotFound            = errors.New("not found (404)")
	ErrConflict            = errors.New("conflict (409)")
	ErrUnprocessableEntity = errors.New("unprocessable entity (422)")
	ErrLocked              = errors.New("locked, account frozen (423)")
	ErrRateLimited         = errors.New("rate limited (429)")
)

// ErrInsecureRedirect is wrapped by the error of a call that a server
// redirected from https to http: the SDK refuses to follow it.
var ErrInsecureRedirect = errors.New("insecure redirect")

// ErrResponseTooLarge is wrapped by the error of a call whose response body
// is larger than the client's limit on the bodies it decodes.
var ErrResponseTooLarge = errors.New("response too large")

// MaxBodySize is the most FromResponse reads of an error body; the rest is
// discarded with the connection.
const MaxBodySize = 1 << 20

// Response headers read by the parsers.
const (
	HeaderCorrelationID = "X-Correlation-Id"
	HeaderRequestID     = "X-Request-Id"
	HeaderRetryAfter    = "Retry-After"
)

// FromResponse turns a non-2xx response into a *CoreError or
// *LogisticsError, according to api, reading at most MaxBodySize bytes of the
// body and closing it. attempts is the number of attempts made for the call
// (0 or 1 when it was not retried). The method and path come from
// resp.Request; the query string is never included. The given secrets (the
// credentials the request carried) never appear in the error, not even in
// part where a text is cut to length.
//
// If reading the body fails (the connection is reset or the context expires),
// FromResponse returns a *TransportError carrying the status instead.
func FromResponse(api API, resp *http.Response, attempts int, secret ...string) error {
	var body []byte
	var err error
	if resp.Body != nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, MaxBodySize))
		resp.Body.Close()
	}
	method, path := requestLine(resp.Request)
	if err != nil {
		return &TransportError{
			API:        api,
			Method:     method,
			Path:       path,
			Op:         "read error body",
			Attempts:   attempts,
			LastStatus: resp.StatusCode,
			Err:        err,
		}
	}
	switch api {
	case Logistics:
		e := ParseLogistics(resp.StatusCode, resp.Header, body, secret...)
		e.Method, e.Path, e.Attempts = method, path, attempts
		return e
	default:
		e := ParseCore(resp.StatusCode, resp.Header, body, secret...)
		e.Method, e.Path, e.Attempts = method, path, attempts
		return e
	}
}

// RequestIDFrom returns the request id of a response: x-correlation-id, else
// x-request-id, else request-id.
func RequestIDFrom(h http.Header) string {
	for _, k := range []string{HeaderCorrelationID, HeaderRequestID, "Request-Id"} {
		if v := h.Get(k); v != "" {
			return clip(collapse(v), 128)
		}
	}
	return ""
}

// IsRetryableStatus reports whether status denotes a transient failure:
// 408, 429, 502, 503 or 504.
func IsRetryableStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// sentinel maps an HTTP status to its sentinel, or nil.
func sentinel(status int) error {
	switch status {
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusUnprocessableEntity:
		return ErrUnprocessableEntity
	case http.StatusLocked:
		return ErrLocked
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	return nil
}

func requestLine(r *http.Request) (method, path string) {
	if r == nil {
		return "", ""
	}
	method = r.Method
	if method == "" {
		method = http.MethodGet
	}
	if r.URL != nil {
		path = r.URL.Path
	}
	return method, path
}
