package webhook_test

import (
	"context"
	"sync"
	"testing"

	"github.com/flexport-go/flexport/core/webhook"
	"github.com/flexport-go/flexport/internal/testutil/deduptest"
)

func TestMemoryDeduper(t *testing.T) {
	ctx := context.Background()
	d := webhook.NewMemoryDeduper(3)
	seen := func(id int64) bool {
		t.Helper()
		ok, err := d.Seen(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	mark := func(id int64) {
		t.Helper()
		if err := d.Mark(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if seen(1) {
		t.Error("empty deduper has seen 1")
	}
	mark(1)
	mark(2)
	mark(3)
	if !seen(1) || !seen(2) || !seen(3) {
		t.Error("marked ids not seen")
	}
	mark(1) // 1 becomes the most recent; 2 is now the oldest
	mark(4) // evicts 2
	for id, want := range map[int64]bool{1: true, 2: false, 3: true, 4: true} {
		if got := seen(id); got != want {
			t.Errorf("Seen(%d) = %t, want %t", id, got, want)
		}
	}
	if d.Len() != 3 {
		t.Errorf("Len = %d, want 3", d.Len())
	}
}

func TestMemoryDeduperZeroValue(t *testing.T) {
	var d webhook.MemoryDeduper
	ctx := context.Background()
	if err := d.Mark(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if ok, _ := d.Seen(ctx, 7); !ok {
		t.Error("zero MemoryDeduper forgot 7")
	}
	for i := range int64(webhook.DefaultDeduperSize + 5) {
		_ = d.Mark(ctx, 100+i)
	}
	if d.Len() != webhook.DefaultDeduperSize {
		t.Errorf("Len = %d, want the default bound %d", d.Len(), webhook.DefaultDeduperSize)
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
				id := int64(g*1000 + i)
				_ = d.Mark(ctx, id)
				if ok, _ := d.Seen(ctx, id); !ok && d.Len() < 50 {
					t.Errorf("id %d not seen right after Mark", id)
				}
			}
		}()
	}
	wg.Wait()
	if d.Len() != 50 {
		t.Errorf("Len = %d, want 50", d.Len())
	}
}

func TestMemoryDeduperContract(t *testing.T) {
	deduptest.Run[int64](t, webhook.NewMemoryDeduper(10), 1, 2, 3)
}
