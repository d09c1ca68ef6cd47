package web

import "github.com/dualtrack/dualtrack/internal/auth"

// RouteEntry is a route of the table as the tests see it.
type RouteEntry struct {
	Pattern string
	Action  auth.Action
}

// RouteTable lists the route table, for the tests that send every route
// as every role.
func RouteTable() []RouteEntry {
	out := make([]RouteEntry, 0, len(routes))
	for _, rt := range routes {
		out = append(out, RouteEntry{Pattern: rt.pattern, Action: rt.action})
	}
	return out
}
