package core_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core"
)

// collectionPage writes one Core collection page with the given total count
// (nil for none), next link ("" for none) and item ids.
func collectionPage(w http.ResponseWriter, total *int, next string, ids ...int) {
	nextJSON, totalJSON := "null", "null"
	if next != "" {
		nextJSON = strconv.Quote(next)
	}
	if total != nil {
		totalJSON = strconv.Itoa(*total)
	}
	fmt.Fprintf(w, `{"_object":"/api/response","version":2,"data":{"_object":"/api/collections/paginated","total_count":%s,"next":%s,"data":[`, totalJSON, nextJSON)
	for i, id := range ids {
		if i > 0 {
			fmt.Fprint(w, ",")
		}
		fmt.Fprintf(w, `{"_object":"/shipment","id":%d}`, id)
	}
	fmt.Fprint(w, "]}}")
}

// TestHardening07PrefetchMemoryIgnoresTotalCount lists a collection whose
// first page claims 2,000,000 items one per page, with WithPrefetch(4): the
// first item arrives at once and without allocating for 2,000,000 links.
func TestHardening07PrefetchMemoryIgnoresTotalCount(t *testing.T) {
	total := 2_000_000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		collectionPage(w, &total, fmt.Sprintf("/shipments?page=%d&per=1", page+1), page)
	}))
	defer srv.Close()
	c := newClient(t, srv.URL, core.WithPrefetch(4))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	var took time.Duration
	for s, err := range c.Shipments.List(context.Background(), nil) {
		took = time.Since(start)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != 1 {
			t.Errorf("first item %d, want 1", s.ID)
		}
		break
	}
	grew := after.TotalAlloc - before.TotalAlloc
	t.Logf("first item after %v, %d KiB allocated", took, grew>>10)
	if took > time.Second {
		t.Errorf("the first item came after %v", took)
	}
	if grew > 4<<20 {
		t.Errorf("%d MiB allocated before the first item, want O(window)", grew>>20)
	}
}

// TestHardening08PaginationCycleIsAnError walks collections whose next links
// never end: an exact cycle, a cycle that varies one parameter, and endless
// new pages. Each walk ends with an error; none ends silently or runs on.
func TestHardening08PaginationCycleIsAnError(t *testing.T) {
	const stop = 300 // the test server ends any walk after this many pages
	tests := []struct {
		name    string
		opts    []core.Option
		page    func(n int, r *http.Request) (next string, ids []int)
		want    error
		maxReqs int32
	}{
		{"exact cycle", nil, func(n int, r *http.Request) (string, []int) {
			if r.URL.Query().Get("page") == "2" {
				return "/shipments?page=1", []int{2}
			}
			return "/shipments?page=2", []int{1}
		}, core.ErrPaginationLoop, 3},
		{"cycle varying a parameter", nil, func(n int, r *http.Request) (string, []int) {
			return fmt.Sprintf("/shipments?page=%d&nonce=%d", 2+n%2, n), []int{1 + n%2}
		}, core.ErrPaginationLoop, 3},
		{"server ignoring the page", []core.Option{core.WithPrefetch(3)}, func(n int, r *http.Request) (string, []int) {
			return "/shipments?page=2&per=1", []int{1}
		}, core.ErrPaginationLoop, 1 + 3},
		{"endless new pages", []core.Option{core.WithMaxPages(25)}, func(n int, r *http.Request) (string, []int) {
			return fmt.Sprintf("/shipments?page=%d", n+1), []int{n}
		}, core.ErrTooManyPages, 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reqs atomic.Int32
			total := 1000
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(reqs.Add(1))
				next, ids := tt.page(n, r)
				if n >= stop {
					next = ""
				}
				collectionPage(w, &total, next, ids...)
			}))
			defer srv.Close()
			_, errs := ids(t, newClient(t, srv.URL, tt.opts...))
			if len(errs) != 1 || !errors.Is(errs[0], tt.want) {
				t.Errorf("walk ended after %d requests with errors %v, want one matching %v", reqs.Load(), errs, tt.want)
			}
			if n := reqs.Load(); n > tt.maxReqs {
				t.Errorf("%d page requests, want at most %d", n, tt.maxReqs)
			}
		})
	}
}

// TestHardening08DefaultMaxPages walks endless distinct pages without
// WithMaxPages: the default limit ends the walk with an error.
func TestHardening08DefaultMaxPages(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 10,000 pages")
	}
	const stop = 10_050
	var reqs atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(reqs.Add(1))
		next := fmt.Sprintf("/shipments?page=%d", n+1)
		if n >= stop {
			next = ""
		}
		collectionPage(w, nil, next, n)
	}))
	defer srv.Close()
	got, errs := ids(t, newClient(t, srv.URL))
	if len(errs) != 1 || !errors.Is(errs[0], core.ErrTooManyPages) {
		t.Fatalf("walk of endless pages ended after %d pages with errors %v, want ErrTooManyPages", reqs.Load(), errs)
	}
	if len(got) != core.DefaultMaxPages {
		t.Errorf("%d items before the error, want %d (one per page)", len(got), core.DefaultMaxPages)
	}
}
