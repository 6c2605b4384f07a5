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
	return &StaticTokenSource{kind: "APIKey", token: seal(key)}
}

// BearerToken returns a token source for a Logistics API portal token, or
// any other bearer token that never expires.
func BearerToken(token string) *StaticTokenSource {
	return &StaticTokenSource{kind: "BearerToken", token: seal(token)}
}

// StaticTokenSource is an oauth2.TokenSource that returns the same
// never-expiring bearer token every time; see [APIKey] and [BearerToken].
// Formatting it with fmt or log/slog, or marshalling it to JSON, never shows
// the token. The token is kept behind a pointer that fmt prints as an
// address, so that a value holding a StaticTokenSource, even by value in an
// unexported field where fmt cannot call its Format method, shows no token
// with any verb.
type StaticTokenSource struct {
	kind  string  // the constructor's name
	token *sealed // never the bare string: see sealed
}

// Token returns the bearer token, with no expiry. It fails with an error
// matching [ErrInvalidConfig] if the token is empty.
func (s StaticTokenSource) Token() (*oauth2.Token, error) {
	if s.token == nil {
		return nil, fmt.Errorf("%w: empty %s", ErrInvalidConfig, s.name())
	}
	return &oauth2.Token{AccessToken: s.token.open(), TokenType: "Bearer"}, nil
}

// TokenContext is Token: the token is at hand, so ctx is not consulted.
// The SDK's transport calls it instead of Token for sources that have it.
func (s StaticTokenSource) TokenContext(context.Context) (*oauth2.Token, error) { return s.Token() }

// String describes s without the token.
func (s StaticTokenSource) String() string {
	return fmt.Sprintf("auth.%s(%s)", s.name(), presence(s.token.open()))
}

// GoString describes s without the token.
func (s StaticTokenSource) GoString() string {
	return fmt.Sprintf("auth.%s(%q)", s.name(), presence(s.token.open()))
}

// Format implements fmt.Formatter: every verb prints String, %#v GoString.
func (s StaticTokenSource) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s, s) }

// LogValue implements slog.LogValuer without the token.
func (s StaticTokenSource) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", s.name()), slog.String("token", presence(s.token.open())))
}

// MarshalJSON implements json.Marshaler without the token.
func (s StaticTokenSource) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"kind": s.name(), "token": presence(s.token.open())})
}

func (s StaticTokenSource) name() string { return or(s.kind, "StaticTokenSource") }
