package core_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/core"
)

// originRecorder is a RoundTripper standing in for the network: it records
// every request's scheme, host, path and Authorization, and answers with
// route's response.
type originRecorder struct {
	route func(r *http.Request) (status int, location string)

	mu   sync.Mutex
	seen []string
}

func (o *originRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	o.mu.Lock()
	o.seen = append(o.seen, fmt.Sprintf("%s://%s%s auth=%q", r.URL.Scheme, r.URL.Host, r.URL.Path, r.Header.Get("Authorization")))
	o.mu.Unlock()
	status, loc := o.route(r)
	h := http.Header{"Content-Type": {"application/json"}}
	body := shipmentOK
	if loc != "" {
		h.Set("Location", loc)
		body = ""
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)), Request: r}, nil
}

func (o *originRecorder) requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.seen...)
}

// TestHardening02NoTokenAfterSchemeDowngrade follows redirects that keep the
// host but change the scheme or the port: the token goes only to the
// configured scheme, host and port, and a downgrade to http is refused.
func TestHardening02NoTokenAfterSchemeDowngrade(t *testing.T) {
	const key = "fpk_live_REDIRECT_KEY_0123456789"
	tests := []struct {
		name      string
		location  string
		wantError bool
	}{
		{"https to http on the same host", "http://api.flexport.test/shipments/7", true},
		{"https to http on the same host and port", "http://api.flexport.test:443/shipments/7", true},
		{"another port on the same host", "https://api.flexport.test:8443/shipments/7", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			net := &originRecorder{route: func(r *http.Request) (int, string) {
				if r.URL.Scheme == "https" && r.URL.Host == "api.flexport.test" {
					return http.StatusFound, tt.location
				}
				return http.StatusOK, ""
			}}
			c, err := core.NewClient(core.WithBaseURL("https://api.flexport.test"), core.WithAPIKey(key),
				core.WithHTTPClient(&http.Client{Transport: net}))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Shipments.Get(context.Background(), 7)
			seen := net.requests()
			if len(seen) == 0 || !strings.Contains(seen[0], key) {
				t.Fatalf("the first request did not carry the key: %q", seen)
			}
			for _, s := range seen[1:] {
				if strings.Contains(s, key) {
					t.Errorf("the key went to a redirect target: %s", s)
				}
			}
			if tt.wantError {
				if err == nil {
					t.Errorf("Get followed an https->http redirect (requests %q); want an error", seen)
				} else if !errors.Is(err, core.ErrInsecureRedirect) {
					t.Errorf("Get = %v, want an error matching core.ErrInsecureRedirect", err)
				}
				if len(seen) != 1 {
					t.Errorf("requests %q: the http URL must not be requested at all", seen)
				}
			}
		})
	}
}

// TestHardening05TokenFetchHonoursContext calls Get with a 200 ms context
// while the token endpoint hangs: Get returns when the context ends, and a
// second caller waiting on the same refresh still gets the token.
func TestHardening05TokenFetchHonoursContext(t *testing.T) {
	release := make(chan struct{})
	var tokenRequests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenRequests.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"token-slow","expires_in":86400}`)
	}))
	defer ts.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, shipmentOK)
	}))
	defer api.Close()
	c, err := core.NewClient(core.WithBaseURL(api.URL), core.WithClientCredentials(&auth.ClientCredentials{
		ClientID: "hang-" + t.Name(), ClientSecret: "cs_hang", TokenURL: ts.URL,
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
	}))
	if err != nil {
		t.Fatal(err)
	}

	patient := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := c.Shipments.Get(ctx, 7)
		patient <- err
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Shipments.Get(ctx, 7)
	took := time.Since(start)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Get with a 200 ms context = %v, want an error matching context.DeadlineExceeded", err)
	}
	if took > time.Second {
		t.Errorf("Get with a 200 ms context returned after %v", took)
	}

	close(release)
	select {
	case err := <-patient:
		if err != nil {
			t.Errorf("the caller with a long context failed: %v", err)
		}
	case <-time.After(8 * time.Second):
		t.Fatal("the caller with a long context did not return")
	}
	if n := tokenRequests.Load(); n != 1 {
		t.Errorf("%d token requests, want 1 shared by both callers", n)
	}
}

// TestHardening09CredentialsWithoutStoreShareTokens builds two clients from
// two ClientCredentials values with the same client id and no Store, and
// makes each refresh its token 10 times: the process never makes more than
// the budget's 10 token requests.
func TestHardening09CredentialsWithoutStoreShareTokens(t *testing.T) {
	ts, tokenRequests := tokenEndpoint(t)
	var calls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		// Every other request says the token is bad, forcing a refresh.
		if calls.Load()%2 == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"status":401,"code":"unauthorized","message":"expired"}}`)
			return
		}
		io.WriteString(w, shipmentOK)
	}))
	defer api.Close()
	id := "shared-" + t.Name()
	var clients []*core.Client
	for range 2 {
		c, err := core.NewClient(core.WithBaseURL(api.URL), core.WithMaxAttempts(1), core.WithClientCredentials(
			&auth.ClientCredentials{ClientID: id, ClientSecret: "cs_shared", TokenURL: ts.URL}))
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	for range 10 {
		for _, c := range clients {
			_, _ = c.Shipments.Get(context.Background(), 7)
		}
	}
	if n := tokenRequests.Load(); n > 10 {
		t.Errorf("%d token requests for one client id in one process, want at most 10", n)
	}
}
