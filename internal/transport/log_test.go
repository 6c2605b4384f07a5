package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/testutil"
)

func TestLogging(t *testing.T) {
	srv := newRecorder(t, statuses(503, 200))
	var buf testutil.SyncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, Config{API: apierr.Core, Logger: logger,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testAPIKey})})
	req, _ := http.NewRequest("GET", srv.URL+"/shipments?token="+testToken+"&client_secret="+testClientSecret+"&page=2", nil)
	req.Header.Set("Cookie", "session="+testToken)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	var got []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if d, ok := rec["duration"].(float64); !ok || d < 0 {
			t.Errorf("duration = %v, want a non-negative number", rec["duration"])
		}
		delete(rec, "time")
		delete(rec, "duration")
		got = append(got, rec)
	}
	headers := map[string]any{
		"Accept":           "application/json",
		"Authorization":    "REDACTED",
		"Cookie":           "REDACTED",
		"Flexport-Version": "2",
		"User-Agent":       userAgent(""),
	}
	want := []map[string]any{
		{"level": "WARN", "msg": "flexport http attempt", "api": "core", "method": "GET",
			"path": "/shipments?token=REDACTED&client_secret=REDACTED&page=2", "attempt": 1.0, "status": 503.0,
			"correlation_id": "corr-Service Unavailable", "request_headers": headers},
		{"level": "DEBUG", "msg": "flexport http attempt", "api": "core", "method": "GET",
			"path": "/shipments?token=REDACTED&client_secret=REDACTED&page=2", "attempt": 2.0, "status": 200.0,
			"correlation_id": "corr-OK", "request_headers": headers},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log records (-want +got):\n%s", diff)
	}
}

func TestLoggingErrorsAndReplay(t *testing.T) {
	srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			hangUp(n, w, r)
			return
		}
		w.Header().Set("Idempotent-Replayed", "true")
		w.Header().Set("X-Correlation-Id", "c-2")
		w.WriteHeader(http.StatusCreated)
	})
	var buf testutil.SyncBuffer
	// Debug, to see the successful attempt; its headers (with a generated
	// idempotency key) are checked by TestLogging.
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newClient(t, Config{API: apierr.Logistics, Logger: logger})
	if _, _, err := do(context.Background(), c, "POST", srv.URL+"/orders", "{}"); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		json.Unmarshal([]byte(line), &rec)
		delete(rec, "time")
		delete(rec, "duration")
		delete(rec, "request_headers")
		if e, ok := rec["error"].(string); ok && e != "" {
			rec["error"] = "present"
		}
		got = append(got, rec)
	}
	want := []map[string]any{
		{"level": "WARN", "msg": "flexport http attempt", "api": "logistics", "method": "POST", "path": "/orders",
			"attempt": 1.0, "error": "present"},
		{"level": "DEBUG", "msg": "flexport http attempt", "api": "logistics", "method": "POST", "path": "/orders",
			"attempt": 2.0, "status": 201.0, "correlation_id": "c-2", "idempotent_replayed": "true"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log records (-want +got):\n%s", diff)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://api.flexport.com/shipments/1", "/shipments/1"},
		{"https://u:p@api.flexport.com/a%20b?x=1#frag", "/a%20b?x=1"},
		{"https://h/p?token=a&TOKEN=b&page=2", "/p?token=REDACTED&TOKEN=REDACTED&page=2"},
		{"https://h/p?access_token=a&client_secret=b&api_key=c&refresh_token=d", "/p?access_token=REDACTED&client_secret=REDACTED&api_key=REDACTED&refresh_token=REDACTED"},
		{"https://h/p?client%5Fsecret=b&flag&token", "/p?client%5Fsecret=REDACTED&flag&token"},
		{"https://h/p?tokens=x&my_token=y", "/p?tokens=x&my_token=y"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := RedactURL(u); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := RedactURL(nil); got != "" {
		t.Errorf("RedactURL(nil) = %q", got)
	}
}

func TestRedactHeader(t *testing.T) {
	in := http.Header{
		"Authorization":       {"Bearer x"},
		"Proxy-Authorization": {"Basic y"},
		"Cookie":              {"a=1", "b=2"},
		"Set-Cookie":          {"c=3"},
		"X-Api-Key":           {"k"},
		"X-Auth-Token":        {"t"},
		"Client-Secret":       {"s"},
		"Accept":              {"application/json"},
		"Idempotency-Key":     {"0c3b"},
	}
	want := http.Header{
		"Authorization":       {"REDACTED"},
		"Proxy-Authorization": {"REDACTED"},
		"Cookie":              {"REDACTED", "REDACTED"},
		"Set-Cookie":          {"REDACTED"},
		"X-Api-Key":           {"REDACTED"},
		"X-Auth-Token":        {"REDACTED"},
		"Client-Secret":       {"REDACTED"},
		"Accept":              {"application/json"},
		"Idempotency-Key":     {"0c3b"},
	}
	orig := in.Clone()
	if diff := cmp.Diff(want, RedactHeader(in)); diff != "" {
		t.Errorf("RedactHeader (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(orig, in); diff != "" {
		t.Errorf("RedactHeader modified its input:\n%s", diff)
	}
}

// TestSecretsNeverLeak runs failing and succeeding calls that carry the API
// key, the client secret and the token in every place they can travel
// (Authorization, cookies, query strings, echoed in error bodies, in token
// source errors) and scans every error text and log line for them.
func TestSecretsNeverLeak(t *testing.T) {
	secrets := []string{testAPIKey, testClientSecret, testToken}
	query := "?api_key=" + testAPIKey + "&client_secret=" + testClientSecret + "&access_token=" + testToken + "&token=" + testToken

	srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo-core":
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"error":{"code":"not_found","message":"no access with api_key=%s and Authorization: Bearer %s"}}`, testAPIKey, testToken)
		case "/echo-html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, `<html><body>proxy saw client_secret=%s&amp;token=%s</body></html>`, testClientSecret, testToken)
		case "/echo-problem":
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintf(w, `{"title":"Unprocessable Entity","detail":"{\"client_secret\": \"%s\", \"access_token\": \"%s\"}","code":405001}`, testClientSecret, testToken)
		case "/unauthorized":
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"error":{"code":"unauthorized","message":"token %s"}}`, "token="+testToken)
		case "/hangup":
			hangUp(n, w, r)
		case "/stall":
			w.Header().Set("Content-Length", "100")
			io.WriteString(w, "{")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		default:
			w.WriteHeader(http.StatusOK)
		}
	})

	var logs testutil.SyncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	core := newClient(t, Config{API: apierr.Core, Logger: logger,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testAPIKey})})
	refreshing := &secretSource{}
	logistics := newClient(t, Config{API: apierr.Logistics, Logger: logger, TokenSource: refreshing})
	broken := newClient(t, Config{API: apierr.Logistics, Logger: logger, TokenSource: &secretSource{
		err: fmt.Errorf("oauth2: cannot fetch token: client_secret=%s rejected", testClientSecret)}})

	calls := []struct {
		c      *Client
		method string
		url    string
	}{
		{core, "GET", srv.URL + "/echo-core" + query},
		{core, "GET", srv.URL + "/echo-html" + query},
		{core, "PATCH", srv.URL + "/ok" + query},
		{core, "GET", srv.URL + "/hangup" + query},
		{core, "GET", "http://127.0.0.1:1/closed-port" + query},
		{core, "GET", srv.URL + "/stall" + query},
		{logistics, "POST", srv.URL + "/echo-problem" + query},
		{logistics, "POST", srv.URL + "/unauthorized" + query},
		{broken, "GET", srv.URL + "/ok" + query},
	}
	var texts []string
	for _, call := range calls {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, call.method, call.url, strings.NewReader("{}"))
		req.Header.Set("Cookie", "session="+testToken)
		resp, err := call.c.Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		cancel()
		if err != nil {
			// The texts of the SDK's errors; the causes they wrap (such as the
			// token source's own error) are outside this package's control.
			texts = append(texts, err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err))
			var te *apierr.TransportError
			var ae apierr.Error
			if !errors.As(err, &te) && !errors.As(err, &ae) {
				path, _, _ := strings.Cut(call.url, "?")
				t.Errorf("%s %s: untyped error %T", call.method, path, err)
			}
		}
	}
	if len(texts) < 3*7 {
		t.Fatalf("only %d error texts: the scenarios did not fail as intended", len(texts))
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) < len(calls) {
		t.Fatalf("only %d log lines", len(lines))
	}
	for _, text := range append(texts, lines...) {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("secret %q leaked in: %s", s, text)
			}
		}
	}
	// The redaction must not be vacuous: the secrets did travel.
	var sawKey, sawToken bool
	for _, r := range srv.requests() {
		sawKey = sawKey || r.Header.Get("Authorization") == "Bearer "+testAPIKey
		sawToken = sawToken || r.Header.Get("Authorization") == "Bearer "+testToken
	}
	if !sawKey || !sawToken || refreshing.invalidated != 1 {
		t.Errorf("scenarios did not send the credentials (key %v, token %v, invalidated %d)", sawKey, sawToken, refreshing.invalidated)
	}
}

// secretSource returns testToken, or err.
type secretSource struct {
	mu          sync.Mutex
	invalidated int
	err         error
}

func (s *secretSource) Token() (*oauth2.Token, error) {
	if s.err != nil {
		return nil, s.err
	}
	return &oauth2.Token{AccessToken: testToken}, nil
}

func (s *secretSource) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated++
}

// TestLogLevels checks the level of each attempt's record: Debug for an
// attempt that succeeded, Warn for one that is retried (a 401 re-sent with a
// fresh token included), Error for the failure that ends the call.
func TestLogLevels(t *testing.T) {
	tests := []struct {
		name   string
		codes  []int
		source oauth2.TokenSource
		want   []string
	}{
		{name: "success", codes: []int{200}, want: []string{"DEBUG 200"}},
		{name: "retried, then success", codes: []int{503, 200}, want: []string{"WARN 503", "DEBUG 200"}},
		{name: "redirect followed", codes: []int{302, 200}, want: []string{"DEBUG 302", "DEBUG 200"}},
		{name: "refused", codes: []int{404}, want: []string{"ERROR 404"}},
		{name: "attempts exhausted", codes: []int{503}, want: []string{"WARN 503", "WARN 503", "ERROR 503"}},
		{name: "fresh token after a 401", codes: []int{401, 200}, source: &refreshingSource{}, want: []string{"WARN 401", "DEBUG 200"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if code := tt.codes[min(n, len(tt.codes))-1]; code == http.StatusFound {
					http.Redirect(w, r, "/next", code)
					return
				}
				statuses(tt.codes...)(n, w, r)
			})
			var buf testutil.SyncBuffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := newClient(t, Config{API: apierr.Core, Logger: logger, TokenSource: tt.source})
			do(context.Background(), c, "GET", srv.URL+"/shipments", "")
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				var rec struct {
					Level  string
					Status int
				}
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("log line %q: %v", line, err)
				}
				got = append(got, fmt.Sprintf("%s %d", rec.Level, rec.Status))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("connection lost", func(t *testing.T) {
		var buf testutil.SyncBuffer
		logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c := newClient(t, Config{API: apierr.Core, Logger: logger, MaxAttempts: 2})
		do(context.Background(), c, "GET", "http://127.0.0.1:1/shipments", "")
		if got := strings.Count(buf.String(), `"level":"WARN"`); got != 1 || strings.Count(buf.String(), `"level":"ERROR"`) != 1 {
			t.Errorf("records:\n%s\nwant one WARN (retried), then one ERROR (final)", buf.String())
		}
	})
}
