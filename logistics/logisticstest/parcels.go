package logisticstest

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// files is where the fake says labels, reports and documents are: the
// fake keeps no files.
const files = "https://files.logisticstest.invalid"

func (h *Handler) parcelHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"CreateParcel": h.createParcel,
		"GetParcel":    h.get("parcels", "parcelId", "parcel"),
		"GetParcelTracking": h.ofParcel(func(r *fakeapi.Request, p object) any {
			return h.tracking(p)
		}),
		"GetTrackingUrl": h.ofParcel(func(r *fakeapi.Request, p object) any { return p["packageTrackingUrl"] }),
		"CancelParcel":   h.cancelParcel,
		"CreateBulkParcelJob": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			b, err := r.DecodeObject()
			if err != nil {
				return nil, err
			}
			id := h.number("parcel_jobs", 9001)
			o := h.build("CreateBulkParcelJob", http.StatusOK, nil, object{"jobId": id, "status": "COMPLETED", "labelsUrl": files + "/labels/job-" + strconv.FormatInt(id, 10) + ".pdf"})
			if ps, ok := b["parcels"].([]any); ok && len(ps) == 0 {
				o["parcels"] = []any{}
			}
			h.t["parcel_jobs"].Put(strconv.FormatInt(id, 10), o)
			return fakeapi.JSON(http.StatusOK, o), nil
		},
		"GetBulkParcelJob": h.get("parcel_jobs", "id", "bulk parcel job"),
		"GetParcelQuote": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			b, err := r.DecodeObject()
			if err != nil {
				return nil, err
			}
			return fakeapi.JSON(http.StatusOK, h.build("GetParcelQuote", http.StatusOK, b, object{"warnings": []any{}})), nil
		},
		"GetParcelTrackingByTrackingCode": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			for _, p := range h.t["parcels"].All() {
				if p["trackingCode"] == r.Params["trackingCode"] {
					return fakeapi.JSON(http.StatusOK, h.tracking(p)), nil
				}
			}
			return nil, notFound("parcel with tracking code", r.Params["trackingCode"])
		},
		"GenerateReport": func(r *fakeapi.Request) (*fakeapi.Response, error) {
			ref := h.newID("rpt_", 16, false)
			h.t["reports"].Put(ref, object{"status": "SUCCESS", "url": files + "/reports/" + ref + ".csv",
				"urlExpiration": fakeapi.DateTime(h.cfg.Now().Add(24*time.Hour), nil)})
			return fakeapi.JSON(http.StatusOK, object{"reportReference": ref}), nil
		},
		"GetReportStatus": h.get("reports", "reportReference", "report"),
	}
}

// createParcel answers POST /parcels: a labelled parcel.
func (h *Handler) createParcel(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	p := h.newParcel(b)
	h.t["parcels"].Put(p["parcelId"].(string), p)
	return fakeapi.JSON(http.StatusOK, p), nil
}

func (h *Handler) newParcel(b object) object {
	id := h.newID("PCL", 10, true)
	level := fakeapi.Text(b["serviceLevel"])
	if level == "" {
		level = "STANDARD"
	}
	tracking := h.newID("1Z", 16, false)
	return h.build("CreateParcel", http.StatusOK, b, object{"parcelId": id, "trackingCode": tracking, "carrierCode": "UPS",
		"status": "OK", "serviceLevel": level, "price": 8.75,
		"packageTrackingUrl": "https://www.ups.com/track?tracknum=" + tracking, "shippingLabelUrl": files + "/labels/" + id + ".pdf"})
}

// tracking returns the tracking of a parcel.
func (h *Handler) tracking(p object) any {
	return h.derived("GetParcelTracking", p["parcelId"].(string), http.StatusOK, object{"parcelId": p["parcelId"],
		"trackingCode": p["trackingCode"], "carrierCode": p["carrierCode"], "packageTrackingUrl": p["packageTrackingUrl"],
		"shippingLabelUrl": p["shippingLabelUrl"], "status": p["status"], "errorMessage": nil, "errors": nil})
}

func (h *Handler) ofParcel(f func(r *fakeapi.Request, p object) any) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		p, err := h.lookup(r, "parcels", "parcelId", "parcel")
		if err != nil {
			return nil, err
		}
		return fakeapi.JSON(http.StatusOK, f(r, p)), nil
	}
}

// cancelParcel answers POST /parcels/cancel (204).
func (h *Handler) cancelParcel(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	id := fakeapi.Text(b["parcelId"])
	if !h.t["parcels"].Delete(id) {
		return nil, notFound("parcel", id)
	}
	return &fakeapi.Response{Status: http.StatusNoContent, Header: http.Header{}}, nil
}

func (h *Handler) returnHandlers() map[string]fakeapi.Handler {
	return map[string]fakeapi.Handler{
		"ReturnList":         h.listReturns,
		"ReturnsCreateOrder": h.createReturn,
		"ReturnsGetOrder":    h.get("returns", "returnId", "return"),
		"ReturnsCancelOrder": h.cancelReturn,
		"EventList":          h.listEvents,
	}
}

// createReturn answers POST /returns (201); a taken externalReturnId gets
// 409.
func (h *Handler) createReturn(r *fakeapi.Request) (*fakeapi.Response, error) {
	b, err := r.DecodeObject()
	if err != nil {
		return nil, err
	}
	for _, o := range h.t["returns"].All() {
		if o["externalReturnId"] == b["externalReturnId"] {
			return nil, conflict("a return with externalReturnId %q exists", fakeapi.Text(b["externalReturnId"]))
		}
	}
	o := h.newReturn(b)
	return fakeapi.JSON(http.StatusCreated, o), nil
}

func (h *Handler) newReturn(b object) object {
	id := h.number("returns", 5001)
	var items []any
	in, _ := b["returnItems"].([]any)
	for _, it := range in {
		it, _ := it.(object)
		items = append(items, object{"identifier": fakeapi.Text(it["identifier"]), "expectedQuantity": it["quantity"], "inspectedItems": []any{}})
	}
	o := h.build("ReturnsCreateOrder", http.StatusCreated, b, object{"id": id, "status": "CREATED", "returnItems": fakeapi.OrEmpty(items),
		"shippingLabel": object{"carrier": "USPS", "trackingCode": h.newID("9400", 18, true), "trackingStatus": "CREATED"}})
	h.t["returns"].Put(strconv.FormatInt(id, 10), o)
	return o
}

// cancelReturn answers POST /returns/{returnId}/cancel (204) and emits
// Return.Updated.
func (h *Handler) cancelReturn(r *fakeapi.Request) (*fakeapi.Response, error) {
	o, err := h.update(r, "returns", "returnId", "return", func(o object) (object, error) {
		o["status"] = "CANCELLED"
		return o, nil
	})
	if err != nil {
		return nil, err
	}
	h.changed("Return.Updated", map[string]string{"returnId": fakeapi.Text(o["id"]), "status": "CANCELLED"})
	return &fakeapi.Response{Status: http.StatusNoContent, Header: http.Header{}}, nil
}

// listReturns answers GET /returns: filtered, paginated with page_info.
func (h *Handler) listReturns(r *fakeapi.Request) (*fakeapi.Response, error) {
	q := r.Query
	statuses := splitList(q["status"])
	items := h.list("returns", func(o object) bool {
		label, _ := o["shippingLabel"].(object)
		return (!q.Has("externalReturnId") || o["externalReturnId"] == q.Get("externalReturnId")) &&
			(!q.Has("rma") || o["rma"] == q.Get("rma")) &&
			(!q.Has("trackingCode") || label["trackingCode"] == q.Get("trackingCode")) &&
			(len(statuses) == 0 || slices.Contains(statuses, fakeapi.Text(o["status"])))
	})
	return pageInfoPage(r, items, 20)
}

// listEvents answers GET /events: filtered, paginated with page_info.
func (h *Handler) listEvents(r *fakeapi.Request) (*fakeapi.Response, error) {
	q := r.Query
	ids := splitList(q["ids"])
	items := h.list("events", func(o object) bool {
		p, _ := o["payload"].(map[string]any)
		return (len(ids) == 0 || slices.Contains(ids, fakeapi.Text(o["id"]))) &&
			(!q.Has("type") || o["type"] == q.Get("type")) &&
			(!q.Has("orderId") || p["orderId"] == q.Get("orderId")) &&
			(!q.Has("shipmentId") || p["shipmentId"] == q.Get("shipmentId")) &&
			(!q.Has("after") || after(fakeapi.Text(o["time"]), q.Get("after")))
	})
	return pageInfoPage(r, items, 100)
}

func after(t, than string) bool {
	a, err1 := time.Parse(time.RFC3339, t)
	b, err2 := time.Parse(time.RFC3339, than)
	return err1 == nil && err2 == nil && a.After(b)
}
