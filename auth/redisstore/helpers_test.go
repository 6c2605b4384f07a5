package redisstore_test

import (
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/flexport-go/flexport/auth/redisstore"
	"github.com/flexport-go/flexport/internal/testutil/storetest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
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

// helperTokens is the child of storetest.AcrossProcesses, sharing a store
// made exactly as a user would make it.
func helperTokens(t *testing.T, client *redis.Client) []string {
	store, err := redisstore.New(client)
	if err != nil {
		t.Fatal(err)
	}
	return storetest.ChildTokens(t, store)
}
