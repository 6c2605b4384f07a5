package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/flexport-go/flexport/logistics"
	"github.com/flexport-go/flexport/logistics/logisticstest"
)

// logisticsTour lists the products, then creates an order twice with the
// same idempotency key: the second call is replayed, creating nothing.
func logisticsTour(ctx context.Context, f *fakes, r *report) error {
	c, err := logistics.NewClient(logistics.WithBaseURL(f.url), logistics.WithToken(logisticstest.DefaultToken))
	if err != nil {
		return err
	}
	var first *logistics.APIProductResponse
	products := 0
	for p, err := range c.Products.List(ctx, nil) {
		if err != nil {
			return err
		}
		if first == nil {
			first = p
		}
		products++
	}
	if first == nil {
		return errors.New("no products")
	}
	r.step("products", "%d products, e.g. %s %q (merchant SKU %s)", products, first.LogisticsSKU, first.Name, first.MerchantSKU)

	order := &logistics.CreateOrderInput{
		ExternalOrderID: "QUICKSTART-1001",
		Address: logistics.AddressInput{Name: logistics.Ptr("Jordan Lee"), Address1: "1 Pine St", City: "Reno",
			ProvinceCode: logistics.Ptr("NV"), Zip: logistics.Ptr("89501"), CountryCode: "US"},
		LineItems: []logistics.OrderLineItemInput{{LogisticsSKU: first.LogisticsSKU, Quantity: 2}},
	}
	const key = "quickstart-order-1001" // one key per logical order: a retry reuses it
	var created, again logistics.CallInfo
	o, err := c.Orders.Create(ctx, order, logistics.WithIdempotencyKey(key), logistics.WithCallInfo(&created))
	if err != nil {
		return err
	}
	o2, err := c.Orders.Create(ctx, order, logistics.WithIdempotencyKey(key), logistics.WithCallInfo(&again))
	if err != nil {
		return err
	}
	if created.Replayed || !again.Replayed || o2.ID != o.ID {
		return fmt.Errorf("order %s then %s, replayed %v then %v: want the second call replayed", o.ID, o2.ID, created.Replayed, again.Replayed)
	}
	r.step("order", "created order %s (%s, %s) with idempotency-key %s", o.ID, o.GetExternalOrderID(), o.State.FulfillmentStatus, key)
	r.step("", "the same call again was replayed (idempotent-replayed: true): same order %s, nothing created twice", o2.ID)
	return nil
}
