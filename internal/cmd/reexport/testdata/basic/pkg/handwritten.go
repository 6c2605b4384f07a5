// Package gadgets stands in for a handwritten package whose models the
// reexport golden test re-exports.
package gadgets

// Page is the handwritten package's own.
type Page[T any] struct{ Items []*T }
