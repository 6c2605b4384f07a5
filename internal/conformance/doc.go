// Package conformance holds tests that check the generated clients against
// what Flexport really sends: the responses recorded from a Core v2 sandbox in
// ../shared/fixtures (read at run time, never copied), and the curated
// documents themselves.
package conformance
