package fakeapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock               { return &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }
func op(id string) *Operation            { return &Operation{ID: id, Method: "GET", Path: "/" + id} }
func kinds(fs *Faults, o *Operation, n int) (out []FaultKind) {
	for range n {
		f, hit := fs.pick(o, false)
		if !hit {
			f.Kind = -1
		}
		out = append(out, f.Kind)
	}
	return out
}

func TestFaultsPick(t *testing.T) {
	a, b := op("a"), op("b")
	for _, tc := range []struct {
		name   string
		faults []Fault
		o      *Operation
		want   []FaultKind // -1: no fault
	}{
		{"chosen requests of one operation", []Fault{{Kind: FaultReset, Operation: "a", Requests: []int{2, 3}}}, a, []FaultKind{-1, FaultReset, FaultReset, -1}},
		{"by method and path", []Fault{{Kind: FaultSlowBody, Operation: "GET /a"}}, a, []FaultKind{FaultSlowBody, FaultSlowBody}},
		{"another operation", []Fault{{Kind: FaultReset, Operation: "a"}}, b, []FaultKind{-1, -1}},
		{"first matching fault wins", []Fault{{Kind: FaultRateLimit, Requests: []int{1}}, {Kind: FaultServerError}}, a, []FaultKind{FaultRateLimit, FaultServerError}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, kinds(NewFaults(1, tc.faults), tc.o, len(tc.want))); diff != "" {
				t.Errorf("faults (-want +got):\n%s", diff)
			}
		})
	}
	if f, hit := NewFaults(1, []Fault{{Kind: FaultReset}}).pick(a, true); hit {
		t.Errorf("a fault naming no operation hit a route: %+v", f)
	}
	if _, hit := NewFaults(1, []Fault{{Kind: FaultReset, Operation: "POST /token"}}).pick(&Operation{ID: "POST /token"}, true); !hit {
		t.Error("a fault naming a route did not hit it")
	}
}

func TestFaultsRateIsDeterministic(t *testing.T) {
	run := func(seed int64) []FaultKind { return kinds(NewFaults(seed, []Fault{{Rate: 0.3}}), op("a"), 200) }
	first := run(42)
	if diff := cmp.Diff(first, run(42)); diff != "" {
		t.Errorf("same seed, other faults (-first +second):\n%s", diff)
	}
	if cmp.Equal(first, run(43)) {
		t.Error("another seed gave the same faults")
	}
	count := map[FaultKind]int{}
	for _, k := range first {
		count[k]++
	}
	if hits := 200 - count[-1]; hits < 35 || hits > 85 {
		t.Errorf("%d of 200 requests hit at rate 0.3", hits)
	}
	for _, k := range []FaultKind{FaultRateLimit, FaultServerError, FaultReset} {
		if count[k] == 0 {
			t.Errorf("the zero Kind never drew %v: %v", k, count)
		}
	}
}

func TestWindow(t *testing.T) {
	clock := newClock()
	w := &Window{Limit: 3, Period: time.Hour, Now: clock.now}
	type step struct {
		advance time.Duration
		key     string
		ok      bool
		wait    time.Duration
	}
	steps := []step{
		{0, "a", true, 0}, {10 * time.Minute, "a", true, 0}, {10 * time.Minute, "a", true, 0},
		{time.Minute, "a", false, 39 * time.Minute}, // the first leaves the window at 60 min
		{0, "b", true, 0},                // per key
		{39 * time.Minute, "a", true, 0}, // rolling: the first has left
		{0, "a", false, 10 * time.Minute},
	}
	for i, s := range steps {
		clock.add(s.advance)
		ok, wait := w.Allow(s.key)
		if ok != s.ok || wait != s.wait {
			t.Errorf("step %d: Allow(%q) = %v, %v; want %v, %v", i, s.key, ok, wait, s.ok, s.wait)
		}
	}
}

func TestIdempotencyLifecycle(t *testing.T) {
	clock := newClock()
	s := &Idempotency{TTL: time.Hour, Max: 2, Now: clock.now}
	resp := &Response{Status: 200, Body: []byte("one")}
	_, done, e := s.begin("k", "op", []byte("b"))
	if e != nil {
		t.Fatal(e)
	}
	if _, _, e := s.begin("k", "op", []byte("b")); e == nil || e.Status != http.StatusConflict {
		t.Errorf("a key in flight: %v, want 409", e)
	}
	done(resp)
	if r, _, _ := s.begin("k", "op", []byte("b")); r == nil || string(r.Body) != "one" || r.Header.Get(ReplayedHeader) != "true" {
		t.Errorf("replay = %+v", r)
	}
	if _, _, e := s.begin("k", "other", []byte("b")); e == nil || e.Status != http.StatusUnprocessableEntity {
		t.Errorf("same key, other operation: %v, want 422", e)
	}
	_, done5, _ := s.begin("k5", "op", nil)
	done5(&Response{Status: 503})
	if r, _, e := s.begin("k5", "op", nil); r != nil || e != nil {
		t.Errorf("a 5xx was kept: %v %v", r, e)
	}
	clock.add(time.Hour)
	if r, _, e := s.begin("k", "op", []byte("b")); r != nil || e != nil {
		t.Errorf("an expired key was replayed: %v %v", r, e)
	}
}

func TestDelivererRetriesThenGivesUp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fails    int32 // answers 500 this many times first
		attempts int32
		wantErr  bool
	}{
		{"accepted at once", 0, 1, false},
		{"retried until accepted", 2, 3, false},
		{"refused every time", 10, 4, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) <= tc.fails {
					w.WriteHeader(http.StatusInternalServerError)
				}
			}))
			defer srv.Close()
			var statuses []int
			d := &Deliverer{Attempts: 4, Backoff: time.Millisecond, Record: func(a Attempt) { statuses = append(statuses, a.Status) }}
			defer d.Close()
			err := d.Deliver(context.Background(), Delivery{URL: srv.URL, Body: []byte("{}")})
			if (err != nil) != tc.wantErr || (err != nil && !errors.Is(err, ErrUndelivered)) {
				t.Errorf("Deliver = %v, want error %v", err, tc.wantErr)
			}
			if n.Load() != tc.attempts || len(statuses) != int(tc.attempts) {
				t.Errorf("%d attempts, %d recorded; want %d", n.Load(), len(statuses), tc.attempts)
			}
		})
	}
}

// TestDelivererDeliversEach checks that Deliver sends every delivery and
// names in its error only those that were refused.
func TestDelivererDeliversEach(t *testing.T) {
	var ok, refused atomic.Int32
	accept := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { ok.Add(1) }))
	defer accept.Close()
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		refused.Add(1)
		w.WriteHeader(http.StatusForbidden)
	}))
	defer refuse.Close()
	d := &Deliverer{Attempts: 2, Backoff: time.Millisecond}
	defer d.Close()
	err := d.Deliver(context.Background(), Delivery{URL: refuse.URL}, Delivery{URL: accept.URL})
	if !errors.Is(err, ErrUndelivered) || !strings.Contains(err.Error(), refuse.URL) || strings.Contains(err.Error(), accept.URL) {
		t.Errorf("Deliver = %v, want ErrUndelivered naming %s alone", err, refuse.URL)
	}
	if ok.Load() != 1 || refused.Load() != 2 {
		t.Errorf("accepted %d, refused %d requests; want 1 and 2", ok.Load(), refused.Load())
	}
	if err := d.Deliver(context.Background()); err != nil {
		t.Errorf("Deliver of nothing = %v", err)
	}
}

func TestDelivererCloseStopsRetries(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer srv.Close()
	d := &Deliverer{Attempts: 100, Backoff: time.Hour}
	d.Go(Delivery{URL: srv.URL})
	done := make(chan struct{})
	go func() { d.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not stop a delivery waiting to retry")
	}
}

func TestSynthSatisfiesPatterns(t *testing.T) {
	r := NewRand(3)
	for _, p := range []string{`^D[0-9a-zA-Z]+$`, `^[0-9]{10}$`, `^[1-9][0-9]{3}-[0-1][0-9]$`, `^\d+$`, `^https:\/\/.+`, `^SL\d{7}$`, `^a{2,3}b?c*$`} {
		s := genPattern(r, p, 11)
		if !regexp.MustCompile(p).MatchString(s) {
			t.Errorf("genPattern(%q) = %q, which does not match", p, s)
		}
	}
}

func TestSynthCompleteCopiesOnWrite(t *testing.T) {
	sp := tinySpec(t)
	thing := sp.Doc.Components.Schemas["Thing"].Value
	wrapper := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{"thing": {Value: thing}, "list": {Value: &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: &openapi3.SchemaRef{Value: thing}}}}}
	shared := map[string]any{"id": int64(1)}
	in := map[string]any{"thing": shared, "list": []any{shared}}
	sy := &Synth{R: NewRand(1)}
	out := sy.Complete(wrapper, in)
	if _, ok := shared["name"]; ok {
		t.Fatal("Complete modified a shared nested object")
	}
	for _, v := range []any{out["thing"], out["list"].([]any)[0]} {
		if _, ok := v.(map[string]any)["name"]; !ok {
			t.Errorf("Complete did not add the required name: %v", v)
		}
	}
	complete := map[string]any{"id": int64(2), "name": "x"}
	if got := sy.Complete(thing, complete); !Valid(thing, got) || len(got) != 2 {
		t.Errorf("Complete changed a complete object: %v", got)
	}
}

func FuzzGenPattern(f *testing.F) {
	for _, s := range []string{`^D[0-9a-zA-Z]+$`, `[`, `\`, `a{`, `a{3,}`, `[z-a]`, `(a|b)`, `x{99999}`} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, p string, minLen int) {
		s := genPattern(NewRand(1), p, minLen%100)
		if re, err := regexp.Compile(p); err == nil && isSimple(p) && !re.MatchString(s) {
			t.Errorf("genPattern(%q) = %q, which does not match", p, s)
		}
	})
}

// isSimple reports whether p uses only the syntax genPattern models.
func isSimple(p string) bool {
	return regexp.MustCompile(`^\^?([A-Za-z0-9_-]|\\d|\[[A-Za-z0-9]-[A-Za-z0-9]\])([+*?]|\{[0-9]\})?$`).MatchString(p)
}
