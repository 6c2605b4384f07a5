package auth_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/google/go-cmp/cmp"
)

func TestTokenEndpointErrors(t *testing.T) {
	tests := []struct {
		name    string
		respond func(int64, http.ResponseWriter)
		is      error
		want    error
	}{
		{
			name:    "rate limited",
			respond: respondStatus(http.StatusTooManyRequests, `{}`, "Retry-After", "120"),
			is:      auth.ErrRateLimited,
			want:    &auth.RateLimitError{ClientID: testClientID, RetryAfter: 2 * time.Minute},
		},
		{
			name:    "rate limited without Retry-After",
			respond: respondStatus(http.StatusTooManyRequests, ``),
			is:      auth.ErrRateLimited,
			want:    &auth.RateLimitError{ClientID: testClientID},
		},
		{
			name:    "bad credentials",
			respond: respondStatus(http.StatusUnauthorized, `{"error":"access_denied","error_description":"Unauthorized"}`),
			is:      auth.ErrInvalidCredentials,
			want:    &auth.CredentialsError{ClientID: testClientID, StatusCode: 401, Code: "access_denied", Description: "Unauthorized"},
		},
		{
			name:    "forbidden, description echoing the secret",
			respond: respondStatus(http.StatusForbidden, `{"error":"invalid_client","error_description":"bad secret `+testClientSecret+`"}`),
			is:      auth.ErrInvalidCredentials,
			want:    &auth.CredentialsError{ClientID: testClientID, StatusCode: 403, Code: "invalid_client", Description: "bad secret [REDACTED]"},
		},
		{
			name:    "bad request without body",
			respond: respondStatus(http.StatusBadRequest, `oops`),
			is:      auth.ErrInvalidCredentials,
			want:    &auth.CredentialsError{ClientID: testClientID, StatusCode: 400},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTokenServer(t, tt.respond)
			_, err := credentials(srv, newFakeClock(), nil).TokenSource().Token()
			if !errors.Is(err, tt.is) {
				t.Fatalf("error = %v, want one matching %v", err, tt.is)
			}
			if diff := cmp.Diff(tt.want, err); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if !strings.Contains(err.Error(), testClientID) {
				t.Errorf("error %q does not name the client id", err)
			}
		})
	}
}

func TestTokenRequestErrors(t *testing.T) {
	tests := []struct {
		name       string
		respond    func(int64, http.ResponseWriter)
		wantStatus int
		wantMsg    string
	}{
		{"server error", respondStatus(http.StatusBadGateway, `upstream token-SECRET`), 502, "Bad Gateway"},
		{"malformed", respondStatus(http.StatusOK, `{"access_token":"token-SECRET"`), 200, "malformed token response"},
		{"no token", respondStatus(http.StatusOK, `{"token_type":"Bearer"}`), 200, "no access_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTokenServer(t, tt.respond)
			_, err := credentials(srv, newFakeClock(), nil).TokenSource().Token()
			var reqErr *auth.TokenRequestError
			if !errors.As(err, &reqErr) {
				t.Fatalf("error = %#v, want a *TokenRequestError", err)
			}
			if reqErr.StatusCode != tt.wantStatus || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %q (status %d), want status %d and %q", err, reqErr.StatusCode, tt.wantStatus, tt.wantMsg)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q quotes the response", err)
			}
		})
	}
}

func TestBackoffAfterFailure(t *testing.T) {
	srv := newTokenServer(t, respondStatus(http.StatusServiceUnavailable, ``))
	clock := newFakeClock()
	ts := credentials(srv, clock, nil).TokenSource()

	_, err := ts.Token()
	var reqErr *auth.TokenRequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("first error = %v, want a *TokenRequestError", err)
	}
	// Within the backoff, no request: the error says until when.
	clock.Advance(59 * time.Second)
	_, err = ts.Token()
	var backoff *auth.BackoffError
	if !errors.As(err, &backoff) || !errors.As(err, &reqErr) {
		t.Fatalf("error = %v, want a *BackoffError wrapping the *TokenRequestError", err)
	}
	if want := newFakeClock().Now().Add(auth.DefaultRetryBackoff); !backoff.Until.Equal(want) {
		t.Errorf("backoff until %s, want %s", backoff.Until, want)
	}
	if got := srv.requests.Load(); got != 1 {
		t.Errorf("token requests within the backoff = %d, want 1", got)
	}

	srv.setRespond(respondToken(86400))
	clock.Advance(time.Second)
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "token-2" {
		t.Errorf("token = %q, want token-2", tok.AccessToken)
	}
}

func TestRateLimitBackoffHonoursRetryAfter(t *testing.T) {
	srv := newTokenServer(t, respondStatus(http.StatusTooManyRequests, ``, "Retry-After", "300"))
	clock := newFakeClock()
	store := auth.NewMemoryStore()
	if _, err := credentials(srv, clock, store).TokenSource().Token(); !errors.Is(err, auth.ErrRateLimited) {
		t.Fatalf("error = %v, want ErrRateLimited", err)
	}
	// Another source sharing the store waits for Retry-After too.
	clock.Advance(4 * time.Minute)
	_, err := credentials(srv, clock, store).TokenSource().Token()
	var backoff *auth.BackoffError
	if !errors.As(err, &backoff) || !strings.Contains(err.Error(), "rate limit") {
		t.Fatalf("error = %v, want a *BackoffError citing the rate limit", err)
	}
	if got := srv.requests.Load(); got != 1 {
		t.Errorf("token requests = %d, want 1", got)
	}
}

func TestFailedRefreshKeepsValidToken(t *testing.T) {
	srv := newTokenServer(t, respondToken(3600))
	clock := newFakeClock()
	logger, logs := newLogger()
	creds := credentials(srv, clock, nil)
	creds.Logger = logger
	ts := creds.TokenSource()
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}

	// Past the skew point, the refresh fails: the valid token is still
	// served, with a warning, and no new request is made within the backoff.
	srv.setRespond(respondStatus(http.StatusInternalServerError, ``))
	clock.Advance(56 * time.Minute)
	for range 10 {
		tok, err := ts.Token()
		if err != nil {
			t.Fatal(err)
		}
		if tok.AccessToken != "token-1" {
			t.Fatalf("token = %q, want token-1", tok.AccessToken)
		}
	}
	if got := srv.requests.Load(); got != 2 {
		t.Errorf("token requests = %d, want 2", got)
	}
	if !strings.Contains(logs.String(), "token refresh failed") {
		t.Errorf("no warning logged: %s", logs)
	}

	// Once it expires, the failure is reported.
	clock.Advance(5 * time.Minute)
	if _, err := ts.Token(); err == nil {
		t.Error("got a token after expiry with a failing endpoint")
	}
}

// TestCancelledCallerDoesNotFailRefresh checks the golang/oauth2#388
// pitfall: a caller's cancelled context fails only that caller.
func TestCancelledCallerDoesNotFailRefresh(t *testing.T) {
	release := make(chan struct{})
	srv := newTokenServer(t, func(n int64, w http.ResponseWriter) {
		<-release
		respondToken(86400)(n, w)
	})
	ts := credentials(srv, nil, nil).TokenSource().(*auth.CachingTokenSource)

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := ts.TokenContext(ctx)
		errc <- err
	}()
	for srv.requests.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: error = %v, want context.Canceled", err)
	}
	close(release)

	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "token-1" || srv.requests.Load() != 1 {
		t.Errorf("got %q after %d requests, want token-1 after 1", tok.AccessToken, srv.requests.Load())
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name  string
		creds auth.ClientCredentials
	}{
		{"no client id", auth.ClientCredentials{ClientSecret: "s"}},
		{"no secret", auth.ClientCredentials{ClientID: "id"}},
		{"plain http", auth.ClientCredentials{ClientID: "id", ClientSecret: "s", TokenURL: "http://example.com/oauth/token"}},
		{"relative URL", auth.ClientCredentials{ClientID: "id", ClientSecret: "s", TokenURL: "/oauth/token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.creds.TokenSource().Token()
			if !errors.Is(err, auth.ErrInvalidConfig) {
				t.Errorf("error = %v, want ErrInvalidConfig", err)
			}
		})
	}
}

func TestTokensAreCopies(t *testing.T) {
	srv := newTokenServer(t, nil)
	ts := credentials(srv, nil, nil).TokenSource()
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	tok.AccessToken = "modified"
	tok, err = ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "token-1" {
		t.Errorf("token = %q, want token-1", tok.AccessToken)
	}
}
