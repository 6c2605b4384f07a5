package redisstore_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/auth/redisstore"
	"github.com/flexport-go/flexport/internal/testutil"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// tokenServer is a token endpoint that counts the requests it receives and
// answers each, after delay, with a token "token-<n>" valid for a day.
type tokenServer struct {
	*httptest.Server
	requests atomic.Int64
}

func newTokenServer(t testing.TB, delay time.Duration) *tokenServer {
	t.Helper()
	s := &tokenServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.requests.Add(1)
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":86400}`, n)
	}))
	t.Cleanup(s.Close)
	return s
}

// credentials returns credentials for the token server s, shared through
// store.
func credentials(s *tokenServer, store auth.TokenStore) *auth.ClientCredentials {
	return &auth.ClientCredentials{
		ClientID:     "client-id-1",
		ClientSecret: "client-secret-XYZZY",
		TokenURL:     s.URL,
		Store:        store,
	}
}

// downClient returns a client of addr that does not retry, closed with the
// test: a Redis that is down fails at once.
func downClient(t *testing.T, addr string) *redis.Client {
	client := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { client.Close() })
	return client
}

// Cross-process tests re-execute the test binary to run TestHelperProcess,
// which reads its role and arguments from the environment.
const (
	helperEnv   = "FLEXPORT_REDISSTORE_TEST_HELPER" // "token", "webhook" or "limit"
	helperRedis = "FLEXPORT_REDISSTORE_TEST_REDIS"  // the Redis address
	helperURL   = "FLEXPORT_REDISSTORE_TEST_URL"    // the server to call
	helperArg   = "FLEXPORT_REDISSTORE_TEST_ARG"    // the role's argument
)

// TestHelperProcess is not a test: it is a child process of the
// cross-process tests. It prints "ready", waits to be released, does its
// role's work and prints what happened, one result a line.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		t.Skip("run only as a child process of the cross-process tests")
	}
	client := redis.NewClient(&redis.Options{Addr: os.Getenv(helperRedis)})
	defer client.Close()
	run, ok := map[string]func(*testing.T, *redis.Client) []string{
		"token":   helperTokens,
		"webhook": helperWebhooks,
		"limit":   helperLimit,
	}[role]
	if !ok {
		t.Fatalf("unknown helper role %q", role)
	}
	for _, line := range run(t, client) {
		fmt.Println(line)
	}
	// Close the keep-alive connections to the parent, for goleak.
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
}

// helperGoroutines is how many goroutines each child process runs.
const helperGoroutines = 50

// helperTokens calls Token from 50 goroutines through a store made exactly
// as a user would make it, and returns "token <token>" lines.
func helperTokens(t *testing.T, client *redis.Client) []string {
	store, err := redisstore.New(client)
	if err != nil {
		t.Fatal(err)
	}
	creds := &auth.ClientCredentials{
		ClientID:     "client-id-1",
		ClientSecret: "client-secret-XYZZY",
		TokenURL:     os.Getenv(helperURL),
		Store:        store,
	}
	if err := testutil.ChildReady(); err != nil {
		t.Fatal(err)
	}
	return inParallel(helperGoroutines, func(int) string {
		tok, err := creds.TokenSource().Token()
		if err != nil {
			t.Error(err)
			return "error"
		}
		return "token " + tok.AccessToken
	})
}

// inParallel runs f(0..n-1) at once and returns the results in order.
func inParallel(n int, f func(i int) string) []string {
	out := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { out[i] = f(i) })
	}
	wg.Wait()
	return out
}

// countLines counts the lines of all children that start with prefix, by
// what follows it.
func countLines(out [][]string, prefix string) map[string]int {
	n := map[string]int{}
	for _, lines := range out {
		for _, line := range lines {
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				n[rest]++
			}
		}
	}
	return n
}
