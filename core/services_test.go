package core

import (
	"testing"

	"github.com/flexport-go/flexport/internal/conformance"
)

// TestEveryOperationHasAMethod lists the operations of the curated Core
// document and fails for any that no method of a Client service serves.
func TestEveryOperationHasAMethod(t *testing.T) {
	t.Parallel()
	c := &Client{}
	c.initServices()
	if n := conformance.CheckServiceCoverage(t, "core-v2", "core", c, handwrittenOperations()); n < 59 {
		t.Errorf("the document has %d operations; want at least 59 (56 published + 3 added)", n)
	}
}
