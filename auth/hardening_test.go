package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/testutil"
)

// realClock is a fake clock that starts at the wall clock's time, for tests
// that mix its time with file modification times.
func realClock() *fakeClock { return &fakeClock{now: time.Now()} }

// spend makes n token requests through ts, invalidating each token.
func spend(t *testing.T, ts *auth.CachingTokenSource, n int) {
	t.Helper()
	for i := range n {
		if _, err := ts.Token(); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		ts.Invalidate()
	}
}

// TestHardening04StoredWaitCappedAt24h has the token endpoint answer 429
// with a Retry-After of 10 years: no wait stored in the shared store
// outlasts 24 hours, so a restarted process asks again a day later.
func TestHardening04StoredWaitCappedAt24h(t *testing.T) {
	srv := newTokenServer(t, respondStatus(http.StatusTooManyRequests, ``, "Retry-After", "315360000"))
	clock := newFakeClock()
	store, err := auth.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := credentials(srv, clock, store).TokenSource().Token(); !errors.Is(err, auth.ErrRateLimited) {
		t.Fatalf("error = %v, want ErrRateLimited", err)
	}
	srv.setRespond(respondToken(86400))
	clock.Advance(24*time.Hour + time.Minute)
	// A new process (a new source on the same store) with a healthy endpoint.
	tok, err := credentials(srv, clock, store).TokenSource().Token()
	if err != nil {
		t.Fatalf("a day after a 429 with Retry-After of 10 years: %v", err)
	}
	if tok.AccessToken != "token-2" {
		t.Errorf("token = %q, want token-2", tok.AccessToken)
	}
}

// TestHardening04FarFutureEntriesDiscarded stores a budget whose wait and
// requests are dated years ahead (a clock that was wrong): they are
// discarded with a warning, and a token is requested.
func TestHardening04FarFutureEntriesDiscarded(t *testing.T) {
	for _, tt := range []struct {
		name   string
		budget string
	}{
		{"not_before in 10 years", `{"requests":[],"not_before":%q,"last_error":"rate limited"}`},
		{"requests dated 5 years ahead", `{"requests":[%[1]q,%[1]q,%[1]q,%[1]q,%[1]q,%[1]q,%[1]q,%[1]q,%[1]q,%[1]q]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTokenServer(t, nil)
			clock := newFakeClock()
			dir := t.TempDir()
			store, err := auth.NewFileStore(dir)
			if err != nil {
				t.Fatal(err)
			}
			logger, logs := newLogger()
			creds := credentials(srv, clock, store)
			creds.Logger = logger
			ts := creds.TokenSource().(*auth.CachingTokenSource)
			spend(t, ts, 1) // the budget file now exists; the API rejected the token (401)
			future := clock.Now().AddDate(5, 0, 0).Format(time.RFC3339)
			budget := filepath.Join(dir, "budget-"+keyOf(t, dir)+".json")
			if err := os.WriteFile(budget, []byte(fmt.Sprintf(tt.budget, future)), 0o600); err != nil {
				t.Fatal(err)
			}
			clock.Advance(2 * time.Minute)
			tok, err := ts.Token()
			if err != nil {
				t.Fatalf("with budget entries dated %s: %v", future, err)
			}
			if tok.AccessToken != "token-2" {
				t.Errorf("token = %q, want token-2", tok.AccessToken)
			}
			if !strings.Contains(logs.String(), "in the future") {
				t.Errorf("no warning about the future-dated entries in %s", logs)
			}
		})
	}
}

// TestHardening10CorruptBudgetFailsSafe spends the budget, then truncates
// the budget file: no process makes another request until a day has passed,
// and the warning says how to recover.
func TestHardening10CorruptBudgetFailsSafe(t *testing.T) {
	srv := newTokenServer(t, nil)
	clock := realClock()
	dir := t.TempDir()
	store, err := auth.NewFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	spend(t, credentials(srv, clock, store).TokenSource().(*auth.CachingTokenSource), auth.DefaultBudget)
	budget := filepath.Join(dir, "budget-"+keyOf(t, dir)+".json")
	if err := os.Truncate(budget, 0); err != nil {
		t.Fatal(err)
	}

	logger, logs := newLogger()
	store2, err := auth.NewFileStore(dir, auth.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // restarted processes
		clock.Advance(2 * time.Minute)
		ts := credentials(srv, clock, store2).TokenSource().(*auth.CachingTokenSource)
		for range auth.DefaultBudget {
			if tok, err := ts.Token(); err == nil {
				ts.InvalidateToken(tok)
			}
		}
	}
	if n := srv.requests.Load(); n != auth.DefaultBudget {
		t.Errorf("%d token requests within a day around a truncated budget file, want %d", n, auth.DefaultBudget)
	}
	if !strings.Contains(logs.String(), "corrupt token budget file") || !strings.Contains(logs.String(), "delete") {
		t.Errorf("the warning does not say how to recover: %s", logs)
	}

	// Nothing locks the credential for more than a day.
	clock.Advance(24 * time.Hour)
	if _, err := credentials(srv, clock, store2).TokenSource().Token(); err != nil {
		t.Errorf("a day after the corruption: %v", err)
	}
}

// TestHardening09NilStoreSharedInProcess makes two ClientCredentials values
// for the same credential, without a Store, and spends each one's budget:
// together they make no more requests than one budget.
func TestHardening09NilStoreSharedInProcess(t *testing.T) {
	srv := newTokenServer(t, nil)
	clock := newFakeClock()
	var sources []*auth.CachingTokenSource
	for range 2 {
		c := &auth.ClientCredentials{ClientID: "shared-" + t.Name(), ClientSecret: testClientSecret, TokenURL: srv.URL,
			Now: clock.Now, Logger: slog.New(slog.DiscardHandler)}
		sources = append(sources, c.TokenSource().(*auth.CachingTokenSource))
	}
	for range auth.DefaultBudget {
		for _, ts := range sources {
			if tok, err := ts.Token(); err == nil {
				ts.InvalidateToken(tok)
			}
		}
	}
	if n := srv.requests.Load(); n != auth.DefaultBudget {
		t.Errorf("%d token requests for one credential in one process, want %d", n, auth.DefaultBudget)
	}
	// A token one source obtained serves the other.
	srv2 := newTokenServer(t, nil)
	a := &auth.ClientCredentials{ClientID: "shared2-" + t.Name(), ClientSecret: testClientSecret, TokenURL: srv2.URL}
	b := &auth.ClientCredentials{ClientID: "shared2-" + t.Name(), ClientSecret: testClientSecret, TokenURL: srv2.URL}
	ta, errA := a.TokenSource().Token()
	tb, errB := b.TokenSource().Token()
	if errA != nil || errB != nil || ta.AccessToken != tb.AccessToken || srv2.requests.Load() != 1 {
		t.Errorf("two sources got %v (%v) and %v (%v) with %d requests; want one shared token", ta, errA, tb, errB, srv2.requests.Load())
	}
}

// TestHardening12CredentialsMovedOutOfReach checks that once TokenSource has
// read the secret, the caller's value no longer holds it where fmt can
// reach, and that the credentials still work.
func TestHardening12CredentialsMovedOutOfReach(t *testing.T) {
	srv := newTokenServer(t, nil)
	holder := struct {
		cc  auth.ClientCredentials
		key auth.StaticTokenSource
	}{
		cc:  auth.ClientCredentials{ClientID: "id", ClientSecret: testClientSecret, TokenURL: srv.URL, Store: auth.NewMemoryStore()},
		key: *auth.APIKey(testClientSecret),
	}
	if _, err := holder.cc.TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
	for _, verb := range testutil.FormatVerbs {
		if out := fmt.Sprintf(verb, holder); testutil.ShowsSecret(out, testClientSecret) {
			t.Errorf("%s shows the secret: %s", verb, out)
		}
	}
	var body map[string]string
	srv.mu.Lock()
	err := json.Unmarshal(srv.bodies[0], &body)
	srv.mu.Unlock()
	if err != nil || body["client_secret"] != testClientSecret {
		t.Errorf("token request body %v (%v) does not carry the secret", body, err)
	}
	if tok, err := holder.key.Token(); err != nil || tok.AccessToken != testClientSecret {
		t.Errorf("a copied StaticTokenSource gives %v, %v", tok, err)
	}
}

// TestHardening02TokenRequestNeverRedirected gives ClientCredentials and
// LogisticsOAuth an HTTP client that follows redirects, and has the token
// endpoint redirect (307, which re-sends the body) elsewhere: the secret and
// the code never leave for another URL.
func TestHardening02TokenRequestNeverRedirected(t *testing.T) {
	var leaked atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if strings.Contains(string(b), testClientSecret) || strings.Contains(string(b), "the-code") {
			leaked.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"stolen","expires_in":3600}`)
	}))
	defer elsewhere.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/oauth/token", http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()

	cc := &auth.ClientCredentials{ClientID: "redirected", ClientSecret: testClientSecret, TokenURL: redirector.URL,
		Store: auth.NewMemoryStore(), HTTPClient: &http.Client{}, Logger: slog.New(slog.DiscardHandler)}
	if tok, err := cc.TokenSource().Token(); err == nil {
		t.Errorf("Token followed the redirect and got %q", tok.AccessToken)
	}
	app := &auth.LogisticsOAuth{ClientID: "partner", Scopes: []auth.LogisticsScope{auth.ScopeReadOrders},
		BaseURL: redirector.URL, HTTPClient: &http.Client{}}
	if tok, err := app.Exchange(context.Background(), "the-code"); err == nil {
		t.Errorf("Exchange followed the redirect and got %v", tok)
	}
	if n := leaked.Load(); n > 0 {
		t.Errorf("%d requests carried the secret or the code to the redirect target", n)
	}
}
