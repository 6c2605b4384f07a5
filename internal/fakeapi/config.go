package fakeapi

import (
	"net/http"
	"time"
)

// Config holds what the options of both fakes set in common.
type Config struct {
	// Seed seeds the data set and the faults.
	Seed int64
	// Latency delays every response.
	Latency time.Duration
	// Faults are injected in order; see Fault.
	Faults []Fault
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// WebhookClient sends webhooks; nil means a client with a 10 s timeout.
	WebhookClient *http.Client
	// Check, when set, receives each response that does not validate.
	Check func(operationID string, err error)
}

// Clock returns c.Now, or time.Now.
func (c *Config) Clock() func() time.Time {
	if c.Now == nil {
		return time.Now
	}
	return c.Now
}

// API returns an API over sp with the latency, faults and response check
// of c; the caller sets its handlers, authentication and rendering.
func (c *Config) API(sp *Spec) *API {
	return &API{Spec: sp, Faults: NewFaults(c.Seed, c.Faults), Latency: c.Latency, Check: c.Check}
}

// Deliverer returns a webhook Deliverer sending through c.WebhookClient.
func (c *Config) Deliverer() *Deliverer { return &Deliverer{Client: c.WebhookClient} }

// AddFaultRate adds a Fault that hits a fraction rate of the requests
// (at most 1) with a failure drawn from the seed; nothing when rate is not
// positive.
func (c *Config) AddFaultRate(rate float64) {
	if rate > 0 {
		c.Faults = append(c.Faults, Fault{Rate: min(rate, 1)})
	}
}
