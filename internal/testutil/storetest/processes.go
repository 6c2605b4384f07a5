package storetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/testutil"
)

// ChildGoroutines is how many goroutines each child of AcrossProcesses
// calls Token from.
const ChildGoroutines = 50

// tokenURLEnv passes the token endpoint's URL to the children.
const tokenURLEnv = "FLEXPORT_STORETEST_TOKEN_URL"

// TokenServer is a token endpoint that counts the requests it receives and
// answers each, after a delay, with a token "token-<n>" valid for a day.
type TokenServer struct {
	*httptest.Server
	requests atomic.Int64
}

// NewTokenServer starts a TokenServer that answers after delay, closed
// with the test.
func NewTokenServer(t testing.TB, delay time.Duration) *TokenServer {
	t.Helper()
	s := &TokenServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.requests.Add(1)
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":86400}`, n)
	}))
	t.Cleanup(s.Close)
	return s
}

// Requests returns how many token requests s received.
func (s *TokenServer) Requests() int64 { return s.requests.Load() }

// AcrossProcesses checks that n processes × ChildGoroutines goroutines
// sharing a store make one token request between them, and all get its
// token. It starts a token endpoint that answers after 200 ms (so that the
// processes contend), then runs n child processes of the test binary that
// run only test, with env added to their environment; that test must make
// the store and call ChildTokens.
func AcrossProcesses(t *testing.T, n int, test string, env ...string) {
	t.Helper()
	srv := NewTokenServer(t, 200*time.Millisecond)

	out := testutil.RunChildren(t, n, test, append(env, tokenURLEnv+"="+srv.URL)...)

	if got := srv.Requests(); got != 1 {
		t.Errorf("token requests from %d processes × %d goroutines = %d, want 1", n, ChildGoroutines, got)
	}
	if diff := cmp.Diff(map[string]int{"token-1": n * ChildGoroutines}, testutil.CountLines(out, "token ")); diff != "" {
		t.Errorf("tokens received (-want +got):\n%s", diff)
	}
}

// Credentials returns test credentials for the token endpoint at tokenURL,
// made as a user would make them, sharing store.
func Credentials(tokenURL string, store auth.TokenStore) *auth.ClientCredentials {
	return &auth.ClientCredentials{
		ClientID:     "client-id-1",
		ClientSecret: "client-secret-XYZZY",
		TokenURL:     tokenURL,
		Store:        store,
	}
}

// ChildTokens is the work of a child of AcrossProcesses: with credentials
// made exactly as a user would make them, sharing store, it tells the
// parent it is ready, waits to be released, calls Token from
// ChildGoroutines goroutines, and returns a line "token <token>" for each,
// which the child must print.
func ChildTokens(t *testing.T, store auth.TokenStore) []string {
	t.Helper()
	creds := Credentials(os.Getenv(tokenURLEnv), store)
	if err := testutil.ChildReady(); err != nil {
		t.Fatal(err)
	}
	lines := testutil.InParallel(ChildGoroutines, func(int) string {
		tok, err := creds.TokenSource().Token()
		if err != nil {
			t.Error(err)
			return "error"
		}
		return "token " + tok.AccessToken
	})
	// Close the keep-alive connections to the parent, for goleak.
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	return lines
}
