package coretest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

// request sends a request with the server's API key and returns the
// status and body.
func request(t *testing.T, srv *coretest.Server, method, path, body string) (int, string) {
	t.Helper()
	status, b, _ := fakeapitest.Do(t, method, srv.URL+path, http.Header{"Authorization": {"Bearer " + srv.APIKey}}, body)
	return status, b
}

// get is request with GET.
func get(t *testing.T, srv *coretest.Server, path string) (int, string) {
	t.Helper()
	return request(t, srv, http.MethodGet, path, "")
}

// send makes a request that must answer want and returns its body.
func send(t *testing.T, srv *coretest.Server, method, path, body string, want int) string {
	t.Helper()
	status, b := request(t, srv, method, path, body)
	if status != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, path, status, want, b)
	}
	return b
}

// envelope is the response envelope, data kept raw.
type envelope struct {
	Object string          `json:"_object"`
	Self   string          `json:"self"`
	Data   json.RawMessage `json:"data"`
	Error  *struct {
		Object  string `json:"_object"`
		Status  int    `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// collection is a page of a paginated collection.
type collection struct {
	Object     string            `json:"_object"`
	Prev       *string           `json:"prev"`
	Next       *string           `json:"next"`
	TotalCount int               `json:"total_count"`
	Data       []json.RawMessage `json:"data"`
}

// decode decodes an envelope's data into v.
func decode(t *testing.T, body string, v any) {
	t.Helper()
	var env envelope
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if err := json.Unmarshal(env.Data, v); err != nil {
		t.Fatalf("%v: %s", err, env.Data)
	}
}

// list returns the page at path.
func list(t *testing.T, srv *coretest.Server, path string) collection {
	t.Helper()
	var c collection
	decode(t, send(t, srv, http.MethodGet, path, "", http.StatusOK), &c)
	return c
}

// ids returns the "id" of each item of a page, as JSON text.
func ids(t *testing.T, c collection) []string {
	t.Helper()
	var out []string
	for _, it := range c.Data {
		var v struct {
			ID json.RawMessage `json:"id"`
		}
		if err := json.Unmarshal(it, &v); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Trim(string(v.ID), `"`))
	}
	return out
}

// firstID returns the integer id of the first item of the list at path.
func firstID(t *testing.T, srv *coretest.Server, path string) int64 {
	t.Helper()
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(list(t, srv, path).Data[0], &v); err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// decodeRaw decodes JSON b into v.
func decodeRaw(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}
