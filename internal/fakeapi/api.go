package fakeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Handler answers the requests of one operation.
type Handler func(r *Request) (*Response, error)

// API is a fake API as an http.Handler. Each request goes through, in
// order: latency; routing (the document's operations, then Routes); faults;
// reading the body (at most MaxBody bytes); authentication (for secured
// operations and Routes); validation against the document; idempotency;
// the Handler; the response check. Set the fields, then serve; the fields
// must not change while serving.
type API struct {
	// Spec is the document the operations come from.
	Spec *Spec
	// Handlers maps operation ids to their handlers. An operation without
	// one answers 501.
	Handlers map[string]Handler
	// Routes are requests outside the document, keyed "METHOD /path" (the
	// Core token endpoint): routed before the document's operations, never
	// validated nor authenticated, and hit by a Fault only when it names
	// them.
	Routes map[string]Handler
	// Authenticate checks the credentials of a request to a secured
	// operation; its error (normally an *Error with status 401) is sent.
	Authenticate func(r *Request) error
	// Render renders an error in the API's format.
	Render func(r *Request, e *Error) *Response
	// Faults injects failures; nil injects none.
	Faults *Faults
	// Latency delays every request.
	Latency time.Duration
	// Idempotency, when set, applies idempotency keys (header
	// IdempotencyHeader) to POST and PATCH requests.
	Idempotency *Idempotency
	// Check, when set, validates every response against the document and
	// calls Check with each operation id and mismatch.
	Check func(operationID string, err error)
	// MaxBody bounds request bodies (default 16 MiB); a larger one gets 413.
	MaxBody int64
	// RequestIDHeader, when set, is the response header carrying a
	// request id unique to each response.
	RequestIDHeader string

	served sync.Map // operation id -> *atomic.Int64
	ids    atomic.Int64
}

// Request is a request routed to an operation.
type Request struct {
	*http.Request
	// Op is the operation, or an Operation naming the route for Routes.
	Op *Operation
	// Params are the path parameters.
	Params map[string]string
	// Query is the query after validation, with the document's defaults.
	Query url.Values
	// Body is the request body.
	Body []byte
	// Base is the scheme and host the request was sent to, such as
	// "http://127.0.0.1:8080".
	Base string
	// Self is the URL as requested: Base, path and query.
	Self string
}

// DecodeObject decodes the body as a JSON object, numbers as json.Number.
func (r *Request) DecodeObject() (map[string]any, error) {
	var v map[string]any
	if err := Decode(r.Body, &v); err != nil {
		return nil, Errorf(http.StatusBadRequest, "invalid_json", "request body: %v", err)
	}
	return v, nil
}

// Response is a response before it is written.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON returns a response with status and v encoded as JSON ("<", ">" and
// "&" unescaped, so links stay readable).
func JSON(status int, v any) *Response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("fakeapi: encode response: %v", err)) // the fakes only encode JSON values
	}
	return &Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: bytes.TrimSuffix(buf.Bytes(), []byte("\n"))}
}

// Error is an API error for Render to format.
type Error struct {
	Status int
	// Code is the machine-readable code, such as "not_found".
	Code string
	// Message says what is wrong.
	Message string
	// Number is the Logistics API's six-digit code, or 0.
	Number int
	// RetryAfter, when positive, is sent as Retry-After (whole seconds,
	// rounded up).
	RetryAfter time.Duration
}

// Errorf returns an *Error with a formatted message.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error returns the status, code and message.
func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// SetRetryAfter sets the Retry-After header of h to e.RetryAfter, in
// whole seconds rounded up, when it is positive.
func (e *Error) SetRetryAfter(h http.Header) {
	if e.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
}

// IdempotencyHeader carries an idempotency key.
const IdempotencyHeader = "Idempotency-Key"

// ServeHTTP serves r.
func (a *API) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if a.Latency > 0 && !sleep(hr.Context(), a.Latency) {
		return
	}
	r := &Request{Request: hr, Base: BaseURL(hr)}
	r.Self = r.Base + hr.URL.RequestURI()
	var handler Handler
	if h, ok := a.Routes[hr.Method+" "+hr.URL.Path]; ok {
		handler, r.Op = h, &Operation{ID: hr.Method + " " + hr.URL.Path, Method: hr.Method, Path: hr.URL.Path}
	} else {
		op, params, e := a.Spec.Find(hr)
		if e != nil {
			a.write(w, r, a.Render(r, e), Fault{})
			return
		}
		r.Op, r.Params, handler = op, params, a.Handlers[op.ID]
	}
	fault, hit := a.Faults.pick(r.Op, a.Routes[r.Op.ID] != nil)
	if hit {
		switch fault.Kind {
		case FaultReset:
			reset(w)
			return
		case FaultRateLimit, FaultServerError:
			a.write(w, r, a.Render(r, fault.error()), Fault{})
			return
		}
	}
	resp := a.serve(r, handler)
	if a.Check != nil && r.Op.route != nil {
		if err := a.Spec.checkResponse(r, resp); err != nil {
			a.Check(r.Op.ID, err)
		}
	}
	if resp.Status < 400 {
		a.count(r.Op.ID)
	}
	a.write(w, r, resp, fault)
}

// serve reads, authenticates and validates r, then calls handler.
func (a *API) serve(r *Request, handler Handler) *Response {
	max := a.MaxBody
	if max <= 0 {
		max = 16 << 20
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Request.Body, max))
	if err != nil {
		return a.Render(r, Errorf(http.StatusRequestEntityTooLarge, "request_too_large", "the request body is larger than %d bytes", max))
	}
	r.Body = body
	r.Request.Body = io.NopCloser(bytes.NewReader(body))
	if r.Op.route != nil {
		if r.Op.Secured && a.Authenticate != nil {
			if err := a.Authenticate(r); err != nil {
				return a.renderErr(r, err)
			}
		}
		if e := a.Spec.validate(r); e != nil {
			return a.Render(r, e)
		}
	} else {
		r.Query = r.URL.Query()
	}
	if handler == nil {
		return a.Render(r, Errorf(http.StatusNotImplemented, "not_implemented", "the fake does not implement %s", r.Op))
	}
	key := r.Header.Get(IdempotencyHeader)
	if a.Idempotency == nil || key == "" || (r.Method != http.MethodPost && r.Method != http.MethodPatch) {
		return a.call(r, handler)
	}
	replay, done, ierr := a.Idempotency.begin(a.Idempotency.scope(r)+"\x00"+key, r.Op.ID, body)
	switch {
	case ierr != nil:
		return a.Render(r, ierr)
	case replay != nil:
		return replay
	}
	resp := a.call(r, handler)
	done(resp)
	return resp
}

// call calls handler, rendering its error.
func (a *API) call(r *Request, handler Handler) *Response {
	resp, err := handler(r)
	if err != nil {
		return a.renderErr(r, err)
	}
	return resp
}

func (a *API) renderErr(r *Request, err error) *Response {
	var e *Error
	if !errors.As(err, &e) {
		e = Errorf(http.StatusInternalServerError, "internal_error", "%v", err)
	}
	return a.Render(r, e)
}

// write writes resp, trickling its body if fault is a FaultSlowBody.
func (a *API) write(w http.ResponseWriter, r *Request, resp *Response, fault Fault) {
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	if a.RequestIDHeader != "" {
		h.Set(a.RequestIDHeader, fmt.Sprintf("00000000-0000-4000-8000-%012x", a.ids.Add(1)))
	}
	w.WriteHeader(resp.Status)
	if r.Method == http.MethodHead {
		return
	}
	if fault.Kind == FaultSlowBody {
		trickle(r.Context(), w, resp.Body, fault.delay())
		return
	}
	_, _ = w.Write(resp.Body)
}

func (a *API) count(id string) {
	c, ok := a.served.Load(id)
	if !ok {
		c, _ = a.served.LoadOrStore(id, new(atomic.Int64))
	}
	c.(*atomic.Int64).Add(1)
}

// Served returns how many requests each operation answered with a status
// below 400: every operation of the document by id (0 for those never
// called), and the Routes called, by "METHOD /path".
func (a *API) Served() map[string]int {
	out := map[string]int{}
	for id := range a.Spec.byID {
		out[id] = 0
	}
	a.served.Range(func(k, v any) bool {
		out[k.(string)] = int(v.(*atomic.Int64).Load())
		return true
	})
	return out
}

// BaseURL returns the scheme and host r was sent to.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// sleep waits d, or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
