package contract

import (
	"context"
	"fmt"
	"testing"

	"github.com/flexport-go/flexport/logistics"
)

// inboundCases are the cases of inbound shipments and their quotes.
func inboundCases(c *logistics.Client, ids logisticsIDs) map[string]func(context.Context, *testing.T) error {
	return map[string]func(context.Context, *testing.T) error{
		"Inbounds.CreateShipment": func(ctx context.Context, t *testing.T) error {
			return got(c.Inbounds.CreateShipment(ctx, from[logistics.CreateInboundShipmentRequest](t, createInbound)))
		},
		"Inbounds.GetShipment": func(ctx context.Context, _ *testing.T) error { return got(c.Inbounds.GetShipment(ctx, ids.inbound)) },
		"Inbounds.GetShipments": func(ctx context.Context, _ *testing.T) error {
			s, err := c.Inbounds.GetShipments(ctx, &logistics.GetInboundShipmentsParams{ShipmentIds: []int32{int32(ids.inbound)}})
			if err == nil && len(s) != 1 {
				return fmt.Errorf("%d inbound shipments, want 1", len(s))
			}
			return err
		},
		"Inbounds.UpdateShipment": func(ctx context.Context, t *testing.T) error {
			return got(c.Inbounds.UpdateShipment(ctx, ids.inbound, from[logistics.UpdateInboundShipmentRequest](t, `{"packageTrackingNumber":"1Z999AA10123456784"}`)))
		},
		"Inbounds.GetTransferDocument": func(ctx context.Context, _ *testing.T) error {
			return got(c.Inbounds.GetTransferDocument(ctx, ids.inbound, &logistics.GetTransferDocumentParams{DocumentOption: "PALLET_LABEL", DocumentFormat: "PDF"}))
		},
		"Inbounds.RequestQuotes": func(ctx context.Context, _ *testing.T) error {
			return got(c.Inbounds.RequestQuotes(ctx, ids.inbound, nil))
		},
		"Inbounds.GetQuotes": func(ctx context.Context, _ *testing.T) error {
			return got(c.Inbounds.GetQuotes(ctx, ids.inbound, nil))
		},
		"Inbounds.BuyQuote": func(ctx context.Context, t *testing.T) error {
			return got(c.Inbounds.BuyQuote(ctx, ids.inbound, from[logistics.PurchaseQuotesRequest](t, `{"quoteIds":[1]}`)))
		},
		"Inbounds.GetPurchasedQuotes": func(ctx context.Context, _ *testing.T) error {
			return got(c.Inbounds.GetPurchasedQuotes(ctx, ids.inbound, nil))
		},
	}
}

// freightCases are the cases of freight quotes and orders.
func freightCases(c *logistics.Client, ids logisticsIDs) map[string]func(context.Context, *testing.T) error {
	return map[string]func(context.Context, *testing.T) error{
		"Freight.CreateContainersQuote": func(ctx context.Context, t *testing.T) error {
			return got(c.Freight.CreateContainersQuote(ctx, from[logistics.DrayageQuoteRequest](t, `{`+quoteZips+`}`)))
		},
		"Freight.CreatePalletsQuote": func(ctx context.Context, t *testing.T) error {
			return got(c.Freight.CreatePalletsQuote(ctx, from[logistics.QuoteRequest](t, `{"palletCount":2,`+quoteZips+`}`)))
		},
		"Freight.CreateTrucksQuote": func(ctx context.Context, t *testing.T) error {
			return got(c.Freight.CreateTrucksQuote(ctx, from[logistics.QuoteRequest](t, `{"palletCount":20,`+quoteZips+`}`)))
		},
		"Freight.GetQuote": func(ctx context.Context, _ *testing.T) error { return got(c.Freight.GetQuote(ctx, ids.quote)) },
		"Freight.ListQuotes": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Freight.ListQuotes(ctx, &logistics.FreightQuoteListParams{Limit: logistics.Ptr[int64](2)})))
		},
		"Freight.ListQuotesPage": func(ctx context.Context, _ *testing.T) error {
			p, err := c.Freight.ListQuotesPage(ctx, &logistics.FreightQuoteListParams{Direction: logistics.Ptr(logistics.ListDirection("backward"))})
			return nonEmpty(p, err)
		},
		"Freight.CreateContainersOrder": func(ctx context.Context, t *testing.T) error {
			return got(c.Freight.CreateContainersOrder(ctx, drayageOrder(t, ids.quote)))
		},
		"Freight.CreatePalletsOrder": func(ctx context.Context, t *testing.T) error {
			return got(c.Freight.CreatePalletsOrder(ctx, from[logistics.LTLOrderRequest](t, fmt.Sprintf(`{"deliveryDetails":%s,"pickupDetails":%s,"quoteId":%d,
				"pallets":[{"palletCount":2,"length":40,"width":48,"height":50,"weight":500}]}`, delivery, pickup, ids.quote))))
		},
		"Freight.CreateTrucksOrder": func(ctx context.Context, t *testing.T) error {
			return got(c.Freight.CreateTrucksOrder(ctx, from[logistics.FTLOrderRequest](t, fmt.Sprintf(`{"deliveryDetails":%s,"pickupDetails":%s,"quoteId":%d,
				"totalWeight":12000,"palletCount":20}`, delivery, pickup, ids.quote))))
		},
		"Freight.GetOrder": func(ctx context.Context, _ *testing.T) error { return got(c.Freight.GetOrder(ctx, ids.freightOrder)) },
		"Freight.GetOrderDocuments": func(ctx context.Context, _ *testing.T) error {
			return got(c.Freight.GetOrderDocuments(ctx, ids.freightOrder))
		},
		"Freight.ListOrders": func(ctx context.Context, _ *testing.T) error {
			return walked(count(c.Freight.ListOrders(ctx, &logistics.FreightOrderListParams{Limit: logistics.Ptr[int64](2)})))
		},
		"Freight.ListOrdersPage": func(ctx context.Context, _ *testing.T) error {
			p, err := c.Freight.ListOrdersPage(ctx, nil)
			return nonEmpty(p, err)
		},
		"Freight.CancelOrder": func(ctx context.Context, t *testing.T) error {
			o, err := c.Freight.CreateContainersOrder(ctx, drayageOrder(t, ids.quote))
			if err != nil {
				return err
			}
			return c.Freight.CancelOrder(ctx, o.ID, from[logistics.OrderCancelRequest](t, `{"cancellationReason":"no longer needed"}`))
		},
		"Freight.GetTracking": func(ctx context.Context, _ *testing.T) error { return got(c.Freight.GetTracking(ctx, "SL1234567")) },
		"Freight.ListPorts":   func(ctx context.Context, _ *testing.T) error { return got(c.Freight.ListPorts(ctx)) },
	}
}

// parcelCases are the cases of parcels.
func parcelCases(c *logistics.Client, ids logisticsIDs) map[string]func(context.Context, *testing.T) error {
	return map[string]func(context.Context, *testing.T) error{
		"Parcels.Create": func(ctx context.Context, t *testing.T) error {
			return got(c.Parcels.Create(ctx, from[logistics.CreateParcelRequest](t, `{"serviceLevel":"STANDARD",`+parcelTo+`}`)))
		},
		"Parcels.Get":            func(ctx context.Context, _ *testing.T) error { return got(c.Parcels.Get(ctx, ids.parcel)) },
		"Parcels.GetTracking":    func(ctx context.Context, _ *testing.T) error { return got(c.Parcels.GetTracking(ctx, ids.parcel)) },
		"Parcels.GetTrackingURL": func(ctx context.Context, _ *testing.T) error { return got(c.Parcels.GetTrackingURL(ctx, ids.parcel)) },
		"Parcels.GetTrackingByCode": func(ctx context.Context, _ *testing.T) error {
			return got(c.Parcels.GetTrackingByCode(ctx, ids.trackingCode))
		},
		"Parcels.Quote": func(ctx context.Context, t *testing.T) error {
			return got(c.Parcels.Quote(ctx, from[logistics.CreateQuoteRequest](t, `{"serviceLevel":"STANDARD",`+parcelTo+`}`)))
		},
		"Parcels.CreateBulkJob": func(ctx context.Context, t *testing.T) error {
			return got(c.Parcels.CreateBulkJob(ctx, from[logistics.BulkParcelJobRequest](t, `{"packslipRequired":true,"parcels":[{"serviceLevel":"STANDARD",`+parcelTo+`}]}`)))
		},
		"Parcels.GetBulkJob": func(ctx context.Context, _ *testing.T) error { return got(c.Parcels.GetBulkJob(ctx, ids.job)) },
		"Parcels.Cancel": func(ctx context.Context, t *testing.T) error {
			p, err := c.Parcels.Create(ctx, from[logistics.CreateParcelRequest](t, `{`+parcelTo+`}`))
			if err != nil {
				return err
			}
			return c.Parcels.Cancel(ctx, &logistics.CancelParcelRequest{ParcelID: p.ParcelID})
		},
	}
}
