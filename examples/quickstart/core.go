package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/core/webhook"
)

// coreTour authenticates, lists shipments and follows their references,
// uploads and downloads a document and receives a webhook. dir holds the
// token cache.
func coreTour(ctx context.Context, f *fakes, dir string, r *report) error {
	store, err := auth.NewFileStore(filepath.Join(dir, "tokens"))
	if err != nil {
		return err
	}
	c, err := coreClient(f.url, store)
	if err != nil {
		return err
	}
	me, err := c.Companies.Me(ctx)
	if err != nil {
		return err
	}
	// A second client, as another process would be: it finds the token in
	// the file store instead of spending one of the 10 token requests a day.
	c2, err := coreClient(f.url, store)
	if err != nil {
		return err
	}
	if _, err := c2.Companies.Me(ctx); err != nil {
		return err
	}
	r.step("auth", "client credentials for %q: %d token request for 2 clients (the second read the file token cache)",
		me.GetName(), f.core.Operations()["POST /oauth/token"])

	first, err := listShipments(ctx, c, f.core, r)
	if err != nil {
		return err
	}
	if err := documentRoundTrip(ctx, c, first, r); err != nil {
		return err
	}
	return receiveWebhook(ctx, f, first, r)
}

// coreClient returns a client authenticating with the fake's OAuth client,
// its tokens kept in store.
func coreClient(base string, store auth.TokenStore) (*core.Client, error) {
	return core.NewClient(
		core.WithBaseURL(base),
		core.WithClientCredentials(&auth.ClientCredentials{
			ClientID:     coretest.DefaultClientID,
			ClientSecret: coretest.DefaultClientSecret,
			TokenURL:     base + "/oauth/token",
			Store:        store,
		}),
		core.WithPrefetch(3), // fetch up to 3 pages of a list at once
	)
}

// listShipments walks every shipment and follows its legs, containers and
// container legs through their references; it returns the first shipment.
func listShipments(ctx context.Context, c *core.Client, fake *coretest.Handler, r *report) (*core.Shipment, error) {
	pagesBefore := fake.Operations()["shipment_list"]
	var first *core.Shipment
	var shipments, legs, containers, containerLegs int
	for s, err := range c.Shipments.List(ctx, nil) {
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = s
		}
		shipments++
		for _, err := range core.List[core.ShipmentLeg](ctx, c, s.GetLegs().GetLink()) {
			if err != nil {
				return nil, err
			}
			legs++
		}
		if link := s.GetOceanShipment().GetContainers().GetLink(); link != "" {
			for ctr, err := range core.List[core.ShipmentContainer](ctx, c, link) {
				if err != nil {
					return nil, err
				}
				containers++
				for _, err := range core.List[core.OceanShipmentContainerLeg](ctx, c, ctr.GetContainerLegs().GetLink()) {
					if err != nil {
						return nil, err
					}
					containerLegs++
				}
			}
		}
	}
	if first == nil {
		return nil, errors.New("no shipments")
	}
	r.step("list", "%d shipments in %d pages (WithPrefetch(3) fetched up to 3 pages at once)",
		shipments, fake.Operations()["shipment_list"]-pagesBefore)
	r.step("follow", "their refs with core.List: %d legs, %d ocean containers, %d container legs", legs, containers, containerLegs)
	booking := "no booking"
	if link := first.GetBooking().GetLink(); link != "" {
		b, err := core.Get[core.Booking](ctx, c, link)
		if err != nil {
			return nil, err
		}
		booking = fmt.Sprintf("booking %d (%s)", b.ID, b.GetStatus())
	}
	r.step("", "e.g. shipment %d %q: %s, %s, %s", first.ID, first.GetName(), first.GetTransportationMode(), first.GetStatus(), booking)
	return first, nil
}

// documentRoundTrip uploads a file to shipment s and downloads it back.
func documentRoundTrip(ctx context.Context, c *core.Client, s *core.Shipment, r *report) error {
	content := []byte("%PDF-1.4\n% a packing list uploaded by the flexport-go quickstart\n")
	d, err := c.Documents.Upload(ctx, core.UploadParams{ShipmentID: s.ID, FileName: "packing-list.pdf",
		MimeType: "application/pdf", DocumentType: "packing_list"}, bytes.NewReader(content))
	if err != nil {
		return err
	}
	dl, err := c.Documents.Download(ctx, d.ID)
	if err != nil {
		return err
	}
	defer dl.Close()
	back, err := io.ReadAll(dl)
	if err != nil {
		return err
	}
	if !bytes.Equal(back, content) {
		return fmt.Errorf("document %s: downloaded %d bytes that differ from the %d uploaded", d.ID, len(back), len(content))
	}
	r.step("document", "uploaded packing-list.pdf (%d bytes) to shipment %d as %s, downloaded it back: identical", len(content), s.ID, d.ID)
	return nil
}

// receiveWebhook serves a webhook endpoint, registers it with the fake,
// emits a milestone of shipment s and checks it arrived verified; then
// sends a forged delivery, which must be refused.
func receiveWebhook(ctx context.Context, f *fakes, s *core.Shipment, r *report) error {
	const secret = "quickstart-webhook-secret" // the endpoint's secret token, set in Flexport's settings
	got := make(chan *webhook.Event, 1)
	endpoint, err := f.serve(webhook.NewHandler(secret, func(_ context.Context, ev *webhook.Event) error {
		select {
		case got <- ev:
		default:
		}
		return nil
	}))
	if err != nil {
		return err
	}
	url := endpoint.url + "/flexport/webhook"
	f.core.RegisterWebhook(url, secret)
	if _, err := f.core.Emit(ctx, coretest.Event{Type: "/shipment_leg#departed", ShipmentID: int64(s.ID)}); err != nil {
		return err
	}
	var ev *webhook.Event
	select {
	case ev = <-got:
	case <-time.After(5 * time.Second):
		return errors.New("no webhook delivered")
	}
	data, err := ev.ShipmentData()
	if err != nil {
		return err
	}
	leg, err := data.Resource.ShipmentLeg()
	if err != nil {
		return err
	}
	r.step("webhook", "%s (event %d) delivered to %s, X-Hub-Signature-256 verified: leg %d of shipment %d departed %s",
		ev.Type, ev.ID, url, leg.ID, data.Shipment.ID, data.Location.GetPlace().GetName())
	status, err := forge(ctx, url)
	if err != nil {
		return err
	}
	if status != http.StatusUnauthorized {
		return fmt.Errorf("a forged delivery got %d, want 401", status)
	}
	r.step("", "a delivery signed with the wrong secret was refused: %d %s", status, http.StatusText(status))
	return nil
}

// forge posts an event signed with the wrong secret to url.
func forge(ctx context.Context, url string) (int, error) {
	body := []byte(`{"_object":"/event","id":1,"type":"/shipment#created","data":{}}`)
	req, err := webhook.NewSignedRequest(ctx, url, "not-the-secret", body)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, nil
}
