package webhook_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/logistics/webhook"
)

// TestHardening13LogisticsWebhookHardening checks the handler's answers to
// a body that stalls (408 at the read timeout, default 10 s) and to fn
// panicking (500, logged without the payload).
func TestHardening13LogisticsWebhookHardening(t *testing.T) {
	if webhook.DefaultReadTimeout != 10*time.Second {
		t.Errorf("DefaultReadTimeout = %v, want 10s", webhook.DefaultReadTimeout)
	}
	auth := webhook.BasicAuth(testUser, testPassword)
	basic := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPassword))}}

	t.Run("stalled body", func(t *testing.T) {
		testutil.CheckStalledBody(t, webhook.NewHandler(auth, func(context.Context, *webhook.Event) error { return nil },
			webhook.WithReadTimeout(200*time.Millisecond)), basic)
	})

	t.Run("panic", func(t *testing.T) {
		var logs testutil.SyncBuffer
		srv := httptest.NewServer(webhook.NewHandler(auth, func(_ context.Context, ev *webhook.Event) error {
			panic("cannot handle " + payloadMarker)
		}, webhook.WithLogger(newLogger(&logs)), webhook.WithPayloadLogging()))
		defer srv.Close()
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(string(parcelBody)))
		auth.Apply(req)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("the connection was dropped: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("status %d, want 500", resp.StatusCode)
		}
		if out := logs.String(); !strings.Contains(out, "panic") || strings.Contains(out, payloadMarker) {
			t.Errorf("want the panic logged without the payload: %s", out)
		}
	})
}

// TestHardening12WebhookAuthNeverFormatted formats values holding an Auth
// and a handler with every verb: none shows a credential.
func TestHardening12WebhookAuthNeverFormatted(t *testing.T) {
	basic := webhook.BasicAuth(testUser, testPassword)
	token := webhook.TokenAuth("X-Token", testPassword)
	holder := struct {
		a, b webhook.Auth
		h    http.Handler
	}{basic, token, webhook.NewHandler(basic, func(context.Context, *webhook.Event) error { return nil })}
	for _, verb := range testutil.FormatVerbs {
		out := fmt.Sprintf(verb, holder)
		if testutil.ShowsSecret(out, testUser) || testutil.ShowsSecret(out, testPassword) {
			t.Errorf("%s shows a credential: %s", verb, out)
		}
	}
}
