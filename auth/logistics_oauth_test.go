package auth_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/flexport-go/flexport/auth"
	"github.com/google/go-cmp/cmp"
)

func TestAuthorizeURL(t *testing.T) {
	tests := []struct {
		name      string
		config    auth.LogisticsOAuth
		state     string
		wantPath  string
		wantQuery url.Values
		wantErr   error
	}{
		{
			name:     "minimal",
			config:   auth.LogisticsOAuth{ClientID: "app", Scopes: []auth.LogisticsScope{auth.ScopeReadOrders}},
			wantPath: "https://logistics-api.flexport.com/logistics/api/2023-10/oauth/authorize",
			wantQuery: url.Values{
				"response_type": {"code"},
				"client_id":     {"app"},
				"scope":         {"read_logistics_orders"},
			},
		},
		{
			name: "everything",
			config: auth.LogisticsOAuth{
				ClientID:    "app",
				Scopes:      []auth.LogisticsScope{auth.ScopeReadOrders, auth.ScopeWriteOrders, auth.ScopeReadEvents},
				RedirectURI: "https://partner.example/callback?x=1",
				AuthFlow:    auth.AuthFlowHostedUI,
				BaseURL:     "https://sandbox.example/logistics/api/2023-10/",
			},
			state:    "xyz 123",
			wantPath: "https://sandbox.example/logistics/api/2023-10/oauth/authorize",
			wantQuery: url.Values{
				"response_type": {"code"},
				"client_id":     {"app"},
				"scope":         {"read_logistics_orders write_logistics_orders read_logistics_events"},
				"redirect_uri":  {"https://partner.example/callback?x=1"},
				"state":         {"xyz 123"},
				"authFlow":      {"hosted_ui"},
			},
		},
		{name: "no client id", config: auth.LogisticsOAuth{Scopes: []auth.LogisticsScope{auth.ScopeReadOrders}}, wantErr: auth.ErrInvalidConfig},
		{name: "no scopes", config: auth.LogisticsOAuth{ClientID: "app"}, wantErr: auth.ErrInvalidConfig},
		{name: "bad scope", config: auth.LogisticsOAuth{ClientID: "app", Scopes: []auth.LogisticsScope{"a b"}}, wantErr: auth.ErrInvalidConfig},
		{name: "plain http", config: auth.LogisticsOAuth{ClientID: "app", Scopes: []auth.LogisticsScope{auth.ScopeReadOrders}, BaseURL: "http://example.com"}, wantErr: auth.ErrInvalidConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.config.AuthorizeURL(tt.state)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if path := u.Scheme + "://" + u.Host + u.Path; path != tt.wantPath {
				t.Errorf("URL = %s, want %s", path, tt.wantPath)
			}
			if diff := cmp.Diff(tt.wantQuery, u.Query()); diff != "" {
				t.Errorf("query (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExchange(t *testing.T) {
	var gotForm url.Values
	var gotContentType, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotContentType = r.URL.Path, r.Header.Get("Content-Type")
		body, _ := io.ReadAll(r.Body)
		gotForm, _ = url.ParseQuery(string(body))
		io.WriteString(w, `{"access_token":"partner-token","logisticsAccountId":"acct-42"}`)
	}))
	defer srv.Close()

	config := &auth.LogisticsOAuth{
		ClientID:    "app",
		Scopes:      []auth.LogisticsScope{auth.ScopeReadOrders},
		RedirectURI: "https://partner.example/callback",
		BaseURL:     srv.URL + "/logistics/api/2023-10",
	}
	tok, err := config.Exchange(context.Background(), "the-code")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&auth.LogisticsToken{AccessToken: "partner-token", LogisticsAccountID: "acct-42"}, tok); diff != "" {
		t.Errorf("token (-want +got):\n%s", diff)
	}
	wantForm := url.Values{
		"grant_type":   {"authorization_code"},
		"code":         {"the-code"},
		"redirect_uri": {"https://partner.example/callback"},
	}
	if diff := cmp.Diff(wantForm, gotForm); diff != "" {
		t.Errorf("form (-want +got):\n%s", diff)
	}
	if gotPath != "/logistics/api/2023-10/oauth/token" || gotContentType != "application/x-www-form-urlencoded" {
		t.Errorf("request: POST %s (%s), want /logistics/api/2023-10/oauth/token (application/x-www-form-urlencoded)", gotPath, gotContentType)
	}
}

func TestExchangeErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   *auth.LogisticsOAuthError
		is     error
	}{
		{
			name:   "used code",
			status: 400,
			body:   `{"type":"about:blank","title":"Bad Request","status":400,"detail":"invalid or expired code","code":405005}`,
			want:   &auth.LogisticsOAuthError{StatusCode: 400, Code: auth.LogisticsInvalidCode, Title: "Bad Request", Detail: "invalid or expired code"},
			is:     auth.LogisticsInvalidCode,
		},
		{
			name:   "code as a string",
			status: 400,
			body:   `{"title":"Bad Request","code":"405001"}`,
			want:   &auth.LogisticsOAuthError{StatusCode: 400, Code: auth.LogisticsInvalidRedirectURI, Title: "Bad Request"},
			is:     auth.LogisticsInvalidRedirectURI,
		},
		{
			name:   "code in the type",
			status: 400,
			body:   `{"type":"https://errors.example/405002","title":"Invalid client"}`,
			want:   &auth.LogisticsOAuthError{StatusCode: 400, Code: auth.LogisticsInvalidClientID, Title: "Invalid client"},
			is:     auth.LogisticsInvalidClientID,
		},
		{
			name:   "no body",
			status: 502,
			want:   &auth.LogisticsOAuthError{StatusCode: 502},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/problem+json")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			_, err := (&auth.LogisticsOAuth{BaseURL: srv.URL}).Exchange(context.Background(), "auth-code-123")
			var got *auth.LogisticsOAuthError
			if !errors.As(err, &got) {
				t.Fatalf("error = %v, want a *LogisticsOAuthError", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			if errors.Is(err, auth.LogisticsMissingScopes) {
				t.Errorf("error %v matches an unrelated code", err)
			}
		})
	}
}

func TestLogisticsErrorCodeMessages(t *testing.T) {
	for code, want := range map[auth.LogisticsErrorCode]string{
		auth.LogisticsInvalidRedirectURI: "auth: logistics OAuth error 405001: invalid redirect URI",
		auth.LogisticsInvalidCode:        "auth: logistics OAuth error 405005: invalid, used or expired authorization code",
		123456:                           "auth: logistics OAuth error 123456",
	} {
		if got := code.Error(); got != want {
			t.Errorf("%d: %q, want %q", int(code), got, want)
		}
	}
}
