package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/flexport-go/flexport/core/webhook"
)

func ExampleNewHandler() {
	secret := "my-endpoint-secret-token" // from the endpoint's settings, e.g. an env var

	h := webhook.NewHandler(secret, func(ctx context.Context, ev *webhook.Event) error {
		switch ev.Type {
		case webhook.ShipmentLegDeparted:
			data, err := ev.ShipmentData()
			if err != nil {
				return err
			}
			leg, err := data.Resource.ShipmentLeg()
			if err != nil {
				return err
			}
			fmt.Printf("event %d: leg %d departed\n", ev.ID, leg.ID)
		default:
			fmt.Printf("event %d: %s (%s)\n", ev.ID, ev.Type, ev.Group())
		}
		return nil
	})

	// Simulate two deliveries from Flexport.
	for _, body := range []string{
		`{"_object":"/event","id":1001,"type":"/shipment_leg#departed","data":{"_object":"/shipment_event_data","resource":{"_object":"/shipment_leg","id":77}}}`,
		`{"_object":"/event","id":1002,"type":"/invoice#invoice_voided","data":{"_object":"/invoice","id":"INV-1"}}`,
	} {
		req, err := webhook.NewSignedRequest(context.Background(), "https://example.com/flexport", secret, []byte(body))
		if err != nil {
			log.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("status", rec.Code)
	}
	// Output:
	// event 1001: leg 77 departed
	// status 200
	// event 1002: /invoice#invoice_voided (Invoice)
	// status 200
}

func ExampleSign() {
	body := []byte(`{"_object":"/event","id":1,"type":"/shipment#created"}`)
	fmt.Println(webhook.Sign("my-endpoint-secret-token", body))
	// Output:
	// sha256=a61183ed040a0688d0d4bb8ae29480fa19f869539ba359791c115bb6511916ba
}

func ExampleVerify() {
	body := []byte(`{"_object":"/event","id":1,"type":"/shipment#created"}`)
	header := http.Header{}
	header.Set(webhook.SignatureHeader, webhook.Sign("new-token", body))

	// During a rotation, accept both the old and the new token.
	err := webhook.Verify(body, header, "old-token", "new-token")
	fmt.Println("rotated:", err)

	err = webhook.Verify(body, header, "old-token")
	fmt.Println("old only:", errors.Is(err, webhook.ErrInvalidSignature))
	// Output:
	// rotated: <nil>
	// old only: true
}

func ExampleNewSignedRequest() {
	secret := "my-endpoint-secret-token"
	srv := httptest.NewServer(webhook.NewHandler(secret, func(ctx context.Context, ev *webhook.Event) error {
		fmt.Println("received", ev.Type)
		return nil
	}))
	defer srv.Close()

	body := []byte(`{"_object":"/event","id":7,"type":"/shipment#delivered_in_full"}`)
	req, err := webhook.NewSignedRequest(context.Background(), srv.URL, secret, body)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// received /shipment#delivered_in_full
	// 200 OK
}

func ExampleWithDuplicateFilter() {
	secret := "my-endpoint-secret-token"
	calls := 0
	h := webhook.NewHandler(secret, func(ctx context.Context, ev *webhook.Event) error {
		calls++
		return nil
	}, webhook.WithDuplicateFilter(webhook.NewMemoryDeduper(10000)))

	body := []byte(`{"_object":"/event","id":42,"type":"/shipment_leg#arrived"}`)
	for range 3 { // Flexport redelivers the same event
		req, _ := webhook.NewSignedRequest(context.Background(), "https://example.com/", secret, body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("status", rec.Code)
	}
	fmt.Println("calls:", calls)
	// Output:
	// status 200
	// status 200
	// status 200
	// calls: 1
}

func ExampleEvent_ShipmentData() {
	ev, err := webhook.ParseEvent([]byte(`{
		"_object": "/event", "id": 5, "type": "/ocean/shipment_container_leg#loaded_on_board",
		"data": {
			"_object": "/shipment_event_data",
			"resource": {"_object": "/ocean/shipment_container_leg", "id": 900},
			"shipment": {"_object": "/shipment", "id": 12},
			"location": null,
			"containers": [{"_object": "/ocean/shipment_container", "id": 3, "container_number": "ABCU1234560"}]
		}
	}`))
	if err != nil {
		log.Fatal(err)
	}
	data, err := ev.ShipmentData()
	if err != nil {
		log.Fatal(err)
	}
	switch data.Resource.Kind() {
	case webhook.ResourceContainerLeg:
		leg, _ := data.Resource.ContainerLeg()
		fmt.Println("container leg", leg.ID, "of shipment", data.Shipment.ID)
	case webhook.ResourceShipmentLeg, webhook.ResourceShipment:
		fmt.Println("not a container event")
	}
	fmt.Println("containers:", *data.Containers[0].ContainerNumber)
	_, err = data.Resource.ShipmentLeg()
	fmt.Println(errors.Is(err, webhook.ErrUnexpectedData))
	// Output:
	// container leg 900 of shipment 12
	// containers: ABCU1234560
	// true
}
