package logistics

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/flexport-go/flexport/gen/logisticsapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/clientutil"
)

// Error is what every failed call returns, and every error a List yields.
// Use errors.As to reach the concrete type, errors.Is with the sentinels
// (ErrNotFound, ...) to test the cause:
//
//   - *APIError: Flexport (or a proxy) answered with a status of 400 or more.
//   - *TransportError: no usable response came back (the connection failed
//     on every attempt, the context expired, the token source failed, the
//     body could not be read).
//   - *DecodeError: a 2xx response the client could not decode into the
//     result (not the JSON expected, larger than WithMaxResponseBytes), or a
//     List page that repeats.
//   - *ValidationError: the client refused the call before sending
//     anything: a missing or invalid argument, an option that does not
//     apply to calls; or a List walk that would not end.
//
// Every error text starts with "logistics: ".
type Error = apierr.Error

// APIError is a response with a status of 400 or more, read from its
// application/problem+json body: Type, Title, Detail, Instance, the six-digit
// Code when there is one, and the x-correlation-id as CorrelationID.
type APIError = apierr.LogisticsError

// TransportError is a call that got no usable response: the connection
// failed on every attempt, the context expired, the token source failed, or
// the response body could not be read. It wraps the cause.
type TransportError = apierr.TransportError

// DecodeError is a 2xx response the client could not turn into the call's
// result: its body is not the JSON expected or is larger than the client's
// limit (ErrResponseTooLarge); or, in a List walk, the same page twice or a
// page of items already yielded (ErrPaginationLoop). It wraps the cause
// and carries the response's status and x-correlation-id.
type DecodeError = apierr.DecodeError

// ValidationError is a call the client refused before sending anything: a
// required argument or body field is missing or invalid, or an option does
// not configure calls; or a List walk that would not end, stopped before
// requesting a position again (ErrPaginationLoop) or beyond its page limit
// (ErrTooManyPages). It wraps the cause.
type ValidationError = apierr.ValidationError

// Sentinels matching an *APIError's status with errors.Is.
var (
	ErrUnauthorized        = apierr.ErrUnauthorized        // 401: bad token
	ErrForbidden           = apierr.ErrForbidden           // 403: the token's scopes are too narrow
	ErrNotFound            = apierr.ErrNotFound            // 404
	ErrConflict            = apierr.ErrConflict            // 409: already exists
	ErrUnprocessableEntity = apierr.ErrUnprocessableEntity // 422
	ErrLocked              = apierr.ErrLocked              // 423: the portal account is frozen or deactivated
	ErrRateLimited         = apierr.ErrRateLimited         // 429
)

// ErrResponseTooLarge is matched (errors.Is) by the error of a call whose
// response body is larger than the client's limit (64 MiB unless set with
// WithMaxResponseBytes); the error names the limit.
var ErrResponseTooLarge = apierr.ErrResponseTooLarge

// ErrInsecureRedirect is matched (errors.Is) by the error of a call that a
// server redirected from https to http: the client refuses to follow such a
// redirect. Credentials go only to the base URL's scheme, host and port,
// never with a redirect elsewhere.
var ErrInsecureRedirect = apierr.ErrInsecureRedirect

// sendFunc sends one request through the generated client; edit applies the
// call's options to it.
type sendFunc func(ctx context.Context, edit logisticsapi.RequestEditorFn) (*http.Response, error)

// callSettings returns what opts set for one call (nil for none), or the
// *ValidationError of an option that does not apply to calls.
func callSettings(opts []Option) (*clientopt.Call, error) {
	return clientopt.ApplyCall(apiID, opts, get)
}

// send runs one call with the settings co (nil for none): sends, reports
// to WithCallInfo, and returns a 2xx response (or the typed error the
// transport made of anything else).
func (c *Client) send(ctx context.Context, co *clientopt.Call, send sendFunc) (*http.Response, error) {
	return clientutil.Send(ctx, co, send)
}

// call sends a request whose response has no body of interest.
func call(ctx context.Context, c *Client, opts []Option, send sendFunc) error {
	co, err := callSettings(opts)
	if err != nil {
		return err
	}
	resp, err := c.send(ctx, co, send)
	if err != nil {
		return err
	}
	return clientutil.DrainClose(resp)
}

// decode sends a request and decodes its JSON response into a new T.
func decode[T any](ctx context.Context, c *Client, opts []Option, send sendFunc) (*T, error) {
	co, err := callSettings(opts)
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, co, send)
	if err != nil {
		return nil, err
	}
	return decodeBody[T](c, co, resp)
}

// decodeValue is decode for results returned by value (arrays).
func decodeValue[T any](ctx context.Context, c *Client, opts []Option, send sendFunc) (T, error) {
	v, err := decode[T](ctx, c, opts, send)
	return deref(v), err
}

// decodeBody reads the JSON body of a 2xx response into a new T, reading at
// most the call's or the client's response limit (clientutil.ReadBody), and
// closes it.
func decodeBody[T any](c *Client, co *clientopt.Call, resp *http.Response) (*T, error) {
	defer clientutil.DrainClose(resp)
	body, err := clientutil.ReadBody(apiID, resp, co.ResponseLimit(c.maxResponse))
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := json.Unmarshal(body, v); err != nil {
		return nil, clientutil.DecodeError(apiID, resp, err)
	}
	return v, nil
}

// deref returns *p, or T's zero value for nil.
func deref[T any](p *T) T { return clientutil.Deref(p) }

// copyParams returns a copy of *p (a new zero value for nil), so that paging
// never writes to the caller's parameters.
func copyParams[T any](p *T) *T { return clientutil.CopyParams(p) }

// validate checks a request body before call (Service.Method) sends it,
// when its type has a Validate method.
func validate[T any](call string, body *T) error { return clientutil.ValidateBody(apiID, call, body) }

// Ptr returns a pointer to v, for the optional fields of parameters and
// request bodies: &logistics.ProductListParams{Limit: logistics.Ptr(int64(100))}.
func Ptr[T any](v T) *T { return &v }
