package auth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/sync/singleflight"
)

// Invalidator is implemented by token sources that can discard a token the
// API rejected with 401 Unauthorized, such as [*CachingTokenSource].
type Invalidator interface {
	// Invalidate discards the current token, so that the next Token call
	// obtains another one.
	Invalidate()
}

// CachingTokenSource is the token source of [ClientCredentials.TokenSource].
// It shares one token among all goroutines, refreshes it RefreshSkew before
// it expires, coalesces concurrent refreshes into one, and coordinates with
// other processes through the [TokenStore]: a token request is made only by
// the holder of the store's lock, only when the store holds no fresh token,
// only within the budget, and never within RetryBackoff of a failed request.
//
// If a refresh fails while the current token is still valid, Token logs a
// warning and returns the current token.
//
// It is safe for concurrent use.
type CachingTokenSource struct {
	// All state is behind this pointer: formatting a value that holds the
	// source, with any verb, prints an address, never the tokens, and reads
	// nothing that a refresh writes.
	*sourceState
}

// sourceState is the state of a CachingTokenSource.
type sourceState struct {
	cfg   *config
	key   string
	group singleflight.Group

	mu       sync.Mutex
	tok      *oauth2.Token // the current token, nil if none
	obtained time.Time     // when tok was requested
	invalid  *sealed       // the access token last invalidated
	retryAt  time.Time     // no refresh is tried before retryAt;
	lastErr  error         // until then, Token reports lastErr if it has no valid token
}

var (
	_ oauth2.TokenSource = (*CachingTokenSource)(nil)
	_ Invalidator        = (*CachingTokenSource)(nil)
)

// Token returns a valid token, from memory, from the store, or requested
// from the token endpoint. Errors include [*BudgetExhaustedError],
// [*BackoffError], [*RateLimitError], [*CredentialsError] and
// [*TokenRequestError].
func (s *CachingTokenSource) Token() (*oauth2.Token, error) {
	return s.TokenContext(context.Background())
}

// TokenContext is Token, but returns ctx.Err() if ctx is done before a token
// is available. A refresh under way is not cancelled with ctx: other callers
// may be waiting for it. It runs with the values of ctx, bounded by the
// Timeout of the ClientCredentials.
func (s *CachingTokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	if s.cfg.err != nil {
		return nil, s.cfg.err
	}
	if tok, done, err := s.cached(); done {
		return tok, err
	}
	ch := s.group.DoChan("", func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.timeout)
		defer cancel()
		return s.refresh(ctx)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return copyToken(r.Val.(*oauth2.Token)), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Invalidate discards the current token, which the API rejected. The next
// Token call obtains another one: from the store if another process already
// replaced it, else with one token request, counted against the budget.
//
// When several requests may have failed with the same token, prefer
// InvalidateToken, which ignores the calls that come after the token was
// replaced.
func (s *CachingTokenSource) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil {
		s.invalid, s.tok = seal(s.tok.AccessToken), nil
	}
}

// InvalidateToken is Invalidate, but only if t is still the current token.
func (s *CachingTokenSource) InvalidateToken(t *oauth2.Token) {
	if t == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.AccessToken == t.AccessToken {
		s.invalid, s.tok = seal(s.tok.AccessToken), nil
	}
}

// String describes s without any secret.
func (s *CachingTokenSource) String() string {
	return fmt.Sprintf("auth.CachingTokenSource{ClientID: %q, TokenURL: %q, Audience: %q}",
		s.cfg.clientID, redactURL(s.cfg.tokenURL), s.cfg.audience)
}

// GoString describes s without any secret.
func (s *CachingTokenSource) GoString() string { return s.String() }

// Format implements fmt.Formatter: every verb prints String.
func (s *CachingTokenSource) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s, s) }

// LogValue implements slog.LogValuer without any secret.
func (s *CachingTokenSource) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("client_id", s.cfg.clientID),
		slog.String("token_url", redactURL(s.cfg.tokenURL)),
		slog.String("audience", s.cfg.audience),
	)
}

const (
	// expiryMargin is how long before its expiry a token is no longer
	// handed out, so that it does not expire in flight.
	expiryMargin = 10 * time.Second
	// storeRetryDelay is how long Token reports a store failure before
	// trying the store again.
	storeRetryDelay = time.Second
)

func newCachingTokenSource(cfg *config) *CachingTokenSource {
	return &CachingTokenSource{&sourceState{cfg: cfg, key: storeKey(cfg.clientID, cfg.audience, cfg.tokenURL)}}
}

// cached reports whether Token can answer from memory: with a fresh token,
// or, while a failed refresh is not retried, with a still-valid token or the
// failure.
func (s *CachingTokenSource) cached() (tok *oauth2.Token, done bool, err error) {
	now := s.cfg.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.fresh(s.tok, s.obtained, now) {
		return copyToken(s.tok), true, nil
	}
	if now.Before(s.retryAt) {
		if s.tok != nil && s.usable(s.tok, now) {
			return copyToken(s.tok), true, nil
		}
		return nil, true, s.lastErr
	}
	return nil, false, nil
}

// refresh obtains a fresh token from the store or the token endpoint. It
// runs in one goroutine at a time.
func (s *CachingTokenSource) refresh(ctx context.Context) (*oauth2.Token, error) {
	if tok, done, err := s.cached(); done { // a refresh that just ended
		return tok, err
	}

	// Another process may have stored a fresh token: look without the lock,
	// then with it.
	rec, err := s.cfg.store.Load(ctx, s.key)
	if err != nil {
		return s.fail(nil, storeRetryDelay, fmt.Errorf("auth: reading the token store: %w", err), nil)
	}
	if tok, ok := s.adopt(rec); ok {
		return tok, nil
	}
	unlock, err := s.cfg.store.Lock(ctx, s.key)
	if err != nil {
		return s.fail(&rec, storeRetryDelay, fmt.Errorf("auth: locking the token store: %w", err), nil)
	}
	defer unlock()
	if rec, err = s.cfg.store.Load(ctx, s.key); err != nil {
		return s.fail(nil, storeRetryDelay, fmt.Errorf("auth: reading the token store: %w", err), nil)
	}
	if tok, ok := s.adopt(rec); ok {
		return tok, nil
	}

	// This process requests the token, if the backoff and budget allow.
	now := s.cfg.now()
	dropped, corrected := correctBudget(&rec, now)
	if dropped > 0 {
		s.cfg.logger.Warn("flexport auth: discarding token budget entries dated more than 24 h in the future (written by a clock that was wrong)",
			"client_id", s.cfg.clientID, "entries", dropped)
	}
	rec.Requests = recentRequests(rec.Requests, now)
	var refused error // why no request may be made before quiet has passed
	var quiet time.Duration
	if now.Before(rec.NotBefore) {
		refused, quiet = &BackoffError{ClientID: s.cfg.clientID, Until: rec.NotBefore, Err: errors.New(rec.LastError)}, rec.NotBefore.Sub(now)
	} else if next, ok := nextAllowed(rec.Requests, s.cfg.budget, now); !ok {
		refused, quiet = &BudgetExhaustedError{ClientID: s.cfg.clientID, Budget: s.cfg.budget, Window: BudgetWindow, NextAllowed: next}, next.Sub(now)
	}
	if refused != nil {
		// Keep a correction for the next reader; a request below saves it
		// with the request, in one write.
		if corrected {
			if err := s.cfg.store.Save(ctx, s.key, rec); err != nil {
				return s.fail(&rec, storeRetryDelay, fmt.Errorf("auth: correcting the token budget: %w", err), nil)
			}
		}
		return s.fail(&rec, quiet, refused, nil)
	}
	// Record the request (with any correction) before making it: it counts
	// even if this process dies waiting for the answer.
	rec.Requests = append(rec.Requests, now)
	if err := s.cfg.store.Save(ctx, s.key, rec); err != nil {
		return s.fail(&rec, storeRetryDelay, fmt.Errorf("auth: recording a token request: %w", err), nil)
	}

	tok, err := requestToken(ctx, s.cfg, now, s.knownTokens(rec)...)
	if err != nil {
		wait := s.cfg.backoff
		if rl := (*RateLimitError)(nil); errors.As(err, &rl) {
			wait = max(wait, rl.RetryAfter)
		}
		wait = min(wait, maxStoredWait)
		rec.NotBefore, rec.LastError = now.Add(wait), err.Error()
		if err := s.cfg.store.Save(ctx, s.key, rec); err != nil {
			s.cfg.logger.Warn("flexport auth: cannot record a failed token request in the store",
				"client_id", s.cfg.clientID, "error", err)
		}
		later := &BackoffError{ClientID: s.cfg.clientID, Until: rec.NotBefore, Err: err}
		return s.fail(&rec, wait, err, later)
	}

	rec.Token, rec.Obtained, rec.NotBefore, rec.LastError = tok, now, time.Time{}, ""
	if err := s.cfg.store.Save(ctx, s.key, rec); err != nil {
		s.cfg.logger.Warn("flexport auth: cannot save the new token in the store; other processes will request their own",
			"client_id", s.cfg.clientID, "error", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.set(tok, now)
	s.invalid = nil
	return copyToken(tok), nil
}

// adopt makes the stored token current if it is fresh and not invalidated.
func (s *CachingTokenSource) adopt(rec Record) (*oauth2.Token, bool) {
	now := s.cfg.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec.Token == nil || !s.fresh(rec.Token, rec.Obtained, now) {
		return nil, false
	}
	s.set(rec.Token, rec.Obtained)
	return copyToken(rec.Token), true
}

// fail ends a failed refresh. Until quiet has passed (at most RetryBackoff),
// Token reports later, or err if later is nil, without trying again. If the
// current or the stored token is still valid, it is returned instead of err.
func (s *CachingTokenSource) fail(rec *Record, quiet time.Duration, err, later error) (*oauth2.Token, error) {
	now := s.cfg.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retryAt = now.Add(min(quiet, s.cfg.backoff))
	s.lastErr = cmp.Or(later, err)
	if rec != nil && rec.Token != nil && s.usable(rec.Token, now) &&
		(s.tok == nil || rec.Token.Expiry.After(s.tok.Expiry)) {
		s.tok, s.obtained = rec.Token, rec.Obtained
	}
	if s.tok == nil || !s.usable(s.tok, now) {
		return nil, err
	}
	s.cfg.logger.Warn("flexport auth: token refresh failed; using the current token until it expires",
		"client_id", s.cfg.clientID, "expiry", s.tok.Expiry, "error", err)
	return copyToken(s.tok), nil
}

// knownTokens returns the access tokens of this source and of rec, which
// must not appear in errors.
func (s *CachingTokenSource) knownTokens(rec Record) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var known []string
	for _, tok := range []*oauth2.Token{s.tok, rec.Token} {
		if tok != nil && tok.AccessToken != "" {
			known = append(known, tok.AccessToken)
		}
	}
	if s.invalid != nil {
		known = append(known, s.invalid.open())
	}
	return known
}

// set makes tok the current token. s.mu must be held.
func (s *CachingTokenSource) set(tok *oauth2.Token, obtained time.Time) {
	s.tok, s.obtained = tok, obtained
	s.retryAt, s.lastErr = time.Time{}, nil
}

// usable reports whether tok can still be handed out at now. s.mu must be
// held.
func (s *CachingTokenSource) usable(tok *oauth2.Token, now time.Time) bool {
	return tok.AccessToken != "" && tok.AccessToken != s.invalid.open() &&
		!tok.Expiry.IsZero() && now.Before(tok.Expiry.Add(-expiryMargin))
}

// fresh reports whether tok, requested at obtained, needs no refresh at
// now. s.mu must be held.
func (s *CachingTokenSource) fresh(tok *oauth2.Token, obtained, now time.Time) bool {
	skew := s.cfg.skew
	if life := tok.Expiry.Sub(obtained); !obtained.IsZero() && skew > life/2 {
		skew = life / 2
	}
	return s.usable(tok, now) && now.Before(tok.Expiry.Add(-skew))
}

// copyToken returns a copy of tok that callers may modify.
func copyToken(tok *oauth2.Token) *oauth2.Token {
	return &oauth2.Token{AccessToken: tok.AccessToken, TokenType: tok.TokenType, Expiry: tok.Expiry}
}
