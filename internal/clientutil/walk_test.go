package clientutil

import (
	"errors"
	"testing"

	"github.com/flexport-go/flexport/internal/apierr"
)

type withID struct {
	ID   *int   `json:"id,omitempty"`
	Name string `json:"name"`
}

type base struct {
	Code string `json:"id"`
}

type embedded struct {
	base
	Name string `json:"name"`
}

type noID struct {
	SKU string `json:"sku"`
}

func ptr[T any](v T) *T { return &v }

func TestItemKey(t *testing.T) {
	idKey := itemKey[withID]()
	if a, b := idKey(&withID{ID: ptr(1), Name: "a"}), idKey(&withID{ID: ptr(1), Name: "b"}); a != b || a != "id:1" {
		t.Errorf("items with id 1 have keys %q and %q, want both id:1", a, b)
	}
	if a, b := idKey(&withID{Name: "a"}), idKey(&withID{Name: "b"}); a == b {
		t.Errorf("items without an id share the key %q; want their JSON", a)
	}
	if got := itemKey[embedded]()(&embedded{base: base{Code: "x"}}); got != "id:x" {
		t.Errorf("an id of an embedded struct gives %q", got)
	}
	noKey := itemKey[noID]()
	if a, b := noKey(&noID{"s1"}), noKey(&noID{"s1"}); a != b || a != `json:{"sku":"s1"}` {
		t.Errorf("equal items without id fields have keys %q and %q", a, b)
	}
}

func TestWalk(t *testing.T) {
	w := NewWalk[withID](3)
	page := func(ids ...int) []*withID {
		var items []*withID
		for _, id := range ids {
			items = append(items, &withID{ID: ptr(id)})
		}
		return items
	}
	for i, tt := range []struct {
		items   []*withID
		repeats bool
	}{
		{page(1, 2), false},
		{page(2, 3), false}, // shifted by one insertion: not a repeat
		{page(), false},     // an empty page is not a repeat
		{page(3, 1), true},
	} {
		if got := w.Repeats(tt.items); got != tt.repeats {
			t.Errorf("page %d: Repeats = %t, want %t", i+1, got, tt.repeats)
		}
	}
	for i := range 3 {
		if !w.More() {
			t.Fatalf("More refused page %d of 3", i+1)
		}
	}
	if w.More() {
		t.Error("More allowed a fourth page of 3")
	}
	if err := w.TooMany(apierr.Core, "GET /shipments"); !errors.Is(err, ErrTooManyPages) || err.Error() != "core: GET /shipments: too many pages: the walk reached its limit of 3 pages (see WithMaxPages)" {
		t.Errorf("TooMany = %v", err)
	}
}

func TestWalkRevisits(t *testing.T) {
	w := NewWalk[withID](10)
	for i, tt := range []struct {
		pos  string
		want bool
	}{
		{"/shipments?page=1", false},
		{"/shipments?page=2", false},
		{"/shipments?page=1", true},
		{"/shipments?page=2", true},
		{"/shipments?page=3", false},
	} {
		if got := w.Revisits(tt.pos); got != tt.want {
			t.Errorf("request %d (%s): Revisits = %t, want %t", i+1, tt.pos, got, tt.want)
		}
	}
	err := w.Loop(apierr.Logistics, "GET /orders", "next cursor 7 was already requested")
	var ve *apierr.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrPaginationLoop) ||
		err.Error() != "logistics: GET /orders: pagination does not advance: next cursor 7 was already requested" {
		t.Errorf("Loop = %v (%T)", err, err)
	}
	if !errors.Is(ErrRepeatedPage, ErrPaginationLoop) {
		t.Error("ErrRepeatedPage does not wrap ErrPaginationLoop")
	}
}
