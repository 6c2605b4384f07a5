package logisticstest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
	"github.com/flexport-go/flexport/logistics"
	"github.com/flexport-go/flexport/logistics/logisticstest"
)

func ExampleNewServer() {
	t := &fakeapitest.ExampleT{} // in a test: the test's t
	defer t.End()

	srv := logisticstest.NewServer(t)
	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken(srv.Token))
	if err != nil {
		panic(err)
	}
	n := 0
	for _, err := range c.Products.List(context.Background(), nil) {
		if err != nil {
			panic(err)
		}
		n++
	}
	fmt.Println(n, "products")
	// Output: 18 products
}

func ExampleNewServer_idempotency() {
	t := &fakeapitest.ExampleT{}
	defer t.End()

	srv := logisticstest.NewServer(t)
	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken(srv.Token))
	if err != nil {
		panic(err)
	}
	var order logistics.CreateOrderInput
	_ = json.Unmarshal([]byte(`{"externalOrderId":"SHOP-9001","address":{"address1":"1 Main St","city":"Reno","countryCode":"US"},
		"lineItems":[{"logisticsSku":"D0000000001","quantity":1}]}`), &order)
	for range 2 {
		var info logistics.CallInfo
		o, err := c.Orders.Create(context.Background(), &order, logistics.WithIdempotencyKey("order-9001"), logistics.WithCallInfo(&info))
		if err != nil {
			panic(err)
		}
		fmt.Println(o.ID != "", "replayed:", info.Replayed)
	}
	// Output:
	// true replayed: false
	// true replayed: true
}

func ExampleNewHandler() {
	h := logisticstest.NewHandler(logisticstest.WithToken("my-token"))
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+logisticstest.APIRoot+"/products?limit=5", nil)
	req.Header.Set("Authorization", "Bearer my-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var products []struct {
		Name string `json:"name"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&products); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, len(products), products[0].Name)
	// Output: 200 5 Trail running shoes
}
