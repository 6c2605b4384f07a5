package logistics_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/logistics"
)

func TestRateLimiters(t *testing.T) {
	rec, srv := serve(t, response{status: 503, body: "{}"}, response{status: 200, body: `{"id":"o1"}`})
	clientLim, callLim := &testutil.Limiter{}, &testutil.Limiter{}
	c := newClient(t, srv.URL, logistics.WithRateLimiter(clientLim))
	ctx := context.Background()

	// 503 then 200: both limiters run before each of the two attempts.
	if _, err := c.Orders.Get(ctx, "o1", logistics.WithRateLimiter(callLim)); err != nil {
		t.Fatal(err)
	}
	if clientLim.Waits() != 2 || callLim.Waits() != 2 || len(rec.reqs()) != 2 {
		t.Errorf("waits %d and %d, requests %d; want 2, 2, 2", clientLim.Waits(), callLim.Waits(), len(rec.reqs()))
	}
	// Without the call option only the client's limiter applies.
	if _, err := c.Orders.Get(ctx, "o1"); err != nil {
		t.Fatal(err)
	}
	if clientLim.Waits() != 3 || callLim.Waits() != 2 {
		t.Errorf("waits %d and %d; want 3 and 2", clientLim.Waits(), callLim.Waits())
	}
	// A limiter that refuses ends the call before anything is sent.
	refusing := &testutil.Limiter{Err: errors.New("over the limit")}
	_, err := c.Orders.Get(ctx, "o1", logistics.WithRateLimiter(refusing))
	var te *logistics.TransportError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "over the limit") || len(rec.reqs()) != 3 {
		t.Errorf("err = %v after %d requests; want a TransportError with the limiter's error, and no request", err, len(rec.reqs()))
	}
	if _, err := logistics.NewClient(logistics.WithToken("t"), logistics.WithRateLimiter(nil)); err == nil ||
		err.Error() != "logistics: WithRateLimiter: nil Limiter" {
		t.Errorf("WithRateLimiter(nil): error = %v", err)
	}
}

func TestVersion(t *testing.T) {
	rec, srv := serve(t)
	c := newClient(t, srv.URL)
	if _, err := c.Orders.Get(context.Background(), "o1"); err != nil {
		t.Fatal(err)
	}
	ua := rec.reqs()[0].Header.Get("User-Agent")
	if want := "flexport-go/" + logistics.Version + " ("; logistics.Version == "" || !strings.HasPrefix(ua, want) {
		t.Errorf("User-Agent = %q, want the prefix %q", ua, want)
	}
}
