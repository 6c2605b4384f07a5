package testutil

import (
	"strings"
	"testing"
)

// CheckErrorPrefix checks the prefix rule of the SDK's errors on err, the
// error of what name did: its text starts with pkg and ": " ("core: "),
// once, and names no other package's prefix ("logistics: ", "flexport").
func CheckErrorPrefix(t testing.TB, name, pkg string, err error) {
	t.Helper()
	prefix := pkg + ": "
	msg := err.Error()
	other := "logistics: "
	if pkg == "logistics" {
		other = "core: "
	}
	if !strings.HasPrefix(msg, prefix) || strings.Count(msg, prefix) != 1 ||
		strings.Contains(msg, "flexport:") || strings.Contains(msg, "flexport "+pkg) || strings.Contains(msg, other) {
		t.Errorf("%s: error text %q: want one %q prefix, at the start, and no other", name, msg, prefix)
	}
}
