package auth_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"
)

func TestConcurrentTokenCallsMakeOneRequest(t *testing.T) {
	release := make(chan struct{})
	srv := newTokenServer(t, func(n int64, w http.ResponseWriter) {
		<-release // hold the request until every goroutine is waiting
		respondToken(86400)(n, w)
	})
	creds := credentials(srv, nil, nil)

	const goroutines = 500
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		started sync.WaitGroup
		tokens  = make([]string, goroutines)
		errs    = make([]error, goroutines)
	)
	started.Add(goroutines)
	for i := range goroutines {
		wg.Go(func() {
			started.Done()
			<-start
			tok, err := creds.TokenSource().Token()
			if err != nil {
				errs[i] = err
				return
			}
			tokens[i] = tok.AccessToken
		})
	}
	started.Wait()
	close(start)
	// Release the request once it has arrived; the other goroutines are
	// then either waiting for it or find its token.
	for srv.requests.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()

	if got := srv.requests.Load(); got != 1 {
		t.Errorf("token requests = %d, want 1", got)
	}
	for i := range goroutines {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if tokens[i] != "token-1" {
			t.Fatalf("goroutine %d got token %q, want token-1", i, tokens[i])
		}
	}

	// The request is a JSON POST with exactly the four documented fields.
	want := map[string]any{
		"client_id":     testClientID,
		"client_secret": testClientSecret,
		"audience":      "https://api.flexport.com",
		"grant_type":    "client_credentials",
	}
	if diff := cmp.Diff(want, decodeJSON(t, srv.bodies[0])); diff != "" {
		t.Errorf("request body (-want +got):\n%s", diff)
	}
	if got := srv.headers[0].Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
}

// TestTokenSourceIsSharedByCalls gets tokens from the fake Core API's token
// endpoint (coretest) through every TokenSource of one ClientCredentials:
// one token request in all.
func TestTokenSourceIsSharedByCalls(t *testing.T) {
	srv, creds := fakeCredentials(t, nil)

	ts1, ts2 := creds.TokenSource(), creds.TokenSource()
	if ts1 != ts2 {
		t.Error("TokenSource returned different sources")
	}
	for _, ts := range []oauth2.TokenSource{ts1, ts2, creds.TokenSource()} {
		if _, err := ts.Token(); err != nil {
			t.Fatal(err)
		}
	}
	if got := tokenRequests(srv); got != 1 {
		t.Errorf("token requests = %d, want 1", got)
	}
}

func TestRefreshOnceAfterSkewPoint(t *testing.T) {
	srv := newTokenServer(t, respondToken(3600))
	clock := newFakeClock()
	creds := credentials(srv, clock, nil)
	creds.RefreshSkew = 5 * time.Minute
	ts := creds.TokenSource()

	steps := []struct {
		advance      time.Duration
		wantToken    string
		wantRequests int64
	}{
		{0, "token-1", 1},
		{30 * time.Minute, "token-1", 1},
		{24*time.Minute + 59*time.Second, "token-1", 1}, // 1 s before the skew point
		{2 * time.Second, "token-2", 2},                 // 1 s after it
		{time.Second, "token-2", 2},
		{30 * time.Minute, "token-2", 2},
	}
	for i, step := range steps {
		clock.Advance(step.advance)
		for range 3 {
			tok, err := ts.Token()
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if tok.AccessToken != step.wantToken {
				t.Errorf("step %d: token %q, want %q", i, tok.AccessToken, step.wantToken)
			}
		}
		if got := srv.requests.Load(); got != step.wantRequests {
			t.Errorf("step %d: token requests = %d, want %d", i, got, step.wantRequests)
		}
	}
}

func TestTokenExpiry(t *testing.T) {
	clock := newFakeClock()
	jwt := func(claims string) string {
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(claims)) + ".sig"
	}
	exp := clock.Now().Add(2 * time.Hour)
	tests := []struct {
		name string
		body string
		want time.Duration // after now
	}{
		{"expires_in", `{"access_token":"a","expires_in":7200}`, 2 * time.Hour},
		{"expires_in string", `{"access_token":"a","expires_in":"600"}`, 10 * time.Minute},
		{"expires_in wins over exp", fmt.Sprintf(`{"access_token":%q,"expires_in":60}`, jwt(fmt.Sprintf(`{"exp":%d}`, exp.Unix()))), time.Minute},
		{"JWT exp", fmt.Sprintf(`{"access_token":%q}`, jwt(fmt.Sprintf(`{"exp":%d}`, exp.Unix()))), 2 * time.Hour},
		{"JWT exp in the past", fmt.Sprintf(`{"access_token":%q}`, jwt(`{"exp":1000}`)), 24 * time.Hour},
		{"opaque token", `{"access_token":"opaque"}`, 24 * time.Hour},
		{"zero expires_in", `{"access_token":"a","expires_in":0}`, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTokenServer(t, respondStatus(http.StatusOK, tt.body))
			tok, err := credentials(srv, clock, nil).TokenSource().Token()
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.Expiry.Sub(clock.Now()); got != tt.want {
				t.Errorf("lifetime = %s, want %s", got, tt.want)
			}
			if tok.TokenType != "Bearer" {
				t.Errorf("token type = %q, want Bearer", tok.TokenType)
			}
		})
	}
}

// TestBudgetExhausted spends the daily budget against the fake Core API's
// token endpoint (coretest), which grants 10 token requests per client id
// per rolling day as Flexport's does, on the same clock: the 11th request is
// refused before it is sent, and allowed once the first leaves the window.
func TestBudgetExhausted(t *testing.T) {
	clock := newFakeClock()
	start := clock.Now()
	srv, creds := fakeCredentials(t, clock)
	ts := creds.TokenSource().(*auth.CachingTokenSource)

	// Ten tokens, each rejected by the API, use up the default budget.
	seen := map[string]bool{}
	for i := range auth.DefaultBudget {
		tok, err := ts.Token()
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		seen[tok.AccessToken] = true
		ts.Invalidate()
		clock.Advance(time.Minute)
	}
	_, err := ts.Token()
	if !errors.Is(err, auth.ErrTokenBudgetExhausted) {
		t.Fatalf("error = %v, want ErrTokenBudgetExhausted", err)
	}
	want := &auth.BudgetExhaustedError{
		ClientID:    testClientID,
		Budget:      auth.DefaultBudget,
		Window:      24 * time.Hour,
		NextAllowed: start.Add(24 * time.Hour),
	}
	var got *auth.BudgetExhaustedError
	if !errors.As(err, &got) {
		t.Fatalf("error %T is not a *BudgetExhaustedError", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "2025-03-02T12:00:00Z") {
		t.Errorf("error %q does not say when the next request is allowed", err)
	}
	if got := tokenRequests(srv); got != auth.DefaultBudget {
		t.Errorf("token requests = %d, want %d", got, auth.DefaultBudget)
	}

	// Once the first request leaves the window, one more is allowed.
	clock.Advance(start.Add(24 * time.Hour).Sub(clock.Now()))
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if seen[tok.AccessToken] || tokenRequests(srv) != auth.DefaultBudget+1 {
		t.Errorf("after the window: token seen before %v, %d token requests; want a new token from request %d",
			seen[tok.AccessToken], tokenRequests(srv), auth.DefaultBudget+1)
	}
}

func TestInvalidate(t *testing.T) {
	srv := newTokenServer(t, nil)
	clock := newFakeClock()
	ts := credentials(srv, clock, nil).TokenSource().(*auth.CachingTokenSource)

	old, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	// Several requests fail with the old token: only the first
	// InvalidateToken counts, even after the new token arrived.
	ts.InvalidateToken(old)
	ts.InvalidateToken(old)
	for range 5 {
		tok, err := ts.Token()
		if err != nil {
			t.Fatal(err)
		}
		if tok.AccessToken != "token-2" {
			t.Errorf("token = %q, want token-2", tok.AccessToken)
		}
		ts.InvalidateToken(old)
	}
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("token requests = %d, want 2", got)
	}

	// Invalidate discards whatever token is current.
	var inv auth.Invalidator = ts
	inv.Invalidate()
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "token-3" || srv.requests.Load() != 3 {
		t.Errorf("after Invalidate: token %q after %d requests, want token-3 after 3", tok.AccessToken, srv.requests.Load())
	}
}

func TestInvalidateUsesTokenStoredByOthers(t *testing.T) {
	srv := newTokenServer(t, nil)
	clock := newFakeClock()
	store := auth.NewMemoryStore()
	ts1 := credentials(srv, clock, store).TokenSource().(*auth.CachingTokenSource)
	ts2 := credentials(srv, clock, store).TokenSource().(*auth.CachingTokenSource)

	for _, ts := range []*auth.CachingTokenSource{ts1, ts2} {
		if _, err := ts.Token(); err != nil {
			t.Fatal(err)
		}
	}
	// Both get a 401 with token-1; only one new token is requested.
	ts1.Invalidate()
	ts2.Invalidate()
	for _, ts := range []*auth.CachingTokenSource{ts1, ts2} {
		tok, err := ts.Token()
		if err != nil {
			t.Fatal(err)
		}
		if tok.AccessToken != "token-2" {
			t.Errorf("token = %q, want token-2", tok.AccessToken)
		}
	}
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("token requests = %d, want 2", got)
	}
}
