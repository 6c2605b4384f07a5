package logisticstest

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// grant is an authorization code of the OAuth flow.
type grant struct {
	clientID, redirectURI string
	expires               time.Time
	used                  bool
}

// codeLifetime is how long an authorization code can be exchanged.
const codeLifetime = 10 * time.Minute

func (h *Handler) oauthHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"AuthorizationRedirect": h.authorize,
		"TokenExchange":         h.exchange,
	}
}

func oauthError(status, code int, format string, args ...any) error {
	e := fakeapi.Errorf(status, "oauth_error", format, args...)
	e.Number = code
	return e
}

// authorize answers GET /oauth/authorize as if the merchant approved at
// once: 301 to the redirect URI with a code (and the state). An unknown
// client id gets 400 with code 405002, a redirect URI other than the
// application's 405001, no scope 405003, an unknown scope 405004.
func (h *Handler) authorize(r *fakeapi.Request) (*fakeapi.Response, error) {
	q := r.Query
	client := q.Get("client_id")
	if client != h.cfg.oauthClient && client != "identity" {
		return nil, oauthError(http.StatusBadRequest, codeInvalidClientID, "unknown client_id %q", client)
	}
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	switch {
	case redirect == "" && client == "identity":
		u, _ = url.Parse("https://portal.flexport.com/settings/api-tokens")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "",
		h.cfg.redirectURI != "" && redirect != h.cfg.redirectURI:
		return nil, oauthError(http.StatusBadRequest, codeInvalidRedirectURI, "invalid redirect_uri %q", redirect)
	}
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		return nil, oauthError(http.StatusBadRequest, codeMissingScopes, "scope names no scope")
	}
	known := compiled().Doc.Components.SecuritySchemes["OAuth2"].Value.Flows.AuthorizationCode.Scopes
	for _, s := range scopes {
		if _, ok := known[s]; !ok {
			return nil, oauthError(http.StatusBadRequest, codeInvalidScopes, "unknown scope %q", s)
		}
	}
	code := h.newID("", 24, false)
	h.mu.Lock()
	h.codes[code] = grant{clientID: client, redirectURI: redirect, expires: h.cfg.Now().Add(codeLifetime)}
	h.mu.Unlock()
	v := u.Query()
	v.Set("code", code)
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	u.RawQuery = v.Encode()
	return &fakeapi.Response{Status: http.StatusMovedPermanently, Header: http.Header{"Location": {u.String()}}}, nil
}

// exchange answers POST /oauth/token: an authorization code for a token
// that never expires. A code unknown, used or expired gets 400 with code
// 405005; a redirect_uri other than the authorize request's 405001.
func (h *Handler) exchange(r *fakeapi.Request) (*fakeapi.Response, error) {
	form, err := url.ParseQuery(string(r.Body))
	if err != nil {
		return nil, fakeapi.Errorf(http.StatusBadRequest, "invalid_request", "the body is not a form: %v", err)
	}
	code := form.Get("code")
	h.mu.Lock()
	defer h.mu.Unlock()
	g, ok := h.codes[code]
	switch {
	case !ok || g.used || !h.cfg.Now().Before(g.expires):
		return nil, oauthError(http.StatusBadRequest, codeInvalidCode, "the authorization code is invalid, used or expired")
	case g.redirectURI != "" && form.Get("redirect_uri") != g.redirectURI:
		return nil, oauthError(http.StatusBadRequest, codeInvalidRedirectURI, "redirect_uri differs from the authorization request's")
	}
	g.used = true
	h.codes[code] = g
	tok := "lgt_" + h.sy.R.Alnum(40)
	account := "2" + h.sy.R.Digits(6)
	h.tokens[tok] = account
	return fakeapi.JSON(http.StatusOK, object{"access_token": tok, "logisticsAccountId": account}), nil
}
