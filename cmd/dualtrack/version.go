package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the VCS revision recorded by the Go toolchain is shown.
var version = ""

var versionCommand = command{
	name:    "version",
	summary: "print the version, the commit and the Go version",
	run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		fs := newFlags("version", "version", stderr)
		if err := parse(fs, args); err != nil {
			return err
		}
		fmt.Fprintln(stdout, versionString())
		return nil
	},
}

func versionString() string {
	v, rev, dirty := version, "", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return fmt.Sprintf("dualtrack %s %s%s %s", v, rev, dirty, runtime.Version())
}
