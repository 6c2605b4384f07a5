package apierr

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{" 3600 ", time.Hour, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"99999999999999999999999", 1<<63 - 1, true},
		{"Sat, 01 Mar 2025 12:00:02 GMT", 2 * time.Second, true},
		{"Saturday, 01-Mar-25 12:01:00 GMT", time.Minute, true},
		{"Sat Mar  1 13:00:00 2025", time.Hour, true},
		{"Sat, 01 Mar 2025 11:00:00 GMT", 0, true},
		{"tomorrow", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRedactText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nothing to see", "nothing to see"},
		{"token=abc&x=1", "token=REDACTED&x=1"},
		{"?client_secret=s3&access_token=t0k", "?client_secret=REDACTED&access_token=REDACTED"},
		{`{"access_token":"eyJ.a.b","token_type":"bearer"}`, `{"access_token":"REDACTED","token_type":"bearer"}`},
		{`{"api_key": 'k-1'}`, `{"api_key": 'REDACTED'}`},
		{"Authorization: Bearer abc.DEF-123_=", "Authorization: Bearer REDACTED"},
		{"PASSWORD=hunter2", "PASSWORD=REDACTED"},
		{"oauth2: cannot fetch token: 401 Unauthorized", "oauth2: cannot fetch token: 401 Unauthorized"},
		{`{'token' : 'x'}`, `{'token' : 'REDACTED'}`},
		{"refresh_token = r1, id_token=i2;", "refresh_token = REDACTED, id_token=REDACTED;"},
	}
	for _, tt := range tests {
		if got := RedactText(tt.in); got != tt.want {
			t.Errorf("RedactText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct{ name, ctype, body, want string }{
		{"empty", "", "", ""},
		{"html by prefix", "", "  <p>Hello <b>there</b></p>", "Hello there"},
		{"unterminated tag", "text/html", "oops <div class=", "oops"},
		{"unterminated script", "text/html", "a<script>never ends", "a"},
		{"mixed case tags", "text/html", "<SCRIPT>x</SCRIPT><Style>y</STYLE>z", "z"},
		{"long", "text/plain", strings.Repeat("ab ", 100), strings.Repeat("ab ", 66) + "ab…"},
		{"invalid utf-8", "text/plain", "a\xffb", "a\uFFFDb"},
		{"unicode lowercasing changes length", "text/html", "İİİ<b>x</b>", "İİİ x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summarize(tt.ctype, []byte(tt.body)); got != tt.want {
				t.Errorf("Summarize = %q, want %q", got, tt.want)
			}
		})
	}
}

// countingBody records how much of a body is read and whether it is closed.
type countingBody struct {
	r      io.Reader
	n      int
	closed bool
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += n
	return n, err
}

func (b *countingBody) Close() error { b.closed = true; return nil }

func TestFromResponseBoundsRead(t *testing.T) {
	body := &countingBody{r: strings.NewReader("<html><body>" + strings.Repeat("<p>Bad gateway</p>", 10<<20/18) + "</body></html>")}
	req := httptest.NewRequest(http.MethodGet, "https://api.flexport.com/shipments/1?api_key=k", nil)
	resp := &http.Response{StatusCode: 502, Header: hdr("Content-Type", "text/html"), Body: body, Request: req}
	err := FromResponse(Core, resp, 3)
	var ce *CoreError
	if !errors.As(err, &ce) {
		t.Fatalf("FromResponse = %T %v, want *CoreError", err, err)
	}
	if body.n > MaxBodySize || !body.closed {
		t.Errorf("read %d bytes (max %d), closed %v", body.n, MaxBodySize, body.closed)
	}
	want := "core: GET /shipments/1: 502 Bad Gateway: " + clip(strings.TrimSpace(strings.Repeat("Bad gateway ", 20)), 200) + " (after 3 attempts, last status 502)"
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("Error() mismatch (-want +got):\n%s", diff)
	}
}

func TestFromResponseOverHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/problem":
			w.Header().Set("Content-Type", "application/problem+json")
			w.Header().Set("X-Correlation-Id", "corr-42")
			w.WriteHeader(http.StatusLocked)
			io.WriteString(w, `{"type":"about:blank","title":"Locked","status":423,"detail":"Account frozen","code":"407001"}`)
		case "/reset":
			// Promise more than is sent, then reset the connection.
			hj, _ := w.(http.Hijacker)
			conn, buf, _ := hj.Hijack()
			buf.WriteString("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>partial")
			buf.Flush()
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			conn.Close()
		}
	}))
	defer srv.Close()
	client := srv.Client()
	defer client.CloseIdleConnections()

	t.Run("problem", func(t *testing.T) {
		resp, err := client.Get(srv.URL + "/problem?token=secret")
		if err != nil {
			t.Fatal(err)
		}
		err = FromResponse(Logistics, resp, 1)
		want := &LogisticsError{Status: 423, Type: "about:blank", Title: "Locked", Detail: "Account frozen", Code: 407001,
			CorrelationID: "corr-42", Method: "GET", Path: "/problem", Attempts: 1}
		if diff := cmp.Diff(error(want), err); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
		if !errors.Is(err, ErrLocked) {
			t.Errorf("errors.Is(err, ErrLocked) = false")
		}
	})
	t.Run("reset mid-body", func(t *testing.T) {
		resp, err := client.Get(srv.URL + "/reset")
		if err != nil {
			t.Fatal(err)
		}
		err = FromResponse(Core, resp, 2)
		var te *TransportError
		if !errors.As(err, &te) || te.LastStatus != 502 || te.Attempts != 2 {
			t.Fatalf("FromResponse = %#v, want *TransportError with status 502 and 2 attempts", err)
		}
	})
}

func TestTransportErrorTimeout(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{context.DeadlineExceeded, true},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), true},
		{&net.OpError{Op: "read", Err: timeoutErr{}}, true},
		{context.Canceled, false},
		{io.EOF, false},
	}
	for _, tt := range tests {
		e := &TransportError{Err: tt.err}
		if got := e.Timeout(); got != tt.want {
			t.Errorf("Timeout() for %v = %v, want %v", tt.err, got, tt.want)
		}
		if !errors.Is(e, tt.err) {
			t.Errorf("errors.Is(TransportError, %v) = false", tt.err)
		}
	}
}

// TestTransportErrorRetryable checks the classification the transport's
// retry decision shares (IsTimeout, IsTransient) as TransportError reports it.
func TestTransportErrorRetryable(t *testing.T) {
	dial := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	tests := []struct {
		name      string
		e         TransportError
		timeout   bool
		transient bool
		want      bool
	}{
		{"deadline", TransportError{Err: context.DeadlineExceeded}, true, true, true}, // a net.Error
		{"network timeout", TransportError{Err: &net.OpError{Op: "read", Err: timeoutErr{}}}, true, true, true},
		{"reset", TransportError{Err: fmt.Errorf("read: %w", syscall.ECONNRESET)}, false, true, true},
		{"aborted", TransportError{Err: syscall.ECONNABORTED}, false, true, true},
		{"refused dial", TransportError{Err: dial(syscall.ECONNREFUSED)}, false, true, true},
		{"unexpected EOF", TransportError{Err: io.ErrUnexpectedEOF}, false, true, true},
		{"unknown authority in a net error", TransportError{Err: dial(x509.UnknownAuthorityError{})}, false, false, false},
		{"hostname", TransportError{Err: x509.HostnameError{Host: "h.example"}}, false, false, false},
		{"canceled", TransportError{Err: context.Canceled}, false, false, false},
		{"unknown error", TransportError{Err: errors.New("boom")}, false, false, false},
		{"unknown error, status 503", TransportError{Err: errors.New("boom"), LastStatus: 503}, false, false, true},
		{"insecure redirect", TransportError{Err: fmt.Errorf("%w: to http", ErrInsecureRedirect)}, false, false, false},
		{"too large, status 502", TransportError{Err: ErrResponseTooLarge, LastStatus: 502}, false, false, false},
	}
	for _, tt := range tests {
		if got := IsTimeout(tt.e.Err); got != tt.timeout {
			t.Errorf("%s: IsTimeout = %t, want %t", tt.name, got, tt.timeout)
		}
		if got := IsTransient(tt.e.Err); got != tt.transient {
			t.Errorf("%s: IsTransient = %t, want %t", tt.name, got, tt.transient)
		}
		if got := tt.e.Retryable(); got != tt.want {
			t.Errorf("%s: Retryable = %t, want %t", tt.name, got, tt.want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }
