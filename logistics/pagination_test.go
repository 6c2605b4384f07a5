package logistics_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/logistics"
)

// pages is an httptest handler: page(query) writes the answer to one page
// request; it records each request's query.
type pages struct {
	page func(w http.ResponseWriter, r *http.Request)

	mu      sync.Mutex
	queries []string
}

func (p *pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.queries = append(p.queries, r.URL.Query().Encode()) // sorted by key
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	p.page(w, r)
}

func (p *pages) got() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.queries...)
}

func servePages(t *testing.T, page func(w http.ResponseWriter, r *http.Request)) (*pages, *logistics.Client) {
	t.Helper()
	p := &pages{page: page}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, newClient(t, srv.URL)
}

// collect ranges over seq, keeping each item's key and each error, and
// stops after stopAfter items when stopAfter > 0.
func collect[T any](seq iter.Seq2[*T, error], key func(*T) string, stopAfter int) (keys []string, errs []error) {
	for it, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		keys = append(keys, key(it))
		if stopAfter > 0 && len(keys) == stopAfter {
			break
		}
	}
	return keys, errs
}

func intParam(r *http.Request, name string, def int) int {
	if v := r.URL.Query().Get(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			panic(fmt.Sprintf("%s=%q is not an integer", name, v))
		}
		return n
	}
	return def
}

// products serves n products by limit and offset (default 20), ending with
// empty pages; failAt answers that offset with a 500; ignoreOffset serves
// the first page whatever the offset.
func products(n, failAt int, ignoreOffset bool) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		limit, offset := intParam(r, "limit", 20), intParam(r, "offset", 0)
		if offset == failAt {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(500)
			fmt.Fprint(w, `{"title":"Internal Server Error","status":500}`)
			return
		}
		if ignoreOffset {
			offset = 0
		}
		var items []string
		for i := offset; i < min(offset+limit, n); i++ {
			items = append(items, fmt.Sprintf(`{"logisticsSku":"sku-%d","merchantSku":"m","name":"p","barcodes":[],"dimsLocked":false}`, i))
		}
		fmt.Fprintf(w, "[%s]", strings.Join(items, ","))
	}
}

func skus(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("sku-%d", i))
	}
	return out
}

func TestOffsetList(t *testing.T) {
	sku := func(p *logistics.APIProductResponse) string { return p.LogisticsSKU }
	tests := []struct {
		name         string
		n, failAt    int
		ignoreOffset bool
		params       *logistics.ProductListParams
		stopAfter    int
		want         []string
		wantQueries  []string
		wantErr      error // matched with errors.Is; nil for none
		wantAPIErr   bool
	}{
		{
			name: "pages until an empty page", n: 5, failAt: -1,
			params:      &logistics.ProductListParams{Limit: logistics.Ptr(int64(2))},
			want:        skus(0, 5),
			wantQueries: []string{"limit=2", "limit=2&offset=2", "limit=2&offset=4", "limit=2&offset=5"},
		},
		{
			name: "exact multiple", n: 4, failAt: -1,
			params:      &logistics.ProductListParams{Limit: logistics.Ptr(int64(2))},
			want:        skus(0, 4),
			wantQueries: []string{"limit=2", "limit=2&offset=2", "limit=2&offset=4"},
		},
		{
			name: "starts at the caller's offset", n: 5, failAt: -1,
			params:      &logistics.ProductListParams{Limit: logistics.Ptr(int64(2)), Offset: logistics.Ptr(int64(3))},
			want:        skus(3, 5),
			wantQueries: []string{"limit=2&offset=3", "limit=2&offset=5"},
		},
		{
			name: "nil params, server default limit", n: 25, failAt: -1,
			want:        skus(0, 25),
			wantQueries: []string{"", "offset=20", "offset=25"},
		},
		{
			name: "empty collection", n: 0, failAt: -1,
			wantQueries: []string{""},
		},
		{
			name: "breaking out stops requests", n: 10, failAt: -1,
			params:      &logistics.ProductListParams{Limit: logistics.Ptr(int64(2))},
			stopAfter:   3,
			want:        skus(0, 3),
			wantQueries: []string{"limit=2", "limit=2&offset=2"},
		},
		{
			name: "error mid-way ends the walk", n: 10, failAt: 4,
			params:      &logistics.ProductListParams{Limit: logistics.Ptr(int64(2))},
			want:        skus(0, 4),
			wantQueries: []string{"limit=2", "limit=2&offset=2", "limit=2&offset=4"},
			wantAPIErr:  true,
		},
		{
			name: "server ignoring the offset", n: 10, failAt: -1, ignoreOffset: true,
			params:      &logistics.ProductListParams{Limit: logistics.Ptr(int64(2))},
			want:        skus(0, 2),
			wantQueries: []string{"limit=2", "limit=2&offset=2"},
			wantErr:     logistics.ErrPaginationLoop,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := servePages(t, products(tt.n, tt.failAt, tt.ignoreOffset))
			var before logistics.ProductListParams
			if tt.params != nil {
				before = *tt.params
			}
			got, errs := collect(c.Products.List(context.Background(), tt.params), sku, tt.stopAfter)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("items (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantQueries, srv.got()); d != "" {
				t.Errorf("requests (-want +got):\n%s", d)
			}
			checkErrs(t, errs, tt.wantErr, tt.wantAPIErr)
			if tt.params != nil && !cmp.Equal(before, *tt.params) {
				t.Errorf("List changed the caller's params: %v", cmp.Diff(before, *tt.params))
			}
		})
	}
}

// checkErrs checks that errs is one error matching want (errors.Is) or, with
// wantAPI, an *APIError; or none when neither is asked for.
func checkErrs(t *testing.T, errs []error, want error, wantAPI bool) {
	t.Helper()
	switch {
	case want == nil && !wantAPI:
		if len(errs) != 0 {
			t.Errorf("errors %v, want none", errs)
		}
	case len(errs) != 1:
		t.Errorf("errors %v, want exactly one", errs)
	case want != nil && !errors.Is(errs[0], want):
		t.Errorf("error %v, want %v", errs[0], want)
	case wantAPI && !errors.As(errs[0], new(*logistics.APIError)):
		t.Errorf("error %v (%T), want an *APIError", errs[0], errs[0])
	}
}

func TestOffsetListPage(t *testing.T) {
	_, c := servePages(t, products(5, -1, false))
	ctx := context.Background()
	params := &logistics.ProductListParams{Limit: logistics.Ptr(int64(2)), Offset: logistics.Ptr(int64(2))}
	var got []string
	var metas [][2]any
	for {
		page, err := c.Products.ListPage(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			got = append(got, p.LogisticsSKU)
		}
		metas = append(metas, [2]any{page.NextOffset, page.More})
		if !page.More {
			break
		}
		params.Offset = &page.NextOffset
	}
	if d := cmp.Diff(skus(2, 5), got); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][2]any{{int64(4), true}, {int64(5), true}, {int64(5), false}}, metas); d != "" {
		t.Errorf("NextOffset, More (-want +got):\n%s", d)
	}
}

// returnsPages serves returns as pages keyed by page_info: page "" is the
// first. link(next) is the Link header pointing to page next ("" for none).
type returnPage struct {
	ids  []int
	next string // page_info of the next page; "" for no Link header
	link string // a raw Link header instead
}

func returns(pagesByInfo map[string]returnPage) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := pagesByInfo[r.URL.Query().Get("page_info")]
		if !ok {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(404)
			fmt.Fprint(w, `{"title":"Not Found","status":404}`)
			return
		}
		switch {
		case p.link != "":
			w.Header().Set("Link", p.link)
		case p.next != "":
			w.Header().Add("Link", `<https://logistics-api.flexport.com/logistics/api/2023-10/returns?page_info=prev>; rel="previous"`)
			w.Header().Add("Link", fmt.Sprintf(`<https://elsewhere.example/logistics/api/2023-10/returns?limit=2&page_info=%s>; rel="next"`, p.next))
		}
		var items []string
		for _, id := range p.ids {
			items = append(items, fmt.Sprintf(`{"id":%d,"externalReturnId":"r%d","rma":"","returnItems":[],"shippingLabel":{},"status":"CREATED"}`, id, id))
		}
		fmt.Fprintf(w, "[%s]", strings.Join(items, ","))
	}
}

func TestPageInfoList(t *testing.T) {
	id := func(r *logistics.ReturnsAPIOrder) string { return strconv.Itoa(int(r.ID)) }
	three := map[string]returnPage{"": {ids: []int{1, 2}, next: "p2"}, "p2": {ids: []int{3, 4}, next: "p3"}, "p3": {ids: []int{5}}}
	tests := []struct {
		name        string
		pages       map[string]returnPage
		stopAfter   int
		want        []string
		wantQueries []string
		wantErr     error
		wantAPIErr  bool
	}{
		{
			name: "follows rel=next until no Link", pages: three,
			want:        []string{"1", "2", "3", "4", "5"},
			wantQueries: []string{"limit=2&rma=R", "limit=2&page_info=p2&rma=R", "limit=2&page_info=p3&rma=R"},
		},
		{
			name: "no Link header: one page", pages: map[string]returnPage{"": {ids: []int{1, 2}}},
			want:        []string{"1", "2"},
			wantQueries: []string{"limit=2&rma=R"},
		},
		{
			name: "empty page ends despite a link", pages: map[string]returnPage{"": {ids: []int{1}, next: "p2"}, "p2": {next: "p3"}, "p3": {ids: []int{9}}},
			want:        []string{"1"},
			wantQueries: []string{"limit=2&rma=R", "limit=2&page_info=p2&rma=R"},
		},
		{
			name: "one Link header with several links, unquoted rel",
			pages: map[string]returnPage{
				"":   {ids: []int{1}, link: `<https://x.example/r?page_info=zz>; rel=previous, <https://x.example/r?page_info=p2&limit=2>; title="a, b"; rel=next`},
				"p2": {ids: []int{2}, link: `<https://x.example/r?page_info=p1>; rel="prev"`},
			},
			want:        []string{"1", "2"},
			wantQueries: []string{"limit=2&rma=R", "limit=2&page_info=p2&rma=R"},
		},
		{
			name: "repeated page_info", pages: map[string]returnPage{"": {ids: []int{1}, next: "p2"}, "p2": {ids: []int{2}, next: "p3"}, "p3": {ids: []int{3}, next: "p2"}},
			want:        []string{"1", "2", "3"},
			wantQueries: []string{"limit=2&rma=R", "limit=2&page_info=p2&rma=R", "limit=2&page_info=p3&rma=R"},
			wantErr:     logistics.ErrPaginationLoop,
		},
		{
			name: "error mid-way", pages: map[string]returnPage{"": {ids: []int{1}, next: "gone"}},
			want:        []string{"1"},
			wantQueries: []string{"limit=2&rma=R", "limit=2&page_info=gone&rma=R"},
			wantErr:     logistics.ErrNotFound, wantAPIErr: true,
		},
		{
			name: "breaking out stops requests", pages: three, stopAfter: 2,
			want:        []string{"1", "2"},
			wantQueries: []string{"limit=2&rma=R"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := servePages(t, returns(tt.pages))
			params := &logistics.ReturnListParams{Limit: logistics.Ptr(int64(2)), Rma: logistics.Ptr("R")}
			got, errs := collect(c.Returns.List(context.Background(), params), id, tt.stopAfter)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("items (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantQueries, srv.got()); d != "" {
				t.Errorf("requests (-want +got):\n%s", d)
			}
			checkErrs(t, errs, tt.wantErr, tt.wantAPIErr)
			if params.PageInfo != nil {
				t.Errorf("List set the caller's PageInfo")
			}
		})
	}
}

func TestPageInfoListPage(t *testing.T) {
	_, c := servePages(t, returns(map[string]returnPage{"": {ids: []int{1, 2}, next: "p2"}, "p2": {ids: []int{3}}}))
	ctx := context.Background()
	page, err := c.Returns.ListPage(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.NextPageInfo != "p2" || !page.More {
		t.Errorf("first page: %d items, NextPageInfo %q, More %v", len(page.Items), page.NextPageInfo, page.More)
	}
	page, err = c.Returns.ListPage(ctx, &logistics.ReturnListParams{PageInfo: &page.NextPageInfo})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].ID != 3 || page.NextPageInfo != "" || page.More {
		t.Errorf("last page: %d items, NextPageInfo %q, More %v", len(page.Items), page.NextPageInfo, page.More)
	}
}
