package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/testutil"
	"golang.org/x/oauth2"
)

// TestNoSecretInOutput formats every credential type and every error of the
// package in every way a program might log it, and checks that no secret
// appears.
func TestNoSecretInOutput(t *testing.T) {
	const (
		accessToken  = "tok-SECRET-ACCESS"
		apiKey       = "ak-SECRET-KEY"
		bearer       = "bt-SECRET-BEARER"
		logisticsTok = "lt-SECRET-LOGISTICS"
		authCode     = "code-SECRET-AUTH"
		urlPassword  = "url-SECRET-PASSWORD"
	)
	secrets := []string{testClientSecret, accessToken, apiKey, bearer, logisticsTok, authCode, urlPassword}
	ctx := context.Background()

	values := map[string]any{}

	// Credentials, and a source that holds a token.
	srv := newTokenServer(t, respondStatus(http.StatusOK, `{"access_token":"`+accessToken+`","expires_in":3600}`))
	clock := newFakeClock()
	creds := credentials(srv, clock, nil)
	creds.Budget = 1
	ts := creds.TokenSource().(*auth.CachingTokenSource)
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	values["*ClientCredentials"] = creds
	values["ClientCredentials"] = auth.ClientCredentials{ClientID: testClientID, ClientSecret: testClientSecret}
	values["nested ClientCredentials"] = struct {
		Name  string
		Creds auth.ClientCredentials
	}{"config", auth.ClientCredentials{ClientID: testClientID, ClientSecret: testClientSecret}}
	urlCreds := &auth.ClientCredentials{ClientID: testClientID, ClientSecret: testClientSecret,
		TokenURL: "http://user:" + urlPassword + "@example.com/oauth/token"}
	values["ClientCredentials with a URL password"] = urlCreds
	values["*CachingTokenSource with a URL password"] = urlCreds.TokenSource()
	values["*CachingTokenSource"] = ts
	values["APIKey"] = auth.APIKey(apiKey)
	values["APIKey value"] = *auth.APIKey(apiKey)
	values["BearerToken"] = auth.BearerToken(bearer)
	values["LogisticsToken"] = auth.LogisticsToken{AccessToken: logisticsTok, LogisticsAccountID: "acct"}
	values["*LogisticsToken"] = &auth.LogisticsToken{AccessToken: logisticsTok}
	rec := auth.Record{Token: &oauth2.Token{AccessToken: accessToken, Expiry: clock.Now()}, Requests: []time.Time{clock.Now()}}
	values["Record"] = rec
	values["*Record"] = &rec

	// Stores holding a token.
	memory := auth.NewMemoryStore()
	fileStore, err := auth.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []auth.TokenStore{memory, fileStore} {
		if err := s.Save(ctx, "k", rec); err != nil {
			t.Fatal(err)
		}
	}
	values["memory store"], values["file store"] = memory, fileStore

	// Every error type.
	errs := map[string]error{}
	ts.Invalidate()
	_, errs["budget"] = ts.Token()
	for name, respond := range map[string]func(int64, http.ResponseWriter){
		"credentials": respondStatus(http.StatusUnauthorized,
			`{"error":"`+testClientSecret+`","error_description":"bad secret `+testClientSecret+`"}`),
		"rate limit":    respondStatus(http.StatusTooManyRequests, accessToken, "Retry-After", "10"),
		"request":       respondStatus(http.StatusBadGateway, accessToken),
		"malformed 200": respondStatus(http.StatusOK, `{"access_token":"`+accessToken),
	} {
		srv := newTokenServer(t, respond)
		ts := credentials(srv, clock, nil).TokenSource()
		_, errs[name] = ts.Token()
		_, errs[name+" backoff"] = ts.Token()
	}
	_, errs["config"] = urlCreds.TokenSource().Token()
	_, errs["logistics config"] = (&auth.LogisticsOAuth{BaseURL: "http://user:" + urlPassword + "@example.com"}).Exchange(ctx, authCode)
	_, errs["static"] = auth.APIKey("").Token()
	logistics := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"title":"bad code %s","detail":"code %s is used","code":405005}`, authCode, authCode)
	}))
	defer logistics.Close()
	_, errs["logistics"] = (&auth.LogisticsOAuth{BaseURL: logistics.URL}).Exchange(ctx, authCode)
	for name, err := range errs {
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		values["error "+name] = err
	}
	// A refresh that fails while the current token is valid logs a
	// warning; the endpoint's answer echoes the secret and the token.
	logger, logs := newLogger()
	srv = newTokenServer(t, respondStatus(http.StatusOK, `{"access_token":"`+accessToken+`","expires_in":3600}`))
	creds = credentials(srv, clock, nil)
	creds.Logger = logger
	ts = creds.TokenSource().(*auth.CachingTokenSource)
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	srv.setRespond(respondStatus(http.StatusUnauthorized,
		`{"error":"invalid_client","error_description":"`+testClientSecret+` `+accessToken+`"}`))
	clock.Advance(56 * time.Minute)
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "refresh failed") {
		t.Fatalf("no warning logged: %s", logs)
	}
	values["warning log"] = logs.String()

	values["wrapped error"] = fmt.Errorf("calling Flexport: %w", errors.Join(errs["credentials"], errs["logistics"]))

	for name, v := range values {
		var out bytes.Buffer
		for _, verb := range testutil.FormatVerbs {
			fmt.Fprintf(&out, verb+"\n", v)
		}
		fmt.Fprintln(&out, v)
		slog.New(slog.NewJSONHandler(&out, nil)).Info("msg", "v", v, slog.Group("g", "v", v))
		slog.New(slog.NewTextHandler(&out, nil)).Info("msg", "v", v)
		switch v.(type) {
		case auth.Record, *auth.Record: // stores serialize Records as JSON, token included
		default:
			if data, err := json.Marshal(v); err == nil {
				out.Write(data)
			}
		}
		for _, secret := range secrets {
			if testutil.ShowsSecret(out.String(), secret) {
				t.Errorf("%s: output reveals %q:\n%s", name, secret, out.String())
			}
		}
		if testing.Verbose() {
			io.WriteString(t.Output(), name+":\n"+out.String()+"\n")
		}
	}
}
