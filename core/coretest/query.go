package coretest

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// filterOps are the operator suffixes of list filters (f.updated_at.gt).
var filterOps = []string{"gt", "gte", "lt", "lte", "exists", "any"}

// filter returns the objects of k that match every f.* parameter of q.
// A filter names a dotted path in the objects (following refs into the
// objects they point at, and matching when any element of an array does),
// a kind's alias for one, or a kind's custom filter; the metadata filters
// (f.metadata.KEY) are paths like any other.
func (s *store) filter(k *kind, q url.Values) []object {
	type cond struct {
		path      []string
		op, value string
	}
	var conds []cond
	var customs []func(object) bool
	for key, vals := range q {
		name, ok := strings.CutPrefix(key, "f.")
		if !ok || len(vals) == 0 {
			continue
		}
		op := ""
		for _, o := range filterOps {
			if base, ok := strings.CutSuffix(name, "."+o); ok {
				name, op = base, o
				break
			}
		}
		value := vals[0]
		if f := k.custom[name]; f != nil {
			customs = append(customs, func(o object) bool { return f(s, o, op, value) })
			continue
		}
		if a, ok := k.aliases[name]; ok {
			name = a
		}
		conds = append(conds, cond{strings.Split(name, "."), op, value})
	}
	var out []object
	for _, o := range s.all(k.name) {
		ok := true
		for _, c := range conds {
			ok = ok && matches(s.resolve(o, c.path), c.op, c.value)
		}
		for _, f := range customs {
			ok = ok && f(o)
		}
		if ok {
			out = append(out, o)
		}
	}
	return out
}

// resolve returns the values at path in v: through nested objects, into
// the objects refs point at, and across arrays.
func (s *store) resolve(v any, path []string) []any {
	if len(path) == 0 {
		if arr, ok := v.([]any); ok {
			return arr
		}
		return []any{v}
	}
	switch v := v.(type) {
	case []any:
		var out []any
		for _, e := range v {
			out = append(out, s.resolve(e, path)...)
		}
		return out
	case object:
		next, ok := v[path[0]]
		if !ok {
			if _, isref := isRef(v); isref {
				return s.resolve(s.deref(v), path)
			}
			return nil
		}
		return s.resolve(next, path[1:])
	}
	return nil
}

// matches reports whether one of vals satisfies the filter op value.
func matches(vals []any, op, value string) bool {
	if op == "exists" {
		present := slices.ContainsFunc(vals, func(v any) bool { return v != nil })
		return present == (value == "true")
	}
	wants := []string{value}
	if op == "any" {
		wants = strings.Split(value, ",")
	}
	for _, v := range vals {
		if v == nil {
			continue
		}
		got := fakeapi.Text(v)
		for _, w := range wants {
			c := compare(got, w)
			switch op {
			case "", "any":
				if got == w {
					return true
				}
			case "gt":
				if c > 0 {
					return true
				}
			case "gte":
				if c >= 0 {
					return true
				}
			case "lt":
				if c < 0 {
					return true
				}
			case "lte":
				if c <= 0 {
					return true
				}
			}
		}
	}
	return false
}

// compare compares two filter values: as numbers when both are, else as
// text (which orders ISO dates).
func compare(a, b string) int {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return strings.Compare(a, b)
}

// sortObjects sorts objs by the sort and direction parameters of q: by
// the sort field when given, else by id when a direction is given, else
// not at all (creation order).
func (s *store) sortObjects(k *kind, objs []object, q url.Values) {
	field, dir := q.Get("sort"), q.Get("direction")
	if field == "" && dir == "" {
		return
	}
	if field == "" {
		field = "id"
	}
	if a, ok := k.aliases[field]; ok {
		field = a
	}
	path := strings.Split(field, ".")
	key := func(o object) string {
		vals := s.resolve(o, path)
		if len(vals) == 0 {
			return ""
		}
		return fakeapi.Text(vals[0])
	}
	slices.SortStableFunc(objs, func(a, b object) int {
		c := compare(key(a), key(b))
		if c == 0 && field != "id" {
			c = compare(fakeapi.Text(a["id"]), fakeapi.Text(b["id"]))
		}
		if dir == "desc" {
			return -c
		}
		return c
	})
}

// listPage is one page of a list.
type listPage struct {
	items      []any
	total      int
	next, prev any // URL or nil
}

// paginate cuts objs to the page and per of q; self is the URL as
// requested, from which next and prev are made.
func paginate(objs []object, q url.Values, self string) listPage {
	n, _ := strconv.Atoi(q.Get("page"))
	per, _ := strconv.Atoi(q.Get("per"))
	n, per = max(n, 1), max(per, 1)
	p := listPage{total: len(objs), items: []any{}}
	for i := (n - 1) * per; i < len(objs) && i < n*per; i++ {
		p.items = append(p.items, objs[i])
	}
	if n*per < len(objs) {
		p.next = pageURL(self, n+1)
	}
	if n > 1 {
		p.prev = pageURL(self, min(n-1, max(1, (len(objs)+per-1)/per)))
	}
	return p
}

// pageURL returns self with its page parameter set to n.
func pageURL(self string, n int) string {
	u, err := url.Parse(self)
	if err != nil {
		return self
	}
	q := u.Query()
	q.Set("page", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}

// expand returns o with each comma-separated dotted path of spec expanded:
// a ref on the path becomes what it points at (an object, or an array of
// objects for a collection ref), and the path continues into it. o is not
// modified: expanded objects are copies.
func (s *store) expand(o object, spec string) object {
	for _, p := range strings.Split(spec, ",") {
		if p = strings.TrimSpace(p); p != "" {
			o = s.expandAt(o, strings.Split(p, "."))
		}
	}
	return o
}

func (s *store) expandAt(o object, path []string) object {
	v, ok := o[path[0]]
	if !ok {
		return o
	}
	c := fakeapi.Clone(o)
	c[path[0]] = s.expandValue(v, path[1:])
	return c
}

func (s *store) expandValue(v any, rest []string) any {
	if ref, ok := isRef(v); ok {
		v = s.deref(ref)
	}
	if len(rest) == 0 {
		return v
	}
	switch v := v.(type) {
	case object:
		return s.expandAt(v, rest)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = s.expandValue(e, rest)
		}
		return out
	}
	return v
}

// Custom filters.

func matchAll(*store, object, string, string) bool { return true }

// shipmentContainerNumber matches shipments with a container numbered value.
func shipmentContainerNumber(s *store, o object, op, value string) bool {
	for _, c := range s.all("container") {
		if fakeapi.Text(c["shipment"].(object)["id"]) == fakeapi.Text(o["id"]) && matches([]any{c["container_number"]}, op, value) {
			return true
		}
	}
	return false
}

// purchaseOrderShipment matches purchase orders booked on the shipment.
func purchaseOrderShipment(s *store, o object, op, value string) bool {
	for _, bli := range s.all("booking_line_item") {
		poli := s.resolve(bli, []string{"purchase_order_line_item", "purchase_order", "id"})
		ship := s.resolve(bli, []string{"booking", "shipment", "id"})
		if matches(poli, "", fakeapi.Text(o["id"])) && matches(ship, op, value) {
			return true
		}
	}
	return false
}

// sellerParty matches commercial invoices whose seller party's company
// entity has field value.
func sellerParty(field string) func(*store, object, string, string) bool {
	return func(s *store, o object, op, value string) bool {
		parties, _ := o["involved_parties"].([]any)
		for _, p := range parties {
			if p, ok := p.(object); ok && p["type"] == "seller" && matches(s.resolve(p, []string{"company_entity", field}), op, value) {
				return true
			}
		}
		return false
	}
}

// entityCompany matches company entities of the company with field value.
func entityCompany(field string) func(*store, object, string, string) bool {
	return func(s *store, o object, op, value string) bool {
		s.mu.Lock()
		cid := s.entityOf[int64Of(o["id"])]
		s.mu.Unlock()
		c, ok := s.get("company", cid)
		return ok && matches([]any{c[field]}, op, value)
	}
}

// portType matches ports with details of the type (airport, seaport, ...).
func portType(s *store, o object, op, value string) bool {
	s.mu.Lock()
	types := s.portTypes[fakeapi.Text(o["unlocode"])]
	s.mu.Unlock()
	return matches(types, op, value)
}

func int64Of(v any) int64 {
	n, _ := strconv.ParseInt(fakeapi.Text(v), 10, 64)
	return n
}
