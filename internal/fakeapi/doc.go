// Package fakeapi is the machinery shared by the fake Flexport APIs
// (core/coretest and logistics/logisticstest): everything that does not
// depend on what one API's resources are.
//
//   - [Spec]: an OpenAPI document compiled once for serving, with a router
//     and its operations by id.
//   - [API]: an http.Handler that routes a request to the operation of the
//     document it matches, injects latency and [Fault]s, authenticates it,
//     validates it against the document (kin-openapi's openapi3filter),
//     applies [Idempotency], and calls the [Handler] registered under the
//     operation's id, so that a path that changes in the document needs no
//     handler change. Handlers return a [*Response] or an [*Error], which
//     each API renders in its own error format.
//   - [Window]: the rolling-window limit of token requests.
//   - [Deliverer]: webhook delivery with bounded retries and backoff.
//   - [Synth] and [Rand]: deterministic data from a seed, and values that
//     satisfy a schema of the document.
//   - [Table]: an ordered, concurrency-safe store of JSON objects; [Decode],
//     [Text], [Number] and [OrEmpty] read and write the JSON values in it.
//
// Nothing here imports the SDK's packages: the fakes work at the HTTP and
// JSON level, so that they catch the SDK's mistakes instead of sharing them.
package fakeapi
