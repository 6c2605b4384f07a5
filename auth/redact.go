package auth

import (
	"fmt"
	"io"
	"net/url"
)

// redacted replaces secrets in formatted output.
const redacted = "[REDACTED]"

// formatRedacted implements fmt.Formatter for the credential types, so that
// no verb and no flag (%d, %x, %+v and so on, which would otherwise print the
// fields) reveals a secret: %#v prints the GoString form, every other verb
// the String form.
func formatRedacted(f fmt.State, verb rune, s fmt.Stringer, g fmt.GoStringer) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, g.GoString())
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", s.String())
	default:
		_, _ = io.WriteString(f, s.String())
	}
}

// presence describes a secret without revealing it.
func presence(secret string) string {
	if secret == "" {
		return ""
	}
	return redacted
}

// redactURL hides the password of a URL, if it has one.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if _, ok := u.User.Password(); !ok {
		return s
	}
	return u.Redacted()
}

// sealed holds a secret where fmt cannot reach it. Values keep a *sealed,
// never the string: fmt prints a pointer to a non-composite value as an
// address, at any depth and with any verb (even those that make it print
// the fields a pointer to a struct leads to), and a value reached through
// an unexported field cannot have a redacting method called on it.
type sealed string

// seal returns s sealed, or nil for "".
func seal(s string) *sealed {
	if s == "" {
		return nil
	}
	v := sealed(s)
	return &v
}

// open returns the secret, or "" for nil.
func (p *sealed) open() string {
	if p == nil {
		return ""
	}
	return string(*p)
}
