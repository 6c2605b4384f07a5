package auth_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/internal/testutil/storetest"
	"go.uber.org/goleak"
)

const (
	testClientID     = "client-id-1"
	testClientSecret = "client-secret-XYZZY"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// tokenServer is a token endpoint that counts the requests it receives.
type tokenServer struct {
	*httptest.Server
	requests atomic.Int64

	mu      sync.Mutex
	bodies  [][]byte
	headers []http.Header
	respond func(n int64, w http.ResponseWriter) // answers request n (from 1)
}

// newTokenServer starts a token endpoint that answers with respond, or, if
// respond is nil, with a token "token-<n>" that lives 24 hours.
func newTokenServer(t testing.TB, respond func(n int64, w http.ResponseWriter)) *tokenServer {
	t.Helper()
	if respond == nil {
		respond = respondToken(86400)
	}
	s := &tokenServer{respond: respond}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		n := s.requests.Add(1)
		s.mu.Lock()
		s.bodies = append(s.bodies, body)
		s.headers = append(s.headers, r.Header.Clone())
		respond := s.respond
		s.mu.Unlock()
		respond(n, w)
	}))
	t.Cleanup(s.Close)
	return s
}

// setRespond changes how the server answers.
func (s *tokenServer) setRespond(respond func(n int64, w http.ResponseWriter)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.respond = respond
}

// respondToken answers with token "token-<n>" that lives expiresIn seconds.
func respondToken(expiresIn int) func(int64, http.ResponseWriter) {
	return func(n int64, w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":%d}`, n, expiresIn)
	}
}

// respondStatus answers with an HTTP status and body.
func respondStatus(code int, body string, header ...string) func(int64, http.ResponseWriter) {
	return func(_ int64, w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// fakeCredentials starts the fake Core API (coretest), whose token endpoint
// behaves as Flexport's (a JSON body with the audience, 24-hour tokens, 10
// token requests per client id per rolling day), on clock when it is not
// nil, and returns credentials for it.
func fakeCredentials(t testing.TB, clock *fakeClock) (*coretest.Server, *auth.ClientCredentials) {
	t.Helper()
	opts := []coretest.Option{coretest.WithShipments(0), coretest.WithClientCredentials(testClientID, testClientSecret)}
	c := &auth.ClientCredentials{ClientID: testClientID, ClientSecret: testClientSecret,
		Store: auth.NewMemoryStore(), Logger: slog.New(slog.DiscardHandler)}
	if clock != nil {
		opts = append(opts, coretest.WithClock(clock.Now))
		c.Now = clock.Now
	}
	srv := coretest.NewServer(t, opts...)
	c.TokenURL = srv.URL + "/oauth/token"
	return srv, c
}

// tokenRequests returns how many token requests the fake granted.
func tokenRequests(srv *coretest.Server) int64 {
	return int64(srv.Operations()["POST /oauth/token"])
}

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newLogger returns a logger writing JSON into a buffer.
func newLogger() (*slog.Logger, *testutil.SyncBuffer) {
	var buf testutil.SyncBuffer
	return slog.New(slog.NewJSONHandler(&buf, nil)), &buf
}

// credentials returns test credentials for s, with a fake clock and the
// given store (nil for a new memory store, so that tests do not share
// records through the process-wide one).
func credentials(s *tokenServer, clock *fakeClock, store auth.TokenStore) *auth.ClientCredentials {
	if store == nil {
		store = auth.NewMemoryStore()
	}
	c := &auth.ClientCredentials{
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		TokenURL:     s.URL,
		Store:        store,
		Logger:       slog.New(slog.DiscardHandler),
	}
	if clock != nil {
		c.Now = clock.Now
	}
	return c
}

// Cross-process tests re-execute the test binary to run TestHelperProcess.
const (
	helperEnv      = "FLEXPORT_AUTH_TEST_HELPER" // "file"
	helperStoreEnv = "FLEXPORT_AUTH_TEST_STORE"  // the directory
)

// TestHelperProcess is not a test: it is a child process of the
// cross-process tests (storetest.AcrossProcesses), sharing a file store.
func TestHelperProcess(t *testing.T) {
	kind := os.Getenv(helperEnv)
	if kind == "" {
		t.Skip("run only as a child process of the cross-process tests")
	}
	if kind != "file" {
		t.Fatalf("unknown helper %q", kind)
	}
	store, err := auth.NewFileStore(os.Getenv(helperStoreEnv))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range storetest.ChildTokens(t, store) {
		fmt.Println(line)
	}
}

// decodeJSON decodes data into a map, failing the test if it is not JSON.
func decodeJSON(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("not JSON: %v: %s", err, data)
	}
	return m
}
