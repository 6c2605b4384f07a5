// Package fakeapitest holds what the tests and examples of both fakes
// (core/coretest, logistics/logisticstest) share. Only tests import it.
package fakeapitest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/flexport-go/flexport/internal/conformance"
	"github.com/flexport-go/flexport/internal/specpipe"
)

// ExampleT stands in for the *testing.T of a test in runnable examples,
// which have none: End runs the cleanups registered with Cleanup. Its
// other testing.TB methods must not be called.
type ExampleT struct {
	testing.TB
	cleanups []func()
}

// Helper does nothing.
func (t *ExampleT) Helper() {}

// Cleanup registers f to run at End.
func (t *ExampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

// End runs the cleanups, the last registered first.
func (t *ExampleT) End() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// Do sends a request with header (such as Authorization) and a body (JSON
// when it starts with "{", else a form, unless header sets Content-Type),
// without following redirects, and returns the status, body and header.
func Do(t testing.TB, method, url string, header http.Header, body string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	switch {
	case req.Header.Get("Content-Type") != "":
	case strings.HasPrefix(body, "{"):
		req.Header.Set("Content-Type", "application/json")
	case body != "":
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// Unserved returns, sorted, the operations served counts no successful
// request of (see the Operations method of both fakes).
func Unserved(served map[string]int) []string {
	var out []string
	for id, n := range served {
		if n == 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Invalid collects the responses a fake reports as not valid against its
// document (the report func of WithResponseValidation). It is safe for
// concurrent use.
type Invalid struct {
	mu   sync.Mutex
	list []string
}

// Report records a response that does not validate.
func (v *Invalid) Report(operationID string, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.list = append(v.list, fmt.Sprintf("%s: %.2000v", operationID, err))
}

// Check fails t for each response reported.
func (v *Invalid) Check(t testing.TB) {
	t.Helper()
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, e := range v.list {
		t.Errorf("invalid response: %s", e)
	}
}

// CheckSpec checks that embedded, a fake's structural document, is what
// `make generate` makes of the pinned upstream document name today: the
// curated document (conformance.Curated) stripped by specpipe.Structural.
// It skips when the upstream document is not available (see
// conformance.UpstreamDocument).
func CheckSpec(t *testing.T, name string, embedded []byte) {
	t.Helper()
	_, curated, err := conformance.Curated(name)
	if errors.Is(err, conformance.ErrNoUpstream) {
		t.Skipf("%s: %v", name, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	want, err := specpipe.Structural(curated)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, embedded) {
		t.Errorf("the embedded document of %s is stale: run `make generate`", name)
	}
}
