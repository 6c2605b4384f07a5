package webhook

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/textproto"

	"github.com/flexport-go/flexport/logistics"
)

// Auth is how Flexport authenticates to your endpoint, as configured on the
// webhook subscription. Build it with [BasicAuth], [TokenAuth] or [NoAuth];
// the zero Auth is invalid and [NewHandler] rejects it.
//
// Printing an Auth, with any fmt verb or through log/slog, never shows the
// password, the token or the username.
type Auth struct {
	method logistics.WebhookAuthType
	// c is behind a pointer so that even reflection-based printing (an Auth
	// in an unexported struct field, where fmt cannot call its methods)
	// shows an address, not the credentials.
	c *credentials
}

// credentials are the secrets of an Auth, behind one more pointer: a verb
// such as %s on a value holding an Auth makes fmt print the fields c leads
// to, and a pointer among them is printed as an address.
type credentials struct{ *secrets }

type secrets struct {
	username string
	password string
	header   string // canonical MIME header key
	token    string
}

// BasicAuth checks HTTP Basic credentials, for a subscription with
// authMethod BASIC_AUTH and this username and password.
func BasicAuth(username, password string) Auth {
	return Auth{method: logistics.WebhookAuthTypeBASICAUTH, c: &credentials{&secrets{username: username, password: password}}}
}

// TokenAuth checks that header carries token, for a subscription with
// authMethod TOKEN, tokenHeader header and this token. The header value must
// equal the token exactly.
func TokenAuth(header, token string) Auth {
	return Auth{method: logistics.WebhookAuthTypeTOKEN, c: &credentials{&secrets{header: textproto.CanonicalMIMEHeaderKey(header), token: token}}}
}

// NoAuth accepts every request, for a subscription with authMethod NONE.
// Anyone who learns the URL can then post events to it: use it for tests
// only, or behind some other check.
func NoAuth() Auth {
	return Auth{method: logistics.WebhookAuthTypeNONE}
}

// Method returns the subscription authMethod the Auth matches (NONE,
// BASIC_AUTH or TOKEN), or "" for the zero Auth.
func (a Auth) Method() logistics.WebhookAuthType { return a.method }

// Check reports whether r carries the configured credentials, comparing in
// constant time. It returns nil for NoAuth, an error matching
// ErrMissingCredentials if r has none and one matching
// ErrInvalidCredentials if they differ. Errors never include the
// credentials.
func (a Auth) Check(r *http.Request) error {
	switch a.method {
	case logistics.WebhookAuthTypeNONE:
		return nil
	case logistics.WebhookAuthTypeBASICAUTH:
		user, pass, ok := r.BasicAuth()
		if !ok {
			return ErrMissingCredentials
		}
		// Evaluate both comparisons, so timing does not tell which failed.
		userOK := equal(user, a.c.username)
		passOK := equal(pass, a.c.password)
		if !userOK || !passOK {
			return ErrInvalidCredentials
		}
		return nil
	case logistics.WebhookAuthTypeTOKEN:
		values := r.Header.Values(a.c.header)
		if len(values) == 0 || values[0] == "" {
			return ErrMissingCredentials
		}
		if !equal(values[0], a.c.token) {
			return ErrInvalidCredentials
		}
		return nil
	}
	return errors.New("webhook: invalid Auth; build it with BasicAuth, TokenAuth or NoAuth")
}

// Apply sets the configured credentials on r, as Flexport would. It is for
// testing handlers; see [NewRequest].
func (a Auth) Apply(r *http.Request) {
	switch a.method {
	case logistics.WebhookAuthTypeBASICAUTH:
		r.SetBasicAuth(a.c.username, a.c.password)
	case logistics.WebhookAuthTypeTOKEN:
		r.Header.Set(a.c.header, a.c.token)
	}
}

// String describes a without its credentials, such as
// `TokenAuth(X-Webhook-Token, [REDACTED])`.
func (a Auth) String() string {
	switch a.method {
	case logistics.WebhookAuthTypeNONE:
		return "NoAuth()"
	case logistics.WebhookAuthTypeBASICAUTH:
		return "BasicAuth(" + redacted(a.c.username) + ", " + redacted(a.c.password) + ")"
	case logistics.WebhookAuthTypeTOKEN:
		return "TokenAuth(" + a.c.header + ", " + redacted(a.c.token) + ")"
	}
	return "Auth(invalid)"
}

// GoString is "webhook." and String, so %#v does not print credentials.
func (a Auth) GoString() string { return "webhook." + a.String() }

// Format prints GoString for %#v and String for every other verb, so no
// verb or flag prints the credentials.
func (a Auth) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, a.GoString())
		return
	}
	_, _ = io.WriteString(f, a.String())
}

// LogValue logs String.
func (a Auth) LogValue() slog.Value { return slog.StringValue(a.String()) }

// validate reports why a cannot be used, without its credentials.
func (a Auth) validate() error {
	switch a.method {
	case logistics.WebhookAuthTypeNONE:
		return nil
	case logistics.WebhookAuthTypeBASICAUTH:
		if a.c.username == "" || a.c.password == "" {
			return errors.New("BasicAuth needs a username and a password")
		}
		return nil
	case logistics.WebhookAuthTypeTOKEN:
		if !validHeaderName(a.c.header) {
			return errors.New("TokenAuth needs a valid header name")
		}
		if a.c.token == "" {
			return errors.New("TokenAuth needs a token")
		}
		return nil
	}
	return errors.New("the zero Auth is invalid; use BasicAuth, TokenAuth or NoAuth")
}

// redacted stands in for a secret: empty stays empty, anything else is
// "[REDACTED]".
func redacted(s string) string {
	if s == "" {
		return `""`
	}
	return "[REDACTED]"
}

// equal compares a and b in time that depends on neither their contents nor
// their lengths.
func equal(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// validHeaderName reports whether s is a non-empty RFC 9110 field name.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c != 0 && c < 0x80 && isTokenPunct(c):
		default:
			return false
		}
	}
	return true
}

// isTokenPunct reports whether c is one of the punctuation characters RFC
// 9110 allows in a token.
func isTokenPunct(c byte) bool {
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}
