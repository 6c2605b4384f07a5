package core

// GetTotalCount returns the number of items in the whole collection, or 0
// when Flexport did not say (or p is nil).
func (p *Page[T]) GetTotalCount() int {
	if p == nil || p.TotalCount == nil {
		return 0
	}
	return *p.TotalCount
}
