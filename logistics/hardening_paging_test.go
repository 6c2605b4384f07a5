package logistics_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/flexport-go/flexport/logistics"
)

// TestHardening08LogisticsPaginationEnds walks lists whose pages never end:
// page_info links that are always new, and an offset list whose server
// alternates two pages. Each walk ends with an error.
func TestHardening08LogisticsPaginationEnds(t *testing.T) {
	const stop = 300
	t.Run("endless page_info", func(t *testing.T) {
		var n atomic.Int32
		p := &pages{page: func(w http.ResponseWriter, r *http.Request) {
			i := n.Add(1)
			if i < stop {
				w.Header().Set("Link", fmt.Sprintf(`<https://x/returns?page_info=p%d>; rel="next"`, i))
			}
			fmt.Fprintf(w, `[{"id":%d,"externalReturnId":"r","rma":"","returnItems":[],"shippingLabel":{},"status":"CREATED"}]`, i)
		}}
		srv := httptest.NewServer(p)
		defer srv.Close()
		c := newClient(t, srv.URL, logistics.WithMaxPages(20))
		_, errs := collect(c.Returns.List(context.Background(), nil), func(*logistics.ReturnsAPIOrder) string { return "" }, 0)
		if len(errs) != 1 || !errors.Is(errs[0], logistics.ErrTooManyPages) {
			t.Errorf("walk ended after %d pages with %v, want ErrTooManyPages", n.Load(), errs)
		}
	})
	t.Run("offset server alternating two pages", func(t *testing.T) {
		var n atomic.Int32
		_, c := servePages(t, func(w http.ResponseWriter, r *http.Request) {
			i := n.Add(1)
			if i >= stop {
				fmt.Fprint(w, `[]`)
				return
			}
			fmt.Fprintf(w, `[{"logisticsSku":"sku-%d","merchantSku":"m","name":"p","barcodes":[],"dimsLocked":false}]`, i%2)
		})
		_, errs := collect(c.Products.List(context.Background(), nil), func(p *logistics.APIProductResponse) string { return p.LogisticsSKU }, 0)
		if len(errs) != 1 || !errors.Is(errs[0], logistics.ErrPaginationLoop) {
			t.Errorf("walk ended after %d pages with %v, want ErrPaginationLoop", n.Load(), errs)
		}
		if n.Load() > 3 {
			t.Errorf("%d page requests, want the walk to stop at the first repeated page", n.Load())
		}
	})
}
