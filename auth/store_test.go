package auth_test

import (
	"testing"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/testutil/storetest"
)

// testStoreRoundTrip checks that store keeps what it is given, per key.
func testStoreRoundTrip(t *testing.T, store auth.TokenStore) {
	t.Helper()
	storetest.RoundTrip(t, store)
}
