package webhook

import (
	"container/list"
	"context"
	"sync"
)

// A Deduper remembers which event IDs were processed, for
// [WithDuplicateFilter]. Implementations must be safe for concurrent use; a
// shared store (a database, Redis) makes the filter work across replicas.
type Deduper interface {
	// Seen reports whether id was marked before.
	Seen(ctx context.Context, id int64) (bool, error)
	// Mark records that id was processed.
	Mark(ctx context.Context, id int64) error
}

// DefaultDeduperSize is the capacity of a MemoryDeduper created with a size
// of zero or less, and of the zero MemoryDeduper.
const DefaultDeduperSize = 10000

// MemoryDeduper is an in-process Deduper that remembers the most recently
// marked IDs, up to a fixed number, forgetting the least recently marked
// first. Its zero value is ready to use, with [DefaultDeduperSize]. It is
// safe for concurrent use.
type MemoryDeduper struct {
	mu    sync.Mutex
	size  int
	order *list.List              // front: most recently marked
	items map[int64]*list.Element // id -> element of order
}

// NewMemoryDeduper returns a MemoryDeduper remembering up to size IDs
// (DefaultDeduperSize if size is zero or less).
func NewMemoryDeduper(size int) *MemoryDeduper {
	return &MemoryDeduper{size: size}
}

// Seen reports whether id is among the remembered IDs. It never fails.
func (d *MemoryDeduper) Seen(_ context.Context, id int64) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.items[id]
	return ok, nil
}

// Mark remembers id, forgetting the least recently marked ID if full. It
// never fails.
func (d *MemoryDeduper) Mark(_ context.Context, id int64) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.items == nil {
		d.items = make(map[int64]*list.Element)
		d.order = list.New()
	}
	if e, ok := d.items[id]; ok {
		d.order.MoveToFront(e)
		return nil
	}
	d.items[id] = d.order.PushFront(id)
	capacity := d.size
	if capacity <= 0 {
		capacity = DefaultDeduperSize
	}
	for d.order.Len() > capacity {
		oldest := d.order.Back()
		d.order.Remove(oldest)
		delete(d.items, oldest.Value.(int64))
	}
	return nil
}

// Len returns how many IDs are remembered.
func (d *MemoryDeduper) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.items)
}
