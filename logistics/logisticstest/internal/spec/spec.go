// Package spec embeds the structural copy of the curated Logistics 2023-10
// document that logisticstest routes and validates against.
// logistics-2023-10.json is build output of `make generate`
// (internal/specpipe's Structural): never edit it by hand.
package spec

import _ "embed"

//go:embed logistics-2023-10.json
var document []byte

// Document returns the embedded document. The slice is shared: callers must
// not modify it.
func Document() []byte { return document }
