package core

import (
	"testing"
	"time"
)

// TestWindow checks how the prefetch window adapts, step by step: it
// opens when pages are slow (waiting for the network) or the caller is,
// widens while pages in flight do not slow each other down and the caller
// waits, and narrows, then holds, when they do.
func TestWindow(t *testing.T) {
	const ms = time.Millisecond
	type step struct {
		alone        bool // the page was fetched in the caller's goroutine (waited: the time the caller used the page before)
		took, waited time.Duration
		want         int // the window after the step
	}
	tests := []struct {
		name  string
		max   int
		first time.Duration
		steps []step
	}{
		{name: "fast pages, fast caller: never leaves the caller's goroutine", max: 8, first: ms / 10, steps: []step{
			{alone: true, took: ms / 10, want: 0}, {alone: true, took: ms / 5, want: 0}, {alone: true, took: ms / 10, want: 0}}},
		{name: "slow caller: fetch the next page meanwhile", max: 8, first: ms / 10, steps: []step{
			{alone: true, took: ms / 10, waited: ms, want: 1}}},
		{name: "slow pages: opens to the limit while concurrent pages are as fast", max: 8, first: 20 * ms, steps: []step{
			{alone: true, took: 20 * ms, want: 2}, {took: 21 * ms, waited: 20 * ms, want: 4},
			{took: 22 * ms, want: 4}, {took: 21 * ms, waited: 19 * ms, want: 8}, {took: 20 * ms, waited: 20 * ms, want: 8}}},
		{name: "concurrent pages slower: narrows, then holds", max: 8, first: 2 * ms, steps: []step{
			{alone: true, took: 2 * ms, want: 2}, {took: 5 * ms, waited: 5 * ms, want: 1},
			{took: 2 * ms, waited: 2 * ms, want: 1}, {took: 2 * ms, waited: 2 * ms, want: 1},
			{took: 2 * ms, waited: 2 * ms, want: 1}, {took: 2 * ms, waited: 2 * ms, want: 1},
			{took: 2 * ms, waited: 2 * ms, want: 2}}},
		{name: "one slow page among fast ones is a fluke", max: 8, first: ms / 10, steps: []step{
			{alone: true, took: 3 * ms, want: 0}, {alone: true, took: ms / 10, want: 0}}},
		{name: "slow pages, then fast ones: back to the caller's goroutine", max: 8, first: 2 * ms, steps: []step{
			{alone: true, took: 2 * ms, want: 2}, {took: 5 * ms, waited: 5 * ms, want: 1},
			{took: ms / 10, waited: ms / 10, want: 0}, {alone: true, took: ms / 10, want: 0}}},
		{name: "a slow caller keeps the page fetched ahead", max: 8, first: ms / 10, steps: []step{
			{alone: true, took: ms / 10, waited: ms, want: 1}, {took: ms / 10, want: 1}, {took: ms / 10, waited: ms / 100, want: 1}}},
		{name: "a limit of 2", max: 2, first: 20 * ms, steps: []step{
			{alone: true, took: 20 * ms, want: 2}, {took: 20 * ms, waited: 20 * ms, want: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWindow(tt.max, tt.first)
			for i, s := range tt.steps {
				if s.alone {
					w.fetched(s.took, s.waited)
				} else {
					w.arrived(s.took, s.waited)
				}
				if w.n != s.want {
					t.Fatalf("step %d: window %d, want %d", i, w.n, s.want)
				}
			}
		})
	}
}
