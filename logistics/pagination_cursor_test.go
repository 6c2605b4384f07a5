package logistics_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/logistics"
)

// freight serves freight orders, as the union of drayage, FTL and LTL
// orders, with ids ids in order, after the cursor (default limit 3). With
// ignoreCursor every request gets the first page; lastIDs overrides the
// page whose cursor is the key.
func freight(ids []int, ignoreCursor bool, override map[int][]string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		limit, cursor := intParam(r, "limit", 3), intParam(r, "cursor", 0)
		if ignoreCursor {
			cursor = 0
		}
		if o, ok := override[cursor]; ok {
			fmt.Fprintf(w, `{"orders":[%s]}`, strings.Join(o, ","))
			return
		}
		var items []string
		for _, id := range ids {
			if id > cursor && len(items) < limit {
				items = append(items, fmt.Sprintf(`{"type":"FTL","id":%d,"quoteId":1,"status":"BOOKED"}`, id))
			}
		}
		fmt.Fprintf(w, `{"orders":[%s]}`, strings.Join(items, ","))
	}
}

func orderID(o *logistics.OrderResponse) string {
	v, err := o.AsFTLOrderResponse()
	if err != nil {
		return "undecodable: " + err.Error()
	}
	return strconv.FormatInt(v.ID, 10)
}

func TestCursorList(t *testing.T) {
	tests := []struct {
		name         string
		ids          []int
		ignoreCursor bool
		override     map[int][]string
		params       *logistics.FreightOrderListParams
		stopAfter    int
		want         []string
		wantQueries  []string
		wantErr      error
		wantMsg      string
	}{
		{
			name: "short page ends", ids: []int{10, 11, 12, 13, 14},
			params:      &logistics.FreightOrderListParams{Limit: logistics.Ptr(int64(2)), Direction: logistics.Ptr(logistics.ListDirectionForward)},
			want:        []string{"10", "11", "12", "13", "14"},
			wantQueries: []string{"direction=forward&limit=2", "cursor=11&direction=forward&limit=2", "cursor=13&direction=forward&limit=2"},
		},
		{
			name: "empty page ends", ids: []int{10, 11, 12, 13},
			params:      &logistics.FreightOrderListParams{Limit: logistics.Ptr(int64(2))},
			want:        []string{"10", "11", "12", "13"},
			wantQueries: []string{"limit=2", "cursor=11&limit=2", "cursor=13&limit=2"},
		},
		{
			name: "server page size without a limit", ids: []int{1, 2, 3, 4, 5, 6, 7},
			want:        []string{"1", "2", "3", "4", "5", "6", "7"},
			wantQueries: []string{"", "cursor=3", "cursor=6"},
		},
		{
			name: "starts at the caller's cursor", ids: []int{1, 2, 3, 4, 5},
			params:      &logistics.FreightOrderListParams{Cursor: logistics.Ptr(int64(3))},
			want:        []string{"4", "5"},
			wantQueries: []string{"cursor=3", "cursor=5"},
		},
		{
			name: "large ids keep integer form", ids: []int{123456789012, 123456789013},
			params:      &logistics.FreightOrderListParams{Limit: logistics.Ptr(int64(1))},
			want:        []string{"123456789012", "123456789013"},
			wantQueries: []string{"limit=1", "cursor=123456789012&limit=1", "cursor=123456789013&limit=1"},
		},
		{
			name: "cursor not advancing", ids: []int{1, 2, 3},
			override:    map[int][]string{2: {`{"type":"FTL","id":9}`, `{"type":"FTL","id":2}`}},
			params:      &logistics.FreightOrderListParams{Limit: logistics.Ptr(int64(2))},
			want:        []string{"1", "2", "9", "2"},
			wantQueries: []string{"limit=2", "cursor=2&limit=2"},
			wantErr:     logistics.ErrPaginationLoop,
		},
		{
			name: "server ignoring the cursor", ids: []int{1, 2, 3, 4, 5}, ignoreCursor: true,
			params:      &logistics.FreightOrderListParams{Limit: logistics.Ptr(int64(2))},
			want:        []string{"1", "2"},
			wantQueries: []string{"limit=2", "cursor=2&limit=2"},
			wantErr:     logistics.ErrPaginationLoop,
		},
		{
			name: "last item without an id", ids: []int{1},
			override:    map[int][]string{0: {`{"type":"FTL","id":1}`, `{"type":"FTL"}`}},
			want:        []string{"1", "0"},
			wantQueries: []string{""},
			wantMsg:     "no id",
		},
		{
			name: "breaking out stops requests", ids: []int{1, 2, 3, 4, 5, 6, 7}, stopAfter: 1,
			want:        []string{"1"},
			wantQueries: []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := servePages(t, freight(tt.ids, tt.ignoreCursor, tt.override))
			got, errs := collect(c.Freight.ListOrders(context.Background(), tt.params), orderID, tt.stopAfter)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("items (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantQueries, srv.got()); d != "" {
				t.Errorf("requests (-want +got):\n%s", d)
			}
			if tt.wantMsg != "" {
				if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantMsg) {
					t.Errorf("errors %v, want one containing %q", errs, tt.wantMsg)
				}
				return
			}
			checkErrs(t, errs, tt.wantErr, false)
		})
	}
}

func TestCursorListPage(t *testing.T) {
	_, c := servePages(t, freight([]int{5, 6, 7}, false, nil))
	page, err := c.Freight.ListOrdersPage(context.Background(), &logistics.FreightOrderListParams{Limit: logistics.Ptr(int64(2))})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.NextCursor != 6 || !page.More {
		t.Errorf("page: %d items, NextCursor %v, More %v", len(page.Items), page.NextCursor, page.More)
	}
	page, err = c.Freight.ListOrdersPage(context.Background(), &logistics.FreightOrderListParams{Limit: logistics.Ptr(int64(2)), Cursor: logistics.Ptr(int64(7))})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 0 || page.More {
		t.Errorf("past the end: %d items, More %v", len(page.Items), page.More)
	}
}

// TestQuotesList checks the other cursor list, whose items field is quotes.
func TestQuotesList(t *testing.T) {
	srv, c := servePages(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("cursor") {
		case "":
			fmt.Fprint(w, `{"quotes":[{"type":"LTL","id":1},{"type":"FTL","id":2}]}`)
		default:
			fmt.Fprint(w, `{"quotes":[]}`)
		}
	})
	n := 0
	for _, err := range c.Freight.ListQuotes(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if d := cmp.Diff([]string{"", "cursor=2"}, srv.got()); n != 2 || d != "" {
		t.Errorf("%d quotes; requests (-want +got):\n%s", n, d)
	}
}
