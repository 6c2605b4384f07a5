package auth

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func FuzzParseTokenResponse(f *testing.F) {
	jwt := func(claims string) string {
		return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".sig"
	}
	for _, seed := range []string{
		`{"access_token":"a","expires_in":86400,"token_type":"Bearer"}`,
		`{"access_token":"a","expires_in":"3600"}`,
		`{"access_token":"a","expires_in":1e300}`,
		`{"access_token":"a","expires_in":-5}`,
		`{"access_token":"` + jwt(`{"exp":1740834000}`) + `"}`,
		`{"access_token":"` + jwt(`{"exp":"1740834000"}`) + `"}`,
		`{"access_token":"` + jwt(`{"exp":1e99}`) + `"}`,
		`{"access_token":"a.b.c"}`,
		`{"access_token":""}`,
		`[]`,
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tok, err := parseTokenResponse(data, t0)
		if err != nil {
			if len(data) > 40 && strings.Contains(err.Error(), string(data)) {
				t.Errorf("error %q quotes the response", err)
			}
			return
		}
		if tok.AccessToken == "" {
			t.Error("token without access_token")
		}
		if !tok.Expiry.After(t0) {
			t.Errorf("expiry %s is not after now", tok.Expiry)
		}
		if tok.TokenType == "" {
			t.Error("empty token type")
		}
	})
}

func FuzzJWTExpiry(f *testing.F) {
	for _, seed := range []string{"a.eyJleHAiOjE3NDA4MzQwMDB9.c", "a.b.c", "...", "a.e30.c", "a.eyJleHAiOi0xfQ==.c"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		exp, ok := jwtExpiry(token)
		if ok && (exp.Unix() <= 0 || exp.Unix() > maxUnixTime) {
			t.Errorf("jwtExpiry(%q) = %s", token, exp)
		}
	})
}

func TestNextAllowed(t *testing.T) {
	at := func(minutes ...int) []time.Time {
		var ts []time.Time
		for _, m := range minutes {
			ts = append(ts, t0.Add(time.Duration(m)*time.Minute))
		}
		return ts
	}
	now := t0.Add(24 * time.Hour)
	tests := []struct {
		name     string
		requests []time.Time
		budget   int
		wantOK   bool
		wantNext time.Time
	}{
		{"empty", nil, 10, true, now},
		{"under budget", at(10, 20), 3, true, now},
		{"full", at(10, 20, 30), 3, false, now.Add(10 * time.Minute)},
		{"over budget", at(10, 20, 30, 40), 3, false, now.Add(20 * time.Minute)},
		{"unsorted", at(30, 10, 20), 3, false, now.Add(10 * time.Minute)},
		{"old requests leave the window", at(-10, 0, 10, 20, 30), 3, false, now.Add(10 * time.Minute)},
		{"exactly 24 h old", at(0, 10), 2, true, now},
		{"future requests count", at(24*60+5, 24*60+6), 2, false, now.Add(24*time.Hour + 5*time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, ok := nextAllowed(recentRequests(tt.requests, now), tt.budget, now)
			if ok != tt.wantOK || !next.Equal(tt.wantNext) {
				t.Errorf("nextAllowed = %s, %v; want %s, %v", next, ok, tt.wantNext, tt.wantOK)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	tests := map[string]time.Duration{
		"":                              0,
		"120":                           2 * time.Minute,
		"0":                             0,
		"-3":                            0,
		"soon":                          0,
		"Sat, 01 Mar 2025 12:05:00 GMT": 5 * time.Minute,
		"Sat, 01 Mar 2025 11:00:00 GMT": 0,
	}
	got := map[string]time.Duration{}
	for v := range tests {
		got[v] = parseRetryAfter(v, t0)
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("parseRetryAfter (-want +got):\n%s", diff)
	}
}

func TestStoreKey(t *testing.T) {
	base := storeKey("id", "aud", "url")
	for name, key := range map[string]string{
		"client id":  storeKey("id2", "aud", "url"),
		"audience":   storeKey("id", "aud2", "url"),
		"token URL":  storeKey("id", "aud", "url2"),
		"boundaries": storeKey("ida", "ud", "url"),
	} {
		if key == base {
			t.Errorf("changing the %s does not change the key", name)
		}
	}
	if base != storeKey("id", "aud", "url") || len(base) != 64 {
		t.Errorf("key %q is not a stable SHA-256 hex string", base)
	}
}
