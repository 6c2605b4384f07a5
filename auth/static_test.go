package auth_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/flexport-go/flexport/auth"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"
)

func TestStaticSources(t *testing.T) {
	tests := []struct {
		name   string
		source oauth2.TokenSource
		want   string // the Authorization header sent
	}{
		{"APIKey", auth.APIKey("legacy-key"), "Bearer legacy-key"},
		{"BearerToken", auth.BearerToken("portal-token"), "Bearer portal-token"},
		{"LogisticsToken", auth.LogisticsToken{AccessToken: "partner-token"}.TokenSource(), "Bearer partner-token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.Header.Get("Authorization"))
			}))
			defer srv.Close()
			client := &http.Client{Transport: &oauth2.Transport{Source: tt.source}}
			for range 2 {
				resp, err := client.Get(srv.URL)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			if diff := cmp.Diff([]string{tt.want, tt.want}, got); diff != "" {
				t.Errorf("Authorization headers (-want +got):\n%s", diff)
			}
			tok, err := tt.source.Token()
			if err != nil {
				t.Fatal(err)
			}
			if !tok.Expiry.IsZero() || !tok.Valid() {
				t.Errorf("token expiry = %v, want none", tok.Expiry)
			}
		})
	}
}

func TestStaticSourceEmpty(t *testing.T) {
	for _, ts := range []oauth2.TokenSource{auth.APIKey(""), auth.BearerToken("")} {
		if _, err := ts.Token(); !errors.Is(err, auth.ErrInvalidConfig) {
			t.Errorf("%v: error = %v, want ErrInvalidConfig", ts, err)
		}
	}
}
