package core

import (
	"context"
	"errors"
	"net/http"

	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/clientutil"
	"github.com/flexport-go/flexport/internal/jsonx"
)

// Error is what every failed call returns, and every error a List yields.
// Use errors.As to reach the concrete type, errors.Is with the sentinels
// (ErrNotFound, ...) to test the cause:
//
//   - *APIError: Flexport (or a proxy) answered with a status of 400 or more.
//   - *TransportError: no usable response came back (the connection failed,
//     the context expired, a token could not be had, the body could not be
//     read).
//   - *DecodeError: a 2xx response the client could not decode into the
//     result (not the JSON expected, larger than WithMaxResponseBytes, an
//     envelope without data), or a List page of items already yielded.
//   - *ObjectMismatchError: a 2xx response holding an object of another
//     type than the one asked for.
//   - *ValidationError: the client refused the call before sending
//     anything: a missing or invalid argument, an option that does not
//     apply to calls; or a List walk that would not end.
//
// Every error text starts with "core: ".
type Error = apierr.Error

// APIError is a response with a status of 400 or more: Status, Code and
// Message come from Flexport's error object when the body has one.
type APIError = apierr.CoreError

// TransportError is a call that got no usable response: the connection
// failed or was reset, the context expired, or a token could not be had. It
// records the attempts made and wraps the cause (errors.Is(err,
// context.DeadlineExceeded) works).
type TransportError = apierr.TransportError

// DecodeError is a 2xx response the client could not turn into the call's
// result: its body is not the JSON expected, is larger than the client's
// limit (ErrResponseTooLarge), or lacks the envelope's data; or, in a List
// walk, a page made only of items already yielded (ErrPaginationLoop). It
// wraps the cause and carries the response's status and request id.
type DecodeError = apierr.DecodeError

// ValidationError is a call the client refused before sending anything:
// a required argument or body field is missing or invalid, a link is
// neither an absolute URL nor a path, or an option does not configure
// calls; or a List walk that would not end, stopped before requesting a
// page again (ErrPaginationLoop) or beyond its page limit
// (ErrTooManyPages). It wraps the cause.
type ValidationError = apierr.ValidationError

// Sentinels matching an *APIError's status with errors.Is.
var (
	ErrUnauthorized        = apierr.ErrUnauthorized        // 401
	ErrForbidden           = apierr.ErrForbidden           // 403
	ErrNotFound            = apierr.ErrNotFound            // 404
	ErrConflict            = apierr.ErrConflict            // 409
	ErrUnprocessableEntity = apierr.ErrUnprocessableEntity // 422
	ErrLocked              = apierr.ErrLocked              // 423
	ErrRateLimited         = apierr.ErrRateLimited         // 429
)

// ErrPaginationLoop is matched (errors.Is) by the error that ends a List
// walk going round in circles: a next link already followed, or a page made
// only of items already yielded (a server ignoring the page asked for).
var ErrPaginationLoop = clientutil.ErrPaginationLoop

// ErrTooManyPages is matched (errors.Is) by the error that ends a List walk
// at the client's page limit (DefaultMaxPages unless set with WithMaxPages).
var ErrTooManyPages = clientutil.ErrTooManyPages

// DefaultMaxPages is the page limit of a List walk without WithMaxPages.
const DefaultMaxPages = clientopt.DefaultMaxPages

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
type sendFunc func(ctx context.Context, edit coreapi.RequestEditorFn) (*http.Response, error)

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

// Every Core operation returns an enveloped body, so unlike logistics this
// package has no helper for responses without one; svcgen's output would
// not compile without it should the document gain such an operation.

// decode sends a request and returns the data of the response envelope.
func decode[T any](ctx context.Context, c *Client, opts []Option, send sendFunc) (*T, error) {
	co, err := callSettings(opts)
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, co, send)
	if err != nil {
		return nil, err
	}
	return decodeData[T](c, co, resp)
}

// envelope is the Core response envelope around data of type T.
type envelope[T any] struct {
	Data *T `json:"data"`
}

// decodeData reads the envelope of a 2xx response and closes it.
func decodeData[T any](c *Client, co *clientopt.Call, resp *http.Response) (*T, error) {
	defer clientutil.DrainClose(resp)
	var env envelope[T]
	if err := c.readJSON(co, resp, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, apierr.NewDecodeError(apiID, resp, errNoData)
	}
	if err := checkObject(resp, env.Data); err != nil {
		return nil, err
	}
	return env.Data, nil
}

// errNoData is the cause of the DecodeError of an envelope without data.
var errNoData = errors.New("the response envelope has no data")

// readJSON decodes a 2xx JSON response into v, reading at most the
// call's or the client's response limit (clientutil.ReadBody). Reading the body whole and
// unmarshalling it is measurably faster than a streaming decoder for the
// response sizes of this API (see BenchmarkGet); internal/jsonx decodes the
// envelope and every model in it in one pass (see BenchmarkDecode).
func (c *Client) readJSON(co *clientopt.Call, resp *http.Response, v any) error {
	body, err := clientutil.ReadBody(apiID, resp, co.ResponseLimit(c.maxResponse))
	if err != nil {
		return err
	}
	if err := jsonx.Unmarshal(body, v); err != nil {
		return clientutil.DecodeError(apiID, resp, err)
	}
	return nil
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
// request bodies: &core.UpdateShipment{Metadata: core.Ptr(...)}.
func Ptr[T any](v T) *T { return &v }
