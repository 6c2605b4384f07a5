package transport

import (
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/internal/apierr"
)

// TestHardening02CredentialsOnlyToConfiguredOrigin sends requests to URLs
// that differ from the configured base URL in scheme, host or port: only
// the exact origin gets the token (an explicit default port is the same
// origin).
func TestHardening02CredentialsOnlyToConfiguredOrigin(t *testing.T) {
	base, _ := url.Parse("https://api.flexport.test/v2")
	var got []string
	var mu sync.Mutex
	c := newClient(t, Config{API: apierr.Core, BaseURL: base, MaxAttempts: 1,
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken}),
		Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			got = append(got, r.URL.String()+" "+r.Header.Get("Authorization"))
			mu.Unlock()
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})})
	for _, u := range []string{
		"https://api.flexport.test/v2/a",
		"https://api.flexport.test:443/v2/b",
		"http://api.flexport.test/v2/c",
		"https://api.flexport.test:8443/v2/d",
		"https://API.FLEXPORT.TEST/v2/e",
		"https://evil.test/v2/f",
	} {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if resp, err := c.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	want := []string{
		"https://api.flexport.test/v2/a Bearer " + testToken,
		"https://api.flexport.test:443/v2/b Bearer " + testToken,
		"http://api.flexport.test/v2/c ",
		"https://api.flexport.test:8443/v2/d ",
		"https://API.FLEXPORT.TEST/v2/e Bearer " + testToken,
		"https://evil.test/v2/f ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

// TestHardening03LogURL checks what a URL looks like in a log: on the
// configured host, only allow-listed parameters keep their values; off it,
// there is no query at all.
func TestHardening03LogURL(t *testing.T) {
	base, _ := url.Parse("https://api.flexport.test")
	tests := []struct{ in, want string }{
		{"https://api.flexport.test/shipments?page=2&per=50&f.status=active&sort=id&direction=desc&expand=legs",
			"/shipments?page=2&per=50&f.status=active&sort=id&direction=desc&expand=legs"},
		{"https://api.flexport.test/shipments?signature=abc&token=t&x=1&page=3",
			"/shipments?signature=REDACTED&token=REDACTED&x=REDACTED&page=3"},
		{"https://api.flexport.test/shipments?flag&page", "/shipments?flag&page"},
		{"https://s3.example/bucket/doc.pdf?X-Amz-Signature=abc&X-Amz-Security-Token=t", "/bucket/doc.pdf"},
		{"http://api.flexport.test/shipments?page=2", "/shipments"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.in)
		if got := logURL(originOf(base), u); got != tt.want {
			t.Errorf("logURL(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
