package testkit

import (
	"strings"
	"testing"
)

// TestDatabaseForSpreadsTests: without a setting, single-database tests
// land on both kinds, a test always on the same one and its subtests with
// it; DUALTRACK_TEST_DB puts them all on the one it names, and a value it
// does not know is an error rather than a silent SQLite run.
func TestDatabaseForSpreadsTests(t *testing.T) {
	names := []string{"TestSignIn", "TestUserList", "TestRouteMatrix", "TestBrowser", "TestImportScope", "TestStaticFiles",
		"TestLanguageDefault", "TestAgreementList", "TestExportEveryList", "TestRoundJourney"}
	seen := map[string]int{}
	for _, name := range names {
		db, err := databaseFor(name, "")
		if err != nil {
			t.Fatal(err)
		}
		seen[db.Name]++
		for _, again := range []string{name, name + "/postgres", name + "/over_TLS/nested"} {
			if other, _ := databaseFor(again, ""); other.Name != db.Name {
				t.Errorf("%s on %s, %s on %s", name, db.Name, again, other.Name)
			}
		}
		for _, choice := range []string{"sqlite", "postgres"} {
			if got, err := databaseFor(name, choice); err != nil || got.Name != choice {
				t.Errorf("%s with DUALTRACK_TEST_DB=%s: %s, %v", name, choice, got.Name, err)
			}
		}
	}
	if seen["sqlite"] == 0 || seen["postgres"] == 0 {
		t.Errorf("ten tests all on one database: %v", seen)
	}
	if _, err := databaseFor("TestSignIn", "mysql"); err == nil || !strings.Contains(err.Error(), "DUALTRACK_TEST_DB") {
		t.Errorf("DUALTRACK_TEST_DB=mysql: %v", err)
	}
}
