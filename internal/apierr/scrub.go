package apierr

import (
	"bytes"
	"strings"
)

// minSecretPart is the shortest tail of a text, equal to the start of a
// secret, that scrubbing replaces: a cut through a secret must not leave a
// recognisable piece of it (8 characters identify most keys).
const minSecretPart = 4

// secrets are the credentials a call sent. Every text taken from its
// response is scrubbed of them before it is cut to length.
type secrets []string

// redact replaces every occurrence of the secrets in s, then the values of
// secret-looking assignments (see RedactText), with REDACTED.
func (ss secrets) redact(s string) string {
	for _, secret := range ss {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
	}
	return RedactText(s)
}

// cutRedacted returns s redacted, then collapsed to one line and clipped to
// n runes: scrub first, then cut.
func (ss secrets) cutRedacted(s string, n int) string {
	return clip(collapse(ss.redact(s)), n)
}

// partialTail returns the length of the longest tail of s, of at least
// minSecretPart bytes, that is the start of a secret; 0 if there is none.
func (ss secrets) partialTail(s string) int {
	longest := 0
	for _, secret := range ss {
		for n := min(len(secret)-1, len(s)); n >= max(minSecretPart, longest+1); n-- {
			if strings.HasSuffix(s, secret[:n]) {
				longest = n
				break
			}
		}
	}
	return longest
}

// scrubBody returns body, at most MaxBodySize bytes of it, with the secrets
// replaced. A body of MaxBodySize bytes may have been cut through a secret,
// so the start of one at its end is replaced too. The secret-looking
// assignments of RedactText are left for the texts taken from the body.
func (ss secrets) scrubBody(body []byte) []byte {
	if len(body) > MaxBodySize {
		body = body[:MaxBodySize]
	}
	cut := len(body) == MaxBodySize
	for _, secret := range ss {
		if secret != "" && bytes.Contains(body, []byte(secret)) {
			body = bytes.ReplaceAll(body, []byte(secret), []byte(Redacted))
		}
	}
	if !cut {
		return body
	}
	const tail = 4 << 10 // longer than any credential
	start := max(len(body)-tail, 0)
	if n := ss.partialTail(string(body[start:])); n > 0 {
		body = append(body[:len(body)-n:len(body)-n], Redacted...)
	}
	return body
}
