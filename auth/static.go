package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"golang.org/x/oauth2"
)

// APIKey returns a token source for a legacy Flexport Core API key, which
// is sent as a bearer token and never expires.
func APIKey(key string) *StaticTokenSource {
	return &StaticTokenSource{kind: "APIKey", token: key}
}

// BearerToken returns a token source for a Logistics API portal token, or
// any other bearer token that never expires.
func BearerToken(token string) *StaticTokenSource {
	return &StaticTokenSource{kind: "BearerToken", token: token}
}

// StaticTokenSource is an oauth2.TokenSource that returns the same
// never-expiring bearer token every time; see [APIKey] and [BearerToken].
// Formatting it with fmt or log/slog, or marshalling it to JSON, never shows
// the token.
type StaticTokenSource struct {
	kind  string // the constructor's name
	token string
}

// Token returns the bearer token, with no expiry. It fails with an error
// matching [ErrInvalidConfig] if the token is empty.
func (s StaticTokenSource) Token() (*oauth2.Token, error) {
	if s.token == "" {
		return nil, fmt.Errorf("%w: empty %s", ErrInvalidConfig, s.name())
	}
	return &oauth2.Token{AccessToken: s.token, TokenType: "Bearer"}, nil
}

// TokenContext is Token: the token is at hand, so ctx is not consulted.
// The SDK's transport calls it instead of Token for sources that have it.
func (s StaticTokenSource) TokenContext(context.Context) (*oauth2.Token, error) { return s.Token() }

// String describes s without the token.
func (s StaticTokenSource) String() string {
	return fmt.Sprintf("auth.%s(%s)", s.name(), presence(s.token))
}

// GoString describes s without the token.
func (s StaticTokenSource) GoString() string {
	return fmt.Sprintf("auth.%s(%q)", s.name(), presence(s.token))
}

// Format implements fmt.Formatter: every verb prints String, %#v GoString.
func (s StaticTokenSource) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s, s) }

// LogValue implements slog.LogValuer without the token.
func (s StaticTokenSource) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", s.name()), slog.String("token", presence(s.token)))
}

// MarshalJSON implements json.Marshaler without the token.
func (s StaticTokenSource) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"kind": s.name(), "token": presence(s.token)})
}

func (s StaticTokenSource) name() string { return or(s.kind, "StaticTokenSource") }
