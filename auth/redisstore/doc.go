// Package redisstore holds everything in this SDK that uses Redis, for
// services that run as more than one process:
//
//   - [New]: an auth.TokenStore shared by a fleet, so that the fleet makes
//     one token request where each process would make its own (Flexport
//     allows 10 a day per credential);
//   - [NewDeduper]: a webhook duplicate filter shared by a fleet, for
//     WithDuplicateFilter of packages core/webhook and logistics/webhook, so
//     that an event delivered to two replicas runs once;
//   - [NewLimiter]: a rate limit shared by a fleet (GCRA, kept in Redis by
//     github.com/go-redis/redis_rate), for WithRateLimiter of packages
//     core and logistics (a whole client, or some calls).
//
// It is a package of its own so that programs that do not use Redis do not
// compile go-redis: core, logistics, auth and the webhook packages do not
// import it.
//
// Every method that talks to Redis returns when its context is done, or
// after the timeout of [WithTimeout] (default 3 seconds) for each Redis
// command, even if the Redis client ignores context deadlines (go-redis
// does unless its Options.ContextTimeoutEnabled is set). A Redis that is
// down or unreachable makes them return an error saying so; the Deduper
// then follows its documented fallback. Nothing here closes the client.
package redisstore
