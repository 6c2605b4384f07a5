package core

import "github.com/flexport-go/flexport/internal/clientutil"

// validate checks a request body before anything is sent (see
// clientutil.Validate); the generated services call it first.
func validate(method string, body any) error { return clientutil.Validate(pkg, method, body) }
