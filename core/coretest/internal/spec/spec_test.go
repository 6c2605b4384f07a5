package spec

import (
	"testing"

	"github.com/flexport-go/flexport/internal/fakeapi/fakeapitest"
)

func TestDocumentIsCurrent(t *testing.T) {
	fakeapitest.CheckSpec(t, "core-v2", Document())
}
