package coretest

// OperationPath returns the path template of an operation of the
// embedded document.
func OperationPath(id string) string { return compiled().Operation(id).Path }
