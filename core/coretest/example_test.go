package coretest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/core/webhook"
	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

func ExampleNewServer() {
	t := &fakeapitest.ExampleT{} // in a test: the test's t
	defer t.End()

	srv := coretest.NewServer(t, coretest.WithShipments(25))
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey(srv.APIKey))
	if err != nil {
		panic(err)
	}
	n := 0
	for _, err := range c.Shipments.List(context.Background(), nil) {
		if err != nil {
			panic(err)
		}
		n++
	}
	fmt.Println(n, "shipments")
	// Output: 25 shipments
}

func ExampleNewHandler() {
	h := coretest.NewHandler(coretest.WithShipments(5), coretest.WithAPIKey("my-key"))
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/shipments?per=2", nil)
	req.Header.Set("Authorization", "Bearer my-key")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var env struct {
		Data struct {
			TotalCount int               `json:"total_count"`
			Data       []json.RawMessage `json:"data"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, env.Data.TotalCount, len(env.Data.Data))
	// Output: 200 5 2
}

func ExampleServer_Emit() {
	t := &fakeapitest.ExampleT{}
	defer t.End()

	// The application's webhook endpoint, which verifies the signature.
	received := make(chan string, 1)
	endpoint := httptest.NewServer(webhook.NewHandler("s3cret", func(_ context.Context, ev *webhook.Event) error {
		received <- string(ev.Type)
		return nil
	}))
	defer endpoint.Close()

	srv := coretest.NewServer(t, coretest.WithShipments(3), coretest.WithWebhook(endpoint.URL, "s3cret"))
	if _, err := srv.Emit(context.Background(), coretest.Event{Type: "/shipment_leg#departed", ShipmentID: 100001}); err != nil {
		panic(err)
	}
	fmt.Println(<-received)
	// Output: /shipment_leg#departed
}

func ExampleWithFaults() {
	t := &fakeapitest.ExampleT{}
	defer t.End()

	// The first request to GET /shipments/{id} gets a 503: the client
	// retries, and the second succeeds.
	srv := coretest.NewServer(t, coretest.WithShipments(3), coretest.WithFaults(coretest.Fault{
		Kind: coretest.FaultServerError, Operation: "GET /shipments/{id}", Requests: []int{1},
	}))
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey(srv.APIKey))
	if err != nil {
		panic(err)
	}
	s, err := c.Shipments.Get(context.Background(), 100001)
	fmt.Println(s.ID, err, srv.Operations()["shipment_show"])
	// Output: 100001 <nil> 1
}
