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
