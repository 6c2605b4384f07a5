package logistics_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/logistics"
)

// recorder is an httptest handler that records every request and answers
// with the next of its responses (the last one repeats).
type recorder struct {
	mu        sync.Mutex
	requests  []*http.Request
	bodies    []string
	responses []response
}

type response struct {
	status int
	header map[string]string
	body   string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.requests = append(rec.requests, r.Clone(context.Background()))
	rec.bodies = append(rec.bodies, string(body))
	resp := response{status: http.StatusOK, body: "{}"}
	if len(rec.responses) > 0 {
		resp = rec.responses[min(len(rec.requests), len(rec.responses))-1]
	}
	rec.mu.Unlock()
	for k, v := range resp.header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write([]byte(resp.body))
}

func (rec *recorder) reqs() []*http.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]*http.Request(nil), rec.requests...)
}

func serve(t testing.TB, responses ...response) (*recorder, *httptest.Server) {
	t.Helper()
	rec := &recorder{responses: responses}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv
}

func newClient(t testing.TB, url string, opts ...logistics.Option) *logistics.Client {
	t.Helper()
	c, err := logistics.NewClient(append([]logistics.Option{
		logistics.WithBaseURL(url), logistics.WithToken("secret-token"),
		logistics.WithBackoff(time.Millisecond, 2*time.Millisecond),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewClientValidation(t *testing.T) {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})
	tests := []struct {
		name    string
		opts    []logistics.Option
		wantErr string // "" for success
		wantURL string
	}{
		{name: "token", opts: []logistics.Option{logistics.WithToken("t")}, wantURL: "https://logistics-api.flexport.com"},
		{name: "token source", opts: []logistics.Option{logistics.WithTokenSource(ts)}, wantURL: "https://logistics-api.flexport.com"},
		{name: "no credentials", wantErr: "no credentials"},
		{name: "two credentials", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithTokenSource(ts)}, wantErr: "more than one credential"},
		{name: "token twice", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithToken("u")}, wantErr: "more than one credential"},
		{name: "empty token", opts: []logistics.Option{logistics.WithToken(" ")}, wantErr: "empty token"},
		{name: "nil token source", opts: []logistics.Option{logistics.WithTokenSource(nil)}, wantErr: "nil TokenSource"},
		{name: "zero option", opts: []logistics.Option{{}, logistics.WithToken("t")}, wantErr: "zero Option"},
		{name: "base with prefix", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("http://proxy.local/flexport/")}, wantURL: "http://proxy.local/flexport"},
		{name: "versioned root dropped", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("https://logistics-api.flexport.com/logistics/api/2023-10/")}, wantURL: "https://logistics-api.flexport.com"},
		{name: "other version", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("https://logistics-api.flexport.com/logistics/api/2024-04")}, wantErr: "API path"},
		{name: "relative base", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("/logistics")}, wantErr: "scheme must be http or https"},
		{name: "no host", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("https://")}, wantErr: "no host"},
		{name: "malformed base", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("http://[::1")}, wantErr: "malformed base URL"},
		{name: "query in base", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("https://h.example?x=1")}, wantErr: "query or fragment"},
		{name: "credentials in base", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBaseURL("https://u:p@h.example")}, wantErr: "must not carry credentials"},
		{name: "max attempts", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithMaxAttempts(0)}, wantErr: "at least 1"},
		{name: "backoff", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithBackoff(time.Second, time.Millisecond)}, wantErr: "base <= max"},
		{name: "retry after cap", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithRetryAfterCap(0)}, wantErr: "not positive"},
		{name: "rate limit", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithRateLimit(0, 1)}, wantErr: "positive rate"},
		{name: "timeout", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithTimeout(0)}, wantErr: "zero timeout"},
		{name: "nil middleware", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithMiddleware(nil)}, wantErr: "nil middleware"},
		{name: "nil http client", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithHTTPClient(nil)}, wantErr: "nil client"},
		{name: "user agent line break", opts: []logistics.Option{logistics.WithToken("t"), logistics.WithUserAgent("a\r\nX: y")}, wantErr: "line breaks"},
		{name: "all knobs", opts: []logistics.Option{
			logistics.WithToken("t"), logistics.WithMaxAttempts(5), logistics.WithBackoff(time.Millisecond, time.Second),
			logistics.WithRetryAfterCap(time.Second), logistics.WithRetry500(), logistics.WithRetryBudget(0),
			logistics.WithRateLimit(10, 1), logistics.WithTimeout(-1), logistics.WithLogger(nil),
			logistics.WithMiddleware(func(rt http.RoundTripper) http.RoundTripper { return rt }),
			logistics.WithUserAgent("app/1"), logistics.WithHTTPClient(&http.Client{}),
		}, wantURL: "https://logistics-api.flexport.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := logistics.NewClient(tt.opts...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NewClient error = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error %q shows a credential", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			if got := c.BaseURL(); got != tt.wantURL {
				t.Errorf("BaseURL() = %q, want %q", got, tt.wantURL)
			}
		})
	}
}

// TestRequestLine checks where requests go and the headers they carry: the
// versioned path under the base URL's prefix, the bearer token, and no
// Core-only Flexport-Version.
func TestRequestLine(t *testing.T) {
	rec, srv := serve(t, response{status: 200, body: `{"id":"o1","lineItems":[],"shipments":[],"address":{},"state":{}}`})
	c := newClient(t, srv.URL+"/prefix", logistics.WithUserAgent("app/1"))
	if _, err := c.Orders.Get(context.Background(), "o 1/x"); err != nil {
		t.Fatal(err)
	}
	r := rec.reqs()[0]
	got := map[string]string{
		"method":           r.Method,
		"path":             r.URL.EscapedPath(),
		"authorization":    r.Header.Get("Authorization"),
		"flexport-version": r.Header.Get("Flexport-Version"),
		"idempotency-key":  r.Header.Get("Idempotency-Key"),
		"ua suffix":        r.Header.Get("User-Agent")[strings.LastIndex(r.Header.Get("User-Agent"), " ")+1:],
	}
	want := map[string]string{
		"method":           "GET",
		"path":             "/prefix/logistics/api/2023-10/orders/o%201%2Fx",
		"authorization":    "Bearer secret-token",
		"flexport-version": "",
		"idempotency-key":  "", // GETs carry none
		"ua suffix":        "app/1",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("request (-want +got):\n%s", d)
	}
}

// TestWithTokenSource checks that a token source's token is sent, such as
// that of a partner OAuth exchange.
func TestWithTokenSource(t *testing.T) {
	rec, srv := serve(t, response{status: 200, body: `[]`})
	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithTokenSource(auth.LogisticsToken{AccessToken: "partner-token"}.TokenSource()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Webhooks.ListPage(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rec.reqs()[0].Header.Get("Authorization"); got != "Bearer partner-token" {
		t.Errorf("Authorization = %q", got)
	}
}
