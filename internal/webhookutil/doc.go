// Package webhookutil holds what the Core and Logistics webhook packages
// (core/webhook and logistics/webhook) share:
//
//   - LRU, the set behind their MemoryDeduper;
//   - Options and Handler, the handler options both have and the part of
//     their http.Handler that does not depend on the API: reading the body
//     within a limit, answering and logging rejected requests, filtering
//     duplicates and calling the user's function;
//   - the text and unwrapping of their PayloadError.
//
// Each webhook package keeps its own exported names (types, sentinel
// errors, options) with their documentation, so that the two packages'
// errors and types stay distinct; they delegate the logic to this package.
package webhookutil
