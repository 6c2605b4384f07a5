package apierr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces secret values in error texts, logs and URLs.
const Redacted = "REDACTED"

// IsSecretParam reports whether a query parameter or field called name holds
// a secret whose value must never be shown: client_secret, access_token,
// refresh_token, id_token, token, api_key, apikey or password (any case).
func IsSecretParam(name string) bool {
	switch strings.ToLower(name) {
	case "client_secret", "access_token", "refresh_token", "id_token",
		"token", "api_key", "apikey", "password":
		return true
	}
	return false
}

// secretAssignment matches name=value, "name": "value" and 'name': value for
// the names IsSecretParam accepts (and names ending in them), but not prose
// such as "cannot fetch token: 401"; bearerCredential
// matches an Authorization value. Both are immutable once compiled.
var (
	secretAssignment = regexp.MustCompile(`(?i)(client_secret|access_token|refresh_token|id_token|api_key|apikey|password|token)(["']?\s*=\s*|["']\s*:\s*)("[^"]*"?|'[^']*'?|[^"'&\s,;}<>]+)`)
	bearerCredential = regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9\-._~+/]+=*`)
)

// RedactText replaces the values of secret-looking assignments in free text
// (token=..., "client_secret": "...", Bearer ...) with REDACTED.
func RedactText(s string) string {
	s = bearerCredential.ReplaceAllString(s, "${1}"+Redacted)
	idx := secretAssignment.FindAllStringSubmatchIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		valStart, valEnd := m[6], m[7]
		b.WriteString(s[last:valStart])
		if q := s[valStart]; q == '"' || q == '\'' {
			b.WriteByte(q)
			b.WriteString(Redacted)
			b.WriteByte(q)
		} else {
			b.WriteString(Redacted)
		}
		last = valEnd
	}
	b.WriteString(s[last:])
	return b.String()
}

// Summarize turns a non-JSON error body into a short one-line excerpt:
// secrets (the given ones and secret-looking assignments) redacted, HTML
// tags, scripts and styles stripped, entities decoded, whitespace
// collapsed, and the result clipped to 200 characters. Secrets are
// redacted before any cut, and a cut never leaves the start of one.
func Summarize(contentType string, body []byte, secret ...string) string {
	return secrets(secret).summarize(contentType, body)
}

func (ss secrets) summarize(contentType string, body []byte) string {
	const scan = 64 << 10     // enough to find the text of any proxy's error page
	body = ss.scrubBody(body) // before the cut below
	if len(body) > scan {
		body = body[:scan]
	}
	s := strings.TrimSpace(RedactText(string(body)))
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(s, "<") {
		// Entities may spell a secret: redact the decoded text again.
		s = ss.redact(html.UnescapeString(stripTags(s)))
	}
	return ss.cutRedacted(s, 200)
}

// ParseRetryAfter parses a Retry-After value, either delay-seconds or an
// HTTP-date, relative to now. A date in the past gives zero; ok is false when
// v is empty or malformed.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if ne, isNum := err.(*strconv.NumError); isNum && ne.Err == strconv.ErrRange {
				return math.MaxInt64, true
			}
			return 0, false
		}
		if secs > math.MaxInt64/uint64(time.Second) {
			return math.MaxInt64, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// RetryAfterFrom returns the Retry-After delay of a response header, or zero.
func RetryAfterFrom(h http.Header, now time.Time) time.Duration {
	d, _ := ParseRetryAfter(h.Get(HeaderRetryAfter), now)
	return d
}

// format renders the common error text of both APIs.
func format(api API, method, path string, status int, label, msg, requestID string, retryAfter time.Duration, attempts int) string {
	var b strings.Builder
	b.WriteString(api.String())
	b.WriteString(": ")
	writeRequest(&b, method, path)
	b.WriteString(strconv.Itoa(status))
	if label = clip(collapse(label), 100); label != "" {
		b.WriteByte(' ')
		b.WriteString(label)
	}
	if msg = clip(collapse(msg), 500); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	var notes []string
	if requestID != "" {
		notes = append(notes, "request id "+requestID)
	}
	if retryAfter > 0 {
		notes = append(notes, "retry after "+retryAfter.String())
	}
	if attempts > 1 {
		notes = append(notes, fmt.Sprintf("after %d attempts, last status %d", attempts, status))
	}
	if len(notes) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(notes, "; "))
		b.WriteByte(')')
	}
	return b.String()
}

// collapse makes s a single line of valid UTF-8: runs of whitespace and
// control characters become one space, and the ends are trimmed. A text
// that is one already (a request id, a method, most paths) is returned as
// it is, without a copy: the transport reads each response's request id
// through here.
func collapse(s string) string {
	if isLine(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isLine reports whether collapse would leave s unchanged because it is
// printable ASCII whose spaces stand alone between other characters.
func isLine(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		case c < ' ' || c > '~':
			return false
		}
	}
	return true
}

// clip shortens s to at most n runes, marking a cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	return s[:i] + "…"
}

// stripTags removes HTML tags, comments, scripts and styles from s, keeping
// the text between them.
func stripTags(s string) string {
	var b strings.Builder
	lower := asciiLower(s) // same length as s, unlike strings.ToLower
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		end := ">"
		switch {
		case strings.HasPrefix(lower[i:], "<!--"):
			end = "-->"
		case strings.HasPrefix(lower[i:], "<script"):
			end = "</script>"
		case strings.HasPrefix(lower[i:], "<style"):
			end = "</style>"
		}
		j := strings.Index(lower[i+1:], end)
		if j < 0 {
			break
		}
		i += 1 + j + len(end)
		b.WriteByte(' ')
	}
	return b.String()
}

// asciiLower lowercases the ASCII letters of s, keeping every byte offset.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// jsonString decodes raw if it is a JSON string.
func jsonString(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// jsonScalar renders a JSON string, number or boolean as text; anything else
// gives "".
func jsonScalar(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		return s
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] == '{' || raw[0] == '[' || string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// jsonText renders a JSON value as message text: scalars as jsonScalar does,
// objects and arrays as compact JSON (validation errors sometimes come as
// {"field": ["problem"]}), null as "".
func jsonText(raw json.RawMessage) string {
	if s := jsonScalar(raw); s != "" {
		return s
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "{}" || string(raw) == "[]" {
		return ""
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return ""
	}
	return clip(b.String(), 2000)
}
