// Package storetest checks auth.TokenStore implementations. Only tests
// import it.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/flexport-go/flexport/auth"
)

// RoundTrip checks that store keeps what it is given, per key.
func RoundTrip(t *testing.T, store auth.TokenStore) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

	got, err := store.Load(ctx, "missing")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(auth.Record{}, got); diff != "" {
		t.Errorf("Load of a missing key (-want +got):\n%s", diff)
	}

	records := []auth.Record{
		{
			Token:    &oauth2.Token{AccessToken: "tok", TokenType: "Bearer", Expiry: at.Add(24 * time.Hour)},
			Obtained: at,
			Requests: []time.Time{at.Add(-time.Hour), at},
		},
		{
			Requests:  []time.Time{at},
			NotBefore: at.Add(time.Minute),
			LastError: "auth: something failed",
		},
	}
	for _, rec := range records {
		if err := store.Save(ctx, "key", rec); err != nil {
			t.Fatal(err)
		}
		got, err := store.Load(ctx, "key")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rec, got, cmp.AllowUnexported(oauth2.Token{})); diff != "" {
			t.Errorf("Load after Save (-want +got):\n%s", diff)
		}
	}
	if got, _ := store.Load(ctx, "other"); got.Token != nil || got.Requests != nil {
		t.Errorf("another key sees %v", got)
	}
}

// Lock checks that store's lock excludes a second holder of the same key
// until ctx is done, leaves other keys free, and passes to a waiting holder
// once released; a second unlock call does nothing.
func Lock(t *testing.T, store auth.TokenStore) {
	t.Helper()
	ctx := context.Background()
	unlock, err := store.Lock(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}

	// A second holder, even in this process, waits.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := store.Lock(short, "k"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Lock: error = %v, want DeadlineExceeded", err)
	}
	// Other keys are independent.
	unlockOther, err := store.Lock(ctx, "other")
	if err != nil {
		t.Fatal(err)
	}
	unlockOther()

	got := make(chan error, 1)
	go func() {
		unlock2, err := store.Lock(ctx, "k")
		if err == nil {
			unlock2()
		}
		got <- err
	}()
	unlock()
	unlock() // a second call does nothing
	if err := <-got; err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
}
