package webhook_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/flexport-go/flexport/internal/testutil"
	"github.com/flexport-go/flexport/logistics/webhook"
)

const payloadMarker = "PAYLOAD-MARKER-a17d"

var parcelBody = []byte(`{"logisticsAccountId":"acct-1","logisticsEventId":"evt-42","logisticsEventType":"Parcel.TrackingUpdated","logisticsEventTime":"2024-05-01T10:10:00Z","trackingCode":"1Z999","status":"IN_TRANSIT","message":"` + payloadMarker + `","eventTime":"2024-05-01T09:55:00Z","location":{"city":"Reno"}}`)

// handlerCase is one request to a handler built with NewHandler(auth, fn, opts...).
type handlerCase struct {
	name       string
	auth       webhook.Auth // handler's Auth; zero means BasicAuth(testUser, testPassword)
	method     string
	body       []byte
	creds      func(r *http.Request) // nil: the handler's own credentials
	opts       []webhook.Option
	fnErr      error
	wantStatus int
	wantCalled bool
	wantBody   string
	wantLogged bool // payload may be logged (when payload logging is on)
}

func handlerCases() []handlerCase {
	basic := webhook.BasicAuth(testUser, testPassword)
	token := webhook.TokenAuth(testHeader, testToken)
	none := func(*http.Request) {}
	return []handlerCase{
		{name: "basic ok", wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "basic ok PUT", method: http.MethodPut, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "token ok", auth: token, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "no auth ok", auth: webhook.NoAuth(), creds: none, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "basic missing", creds: none, wantStatus: 401, wantBody: "missing credentials\n"},
		{name: "basic wrong password", creds: func(r *http.Request) { r.SetBasicAuth(testUser, "wrong") }, wantStatus: 401, wantBody: "invalid credentials\n"},
		{name: "token sent as basic", auth: token, creds: func(r *http.Request) { r.SetBasicAuth(testUser, testToken) }, wantStatus: 401, wantBody: "missing credentials\n"},
		{name: "token wrong", auth: token, creds: func(r *http.Request) { r.Header.Set(testHeader, "wrong") }, wantStatus: 401, wantBody: "invalid credentials\n"},
		{name: "token missing", auth: token, creds: none, wantStatus: 401, wantBody: "missing credentials\n"},
		{name: "basic credentials for token auth", auth: basic, creds: func(r *http.Request) { r.Header.Set(testHeader, testToken) }, wantStatus: 401, wantBody: "missing credentials\n"},
		{name: "unauthenticated malformed", creds: none, body: []byte(`{"x":"` + payloadMarker), wantStatus: 401, wantBody: "missing credentials\n"},
		{name: "malformed JSON", body: []byte(`{"logisticsEventType":"` + payloadMarker), wantStatus: 400, wantBody: "malformed payload: invalid JSON or envelope field type\n", wantLogged: true},
		{name: "missing type", body: []byte(`{"logisticsEventId":"` + payloadMarker + `"}`), wantStatus: 400, wantBody: "malformed payload: missing logisticsEventType\n", wantLogged: true},
		{name: "not an object", body: []byte(`["` + payloadMarker + `"]`), wantStatus: 400, wantBody: "malformed payload: not a JSON object\n", wantLogged: true},
		{name: "too large", body: append(bytes.Repeat([]byte(" "), 2048), parcelBody...), opts: []webhook.Option{webhook.WithMaxBodySize(1024)}, wantStatus: 413, wantBody: "payload too large\n"},
		{name: "at the limit", opts: []webhook.Option{webhook.WithMaxBodySize(int64(len(parcelBody)))}, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "GET", method: http.MethodGet, wantStatus: 405, wantBody: "method not allowed\n"},
		{name: "DELETE", method: http.MethodDelete, wantStatus: 405, wantBody: "method not allowed\n"},
		{name: "handler error", fnErr: errors.New("queue full"), wantStatus: 500, wantCalled: true, wantBody: "internal error\n", wantLogged: true},
	}
}

func (tt handlerCase) handlerAuth() webhook.Auth {
	if tt.auth.Method() == "" {
		return webhook.BasicAuth(testUser, testPassword)
	}
	return tt.auth
}

// serve sends tt to h and returns the recorded response.
func serve(t *testing.T, h http.Handler, tt handlerCase) *httptest.ResponseRecorder {
	t.Helper()
	body := tt.body
	if body == nil {
		body = parcelBody
	}
	method := tt.method
	if method == "" {
		method = http.MethodPost
	}
	req := httptest.NewRequest(method, "/hook", bytes.NewReader(body))
	if tt.creds != nil {
		tt.creds(req)
	} else {
		tt.handlerAuth().Apply(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandlerStatuses(t *testing.T) {
	for _, tt := range handlerCases() {
		t.Run(tt.name, func(t *testing.T) {
			var called atomic.Int32
			var got *webhook.Event
			fn := func(ctx context.Context, ev *webhook.Event) error {
				called.Add(1)
				got = ev
				return tt.fnErr
			}
			rec := serve(t, webhook.NewHandler(tt.handlerAuth(), fn, tt.opts...), tt)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %q)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if (called.Load() == 1) != tt.wantCalled {
				t.Errorf("fn called %d times, want called = %t", called.Load(), tt.wantCalled)
			}
			if tt.wantCalled && (got.Type != webhook.ParcelTrackingUpdated || got.EventID != "evt-42") {
				t.Errorf("event = %+v", got)
			}
			if rec.Body.String() != tt.wantBody {
				t.Errorf("body = %q, want %q", rec.Body.String(), tt.wantBody)
			}
			if tt.wantStatus == 405 && rec.Header().Get("Allow") != "POST, PUT" {
				t.Errorf("Allow = %q", rec.Header().Get("Allow"))
			}
			if tt.wantStatus == 401 && tt.handlerAuth().Method() == "BASIC_AUTH" && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Basic ") {
				t.Errorf("WWW-Authenticate = %q", rec.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestHandlerTooLargeWithoutContentLength(t *testing.T) {
	body := append(bytes.Repeat([]byte(" "), 64), parcelBody...)
	h := webhook.NewHandler(webhook.NoAuth(), func(context.Context, *webhook.Event) error {
		t.Error("fn called")
		return nil
	}, webhook.WithMaxBodySize(32))
	req := httptest.NewRequest(http.MethodPost, "/", io.NopCloser(bytes.NewReader(body)))
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", rec.Code)
	}
}

func TestHandlerPassesRequestContext(t *testing.T) {
	type key struct{}
	var got any
	auth := webhook.TokenAuth(testHeader, testToken)
	h := webhook.NewHandler(auth, func(ctx context.Context, ev *webhook.Event) error {
		got = ctx.Value(key{})
		return nil
	})
	req, err := webhook.NewRequest(context.WithValue(context.Background(), key{}, "v"), "http://example.test/hook", auth, parcelBody)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || got != "v" {
		t.Errorf("status %d, context value %v; want 200, the request's", rec.Code, got)
	}
}

func TestNewHandlerPanics(t *testing.T) {
	fn := func(context.Context, *webhook.Event) error { return nil }
	for name, f := range map[string]func(){
		"nil fn":           func() { webhook.NewHandler(webhook.NoAuth(), nil) },
		"zero auth":        func() { webhook.NewHandler(webhook.Auth{}, fn) },
		"basic no pass":    func() { webhook.NewHandler(webhook.BasicAuth(testUser, ""), fn) },
		"basic no user":    func() { webhook.NewHandler(webhook.BasicAuth("", testPassword), fn) },
		"token no token":   func() { webhook.NewHandler(webhook.TokenAuth(testHeader, ""), fn) },
		"token no header":  func() { webhook.NewHandler(webhook.TokenAuth("", testToken), fn) },
		"token bad header": func() { webhook.NewHandler(webhook.TokenAuth("X Token:", testToken), fn) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				for _, s := range []string{testPassword, testToken, testUser} {
					if strings.Contains(fmt.Sprint(r), s) {
						t.Errorf("panic %v reveals a credential", r)
					}
				}
			}()
			f()
		})
	}
}

func TestHandlerDuplicateFilter(t *testing.T) {
	var calls atomic.Int32
	var fail atomic.Bool
	h := webhook.NewHandler(webhook.NoAuth(), func(context.Context, *webhook.Event) error {
		calls.Add(1)
		if fail.Load() {
			return errors.New("try again")
		}
		return nil
	}, webhook.WithDuplicateFilter(webhook.NewMemoryDeduper(10)))
	steps := []struct {
		name      string
		body      []byte
		fail      bool
		wantCode  int
		wantCalls int32
	}{
		{"first delivery fails", parcelBody, true, 500, 1},
		{"retry succeeds", parcelBody, false, 200, 2},
		{"duplicate skipped", parcelBody, false, 200, 2},
		{"other event runs", []byte(`{"logisticsEventId":"evt-43","logisticsEventType":"Order.Shipped"}`), false, 200, 3},
		{"no id never filtered", []byte(`{"logisticsEventType":"Order.Shipped"}`), false, 200, 4},
		{"no id again", []byte(`{"logisticsEventType":"Order.Shipped"}`), false, 200, 5},
	}
	for _, s := range steps {
		fail.Store(s.fail)
		rec := serve(t, h, handlerCase{auth: webhook.NoAuth(), creds: func(*http.Request) {}, body: s.body})
		if rec.Code != s.wantCode || calls.Load() != s.wantCalls {
			t.Errorf("%s: status %d, calls %d; want %d, %d", s.name, rec.Code, calls.Load(), s.wantCode, s.wantCalls)
		}
	}
}

// TestHandlerNeverLeaksCredentials runs every handler case with logging at
// Debug, with and without payload logging, and checks that no response or
// log line holds a password, token or Authorization value, and that
// payloads are logged only when asked and only once authenticated.
func TestHandlerNeverLeaksCredentials(t *testing.T) {
	secrets := []string{testPassword, testToken, testUser, base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))}
	for _, payloadLogging := range []bool{false, true} {
		for _, tt := range handlerCases() {
			t.Run(fmt.Sprintf("%s/payload=%t", tt.name, payloadLogging), func(t *testing.T) {
				logs := &testutil.SyncBuffer{}
				opts := append([]webhook.Option{webhook.WithLogger(newLogger(logs))}, tt.opts...)
				if payloadLogging {
					opts = append(opts, webhook.WithPayloadLogging())
				}
				fn := func(context.Context, *webhook.Event) error { return tt.fnErr }
				h := webhook.NewHandler(tt.handlerAuth(), fn, opts...)
				rec := serve(t, h, tt)
				newLogger(logs).Info("handler", "h", h) // the handler itself, logged
				if logs.Len() == 0 {
					t.Fatal("nothing logged")
				}
				for _, s := range secrets {
					if strings.Contains(rec.Body.String(), s) {
						t.Errorf("response body reveals a credential: %q", rec.Body)
					}
					for k, v := range rec.Header() {
						if strings.Contains(k+strings.Join(v, ","), s) {
							t.Errorf("response header %s reveals a credential", k)
						}
					}
					if strings.Contains(logs.String(), s) {
						t.Errorf("log reveals a credential:\n%s", logs)
					}
				}
				logged := strings.Contains(logs.String(), payloadMarker)
				switch {
				case !payloadLogging && logged:
					t.Errorf("payload logged without WithPayloadLogging:\n%s", logs)
				case payloadLogging && tt.wantLogged && !logged:
					t.Errorf("payload not logged with WithPayloadLogging:\n%s", logs)
				case !tt.wantLogged && logged:
					t.Errorf("payload of an unauthenticated request logged:\n%s", logs)
				}
				if strings.Contains(rec.Body.String(), payloadMarker) {
					t.Errorf("response body echoes the payload: %q", rec.Body)
				}
			})
		}
	}
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
