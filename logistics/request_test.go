package logistics_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/logistics"
)

const orderJSON = `{"id":"ord_1","externalOrderId":"ext-1","address":{},"lineItems":[],"shipments":[],"state":{}}`

func newOrder() *logistics.CreateOrderInput {
	return &logistics.CreateOrderInput{
		ExternalOrderID: "ext-1",
		LineItems:       []logistics.OrderLineItemInput{},
	}
}

func TestOrdersCreateIdempotency(t *testing.T) {
	tests := []struct {
		name         string
		responses    []response
		opts         []logistics.CallOption
		wantRequests int
		wantKey      string // "" means any UUID
		wantInfo     logistics.CallInfo
	}{
		{
			name:         "one attempt",
			responses:    []response{{status: 201, header: map[string]string{"X-Correlation-Id": "corr-1"}, body: orderJSON}},
			wantRequests: 1,
			wantInfo:     logistics.CallInfo{Attempts: 1, StatusCode: 201, RequestID: "corr-1"},
		},
		{
			name: "503 then 201 keeps the key",
			responses: []response{
				{status: 503, header: map[string]string{"Content-Type": "application/problem+json", "X-Correlation-Id": "corr-1"}, body: `{"title":"Unavailable","status":503}`},
				{status: 201, header: map[string]string{"X-Correlation-Id": "corr-2"}, body: orderJSON},
			},
			wantRequests: 2,
			wantInfo:     logistics.CallInfo{Attempts: 2, StatusCode: 201, RequestID: "corr-2"},
		},
		{
			name: "caller's key wins, replayed reported",
			responses: []response{
				{status: 502, body: `{}`},
				{status: 200, header: map[string]string{"Idempotent-Replayed": "true", "X-Correlation-Id": "corr-3"}, body: orderJSON},
			},
			opts:         []logistics.CallOption{logistics.WithIdempotencyKey("order-ext-1")},
			wantRequests: 2,
			wantKey:      "order-ext-1",
			wantInfo:     logistics.CallInfo{Attempts: 2, StatusCode: 200, RequestID: "corr-3", IdempotencyKey: "order-ext-1", Replayed: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := serve(t, tt.responses...)
			c := newClient(t, srv.URL)
			var info logistics.CallInfo
			order, err := c.Orders.Create(context.Background(), newOrder(), append(tt.opts, logistics.WithCallInfo(&info))...)
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			if order.ID != "ord_1" {
				t.Errorf("order.ID = %q", order.ID)
			}
			reqs := rec.reqs()
			if len(reqs) != tt.wantRequests {
				t.Fatalf("%d requests, want %d", len(reqs), tt.wantRequests)
			}
			key := reqs[0].Header.Get("Idempotency-Key")
			for i, r := range reqs {
				if r.Method != http.MethodPost || r.URL.Path != "/logistics/api/2023-10/orders" {
					t.Errorf("request %d: %s %s", i, r.Method, r.URL.Path)
				}
				if got := r.Header.Get("Idempotency-Key"); got != key {
					t.Errorf("request %d idempotency-key %q, first was %q", i, got, key)
				}
				var body map[string]any
				if err := json.Unmarshal([]byte(rec.bodies[i]), &body); err != nil || body["externalOrderId"] != "ext-1" {
					t.Errorf("request %d body %q (%v)", i, rec.bodies[i], err)
				}
			}
			switch {
			case tt.wantKey != "" && key != tt.wantKey:
				t.Errorf("idempotency-key %q, want %q", key, tt.wantKey)
			case tt.wantKey == "" && len(key) != 36:
				t.Errorf("idempotency-key %q is not a UUID", key)
			}
			want := tt.wantInfo
			want.IdempotencyKey = key
			if d := cmp.Diff(want, info); d != "" {
				t.Errorf("CallInfo (-want +got):\n%s", d)
			}
		})
	}
}

// TestCallsAreIndependent checks that two calls get two keys: a key belongs
// to one call and its retries.
func TestCallsAreIndependent(t *testing.T) {
	rec, srv := serve(t, response{status: 200, body: orderJSON})
	c := newClient(t, srv.URL)
	for range 2 {
		if _, err := c.Orders.Create(context.Background(), newOrder()); err != nil {
			t.Fatal(err)
		}
	}
	reqs := rec.reqs()
	if a, b := reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key"); a == "" || a == b {
		t.Errorf("keys %q and %q: want two different keys", a, b)
	}
}

func TestAPIError(t *testing.T) {
	tests := []struct {
		name     string
		resp     response
		want     logistics.APIError
		sentinel error
	}{
		{
			name: "problem+json with code",
			resp: response{status: 422, header: map[string]string{"Content-Type": "application/problem+json", "X-Correlation-Id": "3f1c"}, body: `{
				"type":"https://developers.flexport.com/logistics/errors#407001","title":"Invalid order status",
				"status":422,"detail":"Order ord_1 has shipped","instance":"inst-9","code":407001}`},
			want: logistics.APIError{
				Status: 422, Type: "https://developers.flexport.com/logistics/errors#407001", Title: "Invalid order status",
				Detail: "Order ord_1 has shipped", Instance: "inst-9", Code: 407001, CorrelationID: "3f1c",
				Method: "POST", Path: "/logistics/api/2023-10/orders/ord_1/cancel", Attempts: 1,
			},
			sentinel: logistics.ErrUnprocessableEntity,
		},
		{
			name: "code as a string",
			resp: response{status: 409, header: map[string]string{"Content-Type": "application/problem+json"}, body: `{"title":"Conflict","status":409,"code":"409001"}`},
			want: logistics.APIError{
				Status: 409, Title: "Conflict", Code: 409001,
				Method: "POST", Path: "/logistics/api/2023-10/orders/ord_1/cancel", Attempts: 1,
			},
			sentinel: logistics.ErrConflict,
		},
		{
			name: "locked account",
			resp: response{status: 423, header: map[string]string{"Content-Type": "application/problem+json", "X-Correlation-Id": "c"}, body: `{"title":"Locked","status":423,"detail":"Account frozen"}`},
			want: logistics.APIError{
				Status: 423, Title: "Locked", Detail: "Account frozen", CorrelationID: "c",
				Method: "POST", Path: "/logistics/api/2023-10/orders/ord_1/cancel", Attempts: 1,
			},
			sentinel: logistics.ErrLocked,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := serve(t, tt.resp)
			c := newClient(t, srv.URL)
			_, err := c.Orders.Cancel(context.Background(), "ord_1")
			var apiErr *logistics.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if d := cmp.Diff(tt.want, *apiErr); d != "" {
				t.Errorf("APIError (-want +got):\n%s", d)
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			var e logistics.Error
			if !errors.As(err, &e) || e.StatusCode() != tt.want.Status || e.RequestID() != tt.want.CorrelationID {
				t.Errorf("as logistics.Error: %v", e)
			}
			if strings.Contains(err.Error(), "secret-token") {
				t.Errorf("error %q shows the token", err)
			}
		})
	}
}

// TestTransportError checks that a call that never got a response returns a
// *TransportError whose text holds neither the token nor the query.
func TestTransportError(t *testing.T) {
	_, srv := serve(t)
	url := srv.URL
	srv.Close()
	c := newClient(t, url, logistics.WithMaxAttempts(2))
	var info logistics.CallInfo
	_, err := c.Products.ListPage(context.Background(), &logistics.ProductListParams{Limit: logistics.Ptr(int64(5))}, logistics.WithCallInfo(&info))
	var te *logistics.TransportError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T) is not a *TransportError", err, err)
	}
	if te.Attempts != 2 || info.Attempts != 2 {
		t.Errorf("attempts: error %d, CallInfo %d; want 2", te.Attempts, info.Attempts)
	}
	if s := err.Error(); strings.Contains(s, "secret-token") || strings.Contains(s, "limit=") {
		t.Errorf("error %q shows the token or the query", s)
	}
}

func TestWithQueryAndAttempts(t *testing.T) {
	rec, srv := serve(t, response{status: 503, body: `{}`})
	c := newClient(t, srv.URL)
	_, err := c.Events.ListPage(context.Background(), &logistics.EventListParams{Type: logistics.Ptr("Order.Shipped")},
		logistics.WithQuery("warehouseId", "w 1"), logistics.WithMaxAttempts(1))
	if !errors.As(err, new(*logistics.APIError)) {
		t.Fatalf("error %v", err)
	}
	reqs := rec.reqs()
	if len(reqs) != 1 {
		t.Errorf("%d requests, want 1 (WithMaxAttempts(1))", len(reqs))
	}
	q := reqs[0].URL.Query()
	if q.Get("type") != "Order.Shipped" || q.Get("warehouseId") != "w 1" {
		t.Errorf("query %q", reqs[0].URL.RawQuery)
	}
}
