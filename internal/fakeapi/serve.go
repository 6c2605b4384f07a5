package fakeapi

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Serve starts h on a loopback port, as httptest.NewServer does, and
// registers with tb.Cleanup the closing of the server and then of closer
// (the fake's background work), so that deliveries in flight end before
// the test does. It returns the server's URL.
func Serve(tb testing.TB, h http.Handler, closer func()) string {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(func() {
		srv.Close()
		if closer != nil {
			closer()
		}
	})
	return srv.URL
}
