package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/clientutil"
	"github.com/flexport-go/flexport/internal/jsonx"
	"github.com/flexport-go/flexport/internal/transport"
)

// CallOption adjusts one call.
type CallOption func(*callOptions)

// callOptions collects the CallOptions of a call.
type callOptions struct {
	clientutil.CallOptions // attempts and query parameters

	unsafe  bool
	version string
}

// WithAttempts makes this call try at most n times (n < 1 means once),
// overriding the client's WithMaxAttempts.
func WithAttempts(n int) CallOption {
	return func(c *callOptions) { c.Attempts = max(n, 1) }
}

// WithUnsafeRetries lets this write (POST or PATCH) be retried after a
// timeout or a 5xx response. The Core API has no idempotency keys, so by
// default a write is retried only when it provably never reached Flexport
// (the connection failed) or was refused with 429; opt in only when sending
// it twice is harmless.
func WithUnsafeRetries() CallOption {
	return func(c *callOptions) { c.unsafe = true }
}

// WithExpand asks Flexport to expand these references in the response
// (the expand query parameter; nested expansions are dotted paths). An
// expanded reference has the referenced object, or a list of them, in place
// of the {_object, link} reference.
func WithExpand(fields ...string) CallOption {
	return WithQuery("expand", strings.Join(fields, ","))
}

// WithMetadataFilter filters a list by a metadata key ("Tags" in the app):
// f.metadata.<key>=<value>. The document cannot declare these filters since
// the key is yours.
func WithMetadataFilter(key, value string) CallOption {
	return WithQuery("f.metadata."+key, value)
}

// WithCallRateLimiter makes this call wait on l before each attempt, after
// the client's limiter (WithRateLimit, WithRateLimiter), for a limit on one
// operation, such as the 1,000 requests an hour Flexport allows
// CarbonCalculations.Create. Several apply in order; a nil l is ignored.
func WithCallRateLimiter(l Limiter) CallOption {
	return func(c *callOptions) { c.AddRateLimiter(l) }
}

// WithQuery adds a query parameter to this call, for filters and options the
// typed parameters lack.
func WithQuery(key, value string) CallOption {
	return func(c *callOptions) { c.Query = append(c.Query, [2]string{key, value}) }
}

// WithVersionOverride sends this call with another Flexport-Version than the
// client's. The value is not validated here; a bad one fails at Flexport.
func WithVersionOverride(v string) CallOption {
	return func(c *callOptions) { c.version = v }
}

// Error is what every failed call returns: an *APIError for a response
// Flexport (or a proxy) refused, or a transport error when no usable
// response came back. Use errors.As to reach either, errors.Is with the
// sentinels (ErrNotFound, ...) to test the status.
type Error = apierr.Error

// APIError is a response with a status of 400 or more: Status, Code and
// Message come from Flexport's error object when the body has one.
type APIError = apierr.CoreError

// TransportError is a call that got no usable response: the connection
// failed or was reset, the context expired, or a token could not be had. It
// records the attempts made and wraps the cause (errors.Is(err,
// context.DeadlineExceeded) works).
type TransportError = apierr.TransportError

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
var ErrPaginationLoop = errors.New("core: pagination does not advance")

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

// send runs one call: applies opts, sends, and returns a 2xx response (or
// the typed error the transport made of anything else).
func (c *Client) send(ctx context.Context, opts []CallOption, send sendFunc) (*http.Response, error) {
	co := clientutil.Collect(opts)
	ctx = co.Context(ctx)
	if co.unsafe {
		ctx = transport.WithUnsafeRetries(ctx)
	}
	edit := func(_ context.Context, req *http.Request) error {
		if co.version != "" {
			req.Header.Set(transport.HeaderFlexportVersion, co.version)
		}
		co.AddQuery(req)
		return nil
	}
	return send(ctx, edit)
}

// Every Core operation returns an enveloped body, so unlike logistics this
// package has no helper for responses without one; svcgen's output would
// not compile without it should the document gain such an operation.

// decode sends a request and returns the data of the response envelope.
func decode[T any](ctx context.Context, c *Client, opts []CallOption, send sendFunc) (*T, error) {
	resp, err := c.send(ctx, opts, send)
	if err != nil {
		return nil, err
	}
	return decodeData[T](c, resp)
}

// envelope is the Core response envelope around data of type T.
type envelope[T any] struct {
	Data *T `json:"data"`
}

// decodeData reads the envelope of a 2xx response and closes it.
func decodeData[T any](c *Client, resp *http.Response) (*T, error) {
	defer clientutil.DrainClose(resp)
	var env envelope[T]
	if err := c.readJSON(resp, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, fmt.Errorf("core: %s %s: the response envelope has no data", resp.Request.Method, resp.Request.URL.Path)
	}
	if err := checkObject(resp, env.Data); err != nil {
		return nil, err
	}
	return env.Data, nil
}

// readJSON decodes a 2xx JSON response into v, reading at most the
// client's response limit (clientutil.ReadBody). Reading the body whole and
// unmarshalling it is measurably faster than a streaming decoder for the
// response sizes of this API (see BenchmarkGet); internal/jsonx decodes the
// envelope and every model in it in one pass (see BenchmarkDecode).
func (c *Client) readJSON(resp *http.Response, v any) error {
	body, err := clientutil.ReadBody(pkg, resp, c.maxResponse)
	if err != nil {
		return err
	}
	if err := jsonx.Unmarshal(body, v); err != nil {
		return clientutil.DecodeError(pkg, resp, err)
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
func validate[T any](call string, body *T) error { return clientutil.ValidateBody(pkg, call, body) }

// Ptr returns a pointer to v, for the optional fields of parameters and
// request bodies: &core.UpdateShipment{Metadata: core.Ptr(...)}.
func Ptr[T any](v T) *T { return &v }
