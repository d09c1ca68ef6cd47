package server

import (
	"fmt"
	"net"
)

// CheckAdminAddress refuses an admin listener's address that is not on
// the loopback interface (127.0.0.0/8, ::1, localhost) unless anyAddress
// is set: what it serves (the metrics) carries no sign-in, and tells
// anyone who can reach it the routes, the load and the pools of the node.
// An empty host (":9090") listens on every interface and is refused too.
func CheckAdminAddress(addr string, anyAddress bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("admin address %q: %w", addr, err)
	}
	if anyAddress {
		return nil
	}
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("admin address %q is not a loopback address: the metrics carry no sign-in, so the admin listener stays on 127.0.0.1 "+
		"unless --admin-any-address says otherwise (then put a firewall or an authenticating proxy in front)", addr)
}
