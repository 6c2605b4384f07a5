package auth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"

	"github.com/flexport-go/flexport/auth"
	"golang.org/x/oauth2"
)

// fakeFlexport is a stand-in for the Flexport token endpoint (/oauth/token)
// and API (/api), for the examples.
func fakeFlexport(tokenRequests *atomic.Int32) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		n := tokenRequests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":86400}`, n)
	})
	mux.HandleFunc("GET /api", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello, %s", r.Header.Get("Authorization"))
	})
	return httptest.NewServer(mux)
}

func ExampleClientCredentials_TokenSource() {
	var tokenRequests atomic.Int32
	flexport := fakeFlexport(&tokenRequests)
	defer flexport.Close()

	creds := &auth.ClientCredentials{
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		TokenURL:     flexport.URL + "/oauth/token", // omit for https://api.flexport.com/oauth/token
	}
	// Use the source directly in an oauth2.Transport: it caches the token.
	client := &http.Client{Transport: &oauth2.Transport{Source: creds.TokenSource()}}
	for range 3 {
		resp, err := client.Get(flexport.URL + "/api")
		if err != nil {
			log.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(string(body))
	}
	fmt.Println("token requests:", tokenRequests.Load())
	// Output:
	// hello, Bearer token-1
	// hello, Bearer token-1
	// hello, Bearer token-1
	// token requests: 1
}

func ExampleNewFileStore() {
	var tokenRequests atomic.Int32
	flexport := fakeFlexport(&tokenRequests)
	defer flexport.Close()

	dir, err := os.MkdirTemp("", "tokens") // "" would mean a directory under os.UserCacheDir()
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// Two processes (here, two ClientCredentials) sharing the directory
	// make one token request between them.
	for process := range 2 {
		store, err := auth.NewFileStore(dir)
		if err != nil {
			log.Fatal(err)
		}
		creds := &auth.ClientCredentials{
			ClientID:     "my-client-id",
			ClientSecret: "my-client-secret",
			TokenURL:     flexport.URL + "/oauth/token",
			Store:        store,
		}
		tok, err := creds.TokenSource().Token()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("process %d: %s\n", process, tok.AccessToken)
	}
	fmt.Println("token requests:", tokenRequests.Load())
	// Output:
	// process 0: token-1
	// process 1: token-1
	// token requests: 1
}

func ExampleCachingTokenSource_InvalidateToken() {
	var tokenRequests atomic.Int32
	flexport := fakeFlexport(&tokenRequests)
	defer flexport.Close()

	creds := &auth.ClientCredentials{
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		TokenURL:     flexport.URL + "/oauth/token",
	}
	ts := creds.TokenSource().(*auth.CachingTokenSource)
	tok, err := ts.Token()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.AccessToken)

	// The API answered 401 Unauthorized to a request made with tok: the
	// next Token call obtains a new token.
	ts.InvalidateToken(tok)
	tok, err = ts.Token()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.AccessToken)
	// Output:
	// token-1
	// token-2
}

func ExampleBudgetExhaustedError() {
	var tokenRequests atomic.Int32
	flexport := fakeFlexport(&tokenRequests)
	defer flexport.Close()

	creds := &auth.ClientCredentials{
		ClientID:     "my-client-id",
		ClientSecret: "my-client-secret",
		TokenURL:     flexport.URL + "/oauth/token",
		Budget:       1, // instead of 10 a day
	}
	ts := creds.TokenSource().(*auth.CachingTokenSource)
	if _, err := ts.Token(); err != nil {
		log.Fatal(err)
	}
	ts.Invalidate()
	_, err := ts.Token()
	var budgetErr *auth.BudgetExhaustedError
	if errors.As(err, &budgetErr) {
		fmt.Println(errors.Is(err, auth.ErrTokenBudgetExhausted), budgetErr.Budget, budgetErr.Window)
	}
	fmt.Println("token requests:", tokenRequests.Load())
	// Output:
	// true 1 24h0m0s
	// token requests: 1
}

func ExampleAPIKey() {
	var tokenRequests atomic.Int32
	flexport := fakeFlexport(&tokenRequests)
	defer flexport.Close()

	key := auth.APIKey("my-legacy-api-key")
	fmt.Println(key) // never shows the key

	client := &http.Client{Transport: &oauth2.Transport{Source: key}}
	resp, err := client.Get(flexport.URL + "/api")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	// Output:
	// auth.APIKey([REDACTED])
	// hello, Bearer my-legacy-api-key
}

func ExampleBearerToken() {
	ts := auth.BearerToken("my-portal-token")
	tok, err := ts.Token()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Type(), tok.AccessToken, tok.Expiry.IsZero())
	fmt.Printf("%v\n", ts)
	// Output:
	// Bearer my-portal-token true
	// auth.BearerToken([REDACTED])
}

func ExampleLogisticsOAuth_AuthorizeURL() {
	partner := &auth.LogisticsOAuth{
		ClientID:    "my-partner-app",
		Scopes:      []auth.LogisticsScope{auth.ScopeReadOrders, auth.ScopeWriteOrders},
		RedirectURI: "https://partner.example/flexport/callback",
		AuthFlow:    auth.AuthFlowHostedUI,
	}
	u, err := partner.AuthorizeURL("random-state")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.ReplaceAll(u, "&", "\n  &"))
	// Output:
	// https://logistics-api.flexport.com/logistics/api/2023-10/oauth/authorize?authFlow=hosted_ui
	//   &client_id=my-partner-app
	//   &redirect_uri=https%3A%2F%2Fpartner.example%2Fflexport%2Fcallback
	//   &response_type=code
	//   &scope=read_logistics_orders+write_logistics_orders
	//   &state=random-state
}

func ExampleLogisticsOAuth_Exchange() {
	// A stand-in for the Logistics API token endpoint.
	logistics := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/logistics/api/2023-10/oauth/token" || r.PostFormValue("code") != "code-from-callback" {
			http.Error(w, `{"title":"Bad Request","code":405005}`, http.StatusBadRequest)
			return
		}
		io.WriteString(w, `{"access_token":"partner-token","logisticsAccountId":"account-42"}`)
	}))
	defer logistics.Close()

	partner := &auth.LogisticsOAuth{
		ClientID: "my-partner-app",
		Scopes:   []auth.LogisticsScope{auth.ScopeReadOrders},
		BaseURL:  logistics.URL + "/logistics/api/2023-10", // omit for the real API
	}
	tok, err := partner.Exchange(context.Background(), "code-from-callback")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.LogisticsAccountID, tok) // the token itself is redacted

	_, err = partner.Exchange(context.Background(), "used-code")
	fmt.Println(errors.Is(err, auth.LogisticsInvalidCode))
	// Output:
	// account-42 auth.LogisticsToken{AccessToken: [REDACTED], LogisticsAccountID: "account-42"}
	// true
}
