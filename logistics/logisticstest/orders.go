package logisticstest

import (
	"net/http"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// The six-digit codes the fake answers with.
const (
	codeInvalidRedirectURI = 405001
	codeInvalidClientID    = 405002
	codeMissingScopes      = 405003
	codeInvalidScopes      = 405004
	codeInvalidCode        = 405005
	codeInvalidOrderStatus = 407001
)

func (h *Handler) orderHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"CreateOrder":          h.createOrder,
		"GetOrder":             h.get("orders", "orderId", "order"),
		"GetOrderByExternalId": h.orderByExternalID,
		"CancelOrder":          h.cancelOrder,
		"RetryOrder":           h.retryOrder,
	}
}

// createOrder answers POST /orders: a new order, or 409 when the
// externalOrderId is taken (retry with the same idempotency-key to get
// the first response again).
func (h *Handler) createOrder(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	ext := fakeapi.Text(b["externalOrderId"])
	if _, ok := h.findOrder(ext); ok {
		return nil, conflict("an order with externalOrderId %q exists", ext)
	}
	o := h.newOrder(b, h.newID("", 9, true))
	h.t["orders"].Put(o["id"].(string), o)
	return fakeapi.JSON(http.StatusOK, o), nil
}

// newOrder returns the order of a create request.
func (h *Handler) newOrder(b object, id string) object {
	addr := object{"phone": "", "provinceCode": "", "zip": ""}
	if in, ok := b["address"].(object); ok {
		for k, v := range in {
			if v != nil {
				addr[k] = v
			}
		}
	}
	return h.build("CreateOrder", http.StatusOK, b, object{"id": id, "address": addr, "lineItems": b["lineItems"],
		"state":     object{"fulfillmentDelayed": false, "fulfillmentInProgress": false, "fulfillmentStatus": "ROUTING_IN_PROGRESS", "internalStatus": "CREATED"},
		"shipments": []any{}, "error": nil, "createdAt": h.now(), "updatedAt": h.now(), "shippedAt": nil, "deliveredAt": nil})
}

func (h *Handler) findOrder(ext string) (object, bool) {
	for _, o := range h.t["orders"].All() {
		if o["externalOrderId"] == ext {
			return o, true
		}
	}
	return nil, false
}

func (h *Handler) orderByExternalID(r *fakeapi.Request) (*fakeapi.Response, error) {
	o, ok := h.findOrder(r.Params["externalOrderId"])
	if !ok {
		return nil, notFound("order with externalOrderId", r.Params["externalOrderId"])
	}
	return fakeapi.JSON(http.StatusOK, o), nil
}

// setOrderState replaces the state of an order; check may refuse.
func (h *Handler) setOrderState(r *fakeapi.Request, internal, fulfillment string, check func(state object) error) (object, error) {
	return h.update(r, "orders", "orderId", "order", func(o object) (object, error) {
		state, _ := o["state"].(object)
		if check != nil {
			if err := check(state); err != nil {
				return nil, err
			}
		}
		state = fakeapi.Clone(state)
		state["internalStatus"], state["fulfillmentStatus"] = internal, fulfillment
		o["state"], o["updatedAt"] = state, h.now()
		return o, nil
	})
}

// cancelOrder answers POST /orders/{orderId}/cancel and emits
// Order.Cancelled.
func (h *Handler) cancelOrder(r *fakeapi.Request) (*fakeapi.Response, error) {
	o, err := h.setOrderState(r, "CANCELLED", "STOPPED", nil)
	if err != nil {
		return nil, err
	}
	h.changed("Order.Cancelled", map[string]string{"orderId": o["id"].(string), "externalOrderId": fakeapi.Text(o["externalOrderId"])})
	return fakeapi.JSON(http.StatusOK, o), nil
}

// retryOrder answers POST /orders/{orderId}/retry: only an order in
// error can be retried; another gets 422 with code 407001.
func (h *Handler) retryOrder(r *fakeapi.Request) (*fakeapi.Response, error) {
	o, err := h.setOrderState(r, "CREATED", "ROUTING_IN_PROGRESS", func(state object) error {
		if state["internalStatus"] != "ERROR" {
			return unprocessable(codeInvalidOrderStatus, "order status %v cannot be retried; only ERROR can", state["internalStatus"])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return fakeapi.JSON(http.StatusOK, o), nil
}

func (h *Handler) productHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"ProductList":         h.listProducts,
		"CreateProduct":       h.createProduct,
		"GetProduct":          h.get("products", "logisticsSku", "product"),
		"GetInventory":        h.inventory,
		"InventoryList":       h.allInventory,
		"GetWarehouseDetails": h.warehouseDetails,
		"CreateBundle":        h.createBundle,
		"GetBundle":           h.get("bundles", "bundleId", "bundle"),
		"GetBundleInventory":  h.bundleInventory,
	}
}

// listProducts answers GET /products: limit (default 20) and offset,
// ending on an empty page.
func (h *Handler) listProducts(r *fakeapi.Request) (*fakeapi.Response, error) {
	return offsetPage(r, h.list("products", nil))
}

// createProduct answers POST /products (202): a new product, or 409 when
// the merchantSku is taken.
func (h *Handler) createProduct(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	for _, p := range h.t["products"].All() {
		if p["merchantSku"] == b["merchantSku"] {
			return nil, conflict("a product with merchantSku %q exists", fakeapi.Text(b["merchantSku"]))
		}
	}
	p := h.newProduct(b)
	h.t["products"].Put(p["logisticsSku"].(string), p)
	return fakeapi.JSON(http.StatusAccepted, p), nil
}

func (h *Handler) newProduct(b object) object {
	set := object{"logisticsSku": h.newID("D", 10, false), "barcodes": []any{}, "dimsLocked": false, "createdAt": h.now(), "updatedAt": h.now()}
	if c, ok := b["customsInformation"]; ok {
		set["international"] = c
	}
	return h.build("CreateProduct", http.StatusAccepted, b, set)
}

// inventory answers GET /products/{logisticsSku}/inventory with levels
// derived from the sku.
func (h *Handler) inventory(r *fakeapi.Request) (*fakeapi.Response, error) {
	sku := r.Params["logisticsSku"]
	if _, ok := h.t["products"].Get(sku); !ok {
		return nil, notFound("product", sku)
	}
	return fakeapi.JSON(http.StatusOK, h.levels(sku)), nil
}

// levels returns the inventory of a product, the same on every call.
func (h *Handler) levels(sku string) any {
	return h.derived("GetInventory", sku, http.StatusOK, object{"logisticsSku": sku})
}

func (h *Handler) allInventory(r *fakeapi.Request) (*fakeapi.Response, error) {
	var out []any
	for _, p := range h.t["products"].All() {
		out = append(out, h.levels(p["logisticsSku"].(string)))
	}
	return offsetPage(r, out)
}

func (h *Handler) warehouseDetails(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	skus, _ := b["logisticsSkus"].([]any)
	out := []any{}
	for _, s := range skus {
		if _, ok := h.t["products"].Get(fakeapi.Text(s)); ok {
			out = append(out, object{"logisticsSku": s,
				"warehouseDetails": h.derived("GetWarehouseDetails", fakeapi.Text(s), http.StatusOK, nil).([]any)[0].(object)["warehouseDetails"]})
		}
	}
	return fakeapi.JSON(http.StatusOK, out), nil
}

// createBundle answers POST /bundles (202); a bundle of unknown products
// gets 422.
func (h *Handler) createBundle(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	contents, _ := b["bundleContents"].([]any)
	for _, c := range contents {
		id := fakeapi.Text(c.(object)["productId"])
		if _, ok := h.t["products"].Get(id); !ok {
			return nil, unprocessable(0, "bundleContents: no product %q", id)
		}
	}
	o := h.build("CreateBundle", http.StatusAccepted, b, object{"bundleId": h.newID("B", 10, false), "createdAt": h.now()})
	h.t["bundles"].Put(o["bundleId"].(string), o)
	return fakeapi.JSON(http.StatusAccepted, o), nil
}

// bundleInventory answers how many bundles the products' stock makes.
func (h *Handler) bundleInventory(r *fakeapi.Request) (*fakeapi.Response, error) {
	id := r.Params["bundleId"]
	b, ok := h.t["bundles"].Get(id)
	if !ok {
		return nil, notFound("bundle", id)
	}
	units := -1.0
	contents, _ := b["bundleContents"].([]any)
	for _, c := range contents {
		c := c.(object)
		avail := fakeapi.Number(h.levels(fakeapi.Text(c["productId"])).(object)["available"])
		if q := fakeapi.Number(c["quantity"]); q > 0 && (units < 0 || avail/q < units) {
			units = float64(int64(avail / q))
		}
	}
	return fakeapi.JSON(http.StatusOK, object{"bundleId": id, "availableUnits": max(units, 0)}), nil
}
