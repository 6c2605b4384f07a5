package webhook_test

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // test vectors for the deprecated header.
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/core/webhook"
)

const (
	testSecret   = "whsec-test-SENTINEL-3f9a1c"
	rotatedOld   = "whsec-old-SENTINEL-77aa01"
	unusedSecret = "whsec-unused-SENTINEL-0000"
)

var testBody = []byte(`{"_object":"/event","id":1,"type":"/shipment_leg#departed"}`)

// TestSignKnownVector checks Sign against the published GitHub
// X-Hub-Signature-256 example, which uses the same construction.
func TestSignKnownVector(t *testing.T) {
	got := webhook.Sign("It's a Secret to Everybody", []byte("Hello, World!"))
	want := "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
	if got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
}

func TestSignSHA1(t *testing.T) {
	m := hmac.New(sha1.New, []byte(testSecret))
	m.Write(testBody)
	want := "sha1=" + hex.EncodeToString(m.Sum(nil))
	if got := webhook.SignSHA1(testSecret, testBody); got != want {
		t.Errorf("SignSHA1 = %q, want %q", got, want)
	}
}

func TestVerify(t *testing.T) {
	good := webhook.Sign(testSecret, testBody)
	goodHex := strings.TrimPrefix(good, "sha256=")
	goodSHA1 := webhook.SignSHA1(testSecret, testBody)
	goodSHA1Hex := strings.TrimPrefix(goodSHA1, "sha1=")

	tests := []struct {
		name      string
		headers   map[string]string
		secrets   []string
		allowSHA1 bool
		want      error // nil, or the sentinel errors.Is must match
	}{
		{name: "prefixed", headers: map[string]string{webhook.SignatureHeader: good}, secrets: []string{testSecret}},
		{name: "bare hex", headers: map[string]string{webhook.SignatureHeader: goodHex}, secrets: []string{testSecret}},
		{name: "upper-case hex", headers: map[string]string{webhook.SignatureHeader: "sha256=" + strings.ToUpper(goodHex)}, secrets: []string{testSecret}},
		{name: "upper-case prefix", headers: map[string]string{webhook.SignatureHeader: "SHA256=" + goodHex}, secrets: []string{testSecret}},
		{name: "surrounding space", headers: map[string]string{webhook.SignatureHeader: "  " + good + " "}, secrets: []string{testSecret}},
		{name: "wrong secret", headers: map[string]string{webhook.SignatureHeader: webhook.Sign(unusedSecret, testBody)}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "other body", headers: map[string]string{webhook.SignatureHeader: webhook.Sign(testSecret, []byte("{}"))}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "truncated hex", headers: map[string]string{webhook.SignatureHeader: good[:len(good)-2]}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "truncated bare hex", headers: map[string]string{webhook.SignatureHeader: goodHex[:40]}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "extra hex", headers: map[string]string{webhook.SignatureHeader: good + "00"}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "odd length", headers: map[string]string{webhook.SignatureHeader: good + "0"}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "not hex", headers: map[string]string{webhook.SignatureHeader: "sha256=" + strings.Repeat("zz", 32)}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "wrong prefix sha1", headers: map[string]string{webhook.SignatureHeader: "sha1=" + goodHex}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "wrong prefix sha512", headers: map[string]string{webhook.SignatureHeader: "sha512=" + goodHex}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "prefix only", headers: map[string]string{webhook.SignatureHeader: "sha256="}, secrets: []string{testSecret}, want: webhook.ErrInvalidSignature},
		{name: "empty header", headers: map[string]string{webhook.SignatureHeader: ""}, secrets: []string{testSecret}, want: webhook.ErrMissingSignature},
		{name: "blank header", headers: map[string]string{webhook.SignatureHeader: "   "}, secrets: []string{testSecret}, want: webhook.ErrMissingSignature},
		{name: "no header", headers: nil, secrets: []string{testSecret}, want: webhook.ErrMissingSignature},
		{name: "rotation: new secret", headers: map[string]string{webhook.SignatureHeader: good}, secrets: []string{rotatedOld, testSecret}},
		{name: "rotation: old secret", headers: map[string]string{webhook.SignatureHeader: webhook.Sign(rotatedOld, testBody)}, secrets: []string{testSecret, rotatedOld}},
		{name: "rotation: neither", headers: map[string]string{webhook.SignatureHeader: webhook.Sign(unusedSecret, testBody)}, secrets: []string{testSecret, rotatedOld}, want: webhook.ErrInvalidSignature},
		{name: "empty secrets ignored", headers: map[string]string{webhook.SignatureHeader: good}, secrets: []string{"", testSecret, ""}},
		{name: "signed with empty secret", headers: map[string]string{webhook.SignatureHeader: webhook.Sign("", testBody)}, secrets: []string{"", testSecret}, want: webhook.ErrInvalidSignature},
		{name: "no secret", headers: map[string]string{webhook.SignatureHeader: good}, secrets: nil, want: webhook.ErrNoSecret},
		{name: "only empty secrets", headers: map[string]string{webhook.SignatureHeader: webhook.Sign("", testBody)}, secrets: []string{""}, want: webhook.ErrNoSecret},

		{name: "sha1 header ignored by default", headers: map[string]string{webhook.LegacySignatureHeader: goodSHA1}, secrets: []string{testSecret}, want: webhook.ErrMissingSignature},
		{name: "sha1 prefixed when enabled", headers: map[string]string{webhook.LegacySignatureHeader: goodSHA1}, secrets: []string{testSecret}, allowSHA1: true},
		{name: "sha1 bare when enabled", headers: map[string]string{webhook.LegacySignatureHeader: goodSHA1Hex}, secrets: []string{testSecret}, allowSHA1: true},
		{name: "sha1 wrong secret", headers: map[string]string{webhook.LegacySignatureHeader: webhook.SignSHA1(unusedSecret, testBody)}, secrets: []string{testSecret}, allowSHA1: true, want: webhook.ErrInvalidSignature},
		{name: "sha1 header with sha256 value", headers: map[string]string{webhook.LegacySignatureHeader: good}, secrets: []string{testSecret}, allowSHA1: true, want: webhook.ErrInvalidSignature},
		{name: "sha1 rotation", headers: map[string]string{webhook.LegacySignatureHeader: webhook.SignSHA1(rotatedOld, testBody)}, secrets: []string{testSecret, rotatedOld}, allowSHA1: true},
		{name: "sha256 preferred when both", headers: map[string]string{webhook.SignatureHeader: good, webhook.LegacySignatureHeader: "sha1=bad"}, secrets: []string{testSecret}, allowSHA1: true},
		{name: "bad sha256 not rescued by sha1", headers: map[string]string{webhook.SignatureHeader: webhook.Sign(unusedSecret, testBody), webhook.LegacySignatureHeader: goodSHA1}, secrets: []string{testSecret}, allowSHA1: true, want: webhook.ErrInvalidSignature},
		{name: "neither header with sha1 enabled", headers: nil, secrets: []string{testSecret}, allowSHA1: true, want: webhook.ErrMissingSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			verify := webhook.Verify
			if tt.allowSHA1 {
				verify = webhook.VerifyAllowSHA1
			}
			err := verify(testBody, h, tt.secrets...)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want errors.Is %v", err, tt.want)
			}
			for _, s := range append(tt.secrets, unusedSecret) {
				if s != "" && strings.Contains(err.Error(), s) {
					t.Errorf("error %q reveals a secret", err)
				}
			}
			for _, v := range tt.headers {
				if len(v) > 8 && strings.Contains(err.Error(), strings.TrimSpace(v)) {
					t.Errorf("error %q echoes the header value", err)
				}
			}
		})
	}
}
