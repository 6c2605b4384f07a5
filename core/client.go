package core

import (
	"fmt"
	"net/url"

	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/transport"
)

// The Core API's addresses, for WithBaseURL.
const (
	// DefaultBaseURL is the Core API's production address, used unless
	// WithBaseURL says otherwise.
	DefaultBaseURL = "https://api.flexport.com"

	// SandboxBaseURL is the address of Flexport's Core API sandbox: the
	// sample responses of Flexport's Customs Entries API tutorial link
	// there. Flexport offers no self-serve sandbox; sandbox credentials come
	// from Flexport on request.
	SandboxBaseURL = "https://api.sb.flexport.com"
)

// Version is the version of this SDK, reported in the User-Agent header of
// every request: "flexport-go/<Version> (<Go version>)".
const Version = transport.Version

// NewClient returns a Core API client. It needs exactly one credential
// (WithAPIKey, WithTokenSource or WithClientCredentials) and validates every
// option, so that a misconfigured client fails here rather than on its first
// request. Options that configure only calls (WithExpand, ...) are refused.
func NewClient(opts ...Option) (*Client, error) {
	o, err := newClientSettings(opts)
	if err != nil {
		return nil, err
	}
	ts, err := o.Credential(apiID, "WithAPIKey, WithTokenSource or WithClientCredentials")
	if err != nil {
		return nil, err
	}
	base, err := clientopt.ParseBaseURL(apiID, o.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg := o.TransportConfig()
	cfg.API = apiID
	cfg.TokenSource = ts
	cfg.BaseURL = base
	tc, err := transport.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("core: %w", err)
	}
	gen, err := coreapi.NewClient(base.String(), coreapi.WithHTTPClient(tc))
	if err != nil {
		return nil, fmt.Errorf("core: %w", err)
	}
	c := &Client{clientState: clientState{api: gen, http: tc, base: base, prefetch: o.Prefetch,
		maxResponse: o.ResponseLimit(), maxPages: o.PageLimit()}}
	c.initServices()
	return c, nil
}

// BaseURL returns the address every request of c goes to.
func (c *Client) BaseURL() string { return c.base.String() }

// CloseIdleConnections closes the connections c keeps open for reuse.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// clientState is what a Client holds besides its services (the Client type
// itself is generated with them, in services.gen.go).
type clientState struct {
	api         *coreapi.Client
	http        *transport.Client
	base        *url.URL
	prefetch    int
	maxResponse int64 // bytes of a decoded response body
	maxPages    int   // pages of one List walk
}

// apiID names this package's API in errors ("core: ...") and selects the
// Core API's error format and headers in the transport.
const apiID = apierr.Core
