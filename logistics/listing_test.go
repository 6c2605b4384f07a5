package logistics_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/logistics"
	"github.com/flexport-go/flexport/logistics/logisticstest"
)

// newParams returns new parameters of a list method, whatever the
// generated type is called.
func newParams[P, T any](_ func(context.Context, *P, ...logistics.CallOption) iter.Seq2[*T, error]) *P {
	return new(P)
}

// setLimit sets a Limit parameter to v, whatever its numeric type.
func setLimit[N ~int32 | ~int64 | ~float64](limit **N, v int) {
	n := N(v)
	*limit = &n
}

// TestWebhooksListIterates checks, against the fake, that Webhooks.List,
// whose operation returns every webhook in one array, is an iterator like
// every other list, and that ListPage returns that array as one last page.
func TestWebhooksListIterates(t *testing.T) {
	srv := logisticstest.NewServer(t)
	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken(srv.Token))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var want []string
	for _, name := range []string{"a", "b"} {
		w, err := c.Webhooks.Create(ctx, &logistics.WebhookCreateModel{Type: "Order.Shipped", URL: "https://example.com/" + name, Method: "POST"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprint(w.ID))
	}
	lists := func() int { return srv.Operations()["WebhookList"] }

	var ids []string
	for w, err := range c.Webhooks.List(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, fmt.Sprint(w.ID))
	}
	if d := cmp.Diff(want, ids); d != "" {
		t.Errorf("List ids (-want +got):\n%s", d)
	}
	page, err := c.Webhooks.ListPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.More {
		t.Errorf("ListPage = %d items, More %v; want 2 items, no more", len(page.Items), page.More)
	}
	if n := lists(); n != 2 {
		t.Errorf("List and ListPage sent %d GET /webhooks, want 1 each", n)
	}

	// Breaking out of the range stops it; nothing more is sent.
	before := lists()
	for range c.Webhooks.List(ctx) {
		break
	}
	if got := lists() - before; got != 1 {
		t.Errorf("a broken-off List sent %d requests, want 1", got)
	}
}

func TestWebhooksListYieldsTheErrorOnce(t *testing.T) {
	_, srv := serve(t, response{status: 404, header: map[string]string{"Content-Type": "application/problem+json"}, body: `{"title":"Not Found","status":404}`})
	c := newClient(t, srv.URL)
	n := 0
	for w, err := range c.Webhooks.List(context.Background()) {
		n++
		if w != nil || !errors.Is(err, logistics.ErrNotFound) {
			t.Errorf("yielded %v, %v; want nil and an ErrNotFound", w, err)
		}
	}
	if n != 1 {
		t.Errorf("yielded %d times, want once", n)
	}
}

// TestLimitNeverAboveMax checks that no list sends a page size above
// MaxLimit, that smaller ones go out as given, and that the caller's
// parameters are left alone.
func TestLimitNeverAboveMax(t *testing.T) {
	tests := []struct {
		name      string
		limit     int // 0: unset
		wantQuery string
	}{
		{"unset", 0, ""},
		{"below", 25, "25"},
		{"at the maximum", logistics.MaxLimit, "100"},
		{"above", 500, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := serve(t, response{status: 200, body: `[]`})
			c := newClient(t, srv.URL)
			ctx := context.Background()

			products := newParams(c.Products.List)
			events := newParams(c.Events.List)
			returns := newParams(c.Returns.List)
			if tt.limit > 0 {
				setLimit(&products.Limit, tt.limit)
				setLimit(&events.Limit, tt.limit)
				setLimit(&returns.Limit, tt.limit)
			}
			for _, err := range c.Products.List(ctx, products) {
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := c.Events.ListPage(ctx, events); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Returns.ListPage(ctx, returns); err != nil {
				t.Fatal(err)
			}
			for _, r := range rec.reqs() {
				if got := r.URL.Query().Get("limit"); got != tt.wantQuery {
					t.Errorf("%s sent limit=%q, want %q", r.URL.Path, got, tt.wantQuery)
				}
			}
			if tt.limit > 0 && fmt.Sprint(*products.Limit) != fmt.Sprint(tt.limit) {
				t.Errorf("the caller's Limit became %v, want %d", *products.Limit, tt.limit)
			}
			if n := len(rec.reqs()); n != 3 {
				t.Errorf("%d requests, want 3", n)
			}
		})
	}
}

// TestWalkWithClampedLimit checks that List still yields every item when
// a Limit above MaxLimit is lowered: offsets advance by the pages received.
func TestWalkWithClampedLimit(t *testing.T) {
	const total = 230
	p, c := servePages(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var offset, limit int
		fmt.Sscan(q.Get("offset"), &offset)
		fmt.Sscan(q.Get("limit"), &limit)
		if limit > logistics.MaxLimit {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, "[")
		for i := offset; i < min(offset+limit, total); i++ {
			if i > offset {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, `{"logisticsSku":"sku-%d"}`, i)
		}
		fmt.Fprint(w, "]")
	})
	params := newParams(c.Products.List)
	setLimit(&params.Limit, 1000)
	n := 0
	for _, err := range c.Products.List(context.Background(), params) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != total {
		t.Errorf("List yielded %d products, want %d (requests %v)", n, total, p.got())
	}
}
