package transport

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/flexport-go/flexport/internal/apierr"
)

// origin is what credentials are scoped to: a URL's scheme, host name and
// port (the scheme's default port when the URL names none).
type origin struct{ scheme, host, port string }

func originOf(u *url.URL) origin {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return origin{scheme: scheme, host: strings.ToLower(u.Hostname()), port: port}
}

// baseOrigin returns the origin of the configured base URL, worked out
// once when the client is made, or nil without one.
func baseOrigin(base *url.URL) *origin {
	if base == nil {
		return nil
	}
	o := originOf(base)
	return &o
}

// configuredOrigin returns the origin credentials may go to for req: the
// base URL's (base), or without one, that of the request the call started
// with (http.Client sets req.Response on redirected requests).
func configuredOrigin(base *origin, req *http.Request) origin {
	if base != nil {
		return *base
	}
	first := req
	for first.Response != nil && first.Response.Request != nil {
		first = first.Response.Request
	}
	return originOf(first.URL)
}

// maxRedirects is how many redirects a call follows, as http.Client's
// default policy.
const maxRedirects = 10

// checkRedirect is the redirect policy of every call: at most maxRedirects,
// and never from https to http, which would send the request (and whatever
// it carries) in cleartext. The error names no query string.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	prev := via[len(via)-1].URL
	if strings.EqualFold(prev.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
		return fmt.Errorf("%w: %s redirected to %s; refusing to leave https",
			apierr.ErrInsecureRedirect, withoutQuery(prev), withoutQuery(req.URL))
	}
	return nil
}

// withoutQuery returns u's scheme, host and path.
func withoutQuery(u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return v.String()
}

// redirectOp names the failure of a call that http.Client ended with err.
func redirectOp(err error) string {
	if errors.Is(err, apierr.ErrInsecureRedirect) {
		return "follow redirect"
	}
	return "send request"
}
