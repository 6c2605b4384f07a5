package logistics_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/logistics"
)

// hugeJSON serves a JSON document of size bytes: head, a string member
// padding it out, and tail; with Content-Length when withLength.
func hugeJSON(size int, head, tail string, withLength bool) http.HandlerFunc {
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(size))
		}
		open := head + `"padding":"`
		closing := `"` + tail
		if _, err := io.WriteString(w, open); err != nil {
			return
		}
		for left := size - len(open) - len(closing); left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				return // the client stopped reading
			}
		}
		io.WriteString(w, closing)
	}
}

// TestHardening06ResponseSizeLimit answers Orders.Get and Products.ListPage
// with 300 MiB bodies: both fail with an error naming the limit, and reading
// stops there, so memory stays near the 64 MiB default limit.
func TestHardening06ResponseSizeLimit(t *testing.T) {
	const size = 300 << 20
	calls := []struct {
		name       string
		head, tail string
		call       func(c *logistics.Client) error
	}{
		{"Orders.Get", `{"id":"o1",`, `}`, func(c *logistics.Client) error {
			_, err := c.Orders.Get(context.Background(), "o1")
			return err
		}},
		{"Products.ListPage", `[{"logisticsSku":"s1",`, `}]`, func(c *logistics.Client) error {
			_, err := c.Products.ListPage(context.Background(), nil)
			return err
		}},
	}
	for _, call := range calls {
		for _, withLength := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/content-length=%t", call.name, withLength), func(t *testing.T) {
				srv := httptest.NewServer(hugeJSON(size, call.head, call.tail, withLength))
				defer srv.Close()
				c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken("t"))
				if err != nil {
					t.Fatal(err)
				}
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				err = call.call(c)
				runtime.ReadMemStats(&after)
				grew := after.TotalAlloc - before.TotalAlloc
				t.Logf("a %d MiB body allocated %d MiB; err = %v", size>>20, grew>>20, err)
				if err == nil || !errors.Is(err, logistics.ErrResponseTooLarge) || !strings.Contains(err.Error(), "64 MiB") {
					t.Errorf("err = %v, want ErrResponseTooLarge naming the 64 MiB limit", err)
				}
				if grew > 96<<20 {
					t.Errorf("a %d MiB body allocated %d MiB; want near the 64 MiB limit", size>>20, grew>>20)
				}
			})
		}
	}
}

// TestHardening06MaxResponseBytesOption lowers the limit per client.
func TestHardening06MaxResponseBytesOption(t *testing.T) {
	srv := httptest.NewServer(hugeJSON(4096, `{"id":"o1",`, `}`, false))
	defer srv.Close()
	for _, tt := range []struct {
		limit   int64
		wantErr bool
	}{{1024, true}, {4096, false}} {
		c := newClient(t, srv.URL, logistics.WithMaxResponseBytes(tt.limit))
		_, err := c.Orders.Get(context.Background(), "o1")
		if got := errors.Is(err, logistics.ErrResponseTooLarge); got != tt.wantErr {
			t.Errorf("limit %d, 4096-byte body: err = %v, want too-large %t", tt.limit, err, tt.wantErr)
		}
		if tt.wantErr && !strings.Contains(fmt.Sprint(err), "1024 bytes") {
			t.Errorf("err = %v, want it to name the 1024-byte limit", err)
		}
	}
	if _, err := logistics.NewClient(logistics.WithToken("t"), logistics.WithMaxResponseBytes(0)); err == nil {
		t.Error("WithMaxResponseBytes(0) accepted")
	}
}
