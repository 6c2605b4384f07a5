package coretest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/flexport-go/flexport/core/coretest/internal/spec"
	"github.com/flexport-go/flexport/internal/fakeapi"
)

// Server is a fake Core API listening on a loopback port, like an
// httptest.Server. Point a client at URL with one of the credentials:
//
//	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey(srv.APIKey))
//
// or OAuth client credentials with TokenURL srv.URL + "/oauth/token".
type Server struct {
	// URL is the base URL of the fake, "http://127.0.0.1:port".
	URL string
	// APIKey is a legacy API key the fake accepts as a bearer token.
	APIKey string
	// ClientID and ClientSecret are OAuth client credentials the fake's
	// token endpoint (URL + "/oauth/token") accepts.
	ClientID, ClientSecret string

	h *Handler
}

// NewServer starts a fake Core API with the data set of the options,
// closed (with its webhook deliveries) when tb's test ends.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	h := NewHandler(opts...)
	u := fakeapi.Serve(tb, h, h.Close)
	h.base.Store(u)
	c := h.cfg.clients[0]
	return &Server{URL: u, APIKey: h.cfg.apiKey, ClientID: c.id, ClientSecret: c.secret, h: h}
}

// Handler returns the fake's handler, which holds its state.
func (s *Server) Handler() *Handler { return s.h }

// Emit records ev, as GET /events lists it, and delivers it to every
// registered webhook endpoint; see Handler.Emit.
func (s *Server) Emit(ctx context.Context, ev Event) (int64, error) { return s.h.Emit(ctx, ev) }

// RegisterWebhook adds a webhook endpoint; see Handler.RegisterWebhook.
func (s *Server) RegisterWebhook(url, secret string) { s.h.RegisterWebhook(url, secret) }

// Operations returns how many requests each operation answered
// successfully; see Handler.Operations.
func (s *Server) Operations() map[string]int { return s.h.Operations() }

// Handler is the fake Core API as an http.Handler, for use without a
// testing.TB: under a server of your own, in a process (see
// examples/mockserver). It serves the Core API at the root of whatever
// address it is reached at, and the OAuth token endpoint at /oauth/token.
// It is safe for concurrent use.
type Handler struct {
	cfg    config
	api    *fakeapi.API
	store  *store
	tokens *fakeapi.Window
	key    []byte // signs access tokens
	hooks  *fakeapi.Deliverer
	base   atomic.Value // string: the base URL of webhook payloads

	mu        sync.Mutex
	endpoints []webhook
	rng       *fakeapi.Rand // new string ids
}

// NewHandler returns a fake Core API with the data set of the options.
// Call Close when done with it to stop webhook deliveries in flight.
func NewHandler(opts ...Option) *Handler {
	cfg := newConfig(opts)
	sp := compiled()
	h := &Handler{cfg: cfg, store: newStore(sp), endpoints: append([]webhook(nil), cfg.webhooks...),
		tokens: &fakeapi.Window{Limit: TokenRequestsPerDay, Period: TokenLifetime, Now: cfg.Now},
		hooks:  cfg.Deliverer(),
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("coretest/%d/%s", cfg.Seed, cfg.apiKey)))
	h.key = sum[:]
	generate(h.store, cfg.Seed, cfg.shipments)
	h.api = cfg.API(sp)
	h.api.Handlers = h.handlers()
	h.api.Routes = map[string]fakeapi.Handler{"POST /oauth/token": h.token}
	h.api.Authenticate, h.api.Render, h.api.RequestIDHeader = h.authenticate, render, "X-Request-Id"
	return h
}

// ServeHTTP serves the Core API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.base.Load() == nil {
		h.base.CompareAndSwap(nil, fakeapi.BaseURL(r))
	}
	h.api.ServeHTTP(w, r)
}

// Operations returns how many requests each operation answered with a
// status below 400: every operation of the curated document, by operation
// id ("shipment_list", ...; 0 for those never called), and the token
// endpoint, "POST /oauth/token", once called. A test that must exercise
// every operation checks that none is 0.
func (h *Handler) Operations() map[string]int { return h.api.Served() }

// Close stops the webhook deliveries in flight and waits for them. The
// handler still serves requests.
func (h *Handler) Close() { h.hooks.Close() }

// compiled returns the curated document compiled for serving, once per
// process.
var compiled = sync.OnceValue(func() *fakeapi.Spec {
	sp, err := fakeapi.LoadSpec(spec.Document())
	if err != nil {
		panic("coretest: the embedded document does not load: " + err.Error()) // build output, checked by the tests
	}
	return sp
})

// handlers maps every operation id of the document to its handler: list
// and get operations by the kind whose operations they are, the others by
// name.
func (h *Handler) handlers() map[string]fakeapi.Handler {
	m := h.writes()
	for _, k := range kinds {
		if k.index != "" {
			m[k.index] = h.list(k)
		}
		if k.show != "" {
			m[k.show] = h.show(k)
		}
	}
	m["documents_download"] = h.download
	m["network_company_me"] = h.me
	return m
}
