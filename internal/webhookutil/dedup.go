package webhookutil

import (
	"container/list"
	"context"
	"sync"
)

// A Deduper remembers which event IDs were processed; the Deduper interfaces
// of the webhook packages are its instances.
type Deduper[K comparable] interface {
	// Seen reports whether id was marked before.
	Seen(ctx context.Context, id K) (bool, error)
	// Mark records that id was processed.
	Mark(ctx context.Context, id K) error
}

// DefaultDeduperSize is the capacity of an LRU whose Size is zero or less.
// It is the DefaultDeduperSize of the webhook packages, whose tests check
// that their zero MemoryDeduper keeps that many IDs.
const DefaultDeduperSize = 10000

// LRU is a set of keys that remembers the most recently marked ones, up to
// Size, forgetting the least recently marked first. Its zero value is ready
// to use, with DefaultDeduperSize. It is safe for concurrent use.
type LRU[K comparable] struct {
	// Size is the capacity (DefaultDeduperSize if zero or less). Set it
	// before the first Mark.
	Size int

	mu    sync.Mutex
	order *list.List          // front: most recently marked
	items map[K]*list.Element // key -> element of order
}

// Seen reports whether k is among the remembered keys.
func (l *LRU[K]) Seen(k K) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.items[k]
	return ok
}

// Mark remembers k, forgetting the least recently marked key if full.
func (l *LRU[K]) Mark(k K) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.items == nil {
		l.items = make(map[K]*list.Element)
		l.order = list.New()
	}
	if e, ok := l.items[k]; ok {
		l.order.MoveToFront(e)
		return
	}
	l.items[k] = l.order.PushFront(k)
	capacity := l.Size
	if capacity <= 0 {
		capacity = DefaultDeduperSize
	}
	for l.order.Len() > capacity {
		oldest := l.order.Back()
		l.order.Remove(oldest)
		delete(l.items, oldest.Value.(K))
	}
}

// Len returns how many keys are remembered.
func (l *LRU[K]) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}
