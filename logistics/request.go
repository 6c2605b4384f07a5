package logistics

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/flexport-go/flexport/gen/logisticsapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientutil"
	"github.com/flexport-go/flexport/internal/transport"
)

// CallOption adjusts one call.
type CallOption func(*callOptions)

// callOptions collects the CallOptions of a call.
type callOptions struct {
	clientutil.CallOptions // attempts and query parameters

	idemKey string
	info    *CallInfo
}

// WithAttempts makes this call try at most n times (n < 1 means once),
// overriding the client's WithMaxAttempts.
func WithAttempts(n int) CallOption {
	return func(c *callOptions) { c.Attempts = max(n, 1) }
}

// WithIdempotencyKey sends key as the idempotency-key of this POST or PATCH
// call (other methods send none). Without it the client sends a new UUID v4
// per call, the same on every retry of that call; give your own key (an
// order's external id, say) to make the call safe to repeat across
// restarts and processes. Flexport answers a repeated key with the stored
// response, marked idempotent-replayed (see CallInfo.Replayed).
func WithIdempotencyKey(key string) CallOption {
	return func(c *callOptions) { c.idemKey = key }
}

// WithCallInfo makes the call fill in *info when it returns, successful or
// not. For List and ListPage, info describes the last page request.
func WithCallInfo(info *CallInfo) CallOption {
	return func(c *callOptions) { c.info = info }
}

// WithCallRateLimiter makes this call wait on l before each attempt, after
// the client's limiter (WithRateLimit, WithRateLimiter), for a limit on one
// operation or on a group of calls. Several apply in order; a nil l is
// ignored.
func WithCallRateLimiter(l Limiter) CallOption {
	return func(c *callOptions) { c.AddRateLimiter(l) }
}

// WithQuery adds a query parameter to this call, for filters the typed
// parameters lack (Events.List accepts any event field as a filter).
func WithQuery(key, value string) CallOption {
	return func(c *callOptions) { c.Query = append(c.Query, [2]string{key, value}) }
}

// CallInfo is what a call reports through WithCallInfo.
type CallInfo struct {
	// Attempts is how many attempts were sent; more than 1 means retries.
	Attempts int
	// StatusCode is the HTTP status of the last response, or zero.
	StatusCode int
	// RequestID is the last response's x-correlation-id: quote it to
	// Flexport support.
	RequestID string
	// IdempotencyKey is the idempotency-key sent (POST and PATCH only).
	IdempotencyKey string
	// Replayed reports that the response carried idempotent-replayed: true,
	// so Flexport returned the stored response of an earlier request with the
	// same idempotency key instead of executing it again.
	Replayed bool
}

// Error is what every failed call returns: an *APIError for a response
// Flexport (or a proxy) refused, or a *TransportError when no usable
// response came back. Use errors.As to reach either, errors.Is with the
// sentinels (ErrNotFound, ...) to test the status.
type Error = apierr.Error

// APIError is a response with a status of 400 or more, read from its
// application/problem+json body: Type, Title, Detail, Instance, the six-digit
// Code when there is one, and the x-correlation-id as CorrelationID.
type APIError = apierr.LogisticsError

// TransportError is a call that got no usable response: the connection
// failed on every attempt, the context expired, the token source failed, or
// the response body could not be read. It wraps the cause.
type TransportError = apierr.TransportError

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

// send runs one call: applies opts, sends, fills in the CallInfo, and
// returns a 2xx response (or the typed error the transport made of anything
// else).
func (c *Client) send(ctx context.Context, opts []CallOption, send sendFunc) (*http.Response, error) {
	co := clientutil.Collect(opts)
	ctx = co.Context(ctx)
	if co.idemKey != "" {
		ctx = transport.WithIdempotencyKey(ctx, co.idemKey)
	}
	var call *transport.Call
	if co.info != nil {
		ctx, call = transport.NewCall(ctx)
	}
	edit := func(_ context.Context, req *http.Request) error {
		co.AddQuery(req)
		return nil
	}
	resp, err := send(ctx, edit)
	if call != nil {
		*co.info = CallInfo{
			Attempts:       call.Attempts(),
			StatusCode:     call.LastStatus(),
			RequestID:      call.RequestID(),
			IdempotencyKey: call.IdempotencyKey(),
			Replayed:       call.Replayed(),
		}
	}
	return resp, err
}

// call sends a request whose response has no body of interest.
func call(ctx context.Context, c *Client, opts []CallOption, send sendFunc) error {
	resp, err := c.send(ctx, opts, send)
	if err != nil {
		return err
	}
	return clientutil.DrainClose(resp)
}

// decode sends a request and decodes its JSON response into a new T.
func decode[T any](ctx context.Context, c *Client, opts []CallOption, send sendFunc) (*T, error) {
	resp, err := c.send(ctx, opts, send)
	if err != nil {
		return nil, err
	}
	return decodeBody[T](c, resp)
}

// decodeValue is decode for results returned by value (arrays).
func decodeValue[T any](ctx context.Context, c *Client, opts []CallOption, send sendFunc) (T, error) {
	v, err := decode[T](ctx, c, opts, send)
	return deref(v), err
}

// decodeBody reads the JSON body of a 2xx response into a new T, reading at
// most the client's response limit (clientutil.ReadBody), and closes it.
func decodeBody[T any](c *Client, resp *http.Response) (*T, error) {
	defer clientutil.DrainClose(resp)
	body, err := clientutil.ReadBody(pkg, resp, c.maxResponse)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := json.Unmarshal(body, v); err != nil {
		return nil, clientutil.DecodeError(pkg, resp, err)
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
func validate[T any](call string, body *T) error { return clientutil.ValidateBody(pkg, call, body) }

// Ptr returns a pointer to v, for the optional fields of parameters and
// request bodies: &logistics.ProductListParams{Limit: logistics.Ptr(int64(100))}.
func Ptr[T any](v T) *T { return &v }
