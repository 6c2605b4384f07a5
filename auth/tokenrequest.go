package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// maxResponseSize bounds the token endpoint responses read.
const maxResponseSize = 1 << 20

// requestToken makes one client-credentials token request. now is the time
// the request was made, from which the token's expiry is computed. Error
// messages from the endpoint are cleaned of the client secret and of the
// known tokens.
func requestToken(ctx context.Context, cfg *config, now time.Time, known ...string) (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()

	body, err := json.Marshal(struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
		Audience     string `json:"audience"`
		GrantType    string `json:"grant_type"`
	}{cfg.clientID, cfg.clientSecret.open(), cfg.audience, "client_credentials"})
	if err != nil {
		return nil, &TokenRequestError{ClientID: cfg.clientID, Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.tokenURL, bytes.NewReader(body))
	if err != nil {
		return nil, &TokenRequestError{ClientID: cfg.clientID, Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")

	resp, err := cfg.httpClient.Do(req)
	if err != nil {
		return nil, &TokenRequestError{ClientID: cfg.clientID, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseSize))
	if err != nil {
		return nil, &TokenRequestError{ClientID: cfg.clientID, StatusCode: resp.StatusCode, Err: err}
	}

	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		tok, err := parseTokenResponse(data, now)
		if err != nil {
			return nil, &TokenRequestError{ClientID: cfg.clientID, StatusCode: code, Err: err}
		}
		return tok, nil
	case code == http.StatusTooManyRequests:
		return nil, &RateLimitError{
			ClientID:   cfg.clientID,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), now),
		}
	case code == http.StatusBadRequest || code == http.StatusUnauthorized || code == http.StatusForbidden:
		var e struct {
			Error            string `json:"error"`
			ErrorDescription string `json:"error_description"`
		}
		_ = json.Unmarshal(data, &e) // the fields are optional
		secrets := append(known, cfg.clientSecret.open())
		return nil, &CredentialsError{
			ClientID:    cfg.clientID,
			StatusCode:  code,
			Code:        sanitize(e.Error, secrets...),
			Description: sanitize(e.ErrorDescription, secrets...),
		}
	default:
		return nil, &TokenRequestError{ClientID: cfg.clientID, StatusCode: code, Err: errors.New(http.StatusText(code))}
	}
}

// parseTokenResponse parses a successful token response. The token expires
// after expires_in seconds when present, else at the JWT's exp claim, else
// after DefaultTokenLifetime. Errors never quote the response.
func parseTokenResponse(data []byte, now time.Time) (*oauth2.Token, error) {
	var r struct {
		AccessToken string          `json:"access_token"`
		TokenType   string          `json:"token_type"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, errors.New("malformed token response")
	}
	if r.AccessToken == "" {
		return nil, errors.New("token response has no access_token")
	}
	tok := &oauth2.Token{
		AccessToken: r.AccessToken,
		TokenType:   or(r.TokenType, "Bearer"),
		Expiry:      now.Add(DefaultTokenLifetime),
	}
	if d, ok := parseExpiresIn(r.ExpiresIn); ok {
		tok.Expiry = now.Add(d)
	} else if exp, ok := jwtExpiry(r.AccessToken); ok && exp.After(now) {
		tok.Expiry = exp
	}
	return tok, nil
}

// maxLifetime bounds the lifetimes accepted from a response.
const maxLifetime = 10 * 365 * 24 * time.Hour

// parseExpiresIn parses expires_in, a number of seconds or a string holding
// one. It reports false for absent, malformed or non-positive values.
func parseExpiresIn(raw json.RawMessage) (time.Duration, bool) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	secs, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(secs) || secs < 1 || secs > maxLifetime.Seconds() {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}

// maxUnixTime is the end of year 9999, the last time accepted as an exp claim.
const maxUnixTime = 253402300799

// jwtExpiry returns the exp claim of a JWT, without verifying it.
func jwtExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return time.Time{}, false
	}
	exp, err := claims.Exp.Float64()
	if err != nil || math.IsNaN(exp) || exp <= 0 || exp > maxUnixTime {
		return time.Time{}, false
	}
	return time.Unix(int64(exp), 0), true
}

// parseRetryAfter parses a Retry-After header: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int(maxLifetime.Seconds()))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
