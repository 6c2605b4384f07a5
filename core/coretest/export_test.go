package coretest

// OperationIDs returns the operation ids of the embedded document, for
// the tests of package coretest_test.
func OperationIDs() []string {
	var ids []string
	for _, op := range compiled().Operations() {
		ids = append(ids, op.ID)
	}
	return ids
}

// OperationPath returns the path template of an operation of the
// embedded document.
func OperationPath(id string) string { return compiled().Operation(id).Path }
