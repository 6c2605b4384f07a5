package apierr

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func TestParseCore(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   *CoreError
	}{
		{
			name:   "envelope",
			status: 404,
			header: hdr("X-Correlation-Id", "corr-1"),
			body:   `{"_object":"/api/response","self":"https://api.flexport.com/shipments/1","version":2,"data":null,"error":{"_object":"/api/error","status":404,"code":"not_found","message":"Shipment not found"}}`,
			want:   &CoreError{Status: 404, Code: "not_found", Message: "Shipment not found", CorrelationID: "corr-1"},
		},
		{
			name:   "HTTP status wins over the body's",
			status: 500,
			body:   `{"error":{"status":404,"code":"not_found","message":"x"}}`,
			want:   &CoreError{Status: 500, Code: "not_found", Message: "x"},
		},
		{
			name:   "error as a string",
			status: 400,
			body:   `{"error":"bad things"}`,
			want:   &CoreError{Status: 400, Message: "bad things"},
		},
		{
			name:   "error malformed, legacy list present",
			status: 422,
			body:   `{"error":12,"errors":[{"code":"invalid","message":"name is blank"},{"code":"other","message":"port unknown"},"loose text",7]}`,
			want:   &CoreError{Status: 422, Code: "invalid", Message: "name is blank; port unknown; loose text"},
		},
		{
			name:   "numeric code, object message",
			status: 422,
			body:   `{"error":{"code":42,"message":{"name":["is blank"]}}}`,
			want:   &CoreError{Status: 422, Code: "42", Message: `{"name":["is blank"]}`},
		},
		{
			name:   "bare code and message",
			status: 409,
			body:   `{"code":"conflict","message":"already booked"}`,
			want:   &CoreError{Status: 409, Code: "conflict", Message: "already booked"},
		},
		{
			name:   "problem details",
			status: 403,
			header: hdr("Content-Type", "application/problem+json"),
			body:   `{"type":"about:blank","title":"Forbidden","detail":"no access to shipment 7"}`,
			want:   &CoreError{Status: 403, Message: "Forbidden: no access to shipment 7"},
		},
		{
			name:   "HTML from a proxy",
			status: 502,
			header: hdr("Content-Type", "text/html", "X-Request-Id", "req-9"),
			body:   "<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>\n<body><center><h1>502 Bad Gateway</h1></center><script>alert(1)</script><hr><center>nginx</center></body></html>",
			want:   &CoreError{Status: 502, Message: "502 Bad Gateway 502 Bad Gateway nginx", CorrelationID: "req-9"},
		},
		{
			name:   "plain text",
			status: 503,
			header: hdr("Content-Type", "text/plain", "Retry-After", "7"),
			body:   "upstream\tconnect error\n\nor disconnect",
			want:   &CoreError{Status: 503, Message: "upstream connect error or disconnect", RetryAfterDelay: 7 * time.Second},
		},
		{
			name:   "empty body",
			status: 500,
			want:   &CoreError{Status: 500},
		},
		{
			name:   "JSON without error fields",
			status: 500,
			body:   `{"data":null}`,
			want:   &CoreError{Status: 500, Message: `{"data":null}`},
		},
		{
			name:   "truncated JSON",
			status: 500,
			body:   `{"error":{"code":"x","mess`,
			want:   &CoreError{Status: 500, Message: `{"error":{"code":"x","mess`},
		},
		{
			name:   "secrets echoed in message",
			status: 401,
			body:   `{"error":{"code":"unauthorized","message":"token=abc123 rejected; Bearer xyz.789 invalid; {\"client_secret\": \"s3cr3t\"}"}}`,
			want:   &CoreError{Status: 401, Code: "unauthorized", Message: `token=REDACTED rejected; Bearer REDACTED invalid; {"client_secret": "REDACTED"}`},
		},
		{
			name:   "request id header precedence",
			status: 404,
			header: hdr("X-Request-Id", "second", "Request-Id", "third", "X-Correlation-Id", "first"),
			body:   `{"error":{"code":"not_found"}}`,
			want:   &CoreError{Status: 404, Code: "not_found", CorrelationID: "first"},
		},
		{
			name:   "request-id header",
			status: 404,
			header: hdr("Request-Id", "third"),
			want:   &CoreError{Status: 404, CorrelationID: "third"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			got := ParseCore(tt.status, h, []byte(tt.body))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseCore mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseLogistics(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   *LogisticsError
	}{
		{
			name:   "problem details with numeric code",
			status: 422,
			header: hdr("Content-Type", "application/problem+json", "X-Correlation-Id", "7f1c0a5e-3b1d-4e44-9d0f-0e7c2b8f9a10"),
			body:   `{"type":"https://logistics-api.flexport.com/problems/validation","title":"Unprocessable Entity","status":422,"detail":"Invalid port code","instance":"/logistics/api/2023-10/orders","code":405001}`,
			want: &LogisticsError{
				Status: 422, Type: "https://logistics-api.flexport.com/problems/validation", Title: "Unprocessable Entity",
				Detail: "Invalid port code", Instance: "/logistics/api/2023-10/orders", Code: 405001,
				CorrelationID: "7f1c0a5e-3b1d-4e44-9d0f-0e7c2b8f9a10",
			},
		},
		{
			name:   "code as a string",
			status: 423,
			body:   `{"title":"Locked","detail":"account frozen","code":"407001"}`,
			want:   &LogisticsError{Status: 423, Title: "Locked", Detail: "account frozen", Code: 407001},
		},
		{
			name:   "code not numeric",
			status: 400,
			body:   `{"title":"Bad Request","code":"E_BAD"}`,
			want:   &LogisticsError{Status: 400, Title: "Bad Request"},
		},
		{
			name:   "code only",
			status: 400,
			body:   `{"code":405002}`,
			want:   &LogisticsError{Status: 400, Code: 405002},
		},
		{
			name:   "Core-style envelope",
			status: 404,
			body:   `{"error":{"status":404,"code":"not_found","message":"Order not found"}}`,
			want:   &LogisticsError{Status: 404, Detail: "not_found: Order not found"},
		},
		{
			name:   "HTML from a proxy",
			status: 504,
			header: hdr("Content-Type", "text/html; charset=utf-8", "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
			body:   "<!DOCTYPE html><html><body><!-- gateway --><h1>Gateway &amp; Timeout</h1></body></html>",
			want:   &LogisticsError{Status: 504, Detail: "Gateway & Timeout"},
		},
		{
			name:   "empty body",
			status: 503,
			header: hdr("Retry-After", "120"),
			want:   &LogisticsError{Status: 503, RetryAfterDelay: 2 * time.Minute},
		},
		{
			name:   "members of the wrong type",
			status: 400,
			body:   `{"type":{"a":1},"title":["x"],"detail":null,"instance":5}`,
			want:   &LogisticsError{Status: 400, Title: `["x"]`, Instance: "5"},
		},
		{
			name:   "secret in instance",
			status: 400,
			body:   `{"title":"Bad Request","instance":"/orders?token=abc"}`,
			want:   &LogisticsError{Status: 400, Title: "Bad Request", Instance: "/orders?token=REDACTED"},
		},
		{
			name:   "secret in detail",
			status: 400,
			body:   `{"title":"Bad Request","detail":"access_token=abc.def is expired"}`,
			want:   &LogisticsError{Status: 400, Title: "Bad Request", Detail: "access_token=REDACTED is expired"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			got := ParseLogistics(tt.status, h, []byte(tt.body))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseLogistics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{
			name: "core, one attempt",
			err:  &CoreError{Status: 404, Code: "not_found", Message: "Shipment not found", CorrelationID: "abc", Method: "GET", Path: "/shipments/1", Attempts: 1},
			want: "core: GET /shipments/1: 404 not_found: Shipment not found (request id abc)",
		},
		{
			name: "core, retries exhausted",
			err:  &CoreError{Status: 503, Message: "down", Method: "GET", Path: "/shipments", Attempts: 3},
			want: "core: GET /shipments: 503 Service Unavailable: down (after 3 attempts, last status 503)",
		},
		{
			name: "core, retry after",
			err:  &CoreError{Status: 429, RetryAfterDelay: time.Hour, Method: "GET", Path: "/shipments"},
			want: "core: GET /shipments: 429 Too Many Requests (retry after 1h0m0s)",
		},
		{
			name: "core, no request",
			err:  &CoreError{Status: 500},
			want: "core: 500 Internal Server Error",
		},
		{
			name: "logistics with code",
			err:  &LogisticsError{Status: 422, Title: "Unprocessable Entity", Detail: "Invalid port", Code: 405001, CorrelationID: "c-1", Method: "POST", Path: "/logistics/api/2023-10/orders", Attempts: 2},
			want: "logistics: POST /logistics/api/2023-10/orders: 422 Unprocessable Entity: Invalid port (code 405001) (request id c-1; after 2 attempts, last status 422)",
		},
		{
			name: "logistics without title",
			err:  &LogisticsError{Status: 423, Code: 407001},
			want: "logistics: 423 Locked: (code 407001)",
		},
		{
			name: "long message clipped",
			err:  &CoreError{Status: 400, Message: strings.Repeat("x", 600)},
			want: "core: 400 Bad Request: " + strings.Repeat("x", 500) + "…",
		},
		{
			name: "transport error after retries",
			err:  &TransportError{API: Core, Method: "GET", Path: "/shipments", Attempts: 3, LastStatus: 503, Err: io.ErrUnexpectedEOF},
			want: "core: GET /shipments: send request: after 3 attempts, last status 503: unexpected EOF",
		},
		{
			name: "transport error reading body",
			err:  &TransportError{API: Logistics, Method: "GET", Path: "/x", Op: "read body", Attempts: 1, LastStatus: 200, Err: errors.New("token=sekrit leaked")},
			want: "logistics: GET /x: read body: status 200: token=REDACTED leaked",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
				t.Errorf("Error() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSentinels(t *testing.T) {
	sentinels := []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrUnprocessableEntity, ErrLocked, ErrRateLimited}
	tests := []struct {
		status int
		want   error // nil: matches none
	}{
		{401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound}, {409, ErrConflict},
		{422, ErrUnprocessableEntity}, {423, ErrLocked}, {429, ErrRateLimited},
		{400, nil}, {500, nil}, {503, nil},
	}
	for _, tt := range tests {
		for _, e := range []Error{&CoreError{Status: tt.status}, &LogisticsError{Status: tt.status}} {
			t.Run(fmt.Sprintf("%T/%d", e, tt.status), func(t *testing.T) {
				wrapped := fmt.Errorf("listing: %w", e)
				for _, s := range sentinels {
					if got, want := errors.Is(wrapped, s), s == tt.want; got != want {
						t.Errorf("errors.Is(%d, %v) = %v, want %v", tt.status, s, got, want)
					}
				}
				var ae Error
				if !errors.As(wrapped, &ae) || ae.StatusCode() != tt.status {
					t.Errorf("errors.As(Error) failed or wrong status: %v", ae)
				}
			})
		}
	}
}

func TestRetryable(t *testing.T) {
	for status, want := range map[int]bool{400: false, 404: false, 408: true, 423: false, 429: true, 500: false, 501: false, 502: true, 503: true, 504: true} {
		if got := (&CoreError{Status: status}).Retryable(); got != want {
			t.Errorf("CoreError{%d}.Retryable() = %v, want %v", status, got, want)
		}
		if got := (&LogisticsError{Status: status}).Retryable(); got != want {
			t.Errorf("LogisticsError{%d}.Retryable() = %v, want %v", status, got, want)
		}
	}
}
