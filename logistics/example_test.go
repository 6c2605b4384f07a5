package logistics_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/flexport-go/flexport/logistics"
)

func ExampleNewClient() {
	// A stand-in for https://logistics-api.flexport.com.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"id":"ord_1","externalOrderId":"shop-1001","address":{},"lineItems":[],"shipments":[],"state":{}}`)
	}))
	defer srv.Close()

	// In production: logistics.NewClient(logistics.WithToken(os.Getenv("FLEXPORT_LOGISTICS_TOKEN"))).
	c, err := logistics.NewClient(
		logistics.WithBaseURL(srv.URL),
		logistics.WithToken("portal-api-token"),
		logistics.WithTimeout(30*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	order, err := c.Orders.Get(context.Background(), "ord_1")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.ID, *order.ExternalOrderID)

	// A client needs exactly one credential.
	_, err = logistics.NewClient()
	fmt.Println(err)
	// Output:
	// ord_1 shop-1001
	// logistics: no credentials: use WithToken or WithTokenSource
}

func ExampleOrdersService_Create() {
	// The stand-in fails the first attempt with 503; the client retries with
	// the same idempotency-key, so Flexport cannot create the order twice.
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("X-Correlation-Id", "6f1d2c3e-0000-4000-8000-000000000001")
		fmt.Fprint(w, `{"id":"ord_2","externalOrderId":"shop-1002","address":{},"lineItems":[],"shipments":[],"state":{}}`)
	}))
	defer srv.Close()

	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken("portal-api-token"),
		logistics.WithBackoff(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	var info logistics.CallInfo
	order, err := c.Orders.Create(context.Background(), &logistics.CreateOrderInput{
		ExternalOrderID: "shop-1002",
		Address: logistics.AddressInput{
			Name: logistics.Ptr("Ada Lovelace"), Address1: "1 Main St", City: "Springfield",
			ProvinceCode: logistics.Ptr("IL"), Zip: logistics.Ptr("62701"), CountryCode: "US",
		},
		LineItems: []logistics.OrderLineItemInput{{LogisticsSKU: "DSKU1", Quantity: 2}},
	},
		logistics.WithIdempotencyKey("order-shop-1002"), // default: a new UUID per call
		logistics.WithCallInfo(&info),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.ID)
	fmt.Println("attempts:", info.Attempts, "key:", info.IdempotencyKey, "replayed:", info.Replayed)
	fmt.Println("x-correlation-id:", info.RequestID)
	// Output:
	// ord_2
	// attempts: 2 key: order-shop-1002 replayed: false
	// x-correlation-id: 6f1d2c3e-0000-4000-8000-000000000001
}

func ExampleProductsService_List() {
	// The stand-in holds 5 products and pages them by limit and offset.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		fmt.Fprint(w, "[")
		for i := offset; i < min(offset+limit, 5); i++ {
			if i > offset {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, `{"logisticsSku":"DSKU%d","merchantSku":"M%d","name":"Product %d","barcodes":[],"dimsLocked":false}`, i, i, i)
		}
		fmt.Fprint(w, "]")
	}))
	defer srv.Close()

	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken("portal-api-token"))
	if err != nil {
		log.Fatal(err)
	}
	// List fetches pages of 2 until an empty page; stop ranging to stop.
	params := &logistics.ProductListParams{Limit: logistics.Ptr(int64(2))}
	for p, err := range c.Products.List(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.LogisticsSKU, p.Name)
	}
	// Output:
	// DSKU0 Product 0
	// DSKU1 Product 1
	// DSKU2 Product 2
	// DSKU3 Product 3
	// DSKU4 Product 4
}

func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("X-Correlation-Id", "6f1d2c3e-0000-4000-8000-000000000002")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, `{"type":"https://developers.flexport.com/errors/407001","title":"Invalid order status",
			"status":422,"detail":"The order has already shipped.","instance":"a1b2","code":407001}`)
	}))
	defer srv.Close()

	c, err := logistics.NewClient(logistics.WithBaseURL(srv.URL), logistics.WithToken("portal-api-token"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Orders.Cancel(context.Background(), "ord_1")

	var apiErr *logistics.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Status, apiErr.Code, apiErr.Title)
		fmt.Println("detail:", apiErr.Detail)
		fmt.Println("x-correlation-id:", apiErr.CorrelationID)
	}
	fmt.Println("unprocessable:", errors.Is(err, logistics.ErrUnprocessableEntity))
	fmt.Println(err)
	// Output:
	// 422 407001 Invalid order status
	// detail: The order has already shipped.
	// x-correlation-id: 6f1d2c3e-0000-4000-8000-000000000002
	// unprocessable: true
	// logistics: POST /logistics/api/2023-10/orders/ord_1/cancel: 422 Invalid order status: The order has already shipped. (code 407001) (request id 6f1d2c3e-0000-4000-8000-000000000002)
}
