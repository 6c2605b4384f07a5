package coretest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/coretest"
)

// clock is a clock tests move by hand; safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// tokenResult is what a token request got.
type tokenResult struct {
	Status     int
	RetryAfter string
	Code       string // the error object's code
	ExpiresIn  int
}

// requestToken makes one client-credentials token request and returns
// what it got and the access token.
func requestToken(t *testing.T, url, id, secret string) (tokenResult, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"client_id": id, "client_secret": secret, "audience": "https://api.flexport.com", "grant_type": "client_credentials"})
	resp, err := http.Post(url+"/oauth/token", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		Error       struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("token response %s: %v", b, err)
	}
	return tokenResult{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After"), Code: v.Error.Code, ExpiresIn: v.ExpiresIn}, v.AccessToken
}

var (
	granted = tokenResult{Status: 200, ExpiresIn: 86400}
	refused = func(retry string) tokenResult {
		return tokenResult{Status: 429, RetryAfter: retry, Code: "too_many_token_requests"}
	}
)

// TestTokenLimit checks Flexport's limit of 10 token requests per client
// id in any rolling day: the 11th is refused with 429 and a Retry-After
// saying when the oldest request leaves the window; another client id has
// its own budget; wrong credentials get 401 and do not count.
func TestTokenLimit(t *testing.T) {
	c := newClock()
	srv := coretest.NewServer(t, coretest.WithShipments(1), coretest.WithClock(c.Now),
		coretest.WithClientCredentials("app-a", "secret-a"), coretest.WithClientCredentials("app-b", "secret-b"))
	type step struct {
		name       string
		advance    time.Duration
		id, secret string
		want       tokenResult
		times      int
		every      time.Duration // advanced before each request
	}
	steps := []step{
		{name: "wrong secret", id: "app-a", secret: "nope", want: tokenResult{Status: 401, Code: "invalid_client"}, times: 3},
		// at 1h+1m, 1h+2m, ..., 1h+10m
		{name: "ten a day", advance: time.Hour, every: time.Minute, id: "app-a", secret: "secret-a", want: granted, times: 10},
		// at 2h+10m: the first leaves the window at 25h+1m
		{name: "the 11th", advance: time.Hour, id: "app-a", secret: "secret-a", want: refused("82260"), times: 1},
		{name: "per client id", id: "app-b", secret: "secret-b", want: granted, times: 1},
		{name: "a second before the first leaves", advance: 22*time.Hour + 51*time.Minute - time.Second, id: "app-a", secret: "secret-a", want: refused("1"), times: 1},
		{name: "rolling window: the first has left", advance: time.Second, id: "app-a", secret: "secret-a", want: granted, times: 1},
		{name: "ten in the window again", id: "app-a", secret: "secret-a", want: refused("60"), times: 1},
	}
	for _, s := range steps {
		c.Add(s.advance)
		for i := range s.times {
			c.Add(s.every)
			got, _ := requestToken(t, srv.URL, s.id, s.secret)
			if diff := cmp.Diff(s.want, got); diff != "" {
				t.Errorf("%s, request %d (-want +got):\n%s", s.name, i+1, diff)
			}
		}
	}
}

// TestTokens checks which bearer tokens the API accepts.
func TestTokens(t *testing.T) {
	c := newClock()
	srv := coretest.NewServer(t, coretest.WithShipments(1), coretest.WithClock(c.Now))
	res, tok := requestToken(t, srv.URL, srv.ClientID, srv.ClientSecret)
	if res.Status != 200 || strings.Count(tok, ".") != 2 {
		t.Fatalf("token = %+v %q, want a JWT", res, tok)
	}
	other := coretest.NewServer(t, coretest.WithShipments(1), coretest.WithClock(c.Now), coretest.WithAPIKey("other-key"))
	_, otherTok := requestToken(t, other.URL, other.ClientID, other.ClientSecret)
	for _, tc := range []struct {
		name, auth string
		advance    time.Duration
		want       int
		code       string
	}{
		{"API key", "Bearer " + srv.APIKey, 0, 200, ""},
		{"access token", "Bearer " + tok, 0, 200, ""},
		{"no credentials", "", 0, 401, "unauthorized"},
		{"not bearer", "Basic " + srv.APIKey, 0, 401, "unauthorized"},
		{"unknown key", "Bearer nope", 0, 401, "unauthorized"},
		{"another server's token", "Bearer " + otherTok, 0, 401, "unauthorized"},
		{"tampered token", "Bearer " + tok[:len(tok)-2] + "xx", 0, 401, "unauthorized"},
		{"token a second before expiry", "Bearer " + tok, 24*time.Hour - time.Second, 200, ""},
		{"expired token", "Bearer " + tok, time.Second, 401, "token_expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.Add(tc.advance)
			req, _ := http.NewRequest("GET", srv.URL+"/ports", nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var env struct {
				Error *struct {
					Object string `json:"_object"`
					Status int    `json:"status"`
					Code   string `json:"code"`
				} `json:"error"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.want || (tc.code != "" && (env.Error == nil || env.Error.Code != tc.code || env.Error.Object != "/api/error" || env.Error.Status != tc.want)) {
				t.Errorf("status %d, error %+v; want %d %q", resp.StatusCode, env.Error, tc.want, tc.code)
			}
		})
	}
}

// TestTokenRequestErrors checks the answers to malformed token requests.
func TestTokenRequestErrors(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(1))
	for _, tc := range []struct{ name, body, code string }{
		{"not JSON", "client_id=x", "invalid_request"},
		{"wrong grant", `{"client_id":"a","client_secret":"b","audience":"https://api.flexport.com","grant_type":"password"}`, "unsupported_grant_type"},
		{"no audience", `{"client_id":"` + srv.ClientID + `","client_secret":"` + srv.ClientSecret + `","grant_type":"client_credentials"}`, "invalid_request"},
		{"no secret", `{"client_id":"a","audience":"https://api.flexport.com","grant_type":"client_credentials"}`, "invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/oauth/token", "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 400 || !strings.Contains(string(b), `"code":"`+tc.code+`"`) {
				t.Errorf("%d %s, want 400 %s", resp.StatusCode, b, tc.code)
			}
		})
	}
}
