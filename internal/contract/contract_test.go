package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/internal/fakeapi"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

// TestContract calls every method of both clients against the fakes and
// checks that every operation of both documents was exercised, that the
// fakes refused no request (the fake answers 400 to a request that does not
// validate against its document), and that every response validated.
func TestContract(t *testing.T) {
	apis := []*api{newCoreAPI(t), newLogisticsAPI(t)}
	var ops, exercised, invalid, requests int
	for _, a := range apis {
		t.Run(a.name, a.run)
		served := a.served()
		n := 0
		for id := range served {
			if !strings.Contains(id, " ") { // not a route outside the document ("POST /oauth/token")
				n++
			}
		}
		missing := fakeapitest.Unserved(served)
		for _, id := range missing {
			t.Errorf("%s: operation %s was not exercised: add a case calling the method that serves it", a.name, id)
		}
		ops += n
		exercised += n - len(missing)
		invalid += a.rec.invalid()
		requests += a.rec.total()
		t.Logf("%s: %d/%d operations exercised, %d invalid requests, %d requests", a.name, n-len(missing), n, a.rec.invalid(), a.rec.total())
	}
	t.Logf("%d/%d operations exercised, %d invalid requests (%d requests)", exercised, ops, invalid, requests)
	if ops == 0 || exercised != ops || invalid != 0 {
		t.Errorf("%d/%d operations exercised, %d invalid requests; want all exercised and none invalid", exercised, ops, invalid)
	}
}

// api is one client against its fake.
type api struct {
	name string
	// client is the client value whose service fields are reflected on.
	client any
	// cases maps "Service.Method" to a call of that method with valid
	// input, which checks what comes back; it returns the method's error.
	cases map[string]func(ctx context.Context, t *testing.T) error
	// served is the fake's Operations.
	served func() map[string]int
	rec    *recorder
	checks *fakeapitest.Invalid
}

// run checks that the cases and the methods of the client's services are
// the same, and runs each case in name order.
func (a *api) run(t *testing.T) {
	var names []string
	for name := range a.cases {
		names = append(names, name)
	}
	slices.Sort(names)
	if diff := cmp.Diff(serviceMethods(a.client), names); diff != "" {
		t.Errorf("methods of the %s client's services (-want) and the cases (+got) differ: every method needs a case\n%s", a.name, diff)
	}
	ctx := context.Background()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			before := a.rec.total()
			if err := a.cases[name](ctx, t); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if a.rec.total() == before {
				t.Errorf("%s sent no request", name)
			}
		})
	}
	a.checks.Check(t)
	for _, r := range a.rec.refused() {
		t.Errorf("the fake refused %s", r)
	}
}

// serviceMethods returns "Field.Method" for every exported method of every
// service field of client, a struct (the services are struct values with
// pointer-receiver methods), sorted.
func serviceMethods(client any) []string {
	ct := reflect.TypeOf(client)
	var out []string
	for i := range ct.NumField() {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Struct {
			continue
		}
		pt := reflect.PointerTo(f.Type)
		for j := range pt.NumMethod() {
			out = append(out, f.Name+"."+pt.Method(j).Name)
		}
	}
	slices.Sort(out)
	return out
}

// fake is the Handler of either fake.
type fake interface {
	http.Handler
	Close()
}

// serve starts h behind a recorder on a loopback port, closed (then h)
// when t ends, and returns its URL.
func serve(t *testing.T, h fake) (string, *recorder) {
	rec := &recorder{next: h}
	return fakeapi.Serve(t, rec, h.Close), rec
}

// recorder counts the requests a fake answers and keeps those it refused
// (status 400 and above).
type recorder struct {
	next http.Handler

	mu      sync.Mutex
	n       int
	bad     int // status 400: the request does not validate
	refusal []string
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	rc.n++ // before the response, which the client may read before the handler returns
	rc.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	rc.next.ServeHTTP(sw, r)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if sw.status == http.StatusBadRequest {
		rc.bad++
	}
	if sw.status >= 400 {
		rc.refusal = append(rc.refusal, fmt.Sprintf("%s %s: %d %.600s", r.Method, r.URL.RequestURI(), sw.status, sw.body.Bytes()))
	}
}

func (rc *recorder) total() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.n
}

func (rc *recorder) invalid() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.bad
}

func (rc *recorder) refused() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.refusal)
}

// statusWriter keeps the status, and the body of a refusal.
type statusWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status >= 400 && w.body.Len() < 4096 {
		w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Flush passes a flush on, for the fakes' slow bodies.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// from decodes JSON s into a new T: request bodies are written in the wire
// format, so that the cases do not depend on the Go names of the models.
func from[T any](t *testing.T, s string) *T {
	t.Helper()
	v := new(T)
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("decode %T: %v", v, err)
	}
	return v
}

// first returns the first item of seq and its error, or an error when seq
// is empty.
func first[T any](seq func(func(*T, error) bool)) (*T, error) {
	for v, err := range seq {
		return v, err
	}
	return nil, fmt.Errorf("empty list")
}

// count walks seq to its end and returns how many items it yielded.
func count[T any](seq func(func(*T, error) bool)) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("empty list")
	}
	return n, nil
}
