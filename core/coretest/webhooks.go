package coretest

import (
	"context"
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // Flexport still sends the deprecated X-Hub-Signature (HMAC-SHA1).
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// Event is an event to emit: see Handler.Emit.
type Event struct {
	// Type is the event type, such as "/shipment_leg#departed". Required.
	Type string
	// ShipmentID is the shipment the event is about. Its data is then a
	// Shipment Event Data object, as Flexport sends for transit events:
	// the shipment; as resource, its main leg for "/shipment_leg#..."
	// types, its first container leg for "/ocean/shipment_container_leg#..."
	// types, else the shipment; the leg's origin or destination as
	// location; the shipment's containers.
	ShipmentID int64
	// Data, when set, is the event's data object as is, instead of one
	// built from ShipmentID.
	Data json.RawMessage
	// OccurredAt is when the milestone happened; zero means now.
	OccurredAt time.Time
}

// webhook is a registered endpoint.
type webhook struct{ url, secret string }

// RegisterWebhook adds a webhook endpoint: every event emitted from now
// on (by Emit, or by a write: see the package documentation) is POSTed to
// url, signed with secret in X-Hub-Signature-256 ("sha256=" and the hex
// HMAC-SHA256 of the body) and the deprecated X-Hub-Signature (SHA-1), and
// retried with backoff until it is answered 2xx, at most 5 times.
func (h *Handler) RegisterWebhook(url, secret string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.endpoints = append(h.endpoints, webhook{url: url, secret: secret})
}

// Emit records ev, so that GET /events and GET /events/{id} list it, and
// delivers it to every registered endpoint, retrying each until it answers
// 2xx, at most 5 times, or ctx is done. It returns the event's id, and an
// error naming each endpoint that did not accept it.
func (h *Handler) Emit(ctx context.Context, ev Event) (int64, error) {
	if ev.Type == "" {
		return 0, errors.New("coretest: Emit: empty event type")
	}
	data, err := h.eventData(ev)
	if err != nil {
		return 0, err
	}
	when := ev.OccurredAt
	if when.IsZero() {
		when = h.cfg.Now()
	}
	stored := h.store.addEvent(h.store.id("event", 5000001), ev.Type, when, h.cfg.Now(), data)
	return stored["id"].(int64), h.hooks.Deliver(ctx, h.deliveries(stored)...)
}

// eventData returns the data object of ev.
func (h *Handler) eventData(ev Event) (object, error) {
	if len(ev.Data) > 0 {
		var data object
		if err := fakeapi.Decode(ev.Data, &data); err != nil {
			return nil, fmt.Errorf("coretest: Emit: Data is not a JSON object: %w", err)
		}
		return data, nil
	}
	s, ok := h.store.get("shipment", fmt.Sprint(ev.ShipmentID))
	if !ok {
		return nil, fmt.Errorf("coretest: Emit: no shipment %d", ev.ShipmentID)
	}
	data := object{"_object": "/shipment_event_data", "shipment": s, "resource": s, "location": nil, "containers": []any{}}
	var containers []any
	for _, c := range h.store.filter(h.store.byName["container"], map[string][]string{"f.shipment.id": {fmt.Sprint(ev.ShipmentID)}}) {
		containers = append(containers, c)
	}
	data["containers"] = fakeapi.OrEmpty(containers)
	legs := h.store.filter(h.store.byName["shipment_leg"], map[string][]string{"f.shipment.id": {fmt.Sprint(ev.ShipmentID)}})
	var main object
	for _, l := range legs {
		if main == nil || l["transportation_mode"] == s["transportation_mode"] {
			main = l
		}
	}
	switch obj, _, _ := strings.Cut(ev.Type, "#"); obj {
	case "/shipment_leg":
		if main != nil {
			data["resource"], data["location"] = main, main["origin"]
			if strings.Contains(ev.Type, "arriv") || strings.Contains(ev.Type, "deliver") {
				data["location"] = main["destination"]
			}
		}
	case "/ocean/shipment_container_leg":
		if len(containers) > 0 {
			cid := fmt.Sprint(containers[0].(object)["id"])
			cls := h.store.filter(h.store.byName["container_leg"], map[string][]string{"f.shipment_container.id": {cid}})
			if len(cls) > 0 {
				data["resource"] = cls[0]
			}
		}
	}
	return data, nil
}

// changed records an event of a write (a document uploaded, a shipment
// updated) and delivers it in the background. data holds the object
// written under its own key, and the shipment it belongs to if any.
func (h *Handler) changed(typ string, data object) {
	now := h.cfg.Now()
	data["_object"] = "/shipment_event_data"
	ev := h.store.addEvent(h.store.id("event", 5000001), typ, now, now, data)
	h.hooks.Go(h.deliveries(ev)...)
}

// deliveries returns the signed deliveries of ev to every endpoint.
func (h *Handler) deliveries(ev object) []fakeapi.Delivery {
	base, _ := h.base.Load().(string)
	if base == "" {
		base = "http://localhost"
	}
	body := rebase(fakeapi.JSON(http.StatusOK, ev).Body, base)
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]fakeapi.Delivery, 0, len(h.endpoints))
	for _, e := range h.endpoints {
		out = append(out, fakeapi.Delivery{URL: e.url, Body: body, Header: http.Header{
			"Content-Type":        {"application/json"},
			"User-Agent":          {"coretest-webhooks"},
			"X-Hub-Signature-256": {"sha256=" + sign(sha256.New, e.secret, body)},
			"X-Hub-Signature":     {"sha1=" + sign(sha1.New, e.secret, body)},
		}})
	}
	return out
}

func sign(alg func() hash.Hash, secret string, body []byte) string {
	m := hmac.New(alg, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}
