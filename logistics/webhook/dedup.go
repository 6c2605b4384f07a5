package webhook

import (
	"context"

	"github.com/flexport-go/flexport/internal/webhookutil"
)

// A Deduper remembers which event IDs (logisticsEventId) were processed, for
// [WithDuplicateFilter]. Implementations must be safe for concurrent use; a
// shared store (a database, Redis) makes the filter work across replicas.
type Deduper interface {
	// Seen reports whether id was marked before.
	Seen(ctx context.Context, id string) (bool, error)
	// Mark records that id was processed.
	Mark(ctx context.Context, id string) error
}

// DefaultDeduperSize is the capacity of a MemoryDeduper created with a size
// of zero or less, and of the zero MemoryDeduper.
const DefaultDeduperSize = 10000

// MemoryDeduper is an in-process Deduper that remembers the most recently
// marked IDs, up to a fixed number, forgetting the least recently marked
// first. Its zero value is ready to use, with [DefaultDeduperSize]. It is
// safe for concurrent use.
type MemoryDeduper struct {
	ids webhookutil.LRU[string]
}

// NewMemoryDeduper returns a MemoryDeduper remembering up to size IDs
// (DefaultDeduperSize if size is zero or less).
func NewMemoryDeduper(size int) *MemoryDeduper {
	return &MemoryDeduper{ids: webhookutil.LRU[string]{Size: size}}
}

// Seen reports whether id is among the remembered IDs. It never fails.
func (d *MemoryDeduper) Seen(_ context.Context, id string) (bool, error) { return d.ids.Seen(id), nil }

// Mark remembers id, forgetting the least recently marked ID if full. It
// never fails.
func (d *MemoryDeduper) Mark(_ context.Context, id string) error {
	d.ids.Mark(id)
	return nil
}

// Len returns how many IDs are remembered.
func (d *MemoryDeduper) Len() int { return d.ids.Len() }
