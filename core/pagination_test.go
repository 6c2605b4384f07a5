package core_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/core/coretest"
)

// pagedShipments serves /shipments as pages of per items out of total, with
// next and prev links on another host (as recorded pages have), after an
// optional delay. Pages listed in missing answer 404.
type pagedShipments struct {
	total, per int
	delay      time.Duration
	missing    map[int]bool
	linkHost   string

	mu       sync.Mutex
	requests []string
	inFlight atomic.Int32
	maxPar   atomic.Int32
}

func (p *pagedShipments) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	for {
		m := p.maxPar.Load()
		if n <= m || p.maxPar.CompareAndSwap(m, n) {
			break
		}
	}
	p.mu.Lock()
	p.requests = append(p.requests, r.URL.RequestURI())
	p.mu.Unlock()
	if r.URL.Path != "/shipments" {
		http.NotFound(w, r)
		return
	}
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	if p.delay > 0 {
		select {
		case <-time.After(p.delay):
		case <-r.Context().Done():
			return
		}
	}
	if p.missing[page] {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"_object":"/api/response","data":null,"error":{"_object":"/api/error","status":404,"code":"not_found","message":"gone"}}`)
		return
	}
	host := p.linkHost
	if host == "" {
		host = "https://api.flexport.com"
	}
	link := func(n int) string {
		if n < 1 || (n-1)*p.per >= p.total {
			return "null"
		}
		return strconv.Quote(fmt.Sprintf("%s/shipments?page=%d&per=%d", host, n, p.per))
	}
	fmt.Fprintf(w, `{"_object":"/api/response","version":2,"error":null,"data":{"_object":"/api/collections/paginated","total_count":%d,"prev":%s,"next":%s,"data":[`, p.total, link(page-1), link(page+1))
	for i := (page - 1) * p.per; i < min(page*p.per, p.total); i++ {
		if i > (page-1)*p.per {
			fmt.Fprint(w, ",")
		}
		fmt.Fprintf(w, `{"_object":"/shipment","id":%d,"name":"s%d"}`, i+1, i+1)
	}
	fmt.Fprint(w, "]}}")
}

func (p *pagedShipments) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.requests)
}

func newClient(t testing.TB, url string, opts ...core.Option) *core.Client {
	t.Helper()
	c, err := core.NewClient(append([]core.Option{core.WithBaseURL(url), core.WithAPIKey("test-key"), core.WithBackoff(time.Millisecond, 2*time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(t *testing.T, c *core.Client) ([]int, []error) {
	t.Helper()
	var got []int
	var errs []error
	for s, err := range c.Shipments.List(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, s.ID)
	}
	return got, errs
}

func seq(from, to int, skip ...int) []int {
	var out []int
	for i := from; i <= to; i++ {
		skipped := false
		for _, s := range skip {
			skipped = skipped || s == i
		}
		if !skipped {
			out = append(out, i)
		}
	}
	return out
}

// newFakeClient starts a fake Core API with n shipments (coretest) and
// returns a client of it.
func newFakeClient(t *testing.T, shipments int, opts ...core.Option) (*coretest.Server, *core.Client) {
	t.Helper()
	srv := coretest.NewServer(t, coretest.WithShipments(shipments))
	c, err := core.NewClient(append([]core.Option{core.WithBaseURL(srv.URL), core.WithAPIKey(srv.APIKey)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// fakeShipmentIDs are the ids of the fake's n shipments in the API's
// default order (id, descending), 10 to a page.
func fakeShipmentIDs(n int) []int {
	var out []int
	for i := n; i >= 1; i-- {
		out = append(out, 100000+i)
	}
	return out
}

// TestListWalksPagesInOrder walks every page of the fake's shipments, with
// and without prefetching: each shipment once, in page order.
func TestListWalksPagesInOrder(t *testing.T) {
	tests := []struct {
		name      string
		shipments int
		prefetch  int
	}{
		{"one page", 3, 0},
		{"many pages", 45, 0},
		{"many pages prefetched", 45, 4},
		{"exact multiple", 40, 3},
		{"empty collection", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := newFakeClient(t, tt.shipments, core.WithPrefetch(tt.prefetch))
			got, errs := ids(t, c)
			if diff := cmp.Diff(fakeShipmentIDs(tt.shipments), got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if len(errs) != 0 {
				t.Errorf("errors = %v, want none", errs)
			}
		})
	}
}

// TestListReportsMissingPages serves a page that answers 404 in the middle
// of a walk: the error is yielded once, and the walk goes on with the next
// page, with and without prefetching.
func TestListReportsMissingPages(t *testing.T) {
	tests := []struct {
		name     string
		srv      *pagedShipments
		prefetch int
		want     []int
		wantErrs int
	}{
		{"missing page reported, then skipped", &pagedShipments{total: 45, per: 10, missing: map[int]bool{3: true}}, 0, seq(1, 45, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30), 1},
		{"missing page prefetched", &pagedShipments{total: 45, per: 10, missing: map[int]bool{3: true}}, 8, seq(1, 45, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.srv)
			defer srv.Close()
			got, errs := ids(t, newClient(t, srv.URL, core.WithPrefetch(tt.prefetch)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if len(errs) != tt.wantErrs {
				t.Errorf("errors = %v, want %d", errs, tt.wantErrs)
			}
			for _, err := range errs {
				if !errors.Is(err, core.ErrNotFound) {
					t.Errorf("error %v is not ErrNotFound", err)
				}
			}
		})
	}
}

// TestListStaysOnBaseHost checks that links naming another host are rebased:
// the other host never sees a request, let alone the credential.
func TestListStaysOnBaseHost(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
	}))
	defer other.Close()
	paged := &pagedShipments{total: 25, per: 10, linkHost: other.URL}
	srv := httptest.NewServer(paged)
	defer srv.Close()
	got, errs := ids(t, newClient(t, srv.URL))
	if len(errs) > 0 || len(got) != 25 {
		t.Fatalf("got %d ids, errors %v", len(got), errs)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("%d requests went to the host named in the links", n)
	}
}

// TestListStopsOnRepeatedLink follows a next link back to a page already
// read: the walk stops there, with ErrPaginationLoop (a cycle is an error,
// never a silent end).
func TestListStopsOnRepeatedLink(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		// Every page links to page 2: a loop. Each page has its own item,
		// so that it is the link that repeats.
		id := 1
		if r.URL.Query().Get("page") == "2" {
			id = 2
		}
		fmt.Fprintf(w, `{"_object":"/api/response","data":{"_object":"/api/collections/paginated","next":"https://api.flexport.com/shipments?page=2&per=1","data":[{"_object":"/shipment","id":%d}]}}`, id)
	}))
	defer srv.Close()
	got, errs := ids(t, newClient(t, srv.URL))
	if len(errs) != 1 || !errors.Is(errs[0], core.ErrPaginationLoop) {
		t.Fatalf("errors %v, want one ErrPaginationLoop", errs)
	}
	if len(got) != 2 || n.Load() != 2 {
		t.Errorf("got %d items from %d requests, want 2 from 2", len(got), n.Load())
	}
}

// TestListRepeatedPageError ends a walk at a page of items already yielded
// (a server ignoring the page asked for): the error is a *DecodeError naming
// that page's request, status and request id.
func TestListRepeatedPageError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("X-Request-Id", "req-"+strconv.Itoa(max(page, 1)))
		collectionPage(w, nil, fmt.Sprintf("/shipments?page=%d", max(page, 1)+1), 1)
	}))
	defer srv.Close()
	_, errs := ids(t, newClient(t, srv.URL))
	if len(errs) != 1 {
		t.Fatalf("errors %v, want one", errs)
	}
	var de *core.DecodeError
	if !errors.As(errs[0], &de) || !errors.Is(errs[0], core.ErrPaginationLoop) {
		t.Fatalf("error %v, want a *core.DecodeError matching ErrPaginationLoop", errs[0])
	}
	got := []any{de.Method, de.Path, de.Status, de.CorrelationID}
	if want := []any{"GET", "/shipments", http.StatusOK, "req-2"}; !cmp.Equal(got, want) {
		t.Errorf("error fields %v, want %v", got, want)
	}
}

// TestPrefetchBreakStopsFetching breaks out of a prefetching loop and checks
// that no request starts afterwards.
func TestPrefetchBreakStopsFetching(t *testing.T) {
	paged := &pagedShipments{total: 1000, per: 10, delay: 5 * time.Millisecond}
	srv := httptest.NewServer(paged)
	defer srv.Close()
	c := newClient(t, srv.URL, core.WithPrefetch(4))
	seen := 0
	for s, err := range c.Shipments.List(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if seen++; s.ID == 25 {
			break
		}
	}
	atBreak := paged.count()
	time.Sleep(100 * time.Millisecond)
	after := paged.count()
	if after != atBreak {
		t.Errorf("%d requests started after the loop ended", after-atBreak)
	}
	// Page 1, plus at most the 4 prefetched pages in flight past page 3.
	if atBreak > 1+3+4 {
		t.Errorf("%d requests for 3 pages consumed with prefetch 4", atBreak)
	}
	if max := paged.maxPar.Load(); max > 4 {
		t.Errorf("%d requests in flight at once, want at most 4", max)
	}
}

// TestListPageMetadata reads one page of the fake's 25 shipments, its total
// count and its links, and follows the next link with ListPageAt.
func TestListPageMetadata(t *testing.T) {
	_, c := newFakeClient(t, 25)
	ctx := context.Background()
	p, err := c.Shipments.ListPage(ctx, &core.ShipmentListParams{Page: core.Ptr(2), Per: core.Ptr(10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 10 || p.Items[0].ID != fakeShipmentIDs(25)[10] || p.TotalCount == nil || *p.TotalCount != 25 {
		t.Errorf("page 2: %d items from id %d, total %v", len(p.Items), p.Items[0].ID, p.TotalCount)
	}
	next, err := core.ListPageAt[core.Shipment](ctx, c, p.Next)
	if err != nil {
		t.Fatal(err)
	}
	if len(next.Items) != 5 || next.Next != "" {
		t.Errorf("page 3: %d items, next %q", len(next.Items), next.Next)
	}
	u, _ := url.Parse(p.Prev)
	if u.Query().Get("page") != "1" {
		t.Errorf("prev = %q", p.Prev)
	}
}
