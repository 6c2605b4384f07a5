package logisticstest

import (
	"encoding/base64"
	"hash/fnv"
	"maps"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// object is a JSON object of the fake; see fakeapi.Object.
type object = fakeapi.Object

// tables are the fake's resources.
var tables = []string{"orders", "products", "bundles", "inbounds", "returns", "events",
	"freight_orders", "quotes", "parcels", "parcel_jobs", "reports", "webhooks"}

// handlers maps every operation id of the document to its handler.
func (h *Handler) handlers() map[string]fakeapi.Handler {
	m := map[string]fakeapi.Handler{}
	for _, group := range []map[string]fakeapi.Handler{h.orderHandlers(), h.productHandlers(), h.inboundHandlers(),
		h.freightHandlers(), h.parcelHandlers(), h.returnHandlers(), h.webhookHandlers(), h.oauthHandlers()} {
		maps.Copy(m, group)
	}
	return m
}

// build returns the response object of op: values synthesized from the
// schema of its response with status, then the fields of req that the
// schema has and accepts (a create request's fields are its object's),
// then set.
func (h *Handler) build(op string, status int, req, set object) object {
	sc := compiled().ResponseSchema(op, status)
	h.mu.Lock()
	o, _ := h.sy.Value(sc).(object)
	h.mu.Unlock()
	if o == nil {
		o = object{}
	}
	for k, v := range req {
		if p := fakeapi.Property(sc, k); p != nil && fakeapi.Valid(p, v) {
			o[k] = v
		}
	}
	for k, v := range set {
		o[k] = v
	}
	return o
}

// derived returns the response object of op for key, the same on every
// call: synthesized from a seed made of the fake's seed and key, then set.
// It serves what the fake does not keep (inventory levels, tracking,
// quotes) consistently.
func (h *Handler) derived(op, key string, status int, set object) any {
	f := fnv.New64a()
	_, _ = f.Write([]byte(op + "\x00" + key))
	sy := &fakeapi.Synth{R: fakeapi.NewRand(h.cfg.Seed ^ int64(f.Sum64())), Now: h.cfg.Now(), Word: word}
	v := sy.Value(compiled().ResponseSchema(op, status))
	if o, ok := v.(object); ok {
		for k, val := range set {
			o[k] = val
		}
	}
	return v
}

// newID returns n characters of set (digits or letters and digits).
func (h *Handler) newID(prefix string, n int, digitsOnly bool) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if digitsOnly {
		return prefix + h.sy.R.Digits(n)
	}
	return prefix + h.sy.R.Alnum(n)
}

// number returns the next number of a table's ids, starting at first.
func (h *Handler) number(table string, first int64) int64 { return h.ids.Next(table, first) }

func (h *Handler) now() string { return fakeapi.DateTime(h.cfg.Now(), nil) }

func notFound(what, id string) error {
	return fakeapi.Errorf(http.StatusNotFound, "not_found", "no %s with id %q", what, id)
}

func conflict(format string, args ...any) error {
	return fakeapi.Errorf(http.StatusConflict, "conflict", format, args...)
}

func unprocessable(code int, format string, args ...any) error {
	e := fakeapi.Errorf(http.StatusUnprocessableEntity, "unprocessable_entity", format, args...)
	e.Number = code
	return e
}

// numeric are the tables whose ids are numbers.
var numeric = map[string]bool{"inbounds": true, "returns": true, "freight_orders": true, "quotes": true, "parcel_jobs": true, "webhooks": true}

// key returns the key of id in table: a number as an integer ("7001.0"
// is 7001) for the numeric tables.
func key(table, id string) string {
	if f, err := strconv.ParseFloat(id, 64); err == nil && numeric[table] && f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return id
}

// lookup returns the object of table whose id is the path parameter
// param of r.
func (h *Handler) lookup(r *fakeapi.Request, table, param, what string) (object, error) {
	o, ok := h.t[table].Get(key(table, r.Params[param]))
	if !ok {
		return nil, notFound(what, r.Params[param])
	}
	return o, nil
}

// get answers a get operation: the object of table under the path
// parameter param.
func (h *Handler) get(table, param, what string) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		o, err := h.lookup(r, table, param, what)
		if err != nil {
			return nil, err
		}
		return fakeapi.JSON(http.StatusOK, o), nil
	}
}

// update replaces the object of table under the path parameter param with
// f's result (f gets a copy).
func (h *Handler) update(r *fakeapi.Request, table, param, what string, f func(o object) (object, error)) (object, error) {
	o, ok, err := h.t[table].Update(key(table, r.Params[param]), func(o object) (object, error) { return f(fakeapi.Clone(o)) })
	if !ok {
		return nil, notFound(what, r.Params[param])
	}
	return o, err
}

// splitList returns the values of an array query parameter, sent repeated
// or comma-separated.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// limit returns the limit parameter of r, or def; above MaxLimit is an
// error, as in production.
func limit(r *fakeapi.Request, def int) (int, error) {
	s := r.Query.Get("limit")
	if s == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f > MaxLimit {
		return 0, fakeapi.Errorf(http.StatusBadRequest, "invalid_request", "limit must be between 1 and %d", MaxLimit)
	}
	return int(f), nil
}

// offsetPage answers a limit/offset list: the page, an empty array past
// the end.
func offsetPage(r *fakeapi.Request, items []any) (*fakeapi.Response, error) {
	n, err := limit(r, 20)
	if err != nil {
		return nil, err
	}
	off, _ := strconv.ParseFloat(r.Query.Get("offset"), 64)
	start := min(max(int(off), 0), len(items))
	return fakeapi.JSON(http.StatusOK, items[start:min(start+n, len(items))]), nil
}

// pageInfoPage answers a page_info list: the page page_info selects (the
// first without it), with a Link header rel="next" carrying the page_info
// of the next page when there is one. page_info is opaque (an encoded
// offset); one the fake did not make gets 400.
func pageInfoPage(r *fakeapi.Request, items []any, def int) (*fakeapi.Response, error) {
	n, err := limit(r, def)
	if err != nil {
		return nil, err
	}
	start := 0
	if pi := r.Query.Get("page_info"); pi != "" {
		b, err := base64.RawURLEncoding.DecodeString(pi)
		if v, perr := strconv.Atoi(string(b)); err != nil || perr != nil || v < 0 {
			return nil, fakeapi.Errorf(http.StatusBadRequest, "invalid_request", "page_info %q is not one this API returned", pi)
		} else {
			start = min(v, len(items))
		}
	}
	end := min(start+n, len(items))
	resp := fakeapi.JSON(http.StatusOK, items[start:end])
	if end < len(items) {
		u, _ := url.Parse(r.Self)
		q := u.Query()
		q.Set("page_info", base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end))))
		u.RawQuery = q.Encode()
		resp.Header.Set("Link", "<"+u.String()+`>; rel="next"`)
	}
	return resp, nil
}

// cursorPage returns the page of a cursor list of objects with numeric
// "id"s: forward (the default), the items after the cursor in increasing
// id; backward, the items before it in decreasing id.
func cursorPage(r *fakeapi.Request, objs []object) ([]any, error) {
	n, err := limit(r, 20)
	if err != nil {
		return nil, err
	}
	id := func(o object) float64 { return fakeapi.Number(o["id"]) }
	back := r.Query.Get("direction") == "backward"
	sort.SliceStable(objs, func(i, j int) bool { return (id(objs[i]) < id(objs[j])) != back })
	cur, hasCursor := 0.0, r.Query.Has("cursor")
	if hasCursor {
		cur, _ = strconv.ParseFloat(r.Query.Get("cursor"), 64)
	}
	out := []any{}
	for _, o := range objs {
		if len(out) < n && (!hasCursor || (id(o) > cur) != back && id(o) != cur) {
			out = append(out, o)
		}
	}
	return out, nil
}

// list returns the objects of table as an array.
func (h *Handler) list(table string, keep func(object) bool) []any {
	out := []any{}
	for _, o := range h.t[table].All() {
		if keep == nil || keep(o) {
			out = append(out, o)
		}
	}
	return out
}

// word proposes realistic values for free text fields by name.
func word(property string) string {
	switch property {
	case "name":
		return "Jordan Lee"
	case "title", "description":
		return "Trail running shoes"
	case "city":
		return "Reno"
	case "country", "countryCode", "originCountry":
		return "US"
	case "carrier", "carrierCode", "carrierName":
		return "UPS"
	case "currency", "currencyCode":
		return "USD"
	}
	return ""
}
