package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DefaultLogisticsBaseURL is the base URL of the Logistics API.
const DefaultLogisticsBaseURL = "https://logistics-api.flexport.com/logistics/api/2023-10"

// LogisticsScope is a scope of the Logistics API partner OAuth flow.
type LogisticsScope string

// The Logistics API scopes.
const (
	ScopeReadProducts  LogisticsScope = "read_logistics_products"
	ScopeWriteProducts LogisticsScope = "write_logistics_products"
	ScopeReadReports   LogisticsScope = "read_logistics_reports"
	ScopeWriteReports  LogisticsScope = "write_logistics_reports"
	ScopeReadBundles   LogisticsScope = "read_logistics_bundles"
	ScopeWriteBundles  LogisticsScope = "write_logistics_bundles"
	ScopeReadOrders    LogisticsScope = "read_logistics_orders"
	ScopeWriteOrders   LogisticsScope = "write_logistics_orders"
	ScopeReadWebhooks  LogisticsScope = "read_logistics_webhooks"
	ScopeWriteWebhooks LogisticsScope = "write_logistics_webhooks"
	ScopeReadParcels   LogisticsScope = "read_logistics_parcels"
	ScopeWriteParcels  LogisticsScope = "write_logistics_parcels"
	ScopeReadReturns   LogisticsScope = "read_logistics_returns"
	ScopeWriteReturns  LogisticsScope = "write_logistics_returns"
	ScopeReadFreight   LogisticsScope = "read_logistics_freight"
	ScopeWriteFreight  LogisticsScope = "write_logistics_freight"
	ScopeReadInbounds  LogisticsScope = "read_logistics_inbounds"
	ScopeWriteInbounds LogisticsScope = "write_logistics_inbounds"
	ScopeReadEvents    LogisticsScope = "read_logistics_events" // there is no write scope for events
)

// AuthFlow selects the partner authorization UI.
type AuthFlow string

// The authorization flows.
const (
	AuthFlowHostedUI AuthFlow = "hosted_ui"
	AuthFlowCustomUI AuthFlow = "custom_ui"
)

// LogisticsOAuth is the configuration of a Logistics API partner
// application for the OAuth authorization-code flow: send the merchant to
// AuthorizeURL, then Exchange the code Flexport returns to the redirect URI
// for a token that never expires.
type LogisticsOAuth struct {
	ClientID    string           // required
	Scopes      []LogisticsScope // required
	RedirectURI string           // optional; sent with both requests when set
	AuthFlow    AuthFlow         // optional

	// BaseURL is the Logistics API base URL; default
	// DefaultLogisticsBaseURL. It must be https, except on a loopback
	// address.
	BaseURL string

	// HTTPClient makes the token exchange. Nil means a client that times
	// out after 30 seconds. Whatever its CheckRedirect says, the exchange
	// never follows a redirect: it would send the code to another URL.
	HTTPClient *http.Client
}

// AuthorizeURL returns the URL to send the merchant to. state is an opaque
// value returned with the code; use it to defeat cross-site request
// forgery. It fails, with an error matching [ErrInvalidConfig], if ClientID
// or Scopes are missing.
func (c *LogisticsOAuth) AuthorizeURL(state string) (string, error) {
	base, err := c.baseURL()
	if err != nil {
		return "", err
	}
	if c.ClientID == "" {
		return "", fmt.Errorf("%w: LogisticsOAuth.ClientID is empty", ErrInvalidConfig)
	}
	if len(c.Scopes) == 0 {
		return "", fmt.Errorf("%w: LogisticsOAuth.Scopes is empty", ErrInvalidConfig)
	}
	scopes := make([]string, len(c.Scopes))
	for i, s := range c.Scopes {
		if s == "" || strings.ContainsAny(string(s), " \t\r\n") {
			return "", fmt.Errorf("%w: invalid scope %q", ErrInvalidConfig, s)
		}
		scopes[i] = string(s)
	}
	q := url.Values{
		"response_type": {"code"},
		"client_id":     {c.ClientID},
		"scope":         {strings.Join(scopes, " ")},
	}
	if c.RedirectURI != "" {
		q.Set("redirect_uri", c.RedirectURI)
	}
	if state != "" {
		q.Set("state", state)
	}
	if c.AuthFlow != "" {
		q.Set("authFlow", string(c.AuthFlow))
	}
	return base + "/oauth/authorize?" + q.Encode(), nil
}

// Exchange exchanges an authorization code for a token. A rejection by the
// API is a [*LogisticsOAuthError], which matches its [LogisticsErrorCode]
// with errors.Is.
func (c *LogisticsOAuth) Exchange(ctx context.Context, code string) (*LogisticsToken, error) {
	base, err := c.baseURL()
	if err != nil {
		return nil, err
	}
	if code == "" {
		return nil, fmt.Errorf("%w: empty authorization code", ErrInvalidConfig)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}}
	if c.RedirectURI != "" {
		form.Set("redirect_uri", c.RedirectURI)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("auth: logistics token exchange: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")

	resp, err := withoutRedirects(c.HTTPClient).Do(req)
	if err != nil {
		return nil, fmt.Errorf("auth: logistics token exchange: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseSize))
	if err != nil {
		return nil, fmt.Errorf("auth: logistics token exchange: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, parseLogisticsError(resp.StatusCode, data, code)
	}
	var t struct {
		AccessToken        string `json:"access_token"`
		LogisticsAccountID string `json:"logisticsAccountId"`
	}
	if err := json.Unmarshal(data, &t); err != nil || t.AccessToken == "" {
		return nil, errors.New("auth: logistics token exchange: malformed response")
	}
	return &LogisticsToken{AccessToken: t.AccessToken, LogisticsAccountID: t.LogisticsAccountID}, nil
}

func (c *LogisticsOAuth) baseURL() (string, error) {
	base := strings.TrimSuffix(or(c.BaseURL, DefaultLogisticsBaseURL), "/")
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%w: BaseURL %q is not an absolute URL", ErrInvalidConfig, redactURL(base))
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return "", fmt.Errorf("%w: BaseURL %q must use https", ErrInvalidConfig, redactURL(base))
	}
	return base, nil
}

// LogisticsToken is a Logistics API access token, which never expires, and
// the account it belongs to.
//
// Formatting it with fmt or log/slog, or marshalling it to JSON, never shows
// the access token: to persist it, store the AccessToken field itself.
type LogisticsToken struct {
	AccessToken        string
	LogisticsAccountID string
}

// TokenSource returns a token source for t.
func (t LogisticsToken) TokenSource() *StaticTokenSource { return BearerToken(t.AccessToken) }

// String describes t without the access token.
func (t LogisticsToken) String() string {
	return fmt.Sprintf("auth.LogisticsToken{AccessToken: %s, LogisticsAccountID: %q}", presence(t.AccessToken), t.LogisticsAccountID)
}

// GoString describes t without the access token.
func (t LogisticsToken) GoString() string {
	return fmt.Sprintf("auth.LogisticsToken{AccessToken:%q, LogisticsAccountID:%q}", presence(t.AccessToken), t.LogisticsAccountID)
}

// Format implements fmt.Formatter: every verb prints String, %#v GoString.
func (t LogisticsToken) Format(f fmt.State, verb rune) { formatRedacted(f, verb, t, t) }

// LogValue implements slog.LogValuer without the access token.
func (t LogisticsToken) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_token", presence(t.AccessToken)),
		slog.String("logistics_account_id", t.LogisticsAccountID),
	)
}

// MarshalJSON implements json.Marshaler without the access token.
func (t LogisticsToken) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{
		"access_token":       presence(t.AccessToken),
		"logisticsAccountId": t.LogisticsAccountID,
	})
}

// LogisticsErrorCode is a six-digit error code of the Logistics API OAuth
// endpoints. It is an error, so that errors.Is(err, LogisticsInvalidCode)
// tests a [*LogisticsOAuthError].
type LogisticsErrorCode int

// The Logistics API OAuth error codes.
const (
	LogisticsInvalidRedirectURI LogisticsErrorCode = 405001 // invalid redirect URI
	LogisticsInvalidClientID    LogisticsErrorCode = 405002 // invalid client_id
	LogisticsMissingScopes      LogisticsErrorCode = 405003 // missing scopes
	LogisticsInvalidScopes      LogisticsErrorCode = 405004 // invalid scopes
	LogisticsInvalidCode        LogisticsErrorCode = 405005 // invalid, used or expired code
)

// Error implements error.
func (c LogisticsErrorCode) Error() string {
	msg := fmt.Sprintf("auth: logistics OAuth error %d", int(c))
	switch c {
	case LogisticsInvalidRedirectURI:
		msg += ": invalid redirect URI"
	case LogisticsInvalidClientID:
		msg += ": invalid client_id"
	case LogisticsMissingScopes:
		msg += ": missing scopes"
	case LogisticsInvalidScopes:
		msg += ": invalid scopes"
	case LogisticsInvalidCode:
		msg += ": invalid, used or expired authorization code"
	}
	return msg
}

// LogisticsOAuthError is a rejection by a Logistics API OAuth endpoint,
// usually an application/problem+json body. It matches its Code with
// errors.Is.
type LogisticsOAuthError struct {
	StatusCode int                // the HTTP status code
	Code       LogisticsErrorCode // the six-digit code, 0 if none was given
	Title      string             // the problem title, if any
	Detail     string             // the problem detail, if any
}

// Error implements error.
func (e *LogisticsOAuthError) Error() string {
	msg := fmt.Sprintf("auth: logistics token exchange: HTTP %d", e.StatusCode)
	if e.Code != 0 {
		msg += fmt.Sprintf(": code %d", int(e.Code))
	}
	for _, s := range []string{e.Title, e.Detail} {
		if s != "" {
			msg += ": " + s
		}
	}
	return msg
}

// Is reports whether target is e.Code.
func (e *LogisticsOAuthError) Is(target error) bool {
	c, ok := target.(LogisticsErrorCode)
	return ok && e.Code != 0 && c == e.Code
}

// parseLogisticsError builds the error for a failed exchange of code. Title
// and detail are sanitized; the code is redacted if they echo it.
func parseLogisticsError(status int, data []byte, code string) error {
	var p struct {
		Type             string          `json:"type"`
		Title            string          `json:"title"`
		Detail           string          `json:"detail"`
		Code             json.RawMessage `json:"code"`
		Error            string          `json:"error"`
		ErrorDescription string          `json:"error_description"`
	}
	_ = json.Unmarshal(data, &p) // every field is optional
	e := &LogisticsOAuthError{
		StatusCode: status,
		Title:      sanitize(or(p.Title, p.Error), code),
		Detail:     sanitize(or(p.Detail, p.ErrorDescription), code),
	}
	for _, s := range []string{string(p.Code), p.Type[strings.LastIndex(p.Type, "/")+1:]} {
		if n, err := strconv.Atoi(strings.Trim(s, `"`)); err == nil && n >= 100000 && n <= 999999 {
			e.Code = LogisticsErrorCode(n)
			break
		}
	}
	return e
}
