package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/testutil"
)

// errorServer answers each path with one way of failing, and counts the
// requests it gets.
func errorServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-Correlation-Id", "req-"+strings.TrimPrefix(r.URL.Path, "/"))
		switch r.URL.Path {
		case "/shipments/1": // a body cut short
			io.WriteString(w, `{"_object":"/api/response","data":{"_object":"/shipment","id":`)
		case "/shipments/2":
			io.WriteString(w, `{"_object":"/api/response","data":null}`)
		case "/shipments/3":
			io.WriteString(w, `{"data":{"_object":"/shipment","id":3,"name":"`+strings.Repeat("x", 4096)+`"}}`)
		case "/shipment_legs/7":
			io.WriteString(w, `{"data":{"_object":"/shipment_leg","id":7}}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"status":404,"code":"not_found","message":"no such thing"}}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// TestEveryFailedCallIsAnError checks the error rules on each way a call
// can fail: the error satisfies core.Error (decode failures included), has
// the documented concrete type, and its text starts with "core: " once.
func TestEveryFailedCallIsAnError(t *testing.T) {
	srv, _ := errorServer(t)
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("test-key"), core.WithMaxResponseBytes(1024))
	if err != nil {
		t.Fatal(err)
	}
	closed, err := core.NewClient(core.WithBaseURL("http://127.0.0.1:1"), core.WithAPIKey("test-key"), core.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	get := func(id int, opts ...core.Option) func() error {
		return func() error { _, err := c.Shipments.Get(ctx, id, opts...); return err }
	}
	var (
		decodeErr     *core.DecodeError
		apiErr        *core.APIError
		transportErr  *core.TransportError
		validationErr *core.ValidationError
		mismatchErr   *core.ObjectMismatchError
	)
	tests := []struct {
		name       string
		call       func() error
		target     any // a pointer to the concrete type wanted
		want       string
		wantStatus int
	}{
		{name: "body cut short", call: get(1), target: &decodeErr,
			want: "core: GET /shipments/1: decode 200 response: unexpected end of JSON input (request id req-shipments/1)", wantStatus: 200},
		{name: "envelope without data", call: get(2), target: &decodeErr,
			want: "core: GET /shipments/2: decode 200 response: the response envelope has no data (request id req-shipments/2)", wantStatus: 200},
		{name: "body over the limit", call: get(3), target: &decodeErr,
			want: "core: GET /shipments/3: decode 200 response: response too large: the body is larger than the limit of 1024 bytes (see WithMaxResponseBytes) (request id req-shipments/3)", wantStatus: 200},
		{name: "404", call: get(4), target: &apiErr,
			want: "core: GET /shipments/4: 404 not_found: no such thing (request id req-shipments/4)", wantStatus: 404},
		{name: "object of another type", call: func() error { _, err := core.Get[core.Booking](ctx, c, "/shipment_legs/7"); return err }, target: &mismatchErr,
			want: `core: GET /shipment_legs/7: got a "/shipment_leg" object, want "/booking" (core.Booking)`, wantStatus: 200},
		{name: "no connection", call: func() error { _, err := closed.Shipments.Get(ctx, 1); return err }, target: &transportErr,
			want: "core: GET /shipments/1: send request: dial tcp 127.0.0.1:1: connect: connection refused"},
		{name: "not a link", call: func() error { _, err := core.Get[core.Shipment](ctx, c, "not a url at all"); return err }, target: &validationErr,
			want: `core: link "not a url at all" is neither an absolute http(s) URL nor a path`},
		{name: "client option given to a call", call: get(5, core.WithBaseURL(srv.URL)), target: &validationErr,
			want: "core: WithBaseURL configures a client: give it to NewClient, not to a call"},
		{name: "invalid option of a call", call: get(5, core.WithVersion("4")), target: &validationErr,
			want: `core: WithVersion: invalid Flexport-Version "4": want "2", "3" or a date YYYY-MM-DD`},
		{name: "missing body field", call: func() error {
			_, err := c.Documents.Upload(ctx, core.UploadParams{}, strings.NewReader("x"))
			return err
		},
			target: &validationErr, want: "core: Documents.Upload: missing ShipmentID, FileName, MimeType, DocumentType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatal("the call succeeded")
			}
			var coreErr core.Error
			if !errors.As(err, &coreErr) {
				t.Fatalf("%T %v does not satisfy core.Error", err, err)
			}
			if !errors.As(err, tt.target) {
				t.Errorf("%T is not the %T wanted", err, tt.target)
			}
			if err.Error() != tt.want && !(tt.target == &transportErr && strings.HasPrefix(err.Error(), "core: GET /shipments/1: send request: ")) {
				t.Errorf("error text:\n got %s\nwant %s", err, tt.want)
			}
			if coreErr.StatusCode() != tt.wantStatus || coreErr.Retryable() && tt.target != &transportErr {
				t.Errorf("StatusCode %d, Retryable %t; want %d, false", coreErr.StatusCode(), coreErr.Retryable(), tt.wantStatus)
			}
			testutil.CheckErrorPrefix(t, tt.name, "core", err)
		})
	}
}

// TestErrorPrefixNeverDoubled checks the texts of NewClient's errors and of
// the errors that wrap the SDK's sentinels: one "core: " prefix, at the
// start.
func TestErrorPrefixNeverDoubled(t *testing.T) {
	for name, opts := range map[string][]core.Option{
		"bad version":         {core.WithAPIKey("k"), core.WithVersion("4")},
		"call option":         {core.WithAPIKey("k"), core.WithExpand("legs")},
		"no credentials":      nil,
		"bad base URL":        {core.WithAPIKey("k"), core.WithBaseURL("ftp://h")},
		"user agent":          {core.WithAPIKey("k"), core.WithUserAgent("a\nb")},
		"zero option":         {core.WithAPIKey("k"), {}},
		"bad credentials":     {core.WithClientCredentials(nil)},
		"nil rate limiter":    {core.WithAPIKey("k"), core.WithRateLimiter(nil)},
		"negative prefetch":   {core.WithAPIKey("k"), core.WithPrefetch(-1)},
		"zero timeout":        {core.WithAPIKey("k"), core.WithTimeout(0)},
		"two credentials":     {core.WithAPIKey("k"), core.WithAPIKey("l")},
		"bad retry after cap": {core.WithAPIKey("k"), core.WithRetryAfterCap(-1)},
	} {
		_, err := core.NewClient(opts...)
		if err == nil {
			t.Errorf("%s: NewClient succeeded", name)
			continue
		}
		testutil.CheckErrorPrefix(t, name, "core", err)
	}
	if want := `core: WithVersion: invalid Flexport-Version "4": want "2", "3" or a date YYYY-MM-DD`; func() string {
		_, err := core.NewClient(core.WithAPIKey("k"), core.WithVersion("4"))
		return err.Error()
	}() != want {
		t.Errorf("WithVersion error, want %q", want)
	}
}

// TestLinkThatIsNoURLFailsAtOnce checks that Get, List and ListPageAt refuse
// a link that is neither an absolute http(s) URL nor a path, at once and
// without a request (it used to be sent as a path, and retried).
func TestLinkThatIsNoURLFailsAtOnce(t *testing.T) {
	srv, hits := errorServer(t)
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("test-key"), core.WithBackoff(time.Second, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, link := range []string{"not a url at all", "shipments/1", "ftp://api.flexport.com/shipments/1", "https:///shipments", "", "mailto:a@b"} {
		start := time.Now()
		_, getErr := core.Get[core.Shipment](ctx, c, link)
		_, pageErr := core.ListPageAt[core.Shipment](ctx, c, link)
		var listErr error
		for _, err := range core.List[core.Shipment](ctx, c, link) {
			listErr = err
		}
		for _, err := range []error{getErr, pageErr, listErr} {
			var ve *core.ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("link %q: error %v, want a *core.ValidationError", link, err)
			}
		}
		if took := time.Since(start); took > 500*time.Millisecond {
			t.Errorf("link %q: refused after %v, want at once", link, took)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests sent for links that are no URL", n)
	}
	// The links Flexport sends, and paths, still work.
	for _, link := range []string{"/shipments/1", "https://api.flexport.com/shipments/1"} {
		var de *core.DecodeError
		if _, err := core.Get[core.Shipment](ctx, c, link); !errors.As(err, &de) {
			t.Errorf("link %q: error %v, want the request sent (and its body cut short)", link, err)
		}
	}
}
