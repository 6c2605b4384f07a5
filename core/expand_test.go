package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/conformance"
)

// The shapes of container 123 below follow Flexport's documented
// container_legs example (apidocs.flexport.com/v2/tag/Expansion), with our
// own values.
const (
	plainContainer = `{"_object":"/ocean/shipment_container","id":123,"container_number":"TEST1234567",
"shipment":{"_object":"/api/refs/object","ref_type":"/shipment","link":"https://api.flexport.com/shipments/222","id":222},
"container_legs":{"_object":"/api/refs/collection","ref_type":"/ocean/shipment_container_leg","link":"https://api.flexport.com/ocean/shipment_container_legs?f.shipment_container.id=123"}}`
	containerLeg1    = `{"_object":"/ocean/shipment_container_leg","id":901,"shipment_container":{"_object":"/api/refs/object","ref_type":"/ocean/shipment_container","link":"https://api.flexport.com/ocean/shipment_containers/123","id":123},"leg":{"_object":"/api/refs/object","ref_type":"/shipment_leg","link":"https://api.flexport.com/shipment_legs/31","id":31},"dates":{"actual_loaded_on_board_date":"2019-05-02T10:00:00.000+08:00"}}`
	containerLeg2    = `{"_object":"/ocean/shipment_container_leg","id":902,"leg":{"_object":"/shipment_leg","id":32,"shipment":{"_object":"/api/refs/object","ref_type":"/shipment","link":"https://api.flexport.com/shipments/222","id":222},"transportation_mode":"ocean","future_field":{"depth":[1,2]}}}`
	expandedShipment = `{"_object":"/shipment","id":222,"name":"Expanded shipment","unknown_count":12345678901234567891}`
)

func TestExpansion(t *testing.T) {
	tests := []struct {
		name   string
		expand string
		body   string
		check  func(t *testing.T, c *core.ShipmentContainer)
	}{
		{
			name: "plain references",
			body: plainContainer,
			check: func(t *testing.T, c *core.ShipmentContainer) {
				if got := c.GetShipment().GetID(); got != 222 {
					t.Errorf("shipment id %d, want 222", got)
				}
				if c.GetShipment().GetExpanded() != nil || c.GetContainerLegs().GetExpanded() != nil {
					t.Error("a plain reference has an expanded value")
				}
				if got := c.GetContainerLegs().GetLink(); got != "https://api.flexport.com/ocean/shipment_container_legs?f.shipment_container.id=123" {
					t.Errorf("container legs link %q", got)
				}
			},
		},
		{
			name:   "expanded object",
			expand: "shipment",
			body:   replace(plainContainer, `{"_object":"/api/refs/object","ref_type":"/shipment","link":"https://api.flexport.com/shipments/222","id":222}`, expandedShipment),
			check: func(t *testing.T, c *core.ShipmentContainer) {
				s := c.GetShipment().GetExpanded()
				if s.GetName() != "Expanded shipment" || s.ID != 222 || c.GetShipment().GetID() != 222 {
					t.Errorf("expanded shipment %+v", s)
				}
				if got := string(s.AdditionalProperties["unknown_count"]); got != "12345678901234567891" {
					t.Errorf("unknown field of the expanded shipment = %s", got)
				}
			},
		},
		{
			name:   "expanded list as a bare array, nested expansion",
			expand: "container_legs,container_legs.leg",
			body:   replace(plainContainer, `{"_object":"/api/refs/collection","ref_type":"/ocean/shipment_container_leg","link":"https://api.flexport.com/ocean/shipment_container_legs?f.shipment_container.id=123"}`, "["+containerLeg1+","+containerLeg2+"]"),
			check: func(t *testing.T, c *core.ShipmentContainer) {
				legs := c.GetContainerLegs().GetExpanded()
				if len(legs) != 2 || legs[0].ID != 901 || legs[1].ID != 902 {
					t.Fatalf("expanded container legs %+v", legs)
				}
				if legs[0].GetLeg().GetExpanded() != nil || legs[0].GetLeg().GetID() != 31 {
					t.Errorf("first leg: %+v", legs[0].Leg)
				}
				leg := legs[1].GetLeg().GetExpanded()
				if leg == nil || leg.ID != 32 || leg.GetShipment().GetID() != 222 {
					t.Fatalf("nested expanded leg %+v", leg)
				}
				if got := string(leg.AdditionalProperties["future_field"]); got != `{"depth":[1,2]}` {
					t.Errorf("unknown field of the nested leg = %s", got)
				}
			},
		},
		{
			name:   "expanded list as a collection with data",
			expand: "container_legs",
			body:   replace(plainContainer, `{"_object":"/api/refs/collection","ref_type":"/ocean/shipment_container_leg","link":"https://api.flexport.com/ocean/shipment_container_legs?f.shipment_container.id=123"}`, `{"_object":"/api/collections/paginated","next":null,"total_count":1,"data":[`+containerLeg1+`]}`),
			check: func(t *testing.T, c *core.ShipmentContainer) {
				legs := c.GetContainerLegs().GetExpanded()
				if len(legs) != 1 || legs[0].ID != 901 || legs[0].GetShipmentContainer().GetID() != 123 {
					t.Fatalf("expanded container legs %+v", legs)
				}
				if got := string(c.ContainerLegs.AdditionalProperties["total_count"]); got != "1" {
					t.Errorf("total_count kept as %q", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotExpand string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotExpand = r.URL.Query().Get("expand")
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"_object":"/api/response","version":2,"error":null,"data":` + tt.body + `}`))
			}))
			defer srv.Close()
			c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("k"))
			if err != nil {
				t.Fatal(err)
			}
			var opts []core.CallOption
			if tt.expand != "" {
				opts = append(opts, core.WithExpand(tt.expand))
			}
			ctr, err := c.Containers.Get(context.Background(), 123, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if gotExpand != tt.expand {
				t.Errorf("expand=%q sent, want %q", gotExpand, tt.expand)
			}
			tt.check(t, ctr)
			out, err := json.Marshal(ctr)
			if err != nil {
				t.Fatal(err)
			}
			diffs, err := conformance.Lossless([]byte(tt.body), out)
			if err != nil || len(diffs) > 0 {
				t.Errorf("re-encoding loses %v (%v):\n%s", diffs, err, out)
			}
		})
	}
}

// TestUnknownFieldsLossless decodes a shipment whose undeclared fields hold a
// 20-digit integer and a nested object, through the client and through
// encoding/json, and gets them back byte for byte.
func TestUnknownFieldsLossless(t *testing.T) {
	const body = `{"_object":"/shipment","id":1,"name":"n","big":12345678901234567891,"nested":{"a":[1,2.50,{"b":null}],"c":"x"},` +
		`"ocean_shipment":{"_object":"/ocean/shipment","is_lcl":false,"new_flag":{"x":true}}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"_object":"/api/response","data":` + body + `}`))
	}))
	defer srv.Close()
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	viaClient, err := c.Shipments.Get(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	var viaStdlib core.Shipment
	if err := json.Unmarshal([]byte(body), &viaStdlib); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*core.Shipment{"client": viaClient, "encoding/json": &viaStdlib} {
		want := map[string]string{"big": `12345678901234567891`, "nested": `{"a":[1,2.50,{"b":null}],"c":"x"}`}
		for k, v := range want {
			if got := string(s.AdditionalProperties[k]); got != v {
				t.Errorf("%s: %s = %s, want %s", name, k, got, v)
			}
		}
		if got := string(s.GetOceanShipment().AdditionalProperties["new_flag"]); got != `{"x":true}` {
			t.Errorf("%s: nested undeclared field = %s", name, got)
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, member := range []string{`"big":12345678901234567891`, `"nested":{"a":[1,2.50,{"b":null}],"c":"x"}`, `"new_flag":{"x":true}`} {
			if !strings.Contains(string(out), member) {
				t.Errorf("%s: %s is not in the re-encoding %s", name, member, out)
			}
		}
	}
}

// TestGetChecksObject follows links of the fake to legs as bookings: Get and
// List check the _object of what comes back against the type asked for.
func TestGetChecksObject(t *testing.T) {
	srv, c := newFakeClient(t, 3)
	ctx := context.Background()
	p, err := c.ShipmentLegs.ListPage(ctx, &core.ShipmentLegListParams{Per: core.Ptr(1)})
	if err != nil {
		t.Fatal(err)
	}
	id := p.Items[0].ID
	link := fmt.Sprintf("%s/shipment_legs/%d", srv.URL, id)
	_, err = core.Get[core.Booking](ctx, c, link)
	var mismatch *core.ObjectMismatchError
	if !errors.As(err, &mismatch) || !errors.Is(err, core.ErrObjectMismatch) {
		t.Fatalf("Get[Booking] of a leg: %v, want an *ObjectMismatchError", err)
	}
	if mismatch.Got != "/shipment_leg" || mismatch.Want != "/booking" || mismatch.Model != "core.Booking" {
		t.Errorf("mismatch %+v", mismatch)
	}
	if want := fmt.Sprintf(`core: GET /shipment_legs/%d: got a "/shipment_leg" object, want "/booking" (core.Booking)`, id); err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if leg, err := core.Get[core.ShipmentLeg](ctx, c, link); err != nil || leg.ID != id {
		t.Errorf("Get[ShipmentLeg] = %v, %v", leg, err)
	}
	n := 0
	for b, err := range core.List[core.Booking](ctx, c, srv.URL+"/shipment_legs?per=2") {
		n++
		if !errors.Is(err, core.ErrObjectMismatch) {
			t.Errorf("List[Booking] of a page of legs yields %v, %v; want an *ObjectMismatchError", b, err)
		}
	}
	if n != 1 {
		t.Errorf("List[Booking] of a page of legs yielded %d values, want 1 error", n)
	}
}

func replace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("replace: " + old + " not found")
	}
	return strings.Replace(s, old, new, 1)
}
