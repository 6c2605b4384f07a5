// Package auth provides credentials for the Flexport APIs.
//
// Flexport's Core API issues OAuth 2.0 client-credentials tokens that are
// valid for 24 hours, and allows at most 10 token requests a day for each
// credential. A service with a few replicas, or a job run from cron, that
// asks for a token whenever it starts burns that budget in hours and is then
// locked out of the API. [ClientCredentials] makes that hard to do by
// accident: its [ClientCredentials.TokenSource] caches the token in layers
//
//   - in memory, shared by every goroutine, refreshed a little before it
//     expires, with concurrent misses coalesced into one request; without
//     a Store, every ClientCredentials of the same client id, audience and
//     token URL in the process shares one token and one budget;
//   - in a [TokenStore] shared with other processes: [NewFileStore] for the
//     processes of one machine (guarded by a file lock), redisstore.New
//     (package github.com/flexport-go/flexport/auth/redisstore) for a fleet
//     of hosts (guarded by a Redis lock);
//
// and the store records every token request, so that beyond a budget
// (default 10 per rolling 24 hours) Token returns an error matching
// [ErrTokenBudgetExhausted] instead of calling the token endpoint. No
// stored wait outlasts 24 hours (not even a Retry-After of years), entries
// dated more than a day ahead are discarded with a warning, and a corrupt
// budget counts as spent for the rest of its day rather than as empty.
//
// [APIKey] and [BearerToken] wrap static credentials (legacy Core API keys and
// Logistics API portal tokens), and [LogisticsOAuth] implements the Logistics
// API's partner authorization-code flow.
//
// Secrets never appear in the errors of this package, nor in the output of
// fmt, log/slog or encoding/json for its credential types: they print a
// redacted form.
package auth
