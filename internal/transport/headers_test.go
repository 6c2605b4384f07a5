package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
)

func TestValidateVersion(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v       string
		now     time.Time
		wantErr string // "" for valid
	}{
		{v: "2"},
		{v: "3"},
		{v: "2024-01-31"},
		{v: "2024-02-29"},
		{v: "2025-03-01"},
		{v: "2025-03-02", now: time.Date(2025, 3, 1, 23, 30, 0, 0, time.FixedZone("EST", -5*3600))}, // already the 2nd in UTC
		{v: "1", wantErr: `invalid Flexport-Version "1": want "2", "3" or a date YYYY-MM-DD`},
		{v: "4", wantErr: `invalid Flexport-Version "4": want "2", "3" or a date YYYY-MM-DD`},
		{v: "", wantErr: `invalid Flexport-Version "": want "2", "3" or a date YYYY-MM-DD`},
		{v: " 2", wantErr: `invalid Flexport-Version " 2": want "2", "3" or a date YYYY-MM-DD`},
		{v: "2024-1-1", wantErr: `invalid Flexport-Version "2024-1-1": want "2", "3" or a date YYYY-MM-DD`},
		{v: "2024-01-01T00:00:00Z", wantErr: `invalid Flexport-Version "2024-01-01T00:00:00Z": want "2", "3" or a date YYYY-MM-DD`},
		{v: "2024-02-30", wantErr: `invalid Flexport-Version "2024-02-30": not a calendar date YYYY-MM-DD`},
		{v: "2023-02-29", wantErr: `invalid Flexport-Version "2023-02-29": not a calendar date YYYY-MM-DD`},
		{v: "2024-13-01", wantErr: `invalid Flexport-Version "2024-13-01": not a calendar date YYYY-MM-DD`},
		{v: "abcd-ef-gh", wantErr: `invalid Flexport-Version "abcd-ef-gh": not a calendar date YYYY-MM-DD`},
		{v: "2025-03-02", wantErr: `invalid Flexport-Version "2025-03-02": date is after today (2025-03-01 UTC)`},
		{v: "2025-03-02", now: time.Date(2025, 3, 2, 0, 30, 0, 0, time.FixedZone("CET", 3600)), // still the 1st in UTC
			wantErr: `invalid Flexport-Version "2025-03-02": date is after today (2025-03-01 UTC)`},
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			n := tt.now
			if n.IsZero() {
				n = now
			}
			err := ValidateVersion(tt.v, n)
			got := ""
			if err != nil {
				got = err.Error()
				if !errors.Is(err, ErrInvalidVersion) {
					t.Errorf("error does not wrap ErrInvalidVersion")
				}
			}
			if got != tt.wantErr {
				t.Errorf("ValidateVersion(%q) = %q, want %q", tt.v, got, tt.wantErr)
			}
		})
	}
}

func TestNewValidation(t *testing.T) {
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"no API", Config{}, "unknown API 0"},
		{"future version", Config{API: apierr.Core, Version: tomorrow}, "date is after today"},
		{"version 4", Config{API: apierr.Core, Version: "4"}, `invalid Flexport-Version "4"`},
		{"version on logistics", Config{API: apierr.Logistics, Version: "2"}, "Core API only"},
		{"negative attempts", Config{API: apierr.Core, MaxAttempts: -1}, "MaxAttempts must not be negative"},
		{"negative delay", Config{API: apierr.Core, BaseDelay: -time.Second}, "BaseDelay must not be negative"},
		{"max below base", Config{API: apierr.Core, BaseDelay: time.Minute, MaxDelay: time.Second}, "MaxDelay 1s is shorter than BaseDelay 1m0s"},
		{"user agent line break", Config{API: apierr.Core, UserAgent: "x\r\nEvil: 1"}, "line breaks"},
		{"nil middleware", Config{API: apierr.Core, Middleware: []func(http.RoundTripper) http.RoundTripper{nil}}, "middleware 0 is nil"},
		{"middleware returning nil", Config{API: apierr.Core, Middleware: []func(http.RoundTripper) http.RoundTripper{
			func(http.RoundTripper) http.RoundTripper { return nil }}}, "middleware 0 returned a nil RoundTripper"},
		{"core defaults", Config{API: apierr.Core}, ""},
		{"logistics defaults", Config{API: apierr.Logistics}, ""},
		{"dated version", Config{API: apierr.Core, Version: "2024-01-31"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				c.CloseIdleConnections()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	ua := "flexport-go/" + Version + " (" + runtime.Version() + ")"
	tests := []struct {
		name   string
		cfg    Config
		preset http.Header // set on the request by the caller
		want   http.Header // compared for these names only
	}{
		{
			name: "core defaults",
			cfg:  Config{API: apierr.Core, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testAPIKey})},
			want: http.Header{"Flexport-Version": {"2"}, "User-Agent": {ua}, "Accept": {"application/json"},
				"Authorization": {"Bearer " + testAPIKey}, "Idempotency-Key": nil},
		},
		{
			name: "core dated version, user agent suffix",
			cfg:  Config{API: apierr.Core, Version: "2024-01-31", UserAgent: "acme-app/1.2"},
			want: http.Header{"Flexport-Version": {"2024-01-31"}, "User-Agent": {ua + " acme-app/1.2"}, "Authorization": nil},
		},
		{
			name:   "caller's Accept and version kept",
			cfg:    Config{API: apierr.Core, Version: "3"},
			preset: http.Header{"Accept": {"*/*"}, "Flexport-Version": {"2"}},
			want:   http.Header{"Flexport-Version": {"2"}, "Accept": {"*/*"}},
		},
		{
			name: "logistics",
			cfg:  Config{API: apierr.Logistics, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken, TokenType: "bearer"})},
			want: http.Header{"Flexport-Version": nil, "User-Agent": {ua}, "Accept": {"application/json"}, "Authorization": {"Bearer " + testToken}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, statuses(200))
			c := newClient(t, tt.cfg)
			req, _ := http.NewRequest("GET", srv.URL, nil)
			for k, v := range tt.preset {
				req.Header[k] = v
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := http.Header{}
			for k := range tt.want {
				if v := srv.requests()[0].Header.Values(k); v != nil {
					got[k] = v
				} else {
					got[k] = nil
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("headers (-want +got):\n%s", diff)
			}
			if len(req.Header) != len(tt.preset) {
				t.Errorf("the caller's request was modified: %v", req.Header)
			}
		})
	}
}

// refreshingSource hands out token-1, token-2, ... advancing on Invalidate.
type refreshingSource struct {
	mu          sync.Mutex
	n           int
	invalidated int
	err         error
}

func (s *refreshingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	return &oauth2.Token{AccessToken: fmt.Sprintf("token-%d", s.n+1)}, nil
}

func (s *refreshingSource) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.invalidated++
}

func TestAuthRefreshOn401(t *testing.T) {
	tests := []struct {
		name            string
		accept          string // the token the server accepts; "" accepts none
		static          bool
		wantStatus      int
		wantAuth        []string
		wantInvalidated int
	}{
		{name: "fresh token after 401", accept: "Bearer token-2", wantStatus: 200,
			wantAuth: []string{"Bearer token-1", "Bearer token-2"}, wantInvalidated: 1},
		{name: "only one refresh", wantStatus: 401,
			wantAuth: []string{"Bearer token-1", "Bearer token-2"}, wantInvalidated: 1},
		{name: "first token fine", accept: "Bearer token-1", wantStatus: 200,
			wantAuth: []string{"Bearer token-1"}},
		{name: "static source cannot refresh", static: true, wantStatus: 401,
			wantAuth: []string{"Bearer " + testAPIKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != tt.accept {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				w.WriteHeader(http.StatusOK)
			})
			src := &refreshingSource{}
			var ts oauth2.TokenSource = src
			if tt.static {
				ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testAPIKey})
			}
			c := newClient(t, Config{API: apierr.Logistics, TokenSource: ts})
			ctx, call := NewCall(context.Background())
			status, _, err := do(ctx, c, "POST", srv.URL+"/orders", `{"a":1}`)
			if err != nil {
				if !errors.Is(err, apierr.ErrUnauthorized) {
					t.Fatalf("err = %v, want ErrUnauthorized", err)
				}
				status = 401
			}
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			var auths, bodies, keys []string
			for _, r := range srv.requests() {
				auths = append(auths, r.Header.Get("Authorization"))
				bodies = append(bodies, r.Body)
				keys = append(keys, r.Header.Get("Idempotency-Key"))
			}
			if diff := cmp.Diff(tt.wantAuth, auths); diff != "" {
				t.Errorf("Authorization headers (-want +got):\n%s", diff)
			}
			for i := range bodies {
				if bodies[i] != `{"a":1}` || keys[i] != keys[0] {
					t.Errorf("request %d: body %q key %q; want the same body and key as the first", i, bodies[i], keys[i])
				}
			}
			if src.invalidated != tt.wantInvalidated {
				t.Errorf("invalidated %d times, want %d", src.invalidated, tt.wantInvalidated)
			}
			if call.Attempts() != len(tt.wantAuth) {
				t.Errorf("Attempts() = %d, want %d", call.Attempts(), len(tt.wantAuth))
			}
		})
	}
}

func TestTokenSourceError(t *testing.T) {
	srv := newRecorder(t, statuses(200))
	src := &refreshingSource{err: errors.New("oauth2: cannot fetch token: 401 invalid_client")}
	c := newClient(t, Config{API: apierr.Logistics, TokenSource: src})
	_, _, err := do(context.Background(), c, "GET", srv.URL+"/orders", "")
	var te *apierr.TransportError
	if !errors.As(err, &te) || te.Op != "obtain token" || !errors.Is(err, src.err) {
		t.Fatalf("err = %v, want an obtain token TransportError wrapping the source's error", err)
	}
	if srv.hits() != 0 {
		t.Errorf("server saw %d requests, want 0", srv.hits())
	}
}

func TestRedirectKeepsTokenOnSameHost(t *testing.T) {
	other := newRecorder(t, statuses(200))
	srv := newRecorder(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/local":
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/away":
			http.Redirect(w, r, other.URL+"/document.pdf", http.StatusFound)
		default:
			w.WriteHeader(http.StatusOK)
		}
	})
	c := newClient(t, Config{API: apierr.Core, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testAPIKey})})
	for _, path := range []string{"/local", "/away"} {
		if _, _, err := do(context.Background(), c, "GET", srv.URL+path, ""); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, r := range append(srv.requests(), other.requests()...) {
		got = append(got, r.Path+" "+r.Header.Get("Authorization"))
	}
	want := []string{"/local Bearer " + testAPIKey, "/final Bearer " + testAPIKey, "/away Bearer " + testAPIKey, "/document.pdf "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestMiddlewarePerAttempt(t *testing.T) {
	srv := newRecorder(t, statuses(503, 200))
	var mu sync.Mutex
	var trace []string
	mw := func(name string) func(http.RoundTripper) http.RoundTripper {
		return func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				trace = append(trace, fmt.Sprintf("%s attempt=%d auth=%t", name, attemptFrom(r.Context()), r.Header.Get("Authorization") != ""))
				mu.Unlock()
				r = r.Clone(r.Context())
				r.Header.Set("Traceparent", "00-"+name)
				return next.RoundTrip(r)
			})
		}
	}
	c := newClient(t, Config{
		API:         apierr.Core,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testAPIKey}),
		Middleware:  []func(http.RoundTripper) http.RoundTripper{mw("outer"), mw("inner")},
	})
	if _, _, err := do(context.Background(), c, "GET", srv.URL, ""); err != nil {
		t.Fatal(err)
	}
	want := []string{"outer attempt=1 auth=true", "inner attempt=1 auth=true", "outer attempt=2 auth=true", "inner attempt=2 auth=true"}
	if diff := cmp.Diff(want, trace); diff != "" {
		t.Errorf("middleware calls (-want +got):\n%s", diff)
	}
	if got := srv.requests()[1].Header.Get("Traceparent"); got != "00-inner" {
		t.Errorf("Traceparent = %q, want the innermost middleware's", got)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// tokenScopedSource records which token InvalidateToken was given.
type tokenScopedSource struct {
	refreshingSource
	invalidatedTokens []string
}

func (s *tokenScopedSource) InvalidateToken(t *oauth2.Token) {
	s.mu.Lock()
	s.invalidatedTokens = append(s.invalidatedTokens, t.AccessToken)
	s.mu.Unlock()
	s.refreshingSource.Invalidate()
}

// TestUnauthorizedInvalidatesTheTokenSent checks that a source able to drop
// one given token is told which token the 401 was for.
func TestUnauthorizedInvalidatesTheTokenSent(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	src := &tokenScopedSource{}
	c, err := New(Config{API: apierr.Core, TokenSource: src})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if diff := cmp.Diff([]string{"token-1"}, src.invalidatedTokens); diff != "" {
		t.Errorf("InvalidateToken calls (-want +got):\n%s", diff)
	}
}
