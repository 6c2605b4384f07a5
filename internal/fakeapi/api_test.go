package fakeapi

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tinyDoc is a small document exercising routing, security, parameters,
// bodies and response schemas.
const tinyDoc = `{
 "openapi": "3.0.3",
 "info": {"title": "tiny", "version": "1"},
 "security": [{"key": []}],
 "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
  "schemas": {"Thing": {"type": "object", "required": ["id", "name"],
   "properties": {"id": {"type": "integer"}, "name": {"type": "string", "nullable": true}}}}},
 "paths": {
  "/things": {
   "get": {"operationId": "list", "parameters": [{"name": "per", "in": "query", "schema": {"type": "integer", "maximum": 10, "default": 5}}],
    "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}},
   "post": {"operationId": "create", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
    "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}
  },
  "/things/{id}": {"get": {"operationId": "show", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
  "/open": {"get": {"operationId": "open", "security": [], "responses": {"204": {"description": ""}}}}
 }
}`

func tinySpec(t testing.TB) *Spec {
	t.Helper()
	sp, err := LoadSpec([]byte(tinyDoc))
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// tinyAPI returns an API over tinyDoc whose handlers echo what they got:
// "show" answers {"id": id, "name": <per>}, "create" the body, "list" an
// invalid item when the query says bad=1.
func tinyAPI(t testing.TB, check func(string, error)) *API {
	sp := tinySpec(t)
	var mu sync.Mutex
	n := 0
	return &API{
		Spec: sp,
		Handlers: map[string]Handler{
			"show": func(r *Request) (*Response, error) {
				if r.Params["id"] == "404" {
					return nil, Errorf(http.StatusNotFound, "not_found", "no thing %s", r.Params["id"])
				}
				return JSON(http.StatusOK, map[string]any{"id": r.Params["id"], "name": r.Query.Get("per")}), nil
			},
			"list": func(r *Request) (*Response, error) {
				if r.Query.Get("bad") == "1" {
					return JSON(http.StatusOK, []any{map[string]any{"id": "x"}}), nil
				}
				return JSON(http.StatusOK, []any{map[string]any{"id": 1, "name": r.Query.Get("per")}}), nil
			},
			"create": func(r *Request) (*Response, error) {
				mu.Lock()
				n++
				mu.Unlock()
				return &Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}, "X-N": {strings.Repeat("i", n)}}, Body: r.Body}, nil
			},
		},
		Routes: map[string]Handler{"POST /token": func(r *Request) (*Response, error) {
			return JSON(http.StatusOK, map[string]any{"route": r.Op.ID}), nil
		}},
		Authenticate: func(r *Request) error {
			if r.Header.Get("Authorization") != "Bearer k" {
				return Errorf(http.StatusUnauthorized, "unauthorized", "bad key")
			}
			return nil
		},
		Render: func(r *Request, e *Error) *Response {
			resp := JSON(e.Status, map[string]any{"code": e.Code, "message": e.Message})
			e.SetRetryAfter(resp.Header)
			return resp
		},
		Check:           check,
		Idempotency:     &Idempotency{Scope: func(r *Request) string { return r.Header.Get("X-Scope") }},
		RequestIDHeader: "X-Request-Id",
	}
}

func send(t *testing.T, h http.Handler, method, path, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer k")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestAPIRoutesValidatesAndRenders(t *testing.T) {
	api := tinyAPI(t, nil)
	for _, tc := range []struct {
		name, method, path, body, auth string
		status                         int
		body2                          string // substring of the response body
	}{
		{"by operation id", "GET", "/things/7", "", "Bearer k", 200, `"id":"7"`},
		{"the document's default", "GET", "/things", "", "Bearer k", 200, `"name":"5"`},
		{"route outside the document", "POST", "/token", "", "", 200, `"route":"POST /token"`},
		{"no credentials", "GET", "/things/7", "", "", 401, `"message":"bad key"`},
		{"open operation", "GET", "/open", "", "", 501, "does not implement GET /open"},
		{"path parameter of the wrong type", "GET", "/things/abc", "", "Bearer k", 400, `path parameter \"id\"`},
		{"query parameter out of range", "GET", "/things?per=11", "", "Bearer k", 400, `query parameter \"per\": number must be at most 10`},
		{"missing body property", "POST", "/things", `{"id":1}`, "Bearer k", 400, `request body at /name: property \"name\" is missing`},
		{"required property null", "POST", "/things", `{"id":1,"name":null}`, "Bearer k", 400, "request body at /name: required property is null"},
		{"handler error", "GET", "/things/404", "", "Bearer k", 404, "no thing 404"},
		{"unknown path", "GET", "/nothing", "", "Bearer k", 404, "no operation matches GET /nothing"},
		{"method not allowed", "DELETE", "/things/7", "", "Bearer k", 405, "DELETE is not allowed on /things/7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := send(t, api, tc.method, tc.path, tc.body, "Authorization", tc.auth)
			if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.body2) {
				t.Errorf("%s %s = %d %s, want %d and %q", tc.method, tc.path, w.Code, w.Body, tc.status, tc.body2)
			}
			if w.Header().Get("X-Request-Id") == "" {
				t.Error("no request id")
			}
		})
	}
	got := api.Served()
	want := map[string]int{"show": 1, "list": 1, "create": 0, "open": 0, "POST /token": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Served (-want +got):\n%s", diff)
	}
}

func TestAPIChecksResponses(t *testing.T) {
	var got []string
	api := tinyAPI(t, func(op string, err error) { got = append(got, op) })
	send(t, api, "GET", "/things", "")
	send(t, api, "GET", "/things?bad=1", "")
	if diff := cmp.Diff([]string{"list"}, got); diff != "" {
		t.Errorf("responses reported invalid (-want +got):\n%s", diff)
	}
}

func TestAPIIdempotency(t *testing.T) {
	api := tinyAPI(t, nil)
	key := "Idempotency-Key"
	first := send(t, api, "POST", "/things", `{"id":1,"name":"a"}`, key, "k1")
	type result struct {
		Status            int
		Replayed, N, Body string
	}
	res := func(w *httptest.ResponseRecorder) result {
		b, _ := io.ReadAll(w.Body)
		return result{w.Code, w.Header().Get(ReplayedHeader), w.Header().Get("X-N"), string(b)}
	}
	for _, tc := range []struct {
		name string
		w    *httptest.ResponseRecorder
		want result
	}{
		{"first", first, result{200, "", "i", `{"id":1,"name":"a"}`}},
		{"same key, same body: replayed, not handled again", send(t, api, "POST", "/things", `{"id":1,"name":"a"}`, key, "k1"), result{200, "true", "i", `{"id":1,"name":"a"}`}},
		{"same key, other body", send(t, api, "POST", "/things", `{"id":2,"name":"b"}`, key, "k1"), result{422, "", "", `{"code":"idempotency_key_reused","message":"idempotency-key was used with a different request (another operation or body); use a new key"}`}},
		{"other key", send(t, api, "POST", "/things", `{"id":1,"name":"a"}`, key, "k2"), result{200, "", "ii", `{"id":1,"name":"a"}`}},
		{"no key", send(t, api, "POST", "/things", `{"id":1,"name":"a"}`), result{200, "", "iii", `{"id":1,"name":"a"}`}},
		{"same key in another scope", send(t, api, "POST", "/things", `{"id":2,"name":"b"}`, key, "k1", "X-Scope", "s2"), result{200, "", "iiii", `{"id":2,"name":"b"}`}},
	} {
		if diff := cmp.Diff(tc.want, res(tc.w)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
