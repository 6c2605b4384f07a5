package webhook

import (
	"context"

	"github.com/flexport-go/flexport/internal/webhookutil"
)

// A Deduper is the duplicate filter of [WithDuplicateFilter]: it claims
// event IDs for processing and remembers which were processed, so that
// an event delivered twice, even to two replicas at once, runs the handler's
// function once. [MemoryDeduper] filters within one process;
// redisstore.NewDeduper (package github.com/flexport-go/flexport/auth/redisstore)
// shares one filter among the replicas of a fleet. Implementations must be
// safe for concurrent use, and Claim must be atomic across every handler
// sharing the Deduper's storage.
type Deduper interface {
	// Claim reserves id for the delivery about to be processed. It returns
	// true when the caller now holds the claim; false, with a nil error,
	// when id was processed already; and an error wrapping [ErrRetryLater]
	// when another delivery of id holds the claim (or the filter cannot
	// decide and prefers a later delivery to a duplicate). Any other error
	// means the filter failed: the handler processes the event anyway.
	Claim(ctx context.Context, id int64) (bool, error)
	// Mark records that id was processed, ending the caller's claim; later
	// Claims of id return false for as long as the Deduper remembers it.
	Mark(ctx context.Context, id int64) error
	// Release ends the caller's claim on id without marking it, because
	// processing failed, so that a redelivery is processed.
	Release(ctx context.Context, id int64) error
}

// ErrRetryLater, wrapped in an error of a Deduper's Claim, makes the
// handler answer 503 Service Unavailable without calling its function, so
// that Flexport delivers the event again later.
var ErrRetryLater = webhookutil.ErrRetryLater

// DefaultDeduperSize is the capacity of a MemoryDeduper created with a size
// of zero or less, and of the zero MemoryDeduper.
const DefaultDeduperSize = 10000

// MemoryDeduper is an in-process Deduper that remembers the most recently
// marked IDs, up to a fixed number, forgetting the least recently marked
// first, and the IDs claimed and not yet marked or released. Its zero value
// is ready to use, with [DefaultDeduperSize]. It is safe for concurrent use.
// It filters the deliveries that reach one process; for a fleet, use a
// filter in shared storage.
type MemoryDeduper struct {
	m webhookutil.Memory[int64]
}

// NewMemoryDeduper returns a MemoryDeduper remembering up to size IDs
// (DefaultDeduperSize if size is zero or less).
func NewMemoryDeduper(size int) *MemoryDeduper {
	d := &MemoryDeduper{}
	d.m.Processed.Size = size
	return d
}

// Claim claims id unless it is marked (false) or already claimed (an error
// wrapping [ErrRetryLater]). It never fails otherwise.
func (d *MemoryDeduper) Claim(ctx context.Context, id int64) (bool, error) { return d.m.Claim(ctx, id) }

// Release ends the claim on id. It never fails.
func (d *MemoryDeduper) Release(ctx context.Context, id int64) error { return d.m.Release(ctx, id) }

// Seen reports whether id is among the remembered IDs. It never fails.
func (d *MemoryDeduper) Seen(_ context.Context, id int64) (bool, error) {
	return d.m.Processed.Seen(id), nil
}

// Mark remembers id, forgetting the least recently marked ID if full, and
// ends its claim. It never fails.
func (d *MemoryDeduper) Mark(ctx context.Context, id int64) error { return d.m.Mark(ctx, id) }

// Len returns how many IDs are remembered.
func (d *MemoryDeduper) Len() int { return d.m.Processed.Len() }
