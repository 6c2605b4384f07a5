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
