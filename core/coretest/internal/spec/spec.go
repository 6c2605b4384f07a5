// Package spec embeds the structural copy of the curated Core v2 document
// that coretest routes and validates against. core-v2.json is build output
// of `make generate` (internal/specpipe's Structural): never edit it by
// hand.
package spec

import _ "embed"

//go:embed core-v2.json
var document []byte

// Document returns the embedded document. The slice is shared: callers must
// not modify it.
func Document() []byte { return document }
