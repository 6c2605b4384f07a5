// Package gadgetapi stands in for a package oapi-codegen generated: the
// input of the reexport golden test.
package gadgetapi

// Gadget defines model for Gadget.
type Gadget struct {
	ID   *float64 `json:"id,omitempty"`
	Name string   `json:"name"`
	Kind *Kind    `json:"kind,omitempty"`
}

// Kind defines model for Kind.
type Kind string

// Defines values for Kind.
const (
	KindBig   Kind = "big"
	KindSmall Kind = "small"
)

// GetGadgetsParams defines parameters for GetGadgets.
type GetGadgetsParams struct {
	Limit *float64 `form:"limit,omitempty" json:"limit,omitempty"`
}

// CreateGadgetJSONRequestBody defines body for CreateGadget for application/json ContentType.
type CreateGadgetJSONRequestBody = Gadget

// Page is declared by the handwritten package too: the handwritten one wins.
type Page struct{}

// Box is generic: it cannot be aliased without its type parameters.
type Box[T any] struct{ V T }

// internal is unexported.
type internal struct{}

// unexportedConst is unexported.
const unexportedConst = 1

// Version is a variable, not re-exported.
var Version = "1"
