package core_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/flexport-go/flexport/core"
)

// exampleAPI stands in for https://api.flexport.com in the examples.
func exampleAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.RequestURI() {
		case "/shipments/42":
			io.WriteString(w, `{"_object":"/api/response","version":2,"error":null,"data":{
				"_object":"/shipment","id":42,"name":"Valentine's Day","status":"in_transit_to_arrival_port",
				"estimated_arrival_date":"2020-02-10T00:00:00.000-08:00","cargo_ready_date":"2020-01-20",
				"legs":{"_object":"/api/refs/collection","ref_type":"/shipment_leg","link":"https://api.flexport.com/shipment_legs?f.shipment.id=42"},
				"booking":{"_object":"/api/refs/object","ref_type":"/booking","link":"https://api.flexport.com/bookings/7","id":7}}}`)
		case "/shipments", "/shipments?page=2&per=2":
			next, items := `"https://api.flexport.com/shipments?page=2&per=2"`, `{"_object":"/shipment","id":1},{"_object":"/shipment","id":2}`
			if r.URL.Query().Get("page") == "2" {
				next, items = "null", `{"_object":"/shipment","id":3}`
			}
			fmt.Fprintf(w, `{"_object":"/api/response","data":{"_object":"/api/collections/paginated","total_count":3,"next":%s,"data":[%s]}}`, next, items)
		case "/shipment_legs?f.shipment.id=42":
			io.WriteString(w, `{"_object":"/api/response","data":{"_object":"/api/collections/paginated","total_count":2,"next":null,"data":[
				{"_object":"/shipment_leg","id":100,"transportation_mode":"trucking"},{"_object":"/shipment_leg","id":101,"transportation_mode":"ocean"}]}}`)
		case "/bookings/7":
			io.WriteString(w, `{"_object":"/api/response","data":{"_object":"/booking","id":7,"flex_id":"FLEX-7"}}`)
		case "/documents/abc/download":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "hello from Flexport")
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"_object":"/api/response","data":null,"error":{"_object":"/api/error","status":404,"code":"not_found","message":"Shipment not found"}}`)
		}
	}))
}

func ExampleNewClient() {
	srv := exampleAPI()
	defer srv.Close()

	// In production, omit WithBaseURL and use WithAPIKey, WithTokenSource or
	// WithClientCredentials (see package auth for a token cache that never
	// exceeds Flexport's 10 token requests a day).
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"))
	if err != nil {
		panic(err)
	}
	s, err := c.Shipments.Get(context.Background(), 42)
	if err != nil {
		panic(err)
	}
	fmt.Println(s.ID, *s.Name, *s.Status)
	fmt.Println(s.EstimatedArrivalDate.Time().UTC(), s.CargoReadyDate)
	// Output:
	// 42 Valentine's Day in_transit_to_arrival_port
	// 2020-02-10 08:00:00 +0000 UTC 2020-01-20
}

func ExampleShipmentsService_List() {
	srv := exampleAPI()
	defer srv.Close()
	c, _ := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"))

	// List walks every page; params may be nil.
	for s, err := range c.Shipments.List(context.Background(), nil) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(s.ID)
	}
	// Output:
	// 1
	// 2
	// 3
}

func ExampleList() {
	srv := exampleAPI()
	defer srv.Close()
	c, _ := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"))
	ctx := context.Background()

	s, _ := c.Shipments.Get(ctx, 42)
	// References link to api.flexport.com; List and Get rebase them onto the
	// client's base URL, so credentials never go elsewhere.
	for leg, err := range core.List[core.ShipmentLeg](ctx, c, s.Legs.Link) {
		if err != nil {
			panic(err)
		}
		fmt.Println(leg.ID, *leg.TransportationMode)
	}
	b, _ := core.Get[core.Booking](ctx, c, s.Booking.Link)
	fmt.Println(*b.FlexID)
	// Output:
	// 100 trucking
	// 101 ocean
	// FLEX-7
}

func ExampleAPIError() {
	srv := exampleAPI()
	defer srv.Close()
	c, _ := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"))

	_, err := c.Shipments.Get(context.Background(), 1)
	var apiErr *core.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode(), apiErr.Code, apiErr.Message)
	}
	fmt.Println(errors.Is(err, core.ErrNotFound))
	// Output:
	// 404 not_found Shipment not found
	// true
}

func ExampleDocumentsService_Download() {
	srv := exampleAPI()
	defer srv.Close()
	c, _ := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"))

	doc, err := c.Documents.Download(context.Background(), "abc")
	if err != nil {
		panic(err)
	}
	defer doc.Close()
	var buf strings.Builder
	io.Copy(&buf, doc) // or io.Copy(file, doc): streamed, constant memory
	fmt.Println(doc.ContentType, buf.String())
	// Output:
	// text/plain hello from Flexport
}
