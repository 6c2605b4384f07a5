package logistics_test

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

	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/logistics"
)

// TestEveryFailedCallIsAnError checks the error rules of this package: each
// way a call can fail returns an error satisfying logistics.Error (decode
// failures included), of the documented concrete type, whose text starts
// with "logistics: " once and names no other prefix of the SDK.
func TestEveryFailedCallIsAnError(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-Correlation-Id", "c-1")
		switch {
		case strings.HasSuffix(r.URL.Path, "/orders/cut"):
			io.WriteString(w, `{"id":"o1","status":`)
		case strings.HasSuffix(r.URL.Path, "/orders/slow"):
			select {
			case <-time.After(time.Second):
			case <-r.Context().Done():
			}
		default:
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"title":"Not Found","detail":"no such order"}`)
		}
	}))
	defer srv.Close()
	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken("test-token"), logistics.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	get := func(id string, opts ...logistics.Option) func() error {
		return func() error { _, err := c.Orders.Get(ctx, id, opts...); return err }
	}
	var (
		decodeErr     *logistics.DecodeError
		apiErr        *logistics.APIError
		transportErr  *logistics.TransportError
		validationErr *logistics.ValidationError
	)
	tests := []struct {
		name   string
		call   func() error
		target any
		want   string
	}{
		{"body cut short", get("cut"), &decodeErr,
			"logistics: GET /logistics/api/2023-10/orders/cut: decode 200 response: unexpected end of JSON input (request id c-1)"},
		{"404", get("o2"), &apiErr,
			"logistics: GET /logistics/api/2023-10/orders/o2: 404 Not Found: no such order (request id c-1)"},
		{"timeout of the call", get("slow", logistics.WithTimeout(10*time.Millisecond)), &transportErr,
			"logistics: GET /logistics/api/2023-10/orders/slow: send request: context deadline exceeded"},
		{"client option given to a call", get("o3", logistics.WithToken("t")), &validationErr,
			"logistics: WithToken configures a client: give it to NewClient, not to a call"},
		{"invalid option of a call", get("o3", logistics.WithIdempotencyKey(" ")), &validationErr,
			"logistics: WithIdempotencyKey: empty key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var logErr logistics.Error
			if !errors.As(err, &logErr) {
				t.Fatalf("%T %v does not satisfy logistics.Error", err, err)
			}
			if !errors.As(err, tt.target) {
				t.Errorf("%T is not the %T wanted", err, tt.target)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tt.want) {
				t.Errorf("error text:\n got %s\nwant %s", msg, tt.want)
			}
			testutil.CheckErrorPrefix(t, tt.name, "logistics", err)
		})
	}
	_, err = logistics.NewClient(logistics.WithToken("t"), logistics.WithIdempotencyKey("k"))
	if want := "logistics: WithIdempotencyKey configures one call: give it to a method, not to NewClient"; err == nil || err.Error() != want {
		t.Errorf("NewClient error = %v, want %q", err, want)
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("%d requests, want 3 (none for the refused calls)", n)
	}
}
