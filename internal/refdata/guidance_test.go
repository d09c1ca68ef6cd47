package refdata

import (
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// TestGuidanceItems checks the test's items: all 60, ten per area, in the
// order of the test, each with a text in every language — and that the
// Kazakh text is Kazakh, not the research file's Kyrgyz.
func TestGuidanceItems(t *testing.T) {
	items := GuidanceItems()
	if len(items) != domain.GuidanceItems {
		t.Fatalf("want %d items, got %d", domain.GuidanceItems, len(items))
	}
	perArea := map[domain.Area]int{}
	kazakhLetters := 0
	for p, it := range items {
		perArea[it.Area]++
		if it.Position != p || domain.ItemAtPosition(p) != mustIndex(t, it.ID) {
			t.Errorf("item %s at position %d, want the test's order", it.ID, p)
		}
		if it.Text.KK == "" || it.Text.RU == "" || it.Text.EN == "" {
			t.Errorf("item %s lacks a text: %+v", it.ID, it.Text)
		}
		if strings.ContainsAny(it.Text.KK, "әғқңұіһ") {
			kazakhLetters++
		}
		// Kyrgyz writes ө, ү and ң too, but never ә, ғ, қ, ұ, і; its
		// own spellings are tell-tales.
		for _, ky := range []string{"жана ", "иштөө", "өстүрүү", "оңдоо", "кылуу"} {
			if strings.Contains(it.Text.KK, ky) {
				t.Errorf("item %s: %q looks Kyrgyz (%q)", it.ID, it.Text.KK, ky)
			}
		}
	}
	for _, a := range domain.Areas {
		if perArea[a] != domain.ItemsPerArea {
			t.Errorf("area %s has %d items, want 10", a, perArea[a])
		}
	}
	if kazakhLetters < 40 {
		t.Errorf("only %d of 60 Kazakh texts use a Kazakh letter: is the column Kazakh?", kazakhLetters)
	}
}

func mustIndex(t *testing.T, id string) int {
	t.Helper()
	i, ok := domain.ItemIndex(id)
	if !ok {
		t.Fatalf("%s is no item", id)
	}
	return i
}

// TestEveryQualificationHasAProfile is the mapping's promise: every
// specialty and qualification of the shipped classifier has its own row,
// with an ISCO-08 unit group of the structure file's shape, an interest
// code and both reasons written.
func TestEveryQualificationHasAProfile(t *testing.T) {
	profiles := map[string]domain.GuidanceProfile{}
	for _, p := range GuidanceProfiles() {
		if err := p.Validate(); err != nil {
			t.Errorf("profile %s: %v", p.Code, err)
		}
		if len(p.ISCOCode) != 4 || p.ISCOTitle == "" {
			t.Errorf("profile %s: ISCO-08 unit group %q (%q)", p.Code, p.ISCOCode, p.ISCOTitle)
		}
		if len(p.Rationale) < 20 || len(p.ISCORationale) < 20 {
			t.Errorf("profile %s: the reasons are missing or too short", p.Code)
		}
		if _, dup := profiles[p.Code]; dup {
			t.Errorf("profile %s twice", p.Code)
		}
		profiles[p.Code] = p
	}
	specs, quals := Classifier()
	for _, q := range quals {
		if _, ok := profiles[q.Code]; !ok {
			t.Errorf("qualification %s (%s) has no profile", q.Code, q.Name.In("ru"))
		}
	}
	for _, s := range specs {
		if _, ok := profiles[s.Code]; !ok {
			t.Errorf("specialty %s (%s) has no profile", s.Code, s.Name.In("ru"))
		}
	}
	if len(profiles) != len(specs)+len(quals) {
		t.Errorf("%d profiles for %d classifier rows: a profile of a code the classifier lacks", len(profiles), len(specs)+len(quals))
	}
	// The mapping is by the work: a few rows whose group is beyond doubt.
	for code, isco := range map[string]string{"3W10130302": "5120", "07150500": "7212", "09130100": "3221", "4S06130103": "2512"} {
		if profiles[code].ISCOCode != isco {
			t.Errorf("%s maps to %s, want %s", code, profiles[code].ISCOCode, isco)
		}
	}
}
