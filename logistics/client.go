package logistics

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flexport-go/flexport/gen/logisticsapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/transport"
)

// DefaultBaseURL is the Logistics API's host. Operation paths carry the API
// version (/logistics/api/2023-10/...), so a base URL is a host, optionally
// with a path prefix, never the versioned root.
const DefaultBaseURL = "https://logistics-api.flexport.com"

// Version is the version of this SDK, reported in the User-Agent header of
// every request: "flexport-go/<Version> (<Go version>)".
const Version = transport.Version

// APIVersion is the version of the Logistics API this package speaks; it is
// part of every request path.
const APIVersion = "2023-10"

// apiRoot is the path of the API under the base URL.
const apiRoot = "/logistics/api/" + APIVersion

// NewClient returns a Logistics API client. It needs exactly one credential
// (WithToken or WithTokenSource) and validates every option, so that a
// misconfigured client fails here rather than on its first request. Options
// that configure only calls (WithIdempotencyKey, ...) are refused.
func NewClient(opts ...Option) (*Client, error) {
	o, err := newClientSettings(opts)
	if err != nil {
		return nil, err
	}
	ts, err := o.Credential(apiID, "WithToken or WithTokenSource")
	if err != nil {
		return nil, err
	}
	base, err := parseBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg := o.TransportConfig()
	cfg.API = apiID
	cfg.TokenSource = ts
	cfg.BaseURL = base
	tc, err := transport.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("logistics: %w", err)
	}
	gen, err := logisticsapi.NewClient(base.String(), logisticsapi.WithHTTPClient(tc))
	if err != nil {
		return nil, fmt.Errorf("logistics: %w", err)
	}
	c := &Client{clientState: clientState{api: gen, base: base, oauthHTTP: oauthHTTPClient(cfg.Base),
		maxResponse: o.ResponseLimit(), maxPages: o.PageLimit()}}
	c.initServices()
	return c, nil
}

// BaseURL returns the address every request of c goes to (requests add
// /logistics/api/2023-10/... to it).
func (c *Client) BaseURL() string { return c.base.String() }

// clientState is what a Client holds besides its services (the Client type
// itself is generated with them, in services.gen.go).
type clientState struct {
	api         *logisticsapi.Client
	base        *url.URL
	oauthHTTP   *http.Client // the token exchange: no auth, no redirects
	maxResponse int64        // bytes of a decoded response body
	maxPages    int          // pages of one List walk
}

// apiID names this package's API in errors ("logistics: ...") and selects
// the Logistics API's error format and headers in the transport.
const apiID = apierr.Logistics

// parseBaseURL parses a base URL as clientopt.ParseBaseURL does, and drops
// the versioned root apiRoot from the path.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := clientopt.ParseBaseURL(apiID, s)
	if err != nil {
		return nil, err
	}
	p := strings.TrimSuffix(u.Path, apiRoot)
	if strings.Contains(p+"/", "/logistics/api/") {
		return nil, fmt.Errorf("logistics: base URL %q has an API path other than %s; give the host", s, apiRoot)
	}
	u.Path = p
	return u, nil
}

// oauthHTTPClient returns the client of the token exchange: the caller's
// transport (or the default one) without this package's auth layer, since
// the exchange carries no bearer token, and without following redirects.
func oauthHTTPClient(rt http.RoundTripper) *http.Client {
	return &http.Client{
		Transport:     rt,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
