package auth_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/auth"
)

// TestRecordJSON checks the JSON form every store writes: flat, empty
// fields left out, and a token without an access token or an expiry read
// as no token.
func TestRecordJSON(t *testing.T) {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		rec  auth.Record
		json string
		back auth.Record // what decoding json gives
	}{
		{"empty", auth.Record{}, `{}`, auth.Record{}},
		{"budget only",
			auth.Record{Requests: []time.Time{at}, NotBefore: at.Add(time.Minute), LastError: "failed"},
			`{"requests":["2025-03-01T12:00:00Z"],"not_before":"2025-03-01T12:01:00Z","last_error":"failed"}`,
			auth.Record{Requests: []time.Time{at}, NotBefore: at.Add(time.Minute), LastError: "failed"}},
		{"token",
			auth.Record{Token: &oauth2.Token{AccessToken: "tok", TokenType: "Bearer", Expiry: at.Add(time.Hour)}, Obtained: at},
			`{"access_token":"tok","token_type":"Bearer","expiry":"2025-03-01T13:00:00Z","obtained":"2025-03-01T12:00:00Z"}`,
			auth.Record{Token: &oauth2.Token{AccessToken: "tok", TokenType: "Bearer", Expiry: at.Add(time.Hour)}, Obtained: at}},
		{"token without expiry",
			auth.Record{Token: &oauth2.Token{AccessToken: "tok"}, Obtained: at},
			`{"access_token":"tok","obtained":"2025-03-01T12:00:00Z"}`,
			auth.Record{Obtained: at}},
		{"token without access token",
			auth.Record{Token: &oauth2.Token{Expiry: at}},
			`{"expiry":"2025-03-01T12:00:00Z"}`,
			auth.Record{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.json, string(data)); diff != "" {
				t.Errorf("Marshal (-want +got):\n%s", diff)
			}
			var got auth.Record
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.back, got, cmp.AllowUnexported(oauth2.Token{})); diff != "" {
				t.Errorf("Unmarshal (-want +got):\n%s", diff)
			}
		})
	}
}
