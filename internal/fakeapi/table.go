package fakeapi

import (
	"slices"
	"sync"
)

// Object is a JSON object as the fakes store it: nested objects are
// map[string]any, arrays []any. A stored Object is never modified: a write
// replaces it with a modified copy (see Clone), so readers can encode one
// without holding a lock.
type Object = map[string]any

// Clone returns a shallow copy of o.
func Clone(o Object) Object {
	c := make(Object, len(o)+2)
	for k, v := range o {
		c[k] = v
	}
	return c
}

// Table is an ordered collection of Objects keyed by id, in insertion
// order. It is safe for concurrent use.
type Table struct {
	mu   sync.RWMutex
	ids  []string
	byID map[string]Object
}

// Put stores o under id, replacing the object stored under id if any (it
// keeps its place).
func (t *Table) Put(id string, o Object) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byID == nil {
		t.byID = map[string]Object{}
	}
	if _, ok := t.byID[id]; !ok {
		t.ids = append(t.ids, id)
	}
	t.byID[id] = o
}

// Get returns the object stored under id.
func (t *Table) Get(id string) (Object, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	o, ok := t.byID[id]
	return o, ok
}

// Update replaces the object under id with f's result, atomically; f gets
// the stored object (never modify it: Clone it). It reports false if there
// is none; an error from f is returned as is.
func (t *Table) Update(id string, f func(Object) (Object, error)) (Object, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	o, ok := t.byID[id]
	if !ok {
		return nil, false, nil
	}
	n, err := f(o)
	if err != nil {
		return nil, true, err
	}
	t.byID[id] = n
	return n, true, nil
}

// Delete removes the object under id and reports whether there was one.
func (t *Table) Delete(id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.byID[id]; !ok {
		return false
	}
	delete(t.byID, id)
	t.ids = slices.DeleteFunc(t.ids, func(s string) bool { return s == id })
	return true
}

// All returns the objects in insertion order.
func (t *Table) All() []Object {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]Object, len(t.ids))
	for i, id := range t.ids {
		out[i] = t.byID[id]
	}
	return out
}

// Len returns the number of objects.
func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.ids)
}

// Counter hands out increasing integer ids per name. It is safe for
// concurrent use; its zero value is ready.
type Counter struct {
	mu   sync.Mutex
	next map[string]int64
}

// Next returns the next id of name: first, then first+1, and so on.
func (c *Counter) Next(name string, first int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.next == nil {
		c.next = map[string]int64{}
	}
	if c.next[name] < first {
		c.next[name] = first
	}
	c.next[name]++
	return c.next[name] - 1
}
