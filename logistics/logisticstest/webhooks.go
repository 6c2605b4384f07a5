package logisticstest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// Event is an event to emit: see Handler.Emit.
type Event struct {
	// Type is the event type, such as "Order.Shipped". Required.
	Type string
	// Payload is the event's own fields, a flat JSON object of strings
	// (such as {"orderId": "123"}); GET /events lists it as the payload,
	// and webhook deliveries carry its fields beside logisticsAccountId,
	// logisticsEventId, logisticsEventType and logisticsEventTime.
	Payload json.RawMessage
	// Time is when the event happened; zero means now.
	Time time.Time
}

// Emit records ev, so that GET /events lists it, and delivers it to every
// webhook subscription of its type, authenticated as the subscription
// says (Basic or a token header), retrying each until it answers 2xx, at
// most 5 times, or ctx is done. It returns the event's id, and an error
// naming each subscription that did not accept it.
func (h *Handler) Emit(ctx context.Context, ev Event) (string, error) {
	if ev.Type == "" {
		return "", errors.New("logisticstest: Emit: empty event type")
	}
	payload := map[string]string{}
	if len(ev.Payload) > 0 {
		if err := json.Unmarshal(ev.Payload, &payload); err != nil {
			return "", fmt.Errorf("logisticstest: Emit: Payload is not a flat JSON object of strings: %w", err)
		}
	}
	when := ev.Time
	if when.IsZero() {
		when = h.cfg.Now()
	}
	stored := h.addEvent(ev.Type, when, payload)
	return stored["id"].(string), h.hooks.Deliver(ctx, h.deliveries(stored)...)
}

// addEvent stores an event.
func (h *Handler) addEvent(typ string, when time.Time, payload map[string]string) object {
	h.mu.Lock()
	h.seq++
	id := strconv.FormatInt(h.seq, 10)
	h.mu.Unlock()
	p := make(map[string]any, len(payload))
	for k, v := range payload {
		p[k] = v
	}
	ev := object{"id": id, "type": typ, "time": fakeapi.DateTime(when, nil), "payload": p}
	h.t["events"].Put(id, ev)
	return ev
}

// changed records an event of a write and delivers it in the background.
func (h *Handler) changed(typ string, payload map[string]string) {
	h.hooks.Go(h.deliveries(h.addEvent(typ, h.cfg.Now(), payload))...)
}

// deliveries returns the deliveries of ev to the subscriptions of its
// type: its payload's fields and the logistics* fields, flat.
func (h *Handler) deliveries(ev object) []fakeapi.Delivery {
	body := object{"logisticsAccountId": h.account(h.cfg.token), "logisticsEventId": ev["id"],
		"logisticsEventType": ev["type"], "logisticsEventTime": ev["time"]}
	for k, v := range ev["payload"].(map[string]any) {
		body[k] = v
	}
	payload := fakeapi.JSON(http.StatusOK, body).Body
	var out []fakeapi.Delivery
	for _, s := range h.t["webhooks"].All() {
		if s["type"] != ev["type"] {
			continue
		}
		hdr := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"logisticstest-webhooks"}}
		switch s["authMethod"] {
		case "BASIC_AUTH":
			hdr.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(fakeapi.Text(s["username"])+":"+fakeapi.Text(s["password"]))))
		case "TOKEN":
			hdr.Set(fakeapi.Text(s["tokenHeader"]), fakeapi.Text(s["token"]))
		}
		out = append(out, fakeapi.Delivery{Method: fakeapi.Text(s["method"]), URL: fakeapi.Text(s["url"]), Header: hdr, Body: payload})
	}
	return out
}

func (h *Handler) webhookHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"WebhookList": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			var out []any
			for _, s := range h.list("webhooks", nil) {
				out = append(out, public(s.(object)))
			}
			return fakeapi.JSON(http.StatusOK, fakeapi.OrEmpty(out)), nil
		},
		"CreateWebhook": h.createWebhook,
		"GetWebhook": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			s, err := h.lookup(r, "webhooks", "webhookId", "webhook")
			if err != nil {
				return nil, err
			}
			return fakeapi.JSON(http.StatusOK, public(s)), nil
		},
		"DeleteWebhook": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			if !h.t["webhooks"].Delete(key("webhooks", r.Params["webhookId"])) {
				return nil, notFound("webhook", r.Params["webhookId"])
			}
			return &fakeapi.Response{Status: http.StatusNoContent, Header: http.Header{}}, nil
		},
	}
}

// createWebhook answers POST /webhooks (202). BASIC_AUTH needs username
// and password, TOKEN needs token and tokenHeader (else 422); the same
// type and url twice gets 409.
func (h *Handler) createWebhook(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	switch b["authMethod"] {
	case "BASIC_AUTH":
		if fakeapi.Text(b["username"]) == "" || fakeapi.Text(b["password"]) == "" {
			return nil, unprocessable(0, "authMethod BASIC_AUTH needs username and password")
		}
	case "TOKEN":
		if fakeapi.Text(b["token"]) == "" || fakeapi.Text(b["tokenHeader"]) == "" {
			return nil, unprocessable(0, "authMethod TOKEN needs token and tokenHeader")
		}
	}
	for _, s := range h.t["webhooks"].All() {
		if s["type"] == b["type"] && s["url"] == b["url"] {
			return nil, conflict("a %v webhook to %v exists", b["type"], b["url"])
		}
	}
	id := h.number("webhooks", 101)
	s := fakeapi.Clone(b)
	s["id"] = id
	if s["authMethod"] == nil {
		s["authMethod"] = "NONE"
	}
	h.t["webhooks"].Put(strconv.FormatInt(id, 10), s)
	return fakeapi.JSON(http.StatusAccepted, public(s)), nil
}

// public returns a subscription without its password and token.
func public(s object) object {
	p := fakeapi.Clone(s)
	delete(p, "password")
	delete(p, "token")
	return p
}
