package webhook_test

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/webhook"
)

func TestShipmentData(t *testing.T) {
	tests := []struct {
		name         string
		data         string
		wantKind     webhook.ResourceKind
		wantResource string // ID of the resource as decoded by its accessor
		wantErr      bool
	}{
		{name: "shipment resource", data: `{"_object":"/shipment_event_data","resource":{"_object":"/shipment","id":11},"shipment":{"_object":"/shipment","id":11},"location":null,"containers":[]}`, wantKind: webhook.ResourceShipment, wantResource: "11"},
		{name: "plural shipment object", data: `{"_object":"/shipment_event_data","resource":{"_object":"/shipments","id":12}}`, wantKind: webhook.ResourceShipment, wantResource: "12"},
		{name: "shipment leg resource", data: `{"_object":"/shipment_event_data","resource":{"_object":"/shipment_leg","id":21}}`, wantKind: webhook.ResourceShipmentLeg, wantResource: "21"},
		{name: "container leg resource", data: `{"_object":"/shipment_event_data","resource":{"_object":"/ocean/shipment_container_leg","id":31}}`, wantKind: webhook.ResourceContainerLeg, wantResource: "31"},
		{name: "container resource", data: `{"_object":"/shipment_event_data","resource":{"_object":"/ocean/shipment_container","id":41}}`, wantKind: webhook.ResourceContainer, wantResource: "41"},
		{name: "unknown resource kind kept", data: `{"_object":"/shipment_event_data","resource":{"_object":"/rocket","id":1}}`, wantKind: "/rocket"},
		{name: "no resource", data: `{"_object":"/shipment_event_data","shipment":{"_object":"/shipment","id":1}}`, wantKind: ""},
		{name: "no _object but shaped right", data: `{"resource":{"_object":"/shipment_leg","id":22}}`, wantKind: webhook.ResourceShipmentLeg, wantResource: "22"},
		{name: "invoice data", data: `{"_object":"/invoice","id":"X"}`, wantErr: true},
		{name: "empty object", data: `{}`, wantErr: true},
		{name: "not an object", data: `[1,2]`, wantErr: true},
		{name: "resource not an object", data: `{"_object":"/shipment_event_data","resource":5}`, wantErr: true},
		{name: "shipment of wrong type", data: `{"_object":"/shipment_event_data","shipment":"x"}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &webhook.Event{Type: webhook.ShipmentLegDeparted, Data: json.RawMessage(tt.data)}
			d, err := ev.ShipmentData()
			if tt.wantErr {
				if !errors.Is(err, webhook.ErrUnexpectedData) {
					t.Fatalf("err = %v, want ErrUnexpectedData", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ShipmentData: %v", err)
			}
			r := d.Resource
			if r.Kind() != tt.wantKind {
				t.Errorf("Kind = %q, want %q", r.Kind(), tt.wantKind)
			}
			// Exactly the accessor of the resource's kind succeeds.
			accessors := map[webhook.ResourceKind]func() (int, error){
				webhook.ResourceShipment: func() (int, error) {
					v, err := r.Shipment()
					if err != nil {
						return 0, err
					}
					return v.ID, nil
				},
				webhook.ResourceShipmentLeg: func() (int, error) {
					v, err := r.ShipmentLeg()
					if err != nil {
						return 0, err
					}
					return v.ID, nil
				},
				webhook.ResourceContainerLeg: func() (int, error) {
					v, err := r.ContainerLeg()
					if err != nil {
						return 0, err
					}
					return v.ID, nil
				},
				webhook.ResourceContainer: func() (int, error) {
					v, err := r.Container()
					if err != nil {
						return 0, err
					}
					return v.ID, nil
				},
			}
			for kind, get := range accessors {
				id, err := get()
				if kind == tt.wantKind {
					if err != nil {
						t.Errorf("%s accessor: %v", kind, err)
					} else if strconv.Itoa(id) != tt.wantResource {
						t.Errorf("%s accessor: id = %d, want %s", kind, id, tt.wantResource)
					}
					continue
				}
				if !errors.Is(err, webhook.ErrUnexpectedData) {
					t.Errorf("%s accessor on a %q resource: err = %v, want ErrUnexpectedData", kind, tt.wantKind, err)
				}
			}
		})
	}
}

func TestShipmentDataNoData(t *testing.T) {
	ev := &webhook.Event{Type: webhook.ShipmentCreated}
	if _, err := ev.ShipmentData(); !errors.Is(err, webhook.ErrUnexpectedData) {
		t.Errorf("ShipmentData err = %v, want ErrUnexpectedData", err)
	}
	if _, err := ev.Invoice(); !errors.Is(err, webhook.ErrUnexpectedData) {
		t.Errorf("Invoice err = %v, want ErrUnexpectedData", err)
	}
	var v map[string]any
	if err := ev.DecodeData(&v); !errors.Is(err, webhook.ErrUnexpectedData) {
		t.Errorf("DecodeData err = %v, want ErrUnexpectedData", err)
	}
	if got := ev.DataObject(); got != "" {
		t.Errorf("DataObject = %q, want empty", got)
	}
}

func TestObjectAccessors(t *testing.T) {
	type accessor func(*webhook.Event) (any, error)
	invoice := func(e *webhook.Event) (any, error) { return e.Invoice() }
	document := func(e *webhook.Event) (any, error) { return e.Document() }
	po := func(e *webhook.Event) (any, error) { return e.PurchaseOrder() }
	tests := []struct {
		name   string
		data   string
		get    accessor
		wantID string // JSON of the decoded value must contain this "id"
	}{
		{name: "invoice direct", data: `{"_object":"/invoice","id":"INV-1"}`, get: invoice, wantID: `"id":"INV-1"`},
		{name: "invoice as resource", data: `{"_object":"/shipment_event_data","resource":{"_object":"/invoice","id":"INV-2"}}`, get: invoice, wantID: `"id":"INV-2"`},
		{name: "document direct", data: `{"_object":"/document","id":"DOC-1"}`, get: document, wantID: `"id":"DOC-1"`},
		{name: "document as resource", data: `{"resource":{"_object":"/document","id":"DOC-2"}}`, get: document, wantID: `"id":"DOC-2"`},
		{name: "purchase order direct", data: `{"_object":"/purchase_order","id":33}`, get: po, wantID: `"id":33`},
		{name: "purchase order as resource", data: `{"_object":"/shipment_event_data","resource":{"_object":"/purchase_order","id":34}}`, get: po, wantID: `"id":34`},
		{name: "invoice on shipment data", data: `{"_object":"/shipment_event_data","resource":{"_object":"/shipment","id":1}}`, get: invoice},
		{name: "document on invoice", data: `{"_object":"/invoice","id":"INV-1"}`, get: document},
		{name: "purchase order on nothing", data: `{}`, get: po},
		{name: "invoice on array", data: `[]`, get: invoice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &webhook.Event{Type: "/x#y", Data: json.RawMessage(tt.data)}
			v, err := tt.get(ev)
			if tt.wantID == "" {
				if !errors.Is(err, webhook.ErrUnexpectedData) {
					t.Fatalf("err = %v, want ErrUnexpectedData", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("accessor: %v", err)
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.wantID) {
				t.Errorf("decoded %s, want it to contain %s", b, tt.wantID)
			}
		})
	}
}

func TestDataObjectAndDecodeData(t *testing.T) {
	ev := &webhook.Event{Type: webhook.InvoiceVoided, Data: json.RawMessage(`{"_object":"/invoice","id":"INV-9","amount":12}`)}
	if got := ev.DataObject(); got != "/invoice" {
		t.Errorf("DataObject = %q", got)
	}
	var v struct {
		ID     string `json:"id"`
		Amount int    `json:"amount"`
	}
	if err := ev.DecodeData(&v); err != nil {
		t.Fatal(err)
	}
	if v.ID != "INV-9" || v.Amount != 12 {
		t.Errorf("DecodeData = %+v", v)
	}
	var wrong []int
	if err := ev.DecodeData(&wrong); !errors.Is(err, webhook.ErrUnexpectedData) {
		t.Errorf("DecodeData into a slice: err = %v, want ErrUnexpectedData", err)
	}
}

// TestKnownEventTypesMatchConstants reads the EventType constants declared in
// eventtypes.go and checks that KnownEventTypes lists exactly those and that
// each has a documented group.
func TestKnownEventTypesMatchConstants(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "eventtypes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[webhook.EventType]bool{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "EventType" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok {
					t.Fatalf("constant value %T is not a literal", v)
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				declared[webhook.EventType(s)] = true
			}
		}
	}
	listed := map[webhook.EventType]bool{}
	for _, typ := range webhook.KnownEventTypes() {
		listed[typ] = true
	}
	if diff := cmp.Diff(declared, listed); diff != "" {
		t.Errorf("constants vs KnownEventTypes (-declared +listed):\n%s", diff)
	}
	for typ := range declared {
		if !typ.Known() || typ.Group() == "" {
			t.Errorf("%s: Known = %t, Group = %q", typ, typ.Known(), typ.Group())
		}
	}
}

// TestShipmentDataMatchesNamesExactly checks that event data decodes like
// the client's responses (internal/jsonx): a member spelt like a declared
// field in another case is not taken for it.
func TestShipmentDataMatchesNamesExactly(t *testing.T) {
	ev := &webhook.Event{Type: webhook.ShipmentLegDeparted, Data: json.RawMessage(
		`{"_object":"/shipment_event_data","shipment":{"_object":"/shipment","id":2,"NAME":"kept"},"SHIPMENT":{"_object":"/shipment","id":1}}`)}
	d, err := ev.ShipmentData()
	if err != nil {
		t.Fatalf("ShipmentData: %v", err)
	}
	if got := d.Shipment.ID; got != 2 {
		t.Errorf("Shipment.ID = %d, want 2 (the member named exactly shipment)", got)
	}
	if got, want := string(d.Shipment.AdditionalProperties["NAME"]), `"kept"`; got != want || d.Shipment.GetName() != "" {
		t.Errorf("NAME = %s and Name = %q, want %s kept as an undeclared member and Name empty", got, d.Shipment.GetName(), want)
	}
}
