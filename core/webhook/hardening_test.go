package webhook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core/webhook"
	"github.com/flexport-go/flexport/internal/testutil"
)

// TestHardening13WebhookBodyReadTimeout sends a body that stalls after 10
// bytes: the handler gives up at its read timeout and answers 408.
func TestHardening13WebhookBodyReadTimeout(t *testing.T) {
	if webhook.DefaultReadTimeout != 10*time.Second {
		t.Errorf("DefaultReadTimeout = %v, want 10s", webhook.DefaultReadTimeout)
	}
	h := webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error { return nil },
		webhook.WithReadTimeout(200*time.Millisecond))
	testutil.CheckStalledBody(t, h, http.Header{webhook.SignatureHeader: {webhook.Sign(testSecret, eventBody)}})
}

// TestHardening13WebhookPanicRecovered has fn panic: the handler answers
// 500 and logs the failure without the payload, even with payload logging.
func TestHardening13WebhookPanicRecovered(t *testing.T) {
	var logs testutil.SyncBuffer
	h := webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error {
		panic("cannot handle " + payloadMarker)
	}, webhook.WithLogger(newLogger(&logs)), webhook.WithPayloadLogging())
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(string(eventBody)))
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(testSecret, eventBody))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("the connection was dropped: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError || string(body) != "internal error\n" {
		t.Errorf("got %d %q, want 500 internal error", resp.StatusCode, body)
	}
	out := logs.String()
	if !strings.Contains(out, "panic") {
		t.Errorf("the panic was not logged: %s", out)
	}
	if strings.Contains(out, payloadMarker) {
		t.Errorf("the panic's log carries the payload: %s", out)
	}
}

// TestHardening12WebhookSecretNeverFormatted formats a value holding a
// handler with every verb: none shows the secret, not even as bytes.
func TestHardening12WebhookSecretNeverFormatted(t *testing.T) {
	holder := struct{ h http.Handler }{webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error { return nil })}
	for _, verb := range testutil.FormatVerbs {
		if out := fmt.Sprintf(verb, holder); testutil.ShowsSecret(out, testSecret) {
			t.Errorf("%s shows the secret: %s", verb, out)
		}
	}
}
