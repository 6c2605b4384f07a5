package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors. The typed errors of this package match them with
// [errors.Is].
var (
	// ErrTokenBudgetExhausted is matched by a [*BudgetExhaustedError]: the
	// token request budget of a credential is used up, so no request was
	// made.
	ErrTokenBudgetExhausted = errors.New("auth: token request budget exhausted")

	// ErrRateLimited is matched by a [*RateLimitError]: the token endpoint
	// answered 429 Too Many Requests.
	ErrRateLimited = errors.New("auth: token endpoint rate limit exceeded")

	// ErrInvalidCredentials is matched by a [*CredentialsError]: the token
	// endpoint rejected the client credentials.
	ErrInvalidCredentials = errors.New("auth: invalid client credentials")

	// ErrInvalidConfig is wrapped by errors about a configuration that
	// cannot work, such as a missing client id or an insecure token URL.
	ErrInvalidConfig = errors.New("auth: invalid configuration")
)

// BudgetExhaustedError reports that a credential already made Budget token
// requests within the rolling Window, so Token did not call the token
// endpoint. It matches [ErrTokenBudgetExhausted].
type BudgetExhaustedError struct {
	ClientID    string        // the credential's client id
	Budget      int           // token requests allowed per Window
	Window      time.Duration // the rolling window, 24 hours
	NextAllowed time.Time     // when the next token request is allowed
}

// Error implements error.
func (e *BudgetExhaustedError) Error() string {
	return fmt.Sprintf("auth: token request budget exhausted for client %q: %d requests in the last %s; next request allowed at %s",
		e.ClientID, e.Budget, e.Window, e.NextAllowed.UTC().Format(time.RFC3339))
}

// Is reports whether target is [ErrTokenBudgetExhausted].
func (e *BudgetExhaustedError) Is(target error) bool { return target == ErrTokenBudgetExhausted }

// RateLimitError reports a 429 Too Many Requests from the token endpoint. It
// matches [ErrRateLimited].
type RateLimitError struct {
	ClientID   string        // the credential's client id
	RetryAfter time.Duration // from the Retry-After header; 0 if absent
}

// Error implements error.
func (e *RateLimitError) Error() string {
	msg := fmt.Sprintf("auth: token endpoint rate limit exceeded for client %q", e.ClientID)
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf("; retry after %s", e.RetryAfter)
	}
	return msg
}

// Is reports whether target is [ErrRateLimited].
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// CredentialsError reports that the token endpoint rejected the client
// credentials (HTTP 400, 401 or 403). It names the client id, never the
// secret, and matches [ErrInvalidCredentials].
type CredentialsError struct {
	ClientID    string // the credential's client id
	StatusCode  int    // the HTTP status code
	Code        string // the OAuth "error" field, if any, such as "access_denied"
	Description string // the OAuth "error_description" field, if any
}

// Error implements error.
func (e *CredentialsError) Error() string {
	msg := fmt.Sprintf("auth: token endpoint rejected the credentials of client %q: %d %s",
		e.ClientID, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// Is reports whether target is [ErrInvalidCredentials].
func (e *CredentialsError) Is(target error) bool { return target == ErrInvalidCredentials }

// TokenRequestError reports any other failed token request: a transport
// error, an unexpected HTTP status or a malformed response. The response
// body is never included, as it might hold a token.
type TokenRequestError struct {
	ClientID   string // the credential's client id
	StatusCode int    // the HTTP status code, or 0 if there was no response
	Err        error  // the cause
}

// Error implements error.
func (e *TokenRequestError) Error() string {
	if e.StatusCode != 0 {
		return fmt.Sprintf("auth: token request for client %q: HTTP %d: %v", e.ClientID, e.StatusCode, e.Err)
	}
	return fmt.Sprintf("auth: token request for client %q: %v", e.ClientID, e.Err)
}

// Unwrap returns the cause.
func (e *TokenRequestError) Unwrap() error { return e.Err }

// BackoffError reports that a recent token request failed, here or in
// another process sharing the [TokenStore], and that no new request is made
// before Until. Err is the failure when it is known in this process, or an
// error carrying its message when another process saw it.
type BackoffError struct {
	ClientID string    // the credential's client id
	Until    time.Time // no token request before this time
	Err      error     // the failure that started the backoff
}

// Error implements error.
func (e *BackoffError) Error() string {
	return fmt.Sprintf("auth: no token request for client %q before %s after a failed request: %v",
		e.ClientID, e.Until.UTC().Format(time.RFC3339), e.Err)
}

// Unwrap returns the failure that started the backoff.
func (e *BackoffError) Unwrap() error { return e.Err }

// redact replaces every occurrence of the non-empty secrets in s.
func redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	return s
}

// sanitize makes a server-provided string safe and short enough to put in an
// error message: secrets are redacted, control characters dropped.
func sanitize(s string, secrets ...string) string {
	s = redact(s, secrets...)
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	const maxLen = 200
	if len(s) > maxLen {
		s = strings.ToValidUTF8(s[:maxLen], "") + "…"
	}
	return s
}
