package fakeapi

import (
	"encoding/json"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
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

// Encoder caches the JSON encoding of stored Objects, which never change:
// a fake answers most requests with objects it has encoded before. Only
// stored objects may be given to it (it keeps each one it encodes). It is
// safe for concurrent use; its zero value is ready.
type Encoder struct {
	m sync.Map // unsafe.Pointer of the map -> *encoded
}

type encoded struct {
	o   Object // keeps the map alive, so that its address names it alone
	b   json.RawMessage
	alt atomic.Pointer[variant] // the last Transformed
}

// variant is a transformed encoding and the key it was made for.
type variant struct {
	key string
	b   json.RawMessage
}

// Encode returns the JSON encoding of o ("<", ">" and "&" unescaped).
func (e *Encoder) Encode(o Object) json.RawMessage { return e.entry(o).b }

// Transformed returns f applied to the encoding of o, cached for the last
// key it was asked for (such as the base URL a fake rebases links on).
func (e *Encoder) Transformed(o Object, key string, f func(json.RawMessage) json.RawMessage) json.RawMessage {
	c := e.entry(o)
	if v := c.alt.Load(); v != nil && v.key == key {
		return v.b
	}
	b := f(c.b)
	c.alt.Store(&variant{key: key, b: b})
	return b
}

func (e *Encoder) entry(o Object) *encoded {
	p := reflect.ValueOf(o).UnsafePointer()
	if c, ok := e.m.Load(p); ok {
		return c.(*encoded)
	}
	c, _ := e.m.LoadOrStore(p, &encoded{o: o, b: JSON(0, o).Body})
	return c.(*encoded)
}
