package fakeapi

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// FaultKind is a kind of injected failure.
type FaultKind int

// Fault kinds. The zero kind is one of FaultRateLimit, FaultServerError
// and FaultReset, drawn from the seed for each request it hits.
const (
	// FaultRateLimit answers 429 Too Many Requests with Retry-After.
	FaultRateLimit FaultKind = iota + 1
	// FaultServerError answers a 5xx status (Status, default 503).
	FaultServerError
	// FaultReset closes the connection without a response.
	FaultReset
	// FaultSlowBody sends the real response with its body in ten parts
	// spread over Delay.
	FaultSlowBody
)

// Fault is a failure the fakes inject instead of, or into, a response.
// Which requests it hits is deterministic: for a given seed and order of
// requests, always the same ones.
type Fault struct {
	// Kind is the failure; the zero Kind picks FaultRateLimit,
	// FaultServerError or FaultReset for each request it hits.
	Kind FaultKind
	// Operation limits the fault to one operation, named by its operation
	// id ("shipment_show") or its method and path template
	// ("GET /shipments/{id}"). "" means every operation of the document
	// (not the Core token endpoint, which only a fault naming it hits:
	// "POST /oauth/token").
	Operation string
	// Requests lists which of the matching requests to hit, counting from
	// 1 in the order they arrive: {1, 2} fails the first two. Empty means
	// every matching request, subject to Rate.
	Requests []int
	// Rate, between 0 and 1 exclusive, hits that fraction of the matching
	// requests, drawn from the seed. 0 (or 1 and more) hits them all.
	Rate float64
	// Status is the status of FaultServerError (default 503).
	Status int
	// RetryAfter is the Retry-After of FaultRateLimit (default 1 s, sent
	// in whole seconds).
	RetryAfter time.Duration
	// Delay is how long FaultSlowBody takes to send the body (default 1 s).
	Delay time.Duration
}

// Faults picks the faults of requests, deterministically from a seed. A nil
// *Faults injects none. It is safe for concurrent use.
type Faults struct {
	mu     sync.Mutex
	rng    *rand.Rand
	list   []Fault
	counts []int
}

// NewFaults returns the picker of list, drawing from seed; nil when list
// is empty.
func NewFaults(seed int64, list []Fault) *Faults {
	if len(list) == 0 {
		return nil
	}
	return &Faults{rng: NewRand(seed ^ 0x5eed_fa17).Rand, list: slices.Clone(list), counts: make([]int, len(list))}
}

// pick returns the first fault that hits a request to op. route reports
// whether op is one of the API's Routes, which only a fault naming it hits.
func (f *Faults) pick(op *Operation, route bool) (Fault, bool) {
	if f == nil {
		return Fault{}, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, fl := range f.list {
		switch fl.Operation {
		case "":
			if route {
				continue
			}
		case op.ID, op.String():
		default:
			continue
		}
		f.counts[i]++
		n := f.counts[i]
		if len(fl.Requests) > 0 {
			if !slices.Contains(fl.Requests, n) {
				continue
			}
		} else if fl.Rate > 0 && fl.Rate < 1 && f.rng.Float64() >= fl.Rate {
			continue
		}
		if fl.Kind == 0 {
			fl.Kind = []FaultKind{FaultRateLimit, FaultServerError, FaultReset}[f.rng.IntN(3)]
		}
		return fl, true
	}
	return Fault{}, false
}

// error returns the API error of a FaultRateLimit or FaultServerError.
func (fl Fault) error() *Error {
	if fl.Kind == FaultRateLimit {
		ra := fl.RetryAfter
		if ra <= 0 {
			ra = time.Second
		}
		e := Errorf(http.StatusTooManyRequests, "too_many_requests", "rate limited (injected fault); retry after %s", ra)
		e.RetryAfter = ra
		return e
	}
	status := fl.Status
	if status < 500 || status > 599 {
		status = http.StatusServiceUnavailable
	}
	return Errorf(status, "server_error", "%s (injected fault)", http.StatusText(status))
}

func (fl Fault) delay() time.Duration {
	if fl.Delay <= 0 {
		return time.Second
	}
	return fl.Delay
}

// reset closes the connection of w without a response: hijacked and closed
// with SO_LINGER 0 (a TCP RST) when possible, else aborted.
func reset(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// trickle writes body in ten parts spread over total, flushing each, until
// ctx is done.
func trickle(ctx context.Context, w http.ResponseWriter, body []byte, total time.Duration) {
	const parts = 10
	rc := http.NewResponseController(w)
	step := (len(body) + parts - 1) / parts
	for i := 0; i < len(body); i += max(step, 1) {
		if i > 0 && !sleep(ctx, total/parts) {
			return
		}
		end := min(i+max(step, 1), len(body))
		if _, err := w.Write(body[i:end]); err != nil {
			return
		}
		_ = rc.Flush()
	}
}
