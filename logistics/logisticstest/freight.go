package logisticstest

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

func (h *Handler) inboundHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"CreateInboundShipment": h.createInbound,
		"GetInboundShipments":   h.listInbounds,
		"GetInboundShipment":    h.get("inbounds", "shipmentId", "inbound shipment"),
		"UpdateInboundShipment": h.updateInbound,
		"GetTransferDocument": h.ofInbound(func(r *fakeapi.Request, o object) any {
			return object{"ready": true, "url": files + "/inbounds/" + o["id"].(string) + "." + strings.ToLower(r.Query.Get("documentFormat"))}
		}),
		"GetInboundQuotes":          h.ofInbound(h.inboundDerived("GetInboundQuotes")),
		"RequestInboundQuotes":      h.ofInbound(h.inboundDerived("RequestInboundQuotes")),
		"GetPurchasedInboundQuotes": h.ofInbound(h.inboundDerived("GetPurchasedInboundQuotes")),
		"BuyInboundQuote":           h.ofInbound(h.inboundDerived("BuyInboundQuote")),
	}
}

// createInbound answers POST /inbounds/shipments: a PENDING inbound
// shipment with a numeric id.
func (h *Handler) createInbound(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	o := h.newInbound(b)
	h.t["inbounds"].Put(o["id"].(string), o)
	return fakeapi.JSON(http.StatusOK, o), nil
}

func (h *Handler) newInbound(b object) object {
	id := strconv.FormatInt(h.number("inbounds", 3001), 10)
	return h.build("CreateInboundShipment", http.StatusOK, b, object{"id": id, "status": "PENDING",
		"receivingId": h.newID("RCV", 8, true), "shippingPlanId": h.newID("", 7, true)})
}

// listInbounds answers GET /inbounds/shipments?shipmentIds=...: the
// shipments found, in the order asked.
func (h *Handler) listInbounds(r *fakeapi.Request) (*fakeapi.Response, error) {
	out := []any{}
	for _, id := range splitList(r.Query["shipmentIds"]) {
		if o, ok := h.t["inbounds"].Get(key("inbounds", id)); ok {
			out = append(out, o)
		}
	}
	return fakeapi.JSON(http.StatusOK, out), nil
}

// updateInbound answers PATCH /inbounds/shipments/{shipmentId}/update.
func (h *Handler) updateInbound(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	o, err := h.update(r, "inbounds", "shipmentId", "inbound shipment", func(o object) (object, error) {
		for k, v := range b {
			if p := fakeapi.Property(compiled().ResponseSchema("GetInboundShipment", http.StatusOK), k); p != nil && fakeapi.Valid(p, v) {
				o[k] = v
			}
		}
		return o, nil
	})
	if err != nil {
		return nil, err
	}
	return fakeapi.JSON(http.StatusOK, h.build("UpdateInboundShipment", http.StatusOK, o, nil)), nil
}

// ofInbound answers an operation on an existing inbound shipment.
func (h *Handler) ofInbound(f func(r *fakeapi.Request, o object) any) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		o, err := h.lookup(r, "inbounds", "shipmentId", "inbound shipment")
		if err != nil {
			return nil, err
		}
		return fakeapi.JSON(http.StatusOK, f(r, o)), nil
	}
}

// inboundDerived answers op with values derived from the shipment.
func (h *Handler) inboundDerived(op string) func(*fakeapi.Request, object) any {
	return func(r *fakeapi.Request, o object) any { return h.derived(op, o["id"].(string), http.StatusOK, nil) }
}

func (h *Handler) freightHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"CreateContainersOrder": h.createFreight("freight_orders", "CreateContainersOrder", "PLANNED"),
		"CreatePalletsOrder":    h.createFreight("freight_orders", "CreatePalletsOrder", "PLANNED"),
		"CreateTrucksOrder":     h.createFreight("freight_orders", "CreateTrucksOrder", "PLANNED"),
		"FreightOrderList":      h.listFreight("freight_orders", "orders"),
		"GetFreightOrder":       h.get("freight_orders", "orderId", "freight order"),
		"Cancel":                h.cancelFreight,
		"GetOrderDocuments": h.ofFreight(func(o object) any {
			return h.derived("GetOrderDocuments", fakeapi.Text(o["id"]), http.StatusOK, nil)
		}),
		"CreateContainersQuote": h.createFreight("quotes", "CreateContainersQuote", "CREATED"),
		"CreatePalletsQuote":    h.createFreight("quotes", "CreatePalletsQuote", "CREATED"),
		"CreateTruckQuote":      h.createFreight("quotes", "CreateTruckQuote", "CREATED"),
		"FreightQuoteList":      h.listFreight("quotes", "quotes"),
		"GetQuote":              h.get("quotes", "quoteId", "quote"),
		"GetFreightPorts": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			return fakeapi.JSON(http.StatusOK, h.derived("GetFreightPorts", "", http.StatusOK, nil)), nil
		},
		"GetBolTracking": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			return fakeapi.JSON(http.StatusOK, h.derived("GetBolTracking", r.Params["bolId"], http.StatusOK, object{"updatedAt": h.now()})), nil
		},
	}
}

// createFreight answers a freight order or quote creation: numeric ids
// in creation order (the cursor of the lists), the given status.
func (h *Handler) createFreight(table, op, status string) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		b, err := r.DecodeObject()
		if err != nil {
			return nil, err
		}
		o := h.newFreight(table, op, status, b)
		return fakeapi.JSON(http.StatusOK, o), nil
	}
}

func (h *Handler) newFreight(table, op, status string, b object) object {
	id := h.number(table, 7001)
	set := object{"id": id, "status": status, "createdAt": h.now()}
	if table == "quotes" {
		set["expiresAt"] = fakeapi.DateTime(h.cfg.Now().Add(7*24*time.Hour), nil)
	}
	o := h.build(op, http.StatusOK, b, set)
	h.t[table].Put(strconv.FormatInt(id, 10), o)
	return o
}

// listFreight answers a cursor list: {field: [...]}.
func (h *Handler) listFreight(table, field string) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		items, err := cursorPage(r, h.t[table].All())
		if err != nil {
			return nil, err
		}
		return fakeapi.JSON(http.StatusOK, object{field: items}), nil
	}
}

func (h *Handler) ofFreight(f func(o object) any) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		o, err := h.lookup(r, "freight_orders", "orderId", "freight order")
		if err != nil {
			return nil, err
		}
		return fakeapi.JSON(http.StatusOK, f(o)), nil
	}
}

// cancelFreight answers POST /freight/orders/{orderId}/cancel (204).
func (h *Handler) cancelFreight(r *fakeapi.Request) (*fakeapi.Response, error) {
	_, err := h.update(r, "freight_orders", "orderId", "freight order", func(o object) (object, error) {
		o["status"] = "CANCELLED"
		return o, nil
	})
	if err != nil {
		return nil, err
	}
	return &fakeapi.Response{Status: http.StatusNoContent, Header: http.Header{}}, nil
}
