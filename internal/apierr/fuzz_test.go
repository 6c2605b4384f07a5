package apierr

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []struct {
	status     int
	ctype      string
	retryAfter string
	body       string
}{
	{404, "application/json", "", `{"_object":"/api/response","version":2,"data":null,"error":{"_object":"/api/error","status":404,"code":"not_found","message":"Shipment not found"}}`},
	{422, "application/json", "", `{"errors":[{"code":"invalid","message":"name is blank"},"x",7]}`},
	{400, "application/json", "", `{"error":"bad"}`},
	{400, "application/json", "", `{"error":{"code":{"x":1},"message":[1,2]}}`},
	{422, "application/problem+json", "", `{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"Invalid","instance":"/o/1","code":405001}`},
	{423, "application/problem+json", "", `{"title":"Locked","code":"407001"}`},
	{502, "text/html", "5", "<html><head><title>502 Bad Gateway</title></head><body><script>x</script><!-- c --></body></html>"},
	{503, "text/plain", "Wed, 21 Oct 2015 07:28:00 GMT", "token=abc upstream down"},
	{500, "", "99999999999999999999", ""},
	{429, "application/json", "1", `{"code":"1e400","message":null}`},
	{0, "", "", "\xff\xfe<"},
}

// checkCommon asserts the invariants every parsed error must satisfy.
func checkCommon(t *testing.T, e Error, status int) {
	t.Helper()
	if e.StatusCode() != status {
		t.Fatalf("StatusCode() = %d, want %d", e.StatusCode(), status)
	}
	if e.RetryAfter() < 0 {
		t.Fatalf("RetryAfter() = %v < 0", e.RetryAfter())
	}
	if e.Retryable() != IsRetryableStatus(status) {
		t.Fatalf("Retryable() = %v for %d", e.Retryable(), status)
	}
	msg := e.Error()
	if !utf8.ValidString(msg) || strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("Error() is not a single line of UTF-8: %q", msg)
	}
	if n := utf8.RuneCountInString(msg); n > 1200 {
		t.Fatalf("Error() has %d runes", n)
	}
	if got, want := errors.Is(e, ErrNotFound), status == http.StatusNotFound; got != want {
		t.Fatalf("errors.Is(ErrNotFound) = %v for %d", got, status)
	}
}

func FuzzParseCoreError(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.status, s.ctype, s.retryAfter, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, ctype, retryAfter string, body []byte) {
		h := http.Header{"Content-Type": {ctype}, "Retry-After": {retryAfter}, "X-Correlation-Id": {ctype}}
		e := ParseCore(status, h, body)
		e.Method, e.Path, e.Attempts = "GET", "/shipments", 2
		checkCommon(t, e, status)
		if !utf8.ValidString(e.Code) || strings.ContainsAny(e.Code, "\r\n") {
			t.Fatalf("Code is not a single line of UTF-8: %q", e.Code)
		}
	})
}

func FuzzParseLogisticsError(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.status, s.ctype, s.retryAfter, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, ctype, retryAfter string, body []byte) {
		h := http.Header{"Content-Type": {ctype}, "Retry-After": {retryAfter}, "X-Correlation-Id": {ctype}}
		e := ParseLogistics(status, h, body)
		e.Method, e.Path, e.Attempts = "POST", "/logistics/api/2023-10/orders", 1
		checkCommon(t, e, status)
		if e.Code < 0 {
			t.Fatalf("Code = %d < 0", e.Code)
		}
	})
}

func FuzzSummarize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.ctype, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		s := Summarize(ctype, body)
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n\t") || utf8.RuneCountInString(s) > 201 {
			t.Fatalf("Summarize = %q", s)
		}
	})
}
