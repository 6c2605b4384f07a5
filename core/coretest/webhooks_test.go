package coretest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/core/webhook"
)

// receiver is a webhook endpoint that verifies deliveries with
// core/webhook, after refusing the first fail attempts with 500.
type receiver struct {
	*httptest.Server
	attempts atomic.Int32
	mu       sync.Mutex
	events   []delivered
	got      chan struct{}
}

// delivered is what the receiver saw of an event.
type delivered struct {
	ID         int64
	Type       string
	ShipmentID int64
	Resource   string // the data's resource's _object
}

func newReceiver(t *testing.T, secret string, fail int32) *receiver {
	rc := &receiver{got: make(chan struct{}, 100)}
	verified := webhook.NewHandler(secret, func(_ context.Context, ev *webhook.Event) error {
		var data struct {
			Shipment struct {
				ID int64 `json:"id"`
			} `json:"shipment"`
			Resource struct {
				Object string `json:"_object"`
			} `json:"resource"`
		}
		if err := ev.DecodeData(&data); err != nil {
			return err
		}
		rc.mu.Lock()
		rc.events = append(rc.events, delivered{ev.ID, string(ev.Type), data.Shipment.ID, data.Resource.Object})
		rc.mu.Unlock()
		rc.got <- struct{}{}
		return nil
	})
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc.attempts.Add(1) <= fail {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		verified.ServeHTTP(w, r)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) received() []delivered {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivered(nil), rc.events...)
}

// TestEmitDeliversSignedEvents checks that Emit delivers /event payloads
// that core/webhook verifies (X-Hub-Signature-256), retrying after
// non-2xx answers, and that GET /events/{id} lists them.
func TestEmitDeliversSignedEvents(t *testing.T) {
	rc := newReceiver(t, "s3cret", 2)
	srv := coretest.NewServer(t, coretest.WithShipments(5), coretest.WithWebhook(rc.URL, "s3cret"))
	ctx := context.Background()
	ship := firstID(t, srv, "/shipments?per=1")
	for _, tc := range []struct {
		ev   coretest.Event
		want delivered
	}{
		{coretest.Event{Type: "/shipment_leg#departed", ShipmentID: ship}, delivered{Type: "/shipment_leg#departed", ShipmentID: ship, Resource: "/shipment_leg"}},
		{coretest.Event{Type: "/shipment#delivered_in_full", ShipmentID: ship}, delivered{Type: "/shipment#delivered_in_full", ShipmentID: ship, Resource: "/shipment"}},
		{coretest.Event{Type: "/invoice#invoice_voided", Data: json.RawMessage(`{"_object":"/invoice","id":"inv_1"}`)}, delivered{Type: "/invoice#invoice_voided"}},
	} {
		id, err := srv.Emit(ctx, tc.ev)
		if err != nil {
			t.Fatalf("Emit(%s): %v", tc.ev.Type, err)
		}
		tc.want.ID = id
		got := rc.received()
		if diff := cmp.Diff(tc.want, got[len(got)-1]); diff != "" {
			t.Errorf("Emit(%s) delivered (-want +got):\n%s", tc.ev.Type, diff)
		}
		status, body := get(t, srv, "/events/"+strconv.FormatInt(id, 10))
		if status != 200 || !strings.Contains(body, `"type":"`+tc.ev.Type+`"`) {
			t.Errorf("GET /events/%d = %d %s", id, status, body)
		}
	}
	if n := rc.attempts.Load(); n != 5 {
		t.Errorf("%d delivery attempts, want 5 (2 refused, 3 accepted)", n)
	}
}

func TestEmitReportsUndeliveredAndBadEvents(t *testing.T) {
	rc := newReceiver(t, "s3cret", 1000)
	wrongSecret := newReceiver(t, "s3cret", 0)
	srv := coretest.NewServer(t, coretest.WithShipments(1))
	srv.RegisterWebhook(rc.URL, "s3cret")
	srv.RegisterWebhook(wrongSecret.URL, "other")
	ship := firstID(t, srv, "/shipments")
	if _, err := srv.Emit(context.Background(), coretest.Event{Type: "/shipment#created", ShipmentID: ship}); err == nil ||
		!strings.Contains(err.Error(), "500") || !strings.Contains(err.Error(), "401") {
		t.Errorf("Emit to refusing endpoints = %v, want errors naming 500 and 401", err)
	}
	if n := rc.attempts.Load(); n != 5 {
		t.Errorf("%d attempts, want 5", n)
	}
	for _, ev := range []coretest.Event{{Type: "", ShipmentID: ship}, {Type: "/shipment#created", ShipmentID: 1}, {Type: "/x#y", Data: json.RawMessage(`[1]`)}} {
		if _, err := srv.Emit(context.Background(), ev); err == nil {
			t.Errorf("Emit(%+v) = nil error", ev)
		}
	}
}

// TestWritesEmitEvents checks that an upload and a shipment update are
// delivered in the background and listed by GET /events.
func TestWritesEmitEvents(t *testing.T) {
	rc := newReceiver(t, "s3cret", 0)
	srv := coretest.NewServer(t, coretest.WithShipments(2), coretest.WithWebhook(rc.URL, "s3cret"))
	ship := firstID(t, srv, "/shipments")
	doc := base64.StdEncoding.EncodeToString([]byte("hello"))
	send(t, srv, "POST", "/documents", `{"file_name":"a.txt","mime_type":"text/plain","document_type":"memo","document":"`+doc+`","shipment_id":`+strconv.FormatInt(ship, 10)+`}`, 200)
	send(t, srv, "PATCH", "/shipments/"+strconv.FormatInt(ship, 10), `{"metadata":{"k":["v"]}}`, 200)
	for range 2 {
		select {
		case <-rc.got:
		case <-time.After(10 * time.Second):
			t.Fatal("no delivery")
		}
	}
	var types []string
	for _, d := range rc.received() {
		types = append(types, d.Type)
	}
	// Background deliveries run concurrently: their order is not promised.
	if diff := cmp.Diff([]string{"/document#uploaded", "/shipment#updated"}, types, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("delivered (-want +got):\n%s", diff)
	}
	_, body := get(t, srv, "/events?f.data.shipment.id="+strconv.FormatInt(ship, 10)+"&per=100")
	for _, typ := range types {
		if !strings.Contains(body, `"type":"`+typ+`"`) {
			t.Errorf("GET /events does not list %s", typ)
		}
	}
}
