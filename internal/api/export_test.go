package api

import "github.com/dualtrack/dualtrack/internal/auth"

// RouteActions maps every pattern of the route table to its action, so the
// external tests can hold each registered route to the policy table.
func RouteActions() map[string]auth.Action {
	out := map[string]auth.Action{}
	for _, rt := range New(nil, nil).routes() {
		out[rt.pattern] = rt.action
	}
	return out
}
