package shop

// Service lists orders.
type Service struct{}

// Taken is declared here, so the generated one is not re-exported.
type Taken struct{}

// List returns orders.
func (s *Service) List(params *ListOrdersParams) []*Order {
	_ = Internal{}
	return nil
}

type hidden struct{ p Product }
