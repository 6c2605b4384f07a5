package webhook

import (
	"bytes"
	"context"
	"net/http"
)

// NewRequest builds the POST request Flexport would send to url for body:
// Content-Type application/json and the credentials of auth (see
// [Auth.Apply]). Use it to test a handler, with httptest or against a
// running server.
func NewRequest(ctx context.Context, url string, auth Auth, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	auth.Apply(req)
	return req, nil
}
