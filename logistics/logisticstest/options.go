package logisticstest

import (
	"net/http"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// Defaults of the fake.
const (
	// DefaultSeed is the seed of the data set and of the faults.
	DefaultSeed = 1
	// DefaultToken is the API token the fake accepts unless WithToken
	// chooses another.
	DefaultToken = "logisticstest-token"
	// DefaultOAuthClientID is the client id of the partner application
	// whose authorization codes the fake's OAuth endpoints grant and
	// exchange ("identity" is accepted too, as Flexport does).
	DefaultOAuthClientID = "logisticstest-app"
	// APIRoot is the path every operation of the Logistics API 2023-10
	// starts with.
	APIRoot = "/logistics/api/2023-10"
	// MaxLimit is the largest page size (limit) the list operations
	// accept; a larger one gets 400, as in production.
	MaxLimit = 100
)

// Option configures NewServer and NewHandler.
type Option func(*config)

type config struct {
	fakeapi.Config
	token       string
	oauthClient string
	redirectURI string
}

func newConfig(opts []Option) config {
	c := config{Config: fakeapi.Config{Seed: DefaultSeed}, token: DefaultToken, oauthClient: DefaultOAuthClientID}
	for _, o := range opts {
		o(&c)
	}
	c.Now = c.Clock()
	return c
}

// WithSeed sets the seed of the data set and of the faults (default
// DefaultSeed). The same seed gives the same data.
func WithSeed(seed int64) Option { return func(c *config) { c.Seed = seed } }

// WithLatency delays every response by d.
func WithLatency(d time.Duration) Option { return func(c *config) { c.Latency = d } }

// WithFaults injects failures: see Fault. Faults are tried in order; the
// first that hits a request decides what happens to it.
func WithFaults(faults ...Fault) Option {
	return func(c *config) { c.Faults = append(c.Faults, faults...) }
}

// WithFaultRate makes a fraction rate (0 to 1) of the requests fail, each
// with a 429, a 503 or a connection reset drawn from the seed. It is
// WithFaults(Fault{Rate: rate}).
func WithFaultRate(rate float64) Option {
	return func(c *config) { c.AddFaultRate(rate) }
}

// WithClock sets the clock of the dates of objects the fake creates and
// of how long idempotency keys are kept (default time.Now).
func WithClock(now func() time.Time) Option { return func(c *config) { c.Now = now } }

// WithToken sets the API token the fake accepts as a bearer token
// (default DefaultToken).
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithOAuthClient sets the partner application the OAuth endpoints
// accept: its client id (default DefaultOAuthClientID) and, when not "",
// the only redirect URI it may use (default: any http or https URL).
func WithOAuthClient(clientID, redirectURI string) Option {
	return func(c *config) { c.oauthClient, c.redirectURI = clientID, redirectURI }
}

// WithWebhookClient sends webhooks through hc (default: a client with a
// 10 s timeout). Subscriptions must use https URLs, as Flexport requires:
// give the Client of an httptest.NewTLSServer.
func WithWebhookClient(hc *http.Client) Option { return func(c *config) { c.WebhookClient = hc } }

// WithResponseValidation validates every response against the curated
// document before it is sent, and calls report with the operation id and
// the mismatch of each one that does not validate. It makes the fake
// slower; it is for testing the fake and the document.
func WithResponseValidation(report func(operationID string, err error)) Option {
	return func(c *config) { c.Check = report }
}

// Fault is a failure the fake injects; see WithFaults. Its fields:
//
//   - Kind: FaultRateLimit (429 with Retry-After), FaultServerError (5xx),
//     FaultReset (the connection closed without a response) or
//     FaultSlowBody (the body trickled over Delay); the zero Kind is one of
//     the first three, drawn from the seed.
//   - Operation: the operation id ("CreateOrder") or method and path
//     template ("POST /logistics/api/2023-10/orders"); "" for every
//     operation.
//   - Requests: which matching requests to hit, counting from 1 ({1, 2}:
//     the first two); empty for all, subject to Rate.
//   - Rate: in (0, 1), the fraction of matching requests hit, drawn from
//     the seed; 0 hits them all.
//   - Status (default 503), RetryAfter (default 1 s), Delay (default 1 s).
//
// An injected failure happens before the idempotency key is looked at, so
// a retry with the same key is handled as a first request.
type Fault = fakeapi.Fault

// FaultKind is the kind of a Fault.
type FaultKind = fakeapi.FaultKind

// The kinds of Fault.
const (
	// FaultRateLimit answers 429 Too Many Requests with Retry-After.
	FaultRateLimit = fakeapi.FaultRateLimit
	// FaultServerError answers a 5xx status (Fault.Status, default 503).
	FaultServerError = fakeapi.FaultServerError
	// FaultReset closes the connection without a response.
	FaultReset = fakeapi.FaultReset
	// FaultSlowBody sends the response with its body in ten parts spread
	// over Fault.Delay.
	FaultSlowBody = fakeapi.FaultSlowBody
)
