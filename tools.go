//go:build tools

// Package tools pins the code generators this module runs with `go run`, so
// that `make generate` always uses the versions recorded in go.mod and never a
// globally installed binary.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
