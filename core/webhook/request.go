package webhook

import (
	"bytes"
	"context"
	"net/http"
)

// NewSignedRequest builds the POST request Flexport would send to url for
// body: Content-Type application/json and an X-Hub-Signature-256 header
// computed with [Sign]. Use it to test a handler, with httptest or against a
// running server.
func NewSignedRequest(ctx context.Context, url, secret string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, Sign(secret, body))
	return req, nil
}
