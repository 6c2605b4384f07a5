package webhook_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/flexport-go/flexport/logistics/webhook"
)

func ExampleNewHandler() {
	// As configured on the subscription: authMethod TOKEN,
	// tokenHeader X-Webhook-Token.
	auth := webhook.TokenAuth("X-Webhook-Token", "my-subscription-token")

	h := webhook.NewHandler(auth, func(ctx context.Context, ev *webhook.Event) error {
		switch ev.Type {
		case webhook.ParcelTrackingUpdated:
			p, err := ev.ParcelTrackingUpdated()
			if err != nil {
				return err
			}
			fmt.Printf("%s: parcel %s is %s\n", ev.EventID, p.TrackingCode, p.Status)
		case webhook.OrderShipped, webhook.OrderCancelled:
			o, err := ev.Order()
			if err != nil {
				return err
			}
			fmt.Printf("%s: order %s %s\n", ev.EventID, o.OrderID, ev.Type)
		default:
			fmt.Printf("%s: %s\n", ev.EventID, ev.Type)
		}
		return nil
	})

	for _, body := range []string{
		`{"logisticsAccountId":"a1","logisticsEventId":"e1","logisticsEventType":"Parcel.TrackingUpdated","logisticsEventTime":"2024-05-01T10:00:00Z","trackingCode":"1Z999","status":"DELIVERED","message":"","eventTime":"2024-05-01T09:00:00Z","location":{}}`,
		`{"logisticsAccountId":"a1","logisticsEventId":"e2","logisticsEventType":"Order.Shipped","logisticsEventTime":"2024-05-01T11:00:00Z","id":"x","orderId":"1001","externalOrderId":"EXT-1"}`,
	} {
		req, err := webhook.NewRequest(context.Background(), "https://example.com/logistics", auth, []byte(body))
		if err != nil {
			log.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("status", rec.Code)
	}
	// Output:
	// e1: parcel 1Z999 is DELIVERED
	// status 200
	// e2: order 1001 Order.Shipped
	// status 200
}

func ExampleBasicAuth() {
	auth := webhook.BasicAuth("flexport", "s3cret-password")
	fmt.Println(auth.Method())
	fmt.Println(auth) // credentials never print
	// Output:
	// BASIC_AUTH
	// BasicAuth([REDACTED], [REDACTED])
}

func ExampleNewRequest() {
	auth := webhook.BasicAuth("flexport", "s3cret-password")
	srv := httptest.NewServer(webhook.NewHandler(auth, func(ctx context.Context, ev *webhook.Event) error {
		fmt.Println("received", ev.Type, ev.Time.Format("2006-01-02"))
		return nil
	}))
	defer srv.Close()

	body := []byte(`{"logisticsEventId":"e3","logisticsEventType":"Inventory.Adjusted","logisticsEventTime":"2024-06-01T08:00:00Z","adjustmentId":"adj-1","reason":"COUNT","adjustments":[]}`)
	req, err := webhook.NewRequest(context.Background(), srv.URL, auth, body)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	// Without credentials:
	req, _ = webhook.NewRequest(context.Background(), srv.URL, webhook.NoAuth(), body)
	resp, err = srv.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// received Inventory.Adjusted 2024-06-01
	// 200 OK
	// 401 Unauthorized
}
