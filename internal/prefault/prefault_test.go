package prefault

import "testing"

func TestIsCommand(t *testing.T) {
	for cmdline, want := range map[string]bool{
		"dualtrack\x00match\x00--offers\x00o.csv\x00": true,
		"/usr/bin/dualtrack\x00match\x00":             true,
		"dualtrack\x00match":                          true, // cut at the buffer's end
		"dualtrack\x00serve\x00--addr\x00:8080\x00":   false,
		"dualtrack\x00matches\x00":                    false,
		"dualtrack\x00version\x00match\x00":           false,
		"dualtrack\x00":                               false,
		"dualtrack":                                   false,
		"":                                            false,
	} {
		if got := isCommand([]byte(cmdline)); got != want {
			t.Errorf("isCommand(%q) = %v, want %v", cmdline, got, want)
		}
	}
}
