package webhook_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/flexport-go/flexport/internal/testutil/deduptest"
	"github.com/flexport-go/flexport/logistics/webhook"
)

func TestMemoryDeduper(t *testing.T) {
	ctx := context.Background()
	d := webhook.NewMemoryDeduper(3)
	seen := func(id string) bool {
		t.Helper()
		ok, err := d.Seen(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	mark := func(id string) {
		t.Helper()
		if err := d.Mark(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if seen("a") {
		t.Error("empty deduper has seen a")
	}
	mark("a")
	mark("b")
	mark("c")
	mark("a") // a becomes the most recent; b is now the oldest
	mark("d") // evicts b
	for id, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if got := seen(id); got != want {
			t.Errorf("Seen(%q) = %t, want %t", id, got, want)
		}
	}
	if d.Len() != 3 {
		t.Errorf("Len = %d, want 3", d.Len())
	}
}

func TestMemoryDeduperZeroValue(t *testing.T) {
	var d webhook.MemoryDeduper
	ctx := context.Background()
	for i := range webhook.DefaultDeduperSize + 5 {
		_ = d.Mark(ctx, strconv.Itoa(i))
	}
	if d.Len() != webhook.DefaultDeduperSize {
		t.Errorf("Len = %d, want the default bound %d", d.Len(), webhook.DefaultDeduperSize)
	}
	if ok, _ := d.Seen(ctx, "0"); ok {
		t.Error("oldest id not evicted")
	}
	if ok, _ := d.Seen(ctx, strconv.Itoa(webhook.DefaultDeduperSize+4)); !ok {
		t.Error("newest id forgotten")
	}
}

func TestMemoryDeduperConcurrent(t *testing.T) {
	d := webhook.NewMemoryDeduper(50)
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				id := fmt.Sprintf("%d-%d", g, i)
				_ = d.Mark(ctx, id)
				_, _ = d.Seen(ctx, id)
			}
		}()
	}
	wg.Wait()
	if d.Len() != 50 {
		t.Errorf("Len = %d, want 50", d.Len())
	}
}

func TestMemoryDeduperContract(t *testing.T) {
	deduptest.Run[string](t, webhook.NewMemoryDeduper(10), "a", "b", "c")
}
