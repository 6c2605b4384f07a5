package coretest

import (
	"net/http"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// Defaults of the fake.
const (
	// DefaultShipments is the number of shipments of the data set.
	DefaultShipments = 200
	// DefaultSeed is the seed of the data set and of the faults.
	DefaultSeed = 1
	// DefaultAPIKey, DefaultClientID and DefaultClientSecret are the
	// credentials the fake accepts unless WithAPIKey or
	// WithClientCredentials choose others.
	DefaultAPIKey       = "coretest-api-key"
	DefaultClientID     = "coretest-client-id"
	DefaultClientSecret = "coretest-client-secret"
	// TokenRequestsPerDay is how many token requests POST /oauth/token
	// grants a client id in any rolling 24 hours, as Flexport documents;
	// the next one gets 429 with Retry-After.
	TokenRequestsPerDay = 10
	// TokenLifetime is the lifetime of the access tokens (expires_in).
	TokenLifetime = 24 * time.Hour
)

// Option configures NewServer and NewHandler.
type Option func(*config)

type config struct {
	fakeapi.Config
	shipments int
	apiKey    string
	clients   []oauthClient // the first is the Server's
	custom    bool          // WithClientCredentials replaced the default client
	webhooks  []webhook
}

// oauthClient is an OAuth client the token endpoint accepts.
type oauthClient struct{ id, secret string }

func newConfig(opts []Option) config {
	c := config{Config: fakeapi.Config{Seed: DefaultSeed}, shipments: DefaultShipments,
		apiKey: DefaultAPIKey, clients: []oauthClient{{DefaultClientID, DefaultClientSecret}}}
	for _, o := range opts {
		o(&c)
	}
	c.Now = c.Clock()
	return c
}

// WithShipments sets the number of shipments of the data set (default
// DefaultShipments). The rest of the data (legs, containers, bookings,
// purchase orders, invoices, documents, events) grows with it; the
// network, products and ports do not.
func WithShipments(n int) Option { return func(c *config) { c.shipments = max(n, 0) } }

// WithSeed sets the seed of the data set and of the faults (default
// DefaultSeed). The same seed gives the same data, byte for byte.
func WithSeed(seed int64) Option { return func(c *config) { c.Seed = seed } }

// WithLatency delays every response by d.
func WithLatency(d time.Duration) Option { return func(c *config) { c.Latency = d } }

// WithFaults injects failures: see Fault. Faults are tried in order; the
// first that hits a request decides what happens to it.
func WithFaults(faults ...Fault) Option {
	return func(c *config) { c.Faults = append(c.Faults, faults...) }
}

// WithFaultRate makes a fraction rate (0 to 1) of the requests to the
// document's operations fail, each with a 429, a 503 or a connection reset
// drawn from the seed. It is WithFaults(Fault{Rate: rate}).
func WithFaultRate(rate float64) Option {
	return func(c *config) { c.AddFaultRate(rate) }
}

// WithClock sets the clock of token lifetimes, the token request limit and
// the dates of objects the fake creates (default time.Now). The generated
// data set does not depend on it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.Now = now } }

// WithAPIKey sets the API key the fake accepts (default DefaultAPIKey).
func WithAPIKey(key string) Option { return func(c *config) { c.apiKey = key } }

// WithClientCredentials adds an OAuth client the token endpoint accepts.
// The first replaces the default client (DefaultClientID and
// DefaultClientSecret) and is the Server's ClientID and ClientSecret;
// each client id has its own limit of token requests.
func WithClientCredentials(id, secret string) Option {
	return func(c *config) {
		if !c.custom {
			c.clients, c.custom = nil, true
		}
		c.clients = append(c.clients, oauthClient{id, secret})
	}
}

// WithWebhook registers a webhook endpoint at start, as
// Handler.RegisterWebhook does.
func WithWebhook(url, secret string) Option {
	return func(c *config) { c.webhooks = append(c.webhooks, webhook{url: url, secret: secret}) }
}

// WithWebhookClient sends webhooks through hc (default: a client with a
// 10 s timeout), for example the Client of an httptest.NewTLSServer.
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
//   - Operation: the operation id ("shipment_show") or method and path
//     template ("GET /shipments/{id}"); "" for every operation of the
//     document. The token endpoint is hit only when named:
//     "POST /oauth/token".
//   - Requests: which matching requests to hit, counting from 1 ({1, 2}:
//     the first two); empty for all, subject to Rate.
//   - Rate: in (0, 1), the fraction of matching requests hit, drawn from
//     the seed; 0 hits them all.
//   - Status (default 503), RetryAfter (default 1 s), Delay (default 1 s).
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
