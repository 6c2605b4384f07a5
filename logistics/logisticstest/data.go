package logisticstest

import (
	"fmt"
	"net/http"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// goods are the products of the data set.
var goods = []string{
	"Trail running shoes", "Merino wool socks", "Insulated water bottle", "Packable rain jacket", "Headlamp 400 lm",
	"Trekking poles", "Camp stove", "Titanium spork", "Down sleeping bag", "Two-person tent", "Dry bag 20 L",
	"Hiking backpack 35 L", "Sun hoodie", "Bug net", "First aid kit", "Water filter", "Gaiters", "Compass",
}

// seed fills the data set: products with inventory, bundles, orders (one
// in error, so RetryOrder has one to retry), inbound shipments, returns,
// freight orders and quotes, parcels and events.
func (h *Handler) seed() {
	var skus []string
	for i, g := range goods {
		p := h.newProduct(object{"name": g, "merchantSku": fmt.Sprintf("ACME-%03d", i+1)})
		h.t["products"].Put(p["logisticsSku"].(string), p)
		skus = append(skus, p["logisticsSku"].(string))
	}
	for i := range 3 {
		b := h.build("CreateBundle", http.StatusAccepted, object{"externalBundleId": fmt.Sprintf("kit-%d", i+1), "title": fmt.Sprintf("Starter kit %d", i+1),
			"sku": fmt.Sprintf("KIT-%d", i+1), "bundleContents": []any{object{"productId": skus[i], "quantity": 1.0}, object{"productId": skus[i+3], "quantity": 2.0}}},
			object{"bundleId": h.newID("B", 10, false), "createdAt": h.now()})
		h.t["bundles"].Put(b["bundleId"].(string), b)
	}
	for i := range 12 {
		o := h.newOrder(object{"externalOrderId": fmt.Sprintf("SHOP-%04d", 1001+i),
			"address":   object{"name": "Jordan Lee", "address1": fmt.Sprintf("%d Pine St", 100+i), "city": "Reno", "provinceCode": "NV", "zip": "89501", "countryCode": "US", "phone": "+1 775 555 0100"},
			"lineItems": []any{object{"logisticsSku": skus[i%len(skus)], "quantity": float64(1 + i%3)}}}, h.newID("", 9, true))
		if i == 0 {
			o["state"].(object)["internalStatus"] = "ERROR"
		}
		h.t["orders"].Put(o["id"].(string), o)
		if i%3 == 1 {
			h.addEvent("Order.Shipped", h.cfg.Now(), map[string]string{"orderId": o["id"].(string), "externalOrderId": fakeapi.Text(o["externalOrderId"])})
		}
	}
	for range 3 {
		o := h.newInbound(object{})
		h.t["inbounds"].Put(o["id"].(string), o)
	}
	for i := range 6 {
		h.newReturn(object{"rma": fmt.Sprintf("RMA-%04d", 501+i), "externalReturnId": fmt.Sprintf("RET-%04d", 501+i),
			"returnItems": []any{object{"identifier": skus[i], "quantity": 1.0, "type": "LOGISTICS_SKU"}}})
	}
	for i, op := range []string{"CreateContainersOrder", "CreatePalletsOrder", "CreateTrucksOrder"} {
		h.newFreight("freight_orders", op, "BOOKED", object{"customerReferenceNumber": fmt.Sprintf("FRT-%d", i+1)})
	}
	for _, op := range []string{"CreateContainersQuote", "CreatePalletsQuote", "CreateTruckQuote"} {
		h.newFreight("quotes", op, "CREATED", nil)
	}
	for range 3 {
		p := h.newParcel(object{"serviceLevel": "STANDARD"})
		h.t["parcels"].Put(p["parcelId"].(string), p)
	}
	h.t["reports"].Put("rpt_seeded", object{"reportReference": "rpt_seeded", "status": "SUCCESS", "url": files + "/reports/rpt_seeded.csv", "urlExpiration": h.now()})
	for _, sku := range skus[:4] {
		h.addEvent("Inventory.Adjusted", h.cfg.Now(), map[string]string{"logisticsSku": sku, "quantity": "12"})
	}
}
