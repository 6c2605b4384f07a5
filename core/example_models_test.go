package core_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/flexport-go/flexport/core"
)

func ExampleWithExpand() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Flexport puts the booking and the legs themselves in place of their
		// references when asked to expand them.
		io.WriteString(w, `{"_object":"/api/response","data":{"_object":"/shipment","id":42,
			"booking":{"_object":"/booking","id":7,"flex_id":"FLEX-7"},
			"legs":[{"_object":"/shipment_leg","id":100,"transportation_mode":"trucking"},
			        {"_object":"/shipment_leg","id":101,"transportation_mode":"ocean"}]}}`)
	}))
	defer srv.Close()
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"))
	if err != nil {
		panic(err)
	}
	s, err := c.Shipments.Get(context.Background(), 42, core.WithExpand("booking", "legs"))
	if err != nil {
		panic(err)
	}
	fmt.Println(s.GetBooking().GetExpanded().GetFlexID())
	for _, leg := range s.GetLegs().GetExpanded() {
		fmt.Println(leg.ID, leg.GetTransportationMode())
	}
	// A getter never panics on a missing value.
	fmt.Printf("%q %v\n", s.GetName(), s.GetEstimatedArrivalDate().Time().IsZero())
	// Output:
	// FLEX-7
	// 100 trucking
	// 101 ocean
	// "" true
}
