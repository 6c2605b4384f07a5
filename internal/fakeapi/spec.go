package fakeapi

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Spec is an OpenAPI document compiled for serving: loaded, validated, with
// a router over its paths and its operations by id. It is immutable and
// safe for concurrent use; compile each document once per process.
type Spec struct {
	// Doc is the loaded document.
	Doc *openapi3.T

	router routers.Router
	byID   map[string]*Operation
	byOp   map[*openapi3.Operation]*Operation
}

// Operation is one operation of a Spec.
type Operation struct {
	// ID is the operation id, under which its Handler is registered.
	ID string
	// Method and Path are the HTTP method and the path template, such as
	// "GET" and "/shipments/{id}".
	Method, Path string
	// Op is the document's operation.
	Op *openapi3.Operation
	// Secured reports whether the operation requires credentials.
	Secured bool

	route *routers.Route
}

// String returns "METHOD /path/{template}".
func (o *Operation) String() string { return o.Method + " " + o.Path }

// LoadSpec loads and compiles the document in data (JSON or YAML). Every
// operation must have an operation id.
func LoadSpec(data []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("fakeapi: load document: %w", err)
	}
	doc.Servers = nil // route on paths alone, whatever the host
	r, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation())
	if err != nil {
		return nil, fmt.Errorf("fakeapi: compile router: %w", err)
	}
	s := &Spec{Doc: doc, router: r, byID: map[string]*Operation{}, byOp: map[*openapi3.Operation]*Operation{}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "" {
				return nil, fmt.Errorf("fakeapi: %s %s has no operation id", method, path)
			}
			sec := op.Security
			if sec == nil {
				sec = &doc.Security
			}
			o := &Operation{ID: op.OperationID, Method: method, Path: path, Op: op, Secured: len(*sec) > 0,
				route: &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}}
			s.byID[o.ID] = o
			s.byOp[op] = o
		}
	}
	return s, nil
}

// Operation returns the operation with the given id, or nil.
func (s *Spec) Operation(id string) *Operation { return s.byID[id] }

// Operations returns every operation, sorted by id.
func (s *Spec) Operations() []*Operation {
	out := make([]*Operation, 0, len(s.byID))
	for _, o := range s.byID {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Find returns the operation r matches and its path parameters. It
// returns an *Error with status 404 or 405 when there is none.
func (s *Spec) Find(r *http.Request) (*Operation, map[string]string, *Error) {
	route, params, err := s.router.FindRoute(r)
	if err == nil {
		return s.byOp[route.Operation], params, nil
	}
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		other := &http.Request{Method: m, URL: r.URL}
		if _, _, err := s.router.FindRoute(other); m != r.Method && err == nil {
			return nil, nil, Errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed on %s", r.Method, r.URL.Path)
		}
	}
	return nil, nil, Errorf(http.StatusNotFound, "not_found", "no operation matches %s %s", r.Method, r.URL.Path)
}

// ResponseSchema returns the schema of the JSON body of the operation's
// response with the given status (or its default response), or nil.
func (s *Spec) ResponseSchema(id string, status int) *openapi3.Schema {
	o := s.byID[id]
	if o == nil || o.Op.Responses == nil {
		return nil
	}
	ref := o.Op.Responses.Value(strconv.Itoa(status))
	if ref == nil {
		ref = o.Op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return nil
	}
	for _, mt := range []string{"application/json", "application/problem+json"} {
		if c := ref.Value.Content.Get(mt); c != nil && c.Schema != nil {
			return c.Schema.Value
		}
	}
	return nil
}

// RequestSchema returns the schema of the operation's JSON request body, or
// nil.
func (s *Spec) RequestSchema(id string) *openapi3.Schema {
	o := s.byID[id]
	if o == nil || o.Op.RequestBody == nil || o.Op.RequestBody.Value == nil {
		return nil
	}
	if c := o.Op.RequestBody.Value.Content.Get("application/json"); c != nil && c.Schema != nil {
		return c.Schema.Value
	}
	return nil
}

// Property returns the schema of property name of schema s, looking through
// allOf, or nil.
func Property(s *openapi3.Schema, name string) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if p := s.Properties[name]; p != nil {
		return p.Value
	}
	for _, sub := range s.AllOf {
		if p := Property(sub.Value, name); p != nil {
			return p
		}
	}
	return nil
}

// Valid reports whether v satisfies schema s as a response value.
func Valid(s *openapi3.Schema, v any) bool {
	return s.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors()) == nil
}
