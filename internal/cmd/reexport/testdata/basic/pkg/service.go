package gadgets

// GadgetsService stands in for a generated service: its exported method
// reaches Gadget (and through its field, Kind) and GetGadgetsParams, so
// those are re-exported; CreateGadgetJSONRequestBody is reached by nothing.
type GadgetsService struct{}

// List stands in for a list method.
func (s *GadgetsService) List(params *GetGadgetsParams) ([]*Gadget, error) { return nil, nil }
