// Package deduptest checks that a webhook Deduper keeps the contract of the
// webhook packages' Deduper interfaces. Only tests import it.
package deduptest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/flexport-go/flexport/internal/webhookutil"
)

// Run checks d with three distinct IDs that d has never seen: claims are
// exclusive, also under concurrency; a released claim can be taken again;
// a marked ID is reported processed.
func Run[K comparable](t *testing.T, d webhookutil.Deduper[K], a, b, c K) {
	t.Helper()
	ctx := context.Background()
	type outcome struct{ claimed, later bool }
	claim := func(id K) outcome {
		t.Helper()
		ok, err := d.Claim(ctx, id)
		if err != nil && !errors.Is(err, webhookutil.ErrRetryLater) {
			t.Fatalf("Claim(%v): %v", id, err)
		}
		return outcome{ok, err != nil}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name string
		do   func() outcome
		want outcome
	}{
		{"first claim", func() outcome { return claim(a) }, outcome{claimed: true}},
		{"claimed again", func() outcome { return claim(a) }, outcome{later: true}},
		{"another ID", func() outcome { return claim(b) }, outcome{claimed: true}},
		{"released", func() outcome { must(d.Release(ctx, a)); return claim(a) }, outcome{claimed: true}},
		{"marked", func() outcome { must(d.Mark(ctx, a)); return claim(a) }, outcome{}},
		{"marked twice", func() outcome { must(d.Mark(ctx, a)); return claim(a) }, outcome{}},
		{"release after mark", func() outcome { must(d.Release(ctx, a)); return claim(a) }, outcome{}},
		{"other ID marked", func() outcome { must(d.Mark(ctx, b)); return claim(b) }, outcome{}},
	}
	for _, s := range steps {
		if got := s.do(); got != s.want {
			t.Errorf("%s: claimed %t, retry later %t; want %t, %t", s.name, got.claimed, got.later, s.want.claimed, s.want.later)
		}
	}

	const n = 16
	var wg sync.WaitGroup
	results := make(chan outcome, n)
	for range n {
		wg.Go(func() { results <- claim(c) })
	}
	wg.Wait()
	close(results)
	won := 0
	for r := range results {
		switch {
		case r.claimed:
			won++
		case !r.later:
			t.Errorf("a concurrent Claim of an unprocessed ID returned false without ErrRetryLater")
		}
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent Claims won, want 1", won, n)
	}
}
