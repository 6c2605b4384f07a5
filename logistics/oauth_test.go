package logistics_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/auth"
)

func TestOAuthAuthorizeURL(t *testing.T) {
	c := newClient(t, "https://proxy.example/flexport")
	app := &auth.LogisticsOAuth{ClientID: "partner", Scopes: []auth.LogisticsScope{auth.ScopeReadOrders, auth.ScopeWriteOrders}, RedirectURI: "https://app.example/cb"}
	got, err := c.OAuth.AuthorizeURL(app, "st")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != "proxy.example" || u.Path != "/flexport/logistics/api/2023-10/oauth/authorize" {
		t.Errorf("URL %s is not on the client's base URL", got)
	}
	want := url.Values{
		"response_type": {"code"}, "client_id": {"partner"}, "scope": {"read_logistics_orders write_logistics_orders"},
		"redirect_uri": {"https://app.example/cb"}, "state": {"st"},
	}
	if d := cmp.Diff(want, u.Query()); d != "" {
		t.Errorf("query (-want +got):\n%s", d)
	}
	if app.BaseURL != "" || app.HTTPClient != nil {
		t.Errorf("AuthorizeURL changed the caller's app")
	}
	if _, err := c.OAuth.AuthorizeURL(nil, ""); err == nil {
		t.Error("nil app: no error")
	}
}

func TestOAuthExchange(t *testing.T) {
	tests := []struct {
		name     string
		resp     response
		want     *auth.LogisticsToken
		wantCode error
	}{
		{
			name: "token",
			resp: response{status: 200, body: `{"access_token":"merchant-token","logisticsAccountId":"acct-1"}`},
			want: &auth.LogisticsToken{AccessToken: "merchant-token", LogisticsAccountID: "acct-1"},
		},
		{
			name:     "used code",
			resp:     response{status: 400, header: map[string]string{"Content-Type": "application/problem+json"}, body: `{"title":"Bad Request","status":400,"code":405005}`},
			wantCode: auth.LogisticsInvalidCode,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := serve(t, tt.resp)
			c := newClient(t, srv.URL)
			app := &auth.LogisticsOAuth{ClientID: "partner", Scopes: []auth.LogisticsScope{auth.ScopeReadOrders}, RedirectURI: "https://app.example/cb"}
			tok, err := c.OAuth.Exchange(context.Background(), app, "the-code")
			switch {
			case tt.wantCode != nil:
				if !errors.Is(err, tt.wantCode) {
					t.Errorf("error %v, want one matching %v", err, tt.wantCode)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if d := cmp.Diff(tt.want, tok); d != "" {
					t.Errorf("token (-want +got):\n%s", d)
				}
			}
			reqs := rec.reqs()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1 (a code is single-use)", len(reqs))
			}
			r := reqs[0]
			if r.Method != "POST" || r.URL.Path != "/logistics/api/2023-10/oauth/token" {
				t.Errorf("request %s %s", r.Method, r.URL.Path)
			}
			if a := r.Header.Get("Authorization"); a != "" {
				t.Errorf("the exchange sent Authorization %q", a)
			}
			form, _ := url.ParseQuery(rec.bodies[0])
			wantForm := url.Values{"grant_type": {"authorization_code"}, "code": {"the-code"}, "redirect_uri": {"https://app.example/cb"}}
			if d := cmp.Diff(wantForm, form); d != "" {
				t.Errorf("form (-want +got):\n%s", d)
			}
		})
	}
}
