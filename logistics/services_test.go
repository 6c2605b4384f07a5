package logistics

import (
	"testing"

	"github.com/flexport-go/flexport/internal/conformance"
)

// TestEveryOperationHasAMethod lists the operations of the curated Logistics
// document and fails for any that no method of a Client service serves.
func TestEveryOperationHasAMethod(t *testing.T) {
	t.Parallel()
	c := &Client{}
	c.initServices()
	if n := conformance.CheckServiceCoverage(t, "logistics-2023-10", "logistics", c, handwrittenOperations()); n != 59 {
		t.Errorf("the document has %d operations; the 2023-10 document has 59", n)
	}
}
