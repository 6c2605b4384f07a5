package testutil

import (
	"fmt"
	"strings"
)

// FormatVerbs are the fmt verbs that a value holding a secret is printed
// with in the tests that no verb shows it.
var FormatVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// ShowsSecret reports whether out shows secret as fmt may print it: as
// text, in hexadecimal, or as the decimal bytes of a []byte.
func ShowsSecret(out, secret string) bool {
	dec := fmt.Sprint([]byte(secret))
	return strings.Contains(out, secret) ||
		strings.Contains(strings.ToLower(out), fmt.Sprintf("%x", secret)) ||
		strings.Contains(out, dec[1:len(dec)-1])
}
