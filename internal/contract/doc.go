// Package contract holds the contract test of both clients: every method
// of every service of core.Client and logistics.Client is called with
// valid input against the fakes (core/coretest, logistics/logisticstest),
// which validate every request against the curated documents and, in this
// test, every response too. The test fails when an operation of either
// document, or a method of either client, has no case; run
//
//	go test -v -run TestContract ./internal/contract/
//
// to see the counts. The package has nothing to import: it is its tests.
package contract
