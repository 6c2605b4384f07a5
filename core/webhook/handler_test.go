package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/webhook"
	"github.com/flexport-go/flexport/internal/testutil"
)

// payloadMarker is in every test body, to see whether payloads get logged.
const payloadMarker = "PAYLOAD-MARKER-5c1e"

var eventBody = []byte(`{"_object":"/event","id":42,"version":2,"created_at":"2024-01-02T03:04:05Z","occurred_at":"2024-01-02T03:04:05Z","type":"/shipment_leg#departed","data":{"_object":"/shipment_event_data","resource":{"_object":"/shipment_leg","id":1,"carrier_name":"` + payloadMarker + `"}}}`)

// handlerCase is one request to a handler built with NewHandler(testSecret, fn, opts...).
type handlerCase struct {
	name       string
	method     string
	body       []byte
	header     func(body []byte) http.Header // nil: signed with testSecret
	opts       []webhook.Option
	fnErr      error
	wantStatus int
	wantCalled bool
	wantBody   string // exact response body
	wantLogged bool   // whether the payload may appear in logs when payload logging is on
}

func signed(secret string) func([]byte) http.Header {
	return func(b []byte) http.Header {
		return http.Header{webhook.SignatureHeader: {webhook.Sign(secret, b)}}
	}
}

func handlerCases() []handlerCase {
	big := append(bytes.Repeat([]byte(" "), 2048), eventBody...)
	return []handlerCase{
		{name: "valid", wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "valid bare hex", header: func(b []byte) http.Header {
			return http.Header{webhook.SignatureHeader: {strings.TrimPrefix(webhook.Sign(testSecret, b), "sha256=")}}
		}, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "rotated secret", header: signed(rotatedOld), opts: []webhook.Option{webhook.WithSecrets(rotatedOld)}, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "missing signature", header: func([]byte) http.Header { return http.Header{} }, wantStatus: 401, wantBody: "missing signature\n"},
		{name: "empty signature", header: func([]byte) http.Header { return http.Header{webhook.SignatureHeader: {""}} }, wantStatus: 401, wantBody: "missing signature\n"},
		{name: "wrong secret", header: signed(unusedSecret), wantStatus: 401, wantBody: "invalid signature\n"},
		{name: "old secret after rotation removed", header: signed(rotatedOld), wantStatus: 401, wantBody: "invalid signature\n"},
		{name: "truncated signature", header: func(b []byte) http.Header {
			s := webhook.Sign(testSecret, b)
			return http.Header{webhook.SignatureHeader: {s[:len(s)-1]}}
		}, wantStatus: 401, wantBody: "invalid signature\n"},
		{name: "sha1 when disabled", header: func(b []byte) http.Header {
			return http.Header{webhook.LegacySignatureHeader: {webhook.SignSHA1(testSecret, b)}}
		}, wantStatus: 401, wantBody: "missing signature\n"},
		{name: "sha1 when enabled", header: func(b []byte) http.Header {
			return http.Header{webhook.LegacySignatureHeader: {webhook.SignSHA1(testSecret, b)}}
		}, opts: []webhook.Option{webhook.WithSHA1()}, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "malformed JSON", body: []byte(`{"type":` + `"` + payloadMarker), wantStatus: 400, wantBody: "malformed payload: invalid JSON or field type\n", wantLogged: true},
		{name: "not an event", body: []byte(`{"_object":"/shipment","type":"` + payloadMarker + `"}`), wantStatus: 400, wantBody: "malformed payload: \"_object\" is not \"/event\"\n", wantLogged: true},
		{name: "missing type", body: []byte(`{"_object":"/event","id":1,"x":"` + payloadMarker + `"}`), wantStatus: 400, wantBody: "malformed payload: missing \"type\"\n", wantLogged: true},
		{name: "unsigned malformed", body: []byte(`{"x":"` + payloadMarker), header: func([]byte) http.Header { return http.Header{} }, wantStatus: 401, wantBody: "missing signature\n"},
		{name: "too large", body: big, opts: []webhook.Option{webhook.WithMaxBodySize(1024)}, wantStatus: 413, wantBody: "payload too large\n"},
		{name: "at the limit", body: eventBody, opts: []webhook.Option{webhook.WithMaxBodySize(int64(len(eventBody)))}, wantStatus: 200, wantCalled: true, wantLogged: true},
		{name: "GET", method: http.MethodGet, wantStatus: 405, wantBody: "method not allowed\n"},
		{name: "PUT", method: http.MethodPut, wantStatus: 405, wantBody: "method not allowed\n"},
		{name: "handler error", fnErr: errors.New("database down"), wantStatus: 500, wantCalled: true, wantBody: "internal error\n", wantLogged: true},
	}
}

func TestHandlerStatuses(t *testing.T) {
	for _, tt := range handlerCases() {
		t.Run(tt.name, func(t *testing.T) {
			var called atomic.Int32
			var gotType webhook.EventType
			fn := func(ctx context.Context, ev *webhook.Event) error {
				called.Add(1)
				gotType = ev.Type
				return tt.fnErr
			}
			rec := serve(t, webhook.NewHandler(testSecret, fn, tt.opts...), tt)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %q)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if got := called.Load() == 1; got != tt.wantCalled {
				t.Errorf("fn called = %t, want %t", got, tt.wantCalled)
			}
			if tt.wantCalled && gotType != webhook.ShipmentLegDeparted {
				t.Errorf("event type = %q", gotType)
			}
			if rec.Body.String() != tt.wantBody {
				t.Errorf("body = %q, want %q", rec.Body.String(), tt.wantBody)
			}
			if tt.wantStatus == 405 {
				if got := rec.Header().Get("Allow"); got != http.MethodPost {
					t.Errorf("Allow = %q, want POST", got)
				}
			}
			if tt.wantBody != "" && rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type = %q", rec.Header().Get("Content-Type"))
			}
		})
	}
}

// serve sends tt to h and returns the recorded response.
func serve(t *testing.T, h http.Handler, tt handlerCase) *httptest.ResponseRecorder {
	t.Helper()
	body := tt.body
	if body == nil {
		body = eventBody
	}
	method := tt.method
	if method == "" {
		method = http.MethodPost
	}
	req := httptest.NewRequest(method, "/webhook", bytes.NewReader(body))
	header := tt.header
	if header == nil {
		header = signed(testSecret)
	}
	for k, v := range header(body) {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandlerTooLargeWithoutContentLength(t *testing.T) {
	body := append(bytes.Repeat([]byte(" "), 64), eventBody...)
	h := webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error {
		t.Error("fn called")
		return nil
	}, webhook.WithMaxBodySize(32))
	req := httptest.NewRequest(http.MethodPost, "/", io.NopCloser(bytes.NewReader(body)))
	req.ContentLength = -1 // chunked: only the reader can enforce the limit
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(testSecret, body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", rec.Code)
	}
}

func TestHandlerDefaultLimitIsOneMiB(t *testing.T) {
	ok := append(bytes.Repeat([]byte(" "), webhook.DefaultMaxBodySize-len(eventBody)), eventBody...)
	tooBig := append([]byte(" "), ok...)
	h := webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error { return nil })
	for _, tt := range []struct {
		body []byte
		want int
	}{{ok, 200}, {tooBig, 413}} {
		rec := serve(t, h, handlerCase{body: tt.body})
		if rec.Code != tt.want {
			t.Errorf("body of %d bytes: status = %d, want %d", len(tt.body), rec.Code, tt.want)
		}
	}
}

func TestHandlerPassesRequestContext(t *testing.T) {
	type key struct{}
	var got any
	h := webhook.NewHandler(testSecret, func(ctx context.Context, ev *webhook.Event) error {
		got = ctx.Value(key{})
		return nil
	})
	req, err := webhook.NewSignedRequest(context.WithValue(context.Background(), key{}, "v"), "http://example.test/hook", testSecret, eventBody)
	if err != nil {
		t.Fatal(err)
	}
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "v" {
		t.Errorf("fn saw context value %v, want the request's", got)
	}
}

func TestHandlerEvent(t *testing.T) {
	var got *webhook.Event
	h := webhook.NewHandler(testSecret, func(_ context.Context, ev *webhook.Event) error {
		got = ev
		return nil
	})
	if rec := serve(t, h, handlerCase{}); rec.Code != 200 {
		t.Fatalf("status = %d", rec.Code)
	}
	want, err := webhook.ParseEvent(eventBody)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	if got.ID != 42 || !got.CreatedAt.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("event = %+v", got)
	}
}

func TestNewHandlerPanics(t *testing.T) {
	fn := func(context.Context, *webhook.Event) error { return nil }
	for name, f := range map[string]func(){
		"nil fn":       func() { webhook.NewHandler(testSecret, nil) },
		"empty secret": func() { webhook.NewHandler("", fn, webhook.WithSecrets(testSecret)) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatal("no panic")
				}
				if strings.Contains(fmt.Sprint(r), testSecret) {
					t.Errorf("panic %v reveals the secret", r)
				}
			}()
			f()
		})
	}
}

func TestHandlerDuplicateFilter(t *testing.T) {
	var calls atomic.Int32
	fail := atomic.Bool{}
	h := webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error {
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
		{"first delivery fails", eventBody, true, 500, 1},
		{"retry succeeds", eventBody, false, 200, 2},
		{"duplicate skipped", eventBody, false, 200, 2},
		{"other event runs", []byte(`{"_object":"/event","id":43,"type":"/shipment#created"}`), false, 200, 3},
		{"event without id is never filtered", []byte(`{"type":"/shipment#created"}`), false, 200, 4},
		{"again without id", []byte(`{"type":"/shipment#created"}`), false, 200, 5},
	}
	for _, s := range steps {
		fail.Store(s.fail)
		rec := serve(t, h, handlerCase{body: s.body})
		if rec.Code != s.wantCode || calls.Load() != s.wantCalls {
			t.Errorf("%s: status %d, calls %d; want %d, %d", s.name, rec.Code, calls.Load(), s.wantCode, s.wantCalls)
		}
	}
}

// failingDeduper fails every call.
type failingDeduper struct{}

func (failingDeduper) Claim(context.Context, int64) (bool, error) {
	return false, errors.New("store down")
}
func (failingDeduper) Mark(context.Context, int64) error    { return errors.New("store down") }
func (failingDeduper) Release(context.Context, int64) error { return errors.New("store down") }

func TestHandlerDuplicateFilterFailureProcessesAnyway(t *testing.T) {
	var calls atomic.Int32
	logs := &testutil.SyncBuffer{}
	h := webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error {
		calls.Add(1)
		return nil
	}, webhook.WithDuplicateFilter(failingDeduper{}), webhook.WithLogger(newLogger(logs)))
	rec := serve(t, h, handlerCase{})
	if rec.Code != 200 || calls.Load() != 1 {
		t.Errorf("status %d, calls %d; want 200, 1", rec.Code, calls.Load())
	}
	if !strings.Contains(logs.String(), "store down") {
		t.Errorf("deduper failure not logged: %s", logs)
	}
}

// TestHandlerNeverLeaksSecrets runs every handler case with logging at
// Debug, with and without payload logging, and checks that no response body
// or log line holds a secret, and that payloads are logged only when asked
// and only once the signature is verified.
func TestHandlerNeverLeaksSecrets(t *testing.T) {
	secrets := []string{testSecret, rotatedOld}
	for _, payloadLogging := range []bool{false, true} {
		for _, tt := range handlerCases() {
			t.Run(fmt.Sprintf("%s/payload=%t", tt.name, payloadLogging), func(t *testing.T) {
				logs := &testutil.SyncBuffer{}
				opts := append([]webhook.Option{webhook.WithLogger(newLogger(logs))}, tt.opts...)
				if payloadLogging {
					opts = append(opts, webhook.WithPayloadLogging())
				}
				fn := func(context.Context, *webhook.Event) error { return tt.fnErr }
				rec := serve(t, webhook.NewHandler(testSecret, fn, opts...), tt)
				if logs.Len() == 0 {
					t.Fatal("nothing logged")
				}
				for _, s := range secrets {
					if strings.Contains(rec.Body.String(), s) {
						t.Errorf("response body reveals a secret: %q", rec.Body)
					}
					for k, v := range rec.Header() {
						if strings.Contains(k+strings.Join(v, ","), s) {
							t.Errorf("response header %s reveals a secret", k)
						}
					}
					if strings.Contains(logs.String(), s) {
						t.Errorf("log reveals a secret:\n%s", logs)
					}
				}
				if strings.Contains(logs.String(), "sha256=") || strings.Contains(logs.String(), "sha1=") {
					t.Errorf("log holds a signature header:\n%s", logs)
				}
				logged := strings.Contains(logs.String(), payloadMarker)
				switch {
				case !payloadLogging && logged:
					t.Errorf("payload logged without WithPayloadLogging:\n%s", logs)
				case payloadLogging && tt.wantLogged && !logged:
					t.Errorf("payload not logged with WithPayloadLogging:\n%s", logs)
				case !tt.wantLogged && logged:
					t.Errorf("payload of an unverified request logged:\n%s", logs)
				}
				if strings.Contains(rec.Body.String(), payloadMarker) {
					t.Errorf("response body echoes the payload: %q", rec.Body)
				}
			})
		}
	}
}

func TestHandlerFormatRedacts(t *testing.T) {
	h := webhook.NewHandler(testSecret, func(context.Context, *webhook.Event) error { return nil }, webhook.WithSecrets(rotatedOld))
	logs := &testutil.SyncBuffer{}
	newLogger(logs).Info("handler", "h", h)
	outputs := []string{
		fmt.Sprintf("%v", h), fmt.Sprintf("%+v", h), fmt.Sprintf("%#v", h), fmt.Sprintf("%s", h),
		fmt.Sprintf("%x", h), fmt.Sprintf("%d", h), fmt.Sprintf("%q", h), logs.String(),
	}
	for _, out := range outputs {
		for _, s := range []string{testSecret, rotatedOld, fmt.Sprintf("%x", testSecret), fmt.Sprint([]byte(testSecret))} {
			if strings.Contains(out, s) {
				t.Errorf("formatted handler reveals a secret: %s", out)
			}
		}
		if !strings.Contains(out, "REDACTED") {
			t.Errorf("formatted handler = %q, want a redaction marker", out)
		}
	}
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
