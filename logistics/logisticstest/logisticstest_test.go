package logisticstest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/fakeapi"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
	"github.com/flexport-go/flexport/logistics"
	"github.com/flexport-go/flexport/logistics/webhook"
)

const orderBody = `{"externalOrderId":"%s","address":{"address1":"1 Main St","city":"Reno","countryCode":"US"},"lineItems":[{"logisticsSku":"D0000000001","quantity":%d}]}`

func order(ext string, qty int) string { return fmt.Sprintf(orderBody, ext, qty) }

// TestIdempotency checks the idempotency-key semantics: the same key and
// body replay the stored response (idempotent-replayed: true) without
// creating anything again; the same key with another body gets 422; the
// key is scoped to the token.
func TestIdempotency(t *testing.T) {
	srv := NewServer(t)
	type result struct {
		Status   int
		Replayed string
		Type     string // Content-Type
	}
	post := func(key, body string) (result, string) {
		t.Helper()
		header := bearer(srv.Token)
		if key != "" {
			header.Set("idempotency-key", key)
		}
		status, b, h := fakeapitest.Do(t, http.MethodPost, srv.URL+APIRoot+"/orders", header, body)
		return result{status, h.Get("idempotent-replayed"), h.Get("Content-Type")}, b
	}
	first, firstBody := post("key-1", order("IDEM-1", 2))
	for _, tc := range []struct {
		name string
		key  string
		body string
		want result
	}{
		{"same key and body: replayed", "key-1", order("IDEM-1", 2), result{200, "true", "application/json"}},
		{"same key, other body", "key-1", order("IDEM-1", 3), result{422, "", "application/problem+json"}},
		{"no key: the external id is taken", "", order("IDEM-1", 2), result{409, "", "application/problem+json"}},
		{"other key: the external id is taken", "key-2", order("IDEM-1", 2), result{409, "", "application/problem+json"}},
	} {
		got, body := post(tc.key, tc.body)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
		if tc.want.Replayed == "true" && body != firstBody {
			t.Errorf("%s: replayed %s, want the first response %s", tc.name, body, firstBody)
		}
	}
	if first.Status != 200 {
		t.Fatalf("first create = %+v %s", first, firstBody)
	}
	n := 0
	for _, o := range srv.h.t["orders"].All() {
		if o["externalOrderId"] == "IDEM-1" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d orders IDEM-1, want 1", n)
	}
}

// TestSDKReplaysCreate runs the Logistics client against the fake: a
// create replayed with the same idempotency key, and a list of products.
func TestSDKReplaysCreate(t *testing.T) {
	ctx := context.Background()
	srv := NewServer(t)
	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken(srv.Token))
	if err != nil {
		t.Fatal(err)
	}
	var body logistics.CreateOrderInput
	if err := json.Unmarshal([]byte(order("SDK-1", 1)), &body); err != nil {
		t.Fatal(err)
	}
	var first, second logistics.CallInfo
	a, err := c.Orders.Create(ctx, &body, logistics.WithIdempotencyKey("sdk-key"), logistics.WithCallInfo(&first))
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Orders.Create(ctx, &body, logistics.WithIdempotencyKey("sdk-key"), logistics.WithCallInfo(&second))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || first.Replayed || !second.Replayed || second.RequestID == "" || second.IdempotencyKey != "sdk-key" {
		t.Errorf("orders %s and %s; call infos %+v and %+v", a.ID, b.ID, first, second)
	}
	n := 0
	for _, err := range c.Products.List(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != len(goods) {
		t.Errorf("listed %d products, want %d", n, len(goods))
	}
}

func TestPagination(t *testing.T) {
	srv := NewServer(t)
	get := func(path string) ([]map[string]any, http.Header) {
		t.Helper()
		status, body, h := do(t, srv, "GET", path, "")
		if status != 200 {
			t.Fatalf("GET %s = %d %s", path, status, body)
		}
		var items []map[string]any
		if strings.HasPrefix(body, "{") {
			var v struct{ Orders []map[string]any }
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			return v.Orders, h
		}
		if err := json.Unmarshal([]byte(body), &items); err != nil {
			t.Fatal(err)
		}
		return items, h
	}
	// limit/offset, ending on an empty page
	var skus []string
	for off := 0; ; off += 7 {
		page, _ := get(APIRoot + "/products?limit=7&offset=" + strconv.Itoa(off))
		if len(page) == 0 {
			break
		}
		for _, p := range page {
			skus = append(skus, p["logisticsSku"].(string))
		}
	}
	if len(skus) != len(goods) {
		t.Errorf("offset pages held %d products, want %d", len(skus), len(goods))
	}
	// page_info from the Link header
	var events []string
	for path := APIRoot + "/events?limit=3"; path != ""; {
		page, h := get(path)
		for _, e := range page {
			events = append(events, e["id"].(string))
		}
		path = ""
		if link := h.Get("Link"); link != "" {
			u, err := url.Parse(strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`))
			if err != nil || u.Query().Get("page_info") == "" || u.Query().Get("limit") != "3" {
				t.Fatalf("Link %q", link)
			}
			path = u.RequestURI()
		}
	}
	all, _ := get(APIRoot + "/events?limit=100")
	if len(events) != len(all) || len(all) < 4 {
		t.Errorf("page_info pages held %d events, one page %d", len(events), len(all))
	}
	// cursor: the last id seen, forward and backward
	fwd, _ := get(APIRoot + "/freight/orders?limit=2")
	next, _ := get(APIRoot + "/freight/orders?limit=2&cursor=" + fakeapi.Text(fwd[1]["id"]))
	back, _ := get(APIRoot + "/freight/orders?limit=2&direction=backward&cursor=" + fakeapi.Text(next[0]["id"]))
	ids := func(items []map[string]any) (out []string) {
		for _, o := range items {
			out = append(out, fakeapi.Text(o["id"]))
		}
		return out
	}
	if diff := cmp.Diff([]string{"7001", "7002", "7003"}, append(ids(fwd), ids(next)...)); diff != "" {
		t.Errorf("forward cursor pages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"7002", "7001"}, ids(back)); diff != "" {
		t.Errorf("backward cursor page (-want +got):\n%s", diff)
	}
}

// TestWebhookDelivery checks deliveries to subscriptions with Basic and
// token-header authentication, verified by logistics/webhook, after a
// refused first attempt.
func TestWebhookDelivery(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]string{}
	var attempts int
	receive := func(name string, a webhook.Auth) http.Handler {
		h := webhook.NewHandler(a, func(_ context.Context, ev *webhook.Event) error {
			mu.Lock()
			defer mu.Unlock()
			got[name] = append(got[name], string(ev.Type))
			return nil
		})
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			attempts++
			first := attempts == 1
			mu.Unlock()
			if first {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	mux := http.NewServeMux()
	mux.Handle("/basic", receive("basic", webhook.BasicAuth("user", "pass")))
	mux.Handle("/token", receive("token", webhook.TokenAuth("X-Hook-Token", "tok")))
	endpoint := httptest.NewTLSServer(mux)
	defer endpoint.Close()
	srv := NewServer(t, WithWebhookClient(endpoint.Client()))
	for _, body := range []string{
		`{"type":"Order.Shipped","url":"` + endpoint.URL + `/basic","method":"POST","authMethod":"BASIC_AUTH","username":"user","password":"pass"}`,
		`{"type":"Order.Shipped","url":"` + endpoint.URL + `/token","method":"PUT","authMethod":"TOKEN","token":"tok","tokenHeader":"X-Hook-Token"}`,
		`{"type":"Order.Cancelled","url":"` + endpoint.URL + `/token","method":"POST","authMethod":"TOKEN","token":"tok","tokenHeader":"X-Hook-Token"}`,
	} {
		if status, b, _ := do(t, srv, "POST", APIRoot+"/webhooks", body); status != 202 || strings.Contains(b, "pass") || strings.Contains(b, `"tok"`) {
			t.Fatalf("create webhook = %d %s (secrets must not come back)", status, b)
		}
	}
	id, err := srv.Emit(context.Background(), Event{Type: "Order.Shipped", Payload: json.RawMessage(`{"orderId":"42"}`)})
	if err != nil {
		t.Fatal(err)
	}
	order := fakeapi.Text(srv.h.t["orders"].All()[3]["id"])
	if status, b, _ := do(t, srv, "POST", APIRoot+"/orders/"+order+"/cancel", ""); status != 200 {
		t.Fatalf("cancel = %d %s", status, b)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got["token"])
		mu.Unlock()
		if n == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(map[string][]string{"basic": {"Order.Shipped"}, "token": {"Order.Shipped", "Order.Cancelled"}}, got); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	if _, body, _ := do(t, srv, "GET", APIRoot+"/events?type=Order.Shipped&limit=100", ""); !strings.Contains(body, `"id":"`+id+`"`) {
		t.Errorf("GET /events does not list event %s", id)
	}
}

// TestOAuth runs the partner flow with auth.LogisticsOAuth: authorize
// (301 with a code), exchange the code once, call with the token.
func TestOAuth(t *testing.T) {
	srv := NewServer(t, WithOAuthClient("partner-app", "https://app.example.com/cb"))
	app := &auth.LogisticsOAuth{ClientID: "partner-app", Scopes: []auth.LogisticsScope{auth.ScopeReadOrders},
		RedirectURI: "https://app.example.com/cb", BaseURL: srv.URL + APIRoot}
	authorize, err := app.AuthorizeURL("xyz")
	if err != nil {
		t.Fatal(err)
	}
	status, body, h := do(t, srv, "GET", strings.TrimPrefix(authorize, srv.URL), "")
	loc, _ := url.Parse(h.Get("Location"))
	if status != 301 || loc == nil || loc.Query().Get("state") != "xyz" || loc.Query().Get("code") == "" {
		t.Fatalf("authorize = %d %s, Location %q", status, body, h.Get("Location"))
	}
	tok, err := app.Exchange(context.Background(), loc.Query().Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Exchange(context.Background(), loc.Query().Get("code")); err == nil || !strings.Contains(err.Error(), "405005") {
		t.Errorf("second exchange of the code = %v, want code 405005", err)
	}
	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithTokenSource(tok.TokenSource()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Orders.GetByExternalID(context.Background(), "SHOP-1002"); err != nil {
		t.Errorf("call with the exchanged token: %v", err)
	}
	for _, tc := range []struct{ query, code string }{
		{"response_type=code&client_id=other&scope=read_logistics_orders&redirect_uri=https://app.example.com/cb", "405002"},
		{"response_type=code&client_id=partner-app&scope=read_logistics_orders&redirect_uri=https://evil.example.com/cb", "405001"},
		{"response_type=code&client_id=partner-app&scope=read_everything&redirect_uri=https://app.example.com/cb", "405004"},
		{"response_type=code&client_id=partner-app&scope=%20&redirect_uri=https://app.example.com/cb", "405003"},
	} {
		if status, body, _ := do(t, srv, "GET", APIRoot+"/oauth/authorize?"+tc.query, ""); status != 400 || !strings.Contains(body, `"code":`+tc.code) {
			t.Errorf("authorize?%s = %d %s, want 400 with code %s", tc.query, status, body, tc.code)
		}
	}
}

// TestProblemDetails checks the problem+json errors.
func TestProblemDetails(t *testing.T) {
	srv := NewServer(t, WithFaults(Fault{Kind: FaultRateLimit, Operation: "GetOrder", Requests: []int{1}, RetryAfter: 3 * time.Second}))
	for _, tc := range []struct {
		name, method, path, token string
		want                      map[string]any
		retryAfter                string
	}{
		{"unauthorized", "GET", "/products", "wrong", map[string]any{"status": 401.0, "title": "Unauthorized", "code": 401.0}, ""},
		{"not found", "GET", "/products/D0000000000", "", map[string]any{"status": 404.0, "title": "Not Found"}, ""},
		{"rate limited", "GET", "/orders/123", "", map[string]any{"status": 429.0, "title": "Too Many Requests"}, "3"},
		{"six-digit code", "POST", "/orders/" + fakeapi.Text(srv.h.t["orders"].All()[2]["id"]) + "/retry", "", map[string]any{"status": 422.0, "code": 407001.0}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := srv.Token
			if tc.token != "" {
				tok = tc.token
			}
			_, body, header := fakeapitest.Do(t, tc.method, srv.URL+APIRoot+tc.path, bearer(tok), "")
			var p map[string]any
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.want {
				if p[k] != v {
					t.Errorf("%s = %v, want %v (%v)", k, p[k], v, p)
				}
			}
			if header.Get("Content-Type") != "application/problem+json" || p["type"] == nil || p["instance"] == nil || p["detail"] == nil ||
				header.Get("X-Correlation-Id") == "" || header.Get("Retry-After") != tc.retryAfter {
				t.Errorf("headers %v, problem %v", header, p)
			}
		})
	}
}
