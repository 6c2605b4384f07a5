package webhook_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/logistics"
	"github.com/flexport-go/flexport/logistics/webhook"
)

const (
	testUser     = "flexport-user-SENTINEL"
	testPassword = "basic-pass-SENTINEL-91b2"
	testHeader   = "X-Webhook-Token"
	testToken    = "token-SENTINEL-7c4e"
)

func TestAuthCheck(t *testing.T) {
	basic := webhook.BasicAuth(testUser, testPassword)
	token := webhook.TokenAuth(testHeader, testToken)
	tests := []struct {
		name   string
		auth   webhook.Auth
		header http.Header
		want   error
	}{
		{name: "basic ok", auth: basic, header: basicHeader(testUser, testPassword)},
		{name: "basic wrong password", auth: basic, header: basicHeader(testUser, "nope"), want: webhook.ErrInvalidCredentials},
		{name: "basic wrong user", auth: basic, header: basicHeader("someone", testPassword), want: webhook.ErrInvalidCredentials},
		{name: "basic password prefix", auth: basic, header: basicHeader(testUser, testPassword[:5]), want: webhook.ErrInvalidCredentials},
		{name: "basic missing", auth: basic, header: http.Header{}, want: webhook.ErrMissingCredentials},
		{name: "basic wrong scheme", auth: basic, header: http.Header{"Authorization": {"Bearer " + testPassword}}, want: webhook.ErrMissingCredentials},
		{name: "basic garbage", auth: basic, header: http.Header{"Authorization": {"Basic !!!"}}, want: webhook.ErrMissingCredentials},
		{name: "token ok", auth: token, header: http.Header{testHeader: {testToken}}},
		{name: "token header case-insensitive", auth: webhook.TokenAuth("x-webhook-token", testToken), header: http.Header{testHeader: {testToken}}},
		{name: "token wrong", auth: token, header: http.Header{testHeader: {"nope"}}, want: webhook.ErrInvalidCredentials},
		{name: "token with bearer prefix", auth: token, header: http.Header{testHeader: {"Bearer " + testToken}}, want: webhook.ErrInvalidCredentials},
		{name: "token in another header", auth: token, header: http.Header{"X-Other": {testToken}}, want: webhook.ErrMissingCredentials},
		{name: "token empty", auth: token, header: http.Header{testHeader: {""}}, want: webhook.ErrMissingCredentials},
		{name: "token missing", auth: token, header: http.Header{}, want: webhook.ErrMissingCredentials},
		{name: "none", auth: webhook.NoAuth(), header: http.Header{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", nil)
			r.Header = tt.header
			err := tt.auth.Check(r)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Check = %v, want %v", err, tt.want)
			}
			for _, s := range []string{testPassword, testToken, testUser} {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q reveals a credential", err)
				}
			}
		})
	}
}

func TestZeroAuthRejects(t *testing.T) {
	var a webhook.Auth
	if err := a.Check(httptest.NewRequest(http.MethodPost, "/", nil)); err == nil {
		t.Error("zero Auth accepted a request")
	}
	if a.Method() != "" {
		t.Errorf("Method = %q", a.Method())
	}
}

func TestAuthMethod(t *testing.T) {
	for a, want := range map[webhook.Auth]logistics.WebhookAuthType{
		webhook.NoAuth():                logistics.WebhookAuthTypeNONE,
		webhook.BasicAuth("u", "p"):     logistics.WebhookAuthTypeBASICAUTH,
		webhook.TokenAuth("X-T", "tok"): logistics.WebhookAuthTypeTOKEN,
	} {
		if got := a.Method(); got != want {
			t.Errorf("%v.Method() = %q, want %q", a, got, want)
		}
	}
}

func TestAuthApplyRoundTrip(t *testing.T) {
	for _, a := range []webhook.Auth{webhook.BasicAuth(testUser, testPassword), webhook.TokenAuth(testHeader, testToken), webhook.NoAuth()} {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		a.Apply(r)
		if err := a.Check(r); err != nil {
			t.Errorf("%v: Check after Apply = %v", a, err)
		}
	}
}

func TestAuthRedacts(t *testing.T) {
	secrets := []string{testPassword, testToken, testUser, base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))}
	for _, a := range []webhook.Auth{webhook.BasicAuth(testUser, testPassword), webhook.TokenAuth(testHeader, testToken)} {
		logs := &testutil.SyncBuffer{}
		slog.New(slog.NewJSONHandler(logs, nil)).Info("auth", "auth", a, "ptr", &a)
		slog.New(slog.NewTextHandler(logs, nil)).Info("auth", "auth", a)
		outputs := []string{
			a.String(), a.GoString(), fmt.Sprint(a), fmt.Sprintf("%v|%+v|%#v|%s|%q|%x|%X|%d|%10.3v", a, a, a, a, a, a, a, a, a),
			fmt.Sprintf("%v %+v", &a, []webhook.Auth{a}), fmt.Sprintf("%+v", struct{ A webhook.Auth }{a}), logs.String(),
		}
		// fmt cannot call methods on unexported fields; the credentials
		// must still not show.
		hidden := fmt.Sprintf("%+v %#v", struct{ a webhook.Auth }{a}, struct{ a webhook.Auth }{a})
		for _, s := range secrets {
			if strings.Contains(hidden, s) {
				t.Errorf("unexported field output reveals a credential: %s", hidden)
			}
		}
		for _, out := range outputs {
			for _, s := range secrets {
				if strings.Contains(out, s) || strings.Contains(out, fmt.Sprintf("%x", s)) {
					t.Errorf("output reveals a credential: %s", out)
				}
			}
			if !strings.Contains(out, "REDACTED") {
				t.Errorf("output %q lacks a redaction marker", out)
			}
		}
	}
	if got := webhook.TokenAuth(testHeader, testToken).String(); got != "TokenAuth(X-Webhook-Token, [REDACTED])" {
		t.Errorf("String = %q", got)
	}
	if got := fmt.Sprintf("%#v", webhook.NoAuth()); got != "webhook.NoAuth()" {
		t.Errorf("GoString = %q", got)
	}
}

func basicHeader(user, pass string) http.Header {
	return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}}
}
