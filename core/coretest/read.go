package coretest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/flexport-go/flexport/internal/fakeapi"
)

// respond returns data in the response envelope, with the placeholder of
// stored links replaced by the request's base URL. Data already encoded
// and rebased (json.RawMessage, see encoded) is copied as is, in the
// order encoding/json would write the envelope.
func respond(r *fakeapi.Request, status int, data any) *fakeapi.Response {
	raw, ok := data.(json.RawMessage)
	if !ok {
		resp := fakeapi.JSON(status, object{"_object": "/api/response", "self": r.Self, "version": 2, "data": data, "error": nil})
		resp.Body = rebase(resp.Body, r.Base)
		return resp
	}
	self := fakeapi.JSON(0, r.Self).Body
	b := make([]byte, 0, len(raw)+len(self)+80)
	b = append(b, `{"_object":"/api/response","data":`...)
	b = append(b, raw...)
	b = append(b, `,"error":null,"self":`...)
	b = append(b, self...)
	b = append(b, `,"version":2}`...)
	return &fakeapi.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: b}
}

// encoded returns the encoding of a stored object, rebased on base.
func (h *Handler) encoded(o object, base string) json.RawMessage {
	return h.store.enc.Transformed(o, base, func(b json.RawMessage) json.RawMessage { return rebase(b, base) })
}

// encodePage returns a page as encoding/json would, its items already encoded.
func encodePage(p listPage, items []json.RawMessage) json.RawMessage {
	b := []byte(`{"_object":"/api/collections/paginated","data":[`)
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	b = append(b, `],"next":`...)
	b = append(b, fakeapi.JSON(0, p.next).Body...)
	b = append(b, `,"prev":`...)
	b = append(b, fakeapi.JSON(0, p.prev).Body...)
	b = append(b, `,"total_count":`...)
	b = strconv.AppendInt(b, int64(p.total), 10)
	return append(b, '}')
}

// rebase replaces the placeholder base URL in body with base.
func rebase(body []byte, base string) []byte {
	return bytes.ReplaceAll(body, []byte(placeholder), []byte(base))
}

// render renders an error: the envelope with data null and the error
// object, and Retry-After when the error asks for a wait.
func render(r *fakeapi.Request, e *fakeapi.Error) *fakeapi.Response {
	resp := fakeapi.JSON(e.Status, object{"_object": "/api/response", "self": r.Self, "version": 2, "data": nil,
		"error": object{"_object": "/api/error", "status": e.Status, "code": e.Code, "message": e.Message}})
	e.SetRetryAfter(resp.Header)
	return resp
}

func notFound(k *kind, id string) *fakeapi.Error {
	return fakeapi.Errorf(http.StatusNotFound, "not_found", "no %s with id %q", k.object, id)
}

// list answers the list operation of k: filtered, sorted, paginated, with
// each item expanded as the expand parameter asks.
func (h *Handler) list(k *kind) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		objs := h.store.filter(k, r.Query)
		h.store.sortObjects(k, objs, r.Query)
		p := paginate(objs, r.Query, r.Self)
		if exp := r.Query.Get("expand"); exp != "" {
			for i, it := range p.items {
				p.items[i] = h.store.expand(it.(object), exp)
			}
			return respond(r, http.StatusOK, object{"_object": "/api/collections/paginated", "prev": p.prev, "next": p.next,
				"total_count": p.total, "data": p.items}), nil
		}
		items := make([]json.RawMessage, len(p.items))
		for i, it := range p.items {
			items[i] = h.encoded(it.(object), r.Base)
		}
		return respond(r, http.StatusOK, encodePage(p, items)), nil
	}
}

// show answers the get operation of k.
func (h *Handler) show(k *kind) fakeapi.Handler {
	return func(r *fakeapi.Request) (*fakeapi.Response, error) {
		o, ok := h.store.get(k.name, r.Params["id"])
		if !ok {
			return nil, notFound(k, r.Params["id"])
		}
		if exp := r.Query.Get("expand"); exp != "" {
			return respond(r, http.StatusOK, h.store.expand(o, exp)), nil
		}
		return respond(r, http.StatusOK, h.encoded(o, r.Base)), nil
	}
}

// download answers GET /documents/{id}/download with the document's bytes.
func (h *Handler) download(r *fakeapi.Request) (*fakeapi.Response, error) {
	id := r.Params["id"]
	h.store.mu.Lock()
	content, ok := h.store.contents[id]
	mime := h.store.mimes[id]
	h.store.mu.Unlock()
	if !ok {
		return nil, notFound(h.store.byName["document"], id)
	}
	d, _ := h.store.get("document", id)
	name, _ := d["file_name"].(string)
	return &fakeapi.Response{Status: http.StatusOK, Body: content, Header: http.Header{
		"Content-Type":        {downloadType(r, mime)},
		"Content-Disposition": {`attachment; filename="` + name + `"`},
	}}, nil
}

// downloadType returns mime if the document declares it for downloads,
// else application/octet-stream.
func downloadType(r *fakeapi.Request, mime string) string {
	if resp := r.Op.Op.Responses.Status(http.StatusOK); resp != nil && resp.Value != nil && resp.Value.Content[mime] != nil {
		return mime
	}
	return "application/octet-stream"
}

// me answers GET /network/me/companies: the account's own company.
func (h *Handler) me(r *fakeapi.Request) (*fakeapi.Response, error) {
	for _, c := range h.store.all("company") {
		if c["editable"] == false {
			return respond(r, http.StatusOK, c), nil
		}
	}
	return nil, fakeapi.Errorf(http.StatusNotFound, "not_found", "no company")
}
