package fakeapi

import (
	"crypto/sha256"
	"net/http"
	"sync"
	"time"
)

// Idempotency stores the responses of requests that carried an idempotency
// key, as Stripe and the Logistics API do:
//
//   - a key seen with the same operation and the same body replays the
//     stored response, with the header "idempotent-replayed: true";
//   - a key reused with another operation or another body gets 422
//     (code "idempotency_key_reused"), and nothing is done;
//   - a key whose first request is still being handled gets 409
//     (code "idempotency_key_in_use");
//   - a response with a 5xx status is not stored, so the request can be
//     retried under the same key.
//
// Keys are kept for TTL (default 24 hours) and at most Max of them (default
// 10,000; the oldest go first). It is safe for concurrent use.
type Idempotency struct {
	// TTL is how long a key is kept; default 24 hours.
	TTL time.Duration
	// Max bounds how many keys are kept; default 10,000.
	Max int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Scope, when set, names the key space of a request (its credentials,
	// say): the same key in two scopes is two keys. nil means one space.
	Scope func(r *Request) string

	mu      sync.Mutex
	entries map[string]*idemEntry
	order   []string
}

type idemEntry struct {
	op      string
	sum     [sha256.Size]byte
	at      time.Time
	pending bool
	resp    *Response
}

// ReplayedHeader marks a replayed response.
const ReplayedHeader = "Idempotent-Replayed"

// begin looks key up for a request to op with body. It returns the stored
// response to replay, or an *Error, or a done func that stores the
// response of the request now being handled.
func (s *Idempotency) begin(key, op string, body []byte) (*Response, func(*Response), *Error) {
	now := s.now()
	sum := sha256.Sum256(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(now)
	if e, ok := s.entries[key]; ok {
		switch {
		case e.op != op || e.sum != sum:
			return nil, nil, Errorf(http.StatusUnprocessableEntity, "idempotency_key_reused",
				"idempotency-key was used with a different request (another operation or body); use a new key")
		case e.pending:
			return nil, nil, Errorf(http.StatusConflict, "idempotency_key_in_use",
				"a request with this idempotency-key is still being handled; retry later")
		}
		replay := &Response{Status: e.resp.Status, Header: e.resp.Header.Clone(), Body: e.resp.Body}
		if replay.Header == nil {
			replay.Header = http.Header{}
		}
		replay.Header.Set(ReplayedHeader, "true")
		return replay, nil, nil
	}
	if s.entries == nil {
		s.entries = map[string]*idemEntry{}
	}
	e := &idemEntry{op: op, sum: sum, at: now, pending: true}
	s.entries[key] = e
	s.order = append(s.order, key)
	return nil, func(resp *Response) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if resp.Status >= 500 {
			delete(s.entries, key)
			return
		}
		e.pending, e.resp = false, resp
	}, nil
}

// expire drops the keys older than TTL and the oldest beyond Max.
func (s *Idempotency) expire(now time.Time) {
	ttl, limit := s.TTL, s.Max
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	if limit <= 0 {
		limit = 10000
	}
	drop := 0
	for drop < len(s.order) {
		e, ok := s.entries[s.order[drop]]
		if ok && now.Sub(e.at) < ttl && len(s.order)-drop < limit {
			break
		}
		if ok && !e.pending {
			delete(s.entries, s.order[drop])
		}
		drop++
	}
	s.order = s.order[drop:]
}

func (s *Idempotency) scope(r *Request) string {
	if s.Scope == nil {
		return ""
	}
	return s.Scope(r)
}

func (s *Idempotency) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
