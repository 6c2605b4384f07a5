package webhookutil

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"
)

// A Deduper claims event IDs for processing and remembers which were
// processed; the Deduper interfaces of the webhook packages are its
// instances, and their documentation is the contract.
type Deduper[K comparable] interface {
	// Claim reserves id for the delivery about to be processed. It returns
	// true when the caller holds the claim, false (and no error) when id was
	// processed already, and an error wrapping ErrRetryLater when another
	// delivery of id is being processed or the filter refuses to decide.
	Claim(ctx context.Context, id K) (bool, error)
	// Mark records that id was processed, ending the caller's claim.
	Mark(ctx context.Context, id K) error
	// Release ends the caller's claim on id without marking it, after
	// processing failed, so that a redelivery is processed.
	Release(ctx context.Context, id K) error
}

// ErrRetryLater is the error, wrapped, of a Deduper's Claim that makes the
// handler answer 503 so that the sender delivers the event again later.
var ErrRetryLater = errors.New("webhook: duplicate filter: deliver the event later")

// Memory is the in-process Deduper of both webhook packages: an LRU of the
// processed IDs and a set of the claimed ones. Its zero value is ready to
// use, with DefaultDeduperSize. It is safe for concurrent use.
type Memory[K comparable] struct {
	// Processed are the marked IDs.
	Processed LRU[K]

	mu      sync.Mutex
	claimed map[K]struct{}
}

// Claim claims id unless it is marked (false) or claimed (ErrRetryLater).
func (m *Memory[K]) Claim(_ context.Context, id K) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Processed.Seen(id) {
		return false, nil
	}
	if _, ok := m.claimed[id]; ok {
		return false, fmt.Errorf("%w: event %v is being processed", ErrRetryLater, id)
	}
	if m.claimed == nil {
		m.claimed = make(map[K]struct{})
	}
	m.claimed[id] = struct{}{}
	return true, nil
}

// Mark marks id and ends its claim.
func (m *Memory[K]) Mark(_ context.Context, id K) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.claimed, id)
	m.Processed.Mark(id)
	return nil
}

// Release ends the claim on id.
func (m *Memory[K]) Release(_ context.Context, id K) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.claimed, id)
	return nil
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
