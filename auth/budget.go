package auth

import (
	"slices"
	"time"
)

// recentRequests returns, sorted, the requests made within BudgetWindow
// before now. Requests dated after now (a clock that went back) still count.
func recentRequests(reqs []time.Time, now time.Time) []time.Time {
	cutoff := now.Add(-BudgetWindow)
	recent := make([]time.Time, 0, len(reqs)+1)
	for _, t := range reqs {
		if t.After(cutoff) {
			recent = append(recent, t)
		}
	}
	slices.SortFunc(recent, time.Time.Compare)
	return recent
}

// nextAllowed reports whether one more request fits in the budget now, given
// the sorted recent requests; if not, it returns when one will.
func nextAllowed(recent []time.Time, budget int, now time.Time) (time.Time, bool) {
	if len(recent) < budget {
		return now, true
	}
	// A request is allowed once all but budget-1 of the recent ones have
	// left the window.
	return recent[len(recent)-budget].Add(BudgetWindow), false
}

// maxStoredWait bounds every wait a store records and how far in the future
// a stored entry may lie, so that nothing locks a credential for more than
// a day: not a Retry-After of years, nor entries written by a clock that
// was ahead.
const maxStoredWait = BudgetWindow

// correctBudget makes rec safe to act on at now. Requests and a NotBefore dated
// more than maxStoredWait after now are dropped; requests dated after now
// (a clock a little ahead) are counted as made now, so that each leaves the
// window within a day. It returns how many entries it dropped and whether
// rec changed.
func correctBudget(rec *Record, now time.Time) (dropped int, changed bool) {
	limit := now.Add(maxStoredWait)
	if rec.NotBefore.After(limit) {
		rec.NotBefore, rec.LastError = time.Time{}, ""
		dropped, changed = dropped+1, true
	}
	kept := rec.Requests[:0:0]
	for _, t := range rec.Requests {
		switch {
		case t.After(limit):
			dropped, changed = dropped+1, true
			continue
		case t.After(now):
			t, changed = now, true
		}
		kept = append(kept, t)
	}
	rec.Requests = kept
	return dropped, changed
}
