package webhook

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // the deprecated X-Hub-Signature header is HMAC-SHA1; only checked when enabled.
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"strings"
)

// Signature headers Flexport sends.
const (
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the raw
	// body, keyed with the endpoint's secret token.
	SignatureHeader = "X-Hub-Signature-256"

	// LegacySignatureHeader carries "sha1=" and the hex HMAC-SHA1 of the raw
	// body. Flexport has announced its deprecation; it is only checked when
	// enabled with [VerifyAllowSHA1] or [WithSHA1].
	LegacySignatureHeader = "X-Hub-Signature"
)

// Sign returns the X-Hub-Signature-256 value Flexport would send for body:
// "sha256=" followed by the lower-case hex HMAC-SHA256 of body keyed with
// secret.
func Sign(secret string, body []byte) string {
	return algSHA256.prefix() + hex.EncodeToString(mac(algSHA256, []byte(secret), body))
}

// SignSHA1 returns the deprecated X-Hub-Signature value for body: "sha1="
// followed by the hex HMAC-SHA1. It exists to test handlers that enable
// [WithSHA1].
func SignSHA1(secret string, body []byte) string {
	return algSHA1.prefix() + hex.EncodeToString(mac(algSHA1, []byte(secret), body))
}

// Verify checks the X-Hub-Signature-256 header against body under each of
// secrets (several secrets allow rotating the endpoint's token) and returns
// nil if one matches. The header may be "sha256=<hex>" or bare hex. The
// comparison is constant-time.
//
// It returns an error matching ErrMissingSignature if the header is absent
// or empty, ErrInvalidSignature if it is malformed or matches no secret, and
// ErrNoSecret if every secret is empty. The deprecated SHA-1 header is
// ignored; see [VerifyAllowSHA1].
func Verify(body []byte, header http.Header, secrets ...string) error {
	return verify(body, header, keys(secrets), false)
}

// VerifyAllowSHA1 is [Verify] that, when X-Hub-Signature-256 is absent,
// falls back to the deprecated X-Hub-Signature header ("sha1=<hex>" or bare
// hex, HMAC-SHA1). When X-Hub-Signature-256 is present it alone decides, so
// a forged SHA-1 header cannot override a failing SHA-256 one.
func VerifyAllowSHA1(body []byte, header http.Header, secrets ...string) error {
	return verify(body, header, keys(secrets), true)
}

// algorithm is one of the two signature schemes.
type algorithm int

const (
	algSHA256 algorithm = iota
	algSHA1
)

// prefix returns the algorithm's header value prefix.
func (a algorithm) prefix() string {
	if a == algSHA1 {
		return "sha1="
	}
	return "sha256="
}

// size returns the digest size in bytes.
func (a algorithm) size() int {
	if a == algSHA1 {
		return sha1.Size
	}
	return sha256.Size
}

// hash returns the hash constructor.
func (a algorithm) hash() func() hash.Hash {
	if a == algSHA1 {
		return sha1.New
	}
	return sha256.New
}

// keys converts secrets to HMAC keys, dropping empty ones.
func keys(secrets []string) [][]byte {
	out := make([][]byte, 0, len(secrets))
	for _, s := range secrets {
		if s != "" {
			out = append(out, []byte(s))
		}
	}
	return out
}

// verify implements Verify and VerifyAllowSHA1 over prepared keys.
func verify(body []byte, header http.Header, keys [][]byte, allowSHA1 bool) error {
	if len(keys) == 0 {
		return ErrNoSecret
	}
	alg, value := algSHA256, header.Get(SignatureHeader)
	if value == "" && allowSHA1 {
		alg, value = algSHA1, header.Get(LegacySignatureHeader)
	}
	got, err := parseSignature(value, alg)
	if err != nil {
		return err
	}
	// Check every key, so the time taken does not depend on which matched.
	ok := false
	for _, k := range keys {
		if hmac.Equal(got, mac(alg, k, body)) {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("%w: no secret matches", ErrInvalidSignature)
	}
	return nil
}

// parseSignature decodes a header value of the form "<prefix><hex>" or bare
// hex into the digest bytes. The prefix is matched case-insensitively and
// surrounding white space is ignored. The returned errors never quote value.
func parseSignature(value string, alg algorithm) ([]byte, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return nil, ErrMissingSignature
	}
	if i := strings.IndexByte(v, '='); i >= 0 {
		if !strings.EqualFold(v[:i+1], alg.prefix()) {
			return nil, fmt.Errorf("%w: wrong prefix", ErrInvalidSignature)
		}
		v = v[i+1:]
	}
	if len(v) != 2*alg.size() {
		return nil, fmt.Errorf("%w: wrong length", ErrInvalidSignature)
	}
	sum, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("%w: not hex", ErrInvalidSignature)
	}
	return sum, nil
}

// mac computes the HMAC of body under key with alg.
func mac(alg algorithm, key, body []byte) []byte {
	m := hmac.New(alg.hash(), key)
	m.Write(body)
	return m.Sum(nil)
}
