package hook

import "example.com/shop"

// Decode decodes an event.
func Decode() *shop.Event { return nil }
