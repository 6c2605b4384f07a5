// Package testutil holds helpers shared by the tests of several packages.
// Only tests import it.
package testutil

import (
	"bytes"
	"context"
	"sync"
)

// SyncBuffer is a bytes.Buffer safe for concurrent writes and reads, for
// capturing logs. Its zero value is an empty buffer ready to use.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the buffer.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Len returns how many bytes were written.
func (b *SyncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// Limiter is a rate limiter for tests: it counts its Waits and returns Err
// from each (nil lets every request through). Its zero value is ready to
// use; it is safe for concurrent use.
type Limiter struct {
	// Err is what Wait returns.
	Err error

	mu    sync.Mutex
	waits int
}

// Wait counts the call and returns l.Err.
func (l *Limiter) Wait(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits++
	return l.Err
}

// Waits returns how many times Wait was called.
func (l *Limiter) Waits() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.waits
}
