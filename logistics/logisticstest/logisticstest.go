package logisticstest

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/flexport-go/flexport/internal/fakeapi"
	"github.com/flexport-go/flexport/logistics/logisticstest/internal/spec"
)

// Server is a fake Logistics API listening on a loopback port, like an
// httptest.Server:
//
//	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken(srv.Token))
type Server struct {
	// URL is the base URL of the fake, "http://127.0.0.1:port": a host,
	// as logistics.DefaultBaseURL is; the operations are under
	// URL + APIRoot.
	URL string
	// Token is an API token the fake accepts as a bearer token.
	Token string

	h *Handler
}

// NewServer starts a fake Logistics API with the data set of the options,
// closed (with its webhook deliveries) when tb's test ends.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	h := NewHandler(opts...)
	return &Server{URL: fakeapi.Serve(tb, h, h.Close), Token: h.cfg.token, h: h}
}

// Handler returns the fake's handler, which holds its state.
func (s *Server) Handler() *Handler { return s.h }

// Emit records ev and delivers it to the matching webhook subscriptions;
// see Handler.Emit.
func (s *Server) Emit(ctx context.Context, ev Event) (string, error) { return s.h.Emit(ctx, ev) }

// Operations returns how many requests each operation answered
// successfully; see Handler.Operations.
func (s *Server) Operations() map[string]int { return s.h.Operations() }

// Handler is the fake Logistics API as an http.Handler, for use without a
// testing.TB (see examples/mockserver). It serves the API under APIRoot of
// whatever address it is reached at. It is safe for concurrent use.
type Handler struct {
	cfg   config
	api   *fakeapi.API
	hooks *fakeapi.Deliverer
	t     map[string]*fakeapi.Table // by resource name
	ids   fakeapi.Counter

	mu     sync.Mutex
	sy     *fakeapi.Synth // ids and synthesized values
	tokens map[string]string
	codes  map[string]grant
	seq    int64 // last event number
}

// NewHandler returns a fake Logistics API with the data set of the
// options. Call Close when done with it to stop webhook deliveries in
// flight.
func NewHandler(opts ...Option) *Handler {
	cfg := newConfig(opts)
	sp := compiled()
	h := &Handler{cfg: cfg, hooks: cfg.Deliverer(), t: map[string]*fakeapi.Table{},
		sy:     &fakeapi.Synth{R: fakeapi.NewRand(cfg.Seed), Now: cfg.Now(), Word: word},
		tokens: map[string]string{cfg.token: "1000001"}, codes: map[string]grant{}}
	for _, name := range tables {
		h.t[name] = &fakeapi.Table{}
	}
	h.api = cfg.API(sp)
	h.api.Handlers = h.handlers()
	h.api.Authenticate, h.api.Render, h.api.RequestIDHeader = h.authenticate, render, "X-Correlation-Id"
	h.api.Idempotency = &fakeapi.Idempotency{Now: cfg.Now, Scope: func(r *fakeapi.Request) string { return r.Header.Get("Authorization") }}
	h.seed()
	return h
}

// ServeHTTP serves the Logistics API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.api.ServeHTTP(w, r) }

// Operations returns how many requests each operation answered with a
// status below 400: every operation of the curated document, by operation
// id ("CreateOrder", ...; 0 for those never called). A test that
// must exercise every operation checks that none is 0.
func (h *Handler) Operations() map[string]int { return h.api.Served() }

// Close stops the webhook deliveries in flight and waits for them. The
// handler still serves requests.
func (h *Handler) Close() { h.hooks.Close() }

// compiled returns the curated document compiled for serving, once per
// process.
var compiled = sync.OnceValue(func() *fakeapi.Spec {
	sp, err := fakeapi.LoadSpec(spec.Document())
	if err != nil {
		panic("logisticstest: the embedded document does not load: " + err.Error()) // build output, checked by the tests
	}
	return sp
})

// authenticate accepts the API token, or a token of the OAuth exchange,
// as a bearer token (or in X-Shopify-Access-Token, the document's TOKEN
// scheme).
func (h *Handler) authenticate(r *fakeapi.Request) error {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		tok = r.Header.Get("X-Shopify-Access-Token")
	}
	if tok != "" && h.account(tok) != "" {
		return nil
	}
	return fakeapi.Errorf(http.StatusUnauthorized, "unauthorized", "missing or invalid API token: send Authorization: Bearer <token>")
}

// account returns the logistics account of a token, or "".
func (h *Handler) account(tok string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	for t, acct := range h.tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(tok)) == 1 {
			return acct
		}
	}
	return ""
}

// render renders an error as application/problem+json (RFC 7807), with
// the six-digit code of the error when it has one; a 401 carries code and
// message as the document's UnauthorizedError requires.
func render(r *fakeapi.Request, e *fakeapi.Error) *fakeapi.Response {
	title := http.StatusText(e.Status)
	p := map[string]any{"type": "https://docs.logistics-api.flexport.com/2023-10/#section/Errors/" + strings.ReplaceAll(title, " ", ""),
		"title": title, "status": e.Status, "detail": e.Message, "instance": r.URL.Path}
	switch {
	case e.Number != 0:
		p["code"] = e.Number
	case e.Status == http.StatusUnauthorized:
		p["code"], p["message"] = e.Status, e.Message
	}
	resp := fakeapi.JSON(e.Status, p)
	resp.Header.Set("Content-Type", "application/problem+json")
	e.SetRetryAfter(resp.Header)
	return resp
}
