package coretest

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// audience is the audience Flexport's token requests name.
const audience = "https://api.flexport.com"

// token answers POST /oauth/token: the client-credentials grant, with a
// JSON body of client_id, client_secret, audience and grant_type, as
// Flexport documents it. It grants TokenRequestsPerDay tokens per client
// id in any rolling day; the next request gets 429 with Retry-After.
// Requests with wrong credentials get 401 and do not count.
func (h *Handler) token(r *fakeapi.Request) (*fakeapi.Response, error) {
	var body struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
		Audience     string `json:"audience"`
		GrantType    string `json:"grant_type"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return nil, fakeapi.Errorf(http.StatusBadRequest, "invalid_request", "the token request body must be a JSON object: %v", err)
	}
	switch {
	case body.GrantType != "client_credentials":
		return nil, fakeapi.Errorf(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials, not %q", body.GrantType)
	case body.ClientID == "" || body.ClientSecret == "":
		return nil, fakeapi.Errorf(http.StatusBadRequest, "invalid_request", "client_id and client_secret are required")
	case body.Audience != audience && body.Audience != r.Base:
		return nil, fakeapi.Errorf(http.StatusBadRequest, "invalid_request", "audience must be %q", audience)
	case !h.known(body.ClientID, body.ClientSecret):
		return nil, fakeapi.Errorf(http.StatusUnauthorized, "invalid_client", "unknown client id or wrong client secret")
	}
	if ok, wait := h.tokens.Allow(body.ClientID); !ok {
		e := fakeapi.Errorf(http.StatusTooManyRequests, "too_many_token_requests",
			"at most %d token requests per client id per day; reuse the token you have (it lives 24 hours)", TokenRequestsPerDay)
		e.RetryAfter = wait
		return nil, e
	}
	now := h.cfg.Now()
	tok := h.sign(map[string]any{"iss": r.Base + "/", "sub": body.ClientID + "@clients", "aud": body.Audience,
		"iat": now.Unix(), "exp": now.Add(TokenLifetime).Unix(), "gty": "client-credentials", "jti": h.randToken()})
	return fakeapi.JSON(http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer",
		"expires_in": int(TokenLifetime / time.Second), "scope": ""}), nil
}

// known reports whether id and secret are the credentials of a client.
func (h *Handler) known(id, secret string) bool {
	ok := false
	for _, c := range h.cfg.clients {
		ok = ok || (equal(id, c.id) && equal(secret, c.secret))
	}
	return ok
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

var jwtHeader = b64(`{"alg":"HS256","typ":"JWT"}`)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// sign returns a JWT of claims, signed with the handler's key.
func (h *Handler) sign(claims map[string]any) string {
	payload, _ := json.Marshal(claims)
	msg := jwtHeader + "." + b64(string(payload))
	return msg + "." + base64.RawURLEncoding.EncodeToString(h.mac(msg))
}

func (h *Handler) mac(msg string) []byte {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// authenticate accepts the API key or a token of the token endpoint that
// has not expired, as the bearer token.
func (h *Handler) authenticate(r *fakeapi.Request) error {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		return fakeapi.Errorf(http.StatusUnauthorized, "unauthorized", "missing credentials: send Authorization: Bearer <API key or access token>")
	}
	if equal(tok, h.cfg.apiKey) {
		return nil
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || !hmac.Equal(h.mac(parts[0]+"."+parts[1]), mustB64(parts[2])) {
		return fakeapi.Errorf(http.StatusUnauthorized, "unauthorized", "invalid API key or access token")
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(mustB64(parts[1]), &claims) != nil || !h.cfg.Now().Before(time.Unix(claims.Exp, 0)) {
		return fakeapi.Errorf(http.StatusUnauthorized, "token_expired", "the access token has expired; request a new one")
	}
	return nil
}

func mustB64(s string) []byte {
	b, _ := base64.RawURLEncoding.DecodeString(s)
	return b
}
