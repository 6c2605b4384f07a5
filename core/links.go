package core

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
)

// linkCall returns the settings opts give a call of link, and link rebased
// onto the base URL.
func (c *Client) linkCall(link string, opts []Option) (*clientopt.Call, *url.URL, error) {
	co, err := callSettings(opts)
	if err != nil {
		return nil, nil, err
	}
	u, err := c.rebase(link)
	return co, u, err
}

// getURL sends a GET for u, a link rebased onto the base URL.
func (c *Client) getURL(ctx context.Context, co *clientopt.Call, u *url.URL) (*http.Response, error) {
	return c.send(ctx, co, func(ctx context.Context, edit coreapi.RequestEditorFn) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		if err := edit(ctx, req); err != nil {
			return nil, err
		}
		return c.http.Do(req)
	})
}

// rebase keeps the path and query of a link and puts it on the client's base
// URL: recorded links name other hosts (api.flexport.com, a sandbox), and a
// credential must never be sent anywhere but the configured host. A link on
// the base host that already has the base path is kept as it is. A link
// must be an absolute http or https URL, or a path from the root ("/..."):
// anything else is refused with a *ValidationError.
func (c *Client) rebase(link string) (*url.URL, error) {
	invalid := func(why string) error {
		shown, _, _ := strings.Cut(link, "?") // a query is never quoted in an error
		if len(shown) > 80 {
			shown = shown[:80] + "…"
		}
		return &apierr.ValidationError{API: apiID, Err: fmt.Errorf("link %q %s", shown, why)}
	}
	if strings.TrimSpace(link) == "" {
		return nil, &apierr.ValidationError{API: apiID, Err: errors.New("empty link")}
	}
	u, err := url.Parse(link)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text quotes the whole link, query included
		}
		return nil, invalid("is malformed: " + err.Error())
	}
	switch {
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/"):
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
	default:
		return nil, invalid("is neither an absolute http(s) URL nor a path")
	}
	out := *c.base
	p := u.Path
	if !(u.Host == c.base.Host && c.base.Path != "" && strings.HasPrefix(p, c.base.Path+"/")) {
		p = c.base.Path + p
	}
	out.Path, out.RawPath = p, ""
	out.RawQuery = u.RawQuery
	out.Fragment = ""
	return &out, nil
}
