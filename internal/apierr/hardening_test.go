package apierr

import (
	"net/http"
	"strings"
	"testing"
)

// TestHardening11ScrubThenCut puts a credential where each cut of an error
// text falls inside it: the body read limit, the 64 KiB scan of an HTML
// page, the 200-character excerpt and the clipped Code. No text keeps 8 or
// more of its leading characters.
func TestHardening11ScrubThenCut(t *testing.T) {
	const key = "fpk_live_0123456789abcdefghijklmnopqr"
	tests := []struct {
		name  string
		ctype string
		body  string
	}{
		{"excerpt cut", "text/plain", strings.Repeat("x", 185) + key},
		{"code cut", "application/json", `{"error":{"code":"` + strings.Repeat("c", 190) + key + `","message":"m"}}`},
		{"scan cut", "text/html", strings.Repeat("<i>", (64<<10-12)/3) + key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Content-Type": {tt.ctype}}
			body := []byte(tt.body)
			texts := []string{Summarize(tt.ctype, body, key)}
			ce := ParseCore(400, h, body, key)
			le := ParseLogistics(400, h, body, key)
			texts = append(texts, ce.Code, ce.Message, ce.Error(), le.Title, le.Detail, le.Error())
			for _, text := range texts {
				for n := len(key); n >= 8; n-- {
					if strings.Contains(text, key[:n]) {
						t.Errorf("%q keeps %d leading characters of the key", text, n)
						break
					}
				}
			}
		})
	}
	// A body cut at the read limit through the key loses the key's start.
	body := []byte(strings.Repeat("z", MaxBodySize-10) + key)
	if got := secrets([]string{key}).scrubBody(body); len(got) != MaxBodySize-10+len(Redacted) || strings.Contains(string(got), key[:8]) {
		t.Errorf("scrubBody left %q at the cut", got[max(len(got)-20, 0):])
	}
	// A quoted secret cut before its closing quote is still a secret.
	if got := RedactText(`the token="abcdef`); got != `the token="REDACTED"` {
		t.Errorf("RedactText(unterminated) = %q", got)
	}
}
