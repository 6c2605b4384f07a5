package redisstore_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/auth/redisstore"
	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/core/webhook"
)

// exampleRedis starts an in-memory stand-in for Redis, so that the examples
// run anywhere; in production, connect to your Redis instead.
func exampleRedis() (*redis.Client, func()) {
	mr, err := miniredis.Run()
	if err != nil {
		log.Fatal(err)
	}
	client := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	return client, func() {
		client.Close()
		mr.Close()
	}
}

func ExampleNew() {
	rdb, closeRedis := exampleRedis() // redis.NewClient(&redis.Options{Addr: "redis:6379"})
	defer closeRedis()
	var tokenRequests atomic.Int32
	flexport := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenRequests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"token-1","token_type":"Bearer","expires_in":86400}`)
	}))
	defer flexport.Close()

	store, err := redisstore.New(rdb)
	if err != nil {
		log.Fatal(err)
	}
	// Every host of the fleet configures the same store: one of them
	// requests the token, the others read it.
	for host := range 3 {
		creds := &auth.ClientCredentials{
			ClientID:     "my-client-id",     // os.Getenv("FLEXPORT_CLIENT_ID")
			ClientSecret: "my-client-secret", // os.Getenv("FLEXPORT_CLIENT_SECRET")
			TokenURL:     flexport.URL,       // omit: the default is Flexport's
			Store:        store,
		}
		tok, err := creds.TokenSource().Token()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("host %d: %s\n", host, tok.AccessToken)
	}
	fmt.Println("token requests:", tokenRequests.Load())
	// Output:
	// host 0: token-1
	// host 1: token-1
	// host 2: token-1
	// token requests: 1
}

func ExampleNewDeduper() {
	rdb, closeRedis := exampleRedis()
	defer closeRedis()

	// Every replica behind the load balancer filters through the same Redis.
	// (For package logistics/webhook, use NewDeduper[string].)
	dedup, err := redisstore.NewDeduper[int64](rdb)
	if err != nil {
		log.Fatal(err)
	}
	secret := "my-endpoint-secret-token"
	calls := 0
	var replicas []http.Handler
	for range 2 {
		replicas = append(replicas, webhook.NewHandler(secret, func(ctx context.Context, ev *webhook.Event) error {
			calls++
			return nil
		}, webhook.WithDuplicateFilter(dedup)))
	}

	// Flexport delivers event 42, then retries it to the other replica.
	body := []byte(`{"_object":"/event","id":42,"type":"/shipment_leg#arrived"}`)
	for _, h := range replicas {
		req, _ := webhook.NewSignedRequest(context.Background(), "https://example.com/flexport", secret, body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("status", rec.Code)
	}
	fmt.Println("calls:", calls)
	// Output:
	// status 200
	// status 200
	// calls: 1
}

// Flexport allows 1,000 POST /carbon_calculation requests an hour per
// account. One Limiter in Redis keeps every process of a fleet under that,
// for CarbonCalculations.Create only: other calls are not slowed down.
func ExampleNewLimiter() {
	rdb, closeRedis := exampleRedis()
	defer closeRedis()
	flexport := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"_object":"/api/response","data":{"_object":"/carbon_calculation",
			"co2e_emissions":{"_object":"/quantity/weight","value":1234.5,"unit":"kg"}}}`)
	}))
	defer flexport.Close()

	// Rate + Burst <= 1,000: never more than 1,000 requests in any hour,
	// in bursts of up to 100. Name the limit after the account.
	clientID := "my-client-id"
	carbon, err := redisstore.NewLimiter(rdb, "carbon_calculations:"+clientID,
		redisstore.Limit{Rate: 900, Period: time.Hour, Burst: 100})
	if err != nil {
		log.Fatal(err)
	}
	// core.WithRateLimiter(l) would limit every call of the client instead.
	c, err := core.NewClient(core.WithAPIKey("my-api-key"), core.WithBaseURL(flexport.URL))
	if err != nil {
		log.Fatal(err)
	}
	mode := core.CreateCarbonCalculationTransportationModeOcean
	calc, err := c.CarbonCalculations.Create(context.Background(), &core.CreateCarbonCalculation{
		TransportationMode: &mode,
		OriginPort:         core.Ptr("CNSHA"),
		DestinationPort:    core.Ptr("USLAX"),
		Teus:               core.Ptr("2"),
	}, core.WithRateLimiter(carbon))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("CO2e:", *calc.Co2EEmissions.Value, *calc.Co2EEmissions.Unit)
	// Output:
	// CO2e: 1234.5 kg
}
