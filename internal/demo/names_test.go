package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

func TestNameLists(t *testing.T) {
	l := names()
	for _, c := range []struct {
		name string
		list []string
		min  int
	}{
		{"Kazakh male first names", l.kkMale, 150},
		{"Kazakh female first names", l.kkFemale, 150},
		{"Kazakh surnames", l.kkSurnames, 150},
		{"Russian male first names", l.ruMale, 100},
		{"Russian female first names", l.ruFemale, 100},
		{"Russian surnames", l.ruSurnames, 100},
		{"company name roots", l.brandRoots, 100},
	} {
		if len(c.list) < c.min {
			t.Errorf("%s: %d, want at least %d", c.name, len(c.list), c.min)
		}
		seen := map[string]bool{}
		for _, n := range c.list {
			if seen[n] {
				t.Errorf("%s: %q twice", c.name, n)
			}
			seen[n] = true
			if strings.ContainsAny(n, "abcdefghijklmnopqrstuvwxyz") {
				t.Errorf("%s: %q has Latin letters", c.name, n)
			}
		}
	}
	if len(l.kkPatronymicKazakh) < 50 || len(l.kkPatronymicRussian) < 50 || len(l.ruPatronymics) < 100 {
		t.Errorf("patronymics: %d -ұлы, %d Kazakh -ович, %d Russian", len(l.kkPatronymicKazakh), len(l.kkPatronymicRussian), len(l.ruPatronymics))
	}
	for _, s := range sections {
		if s != "O" && len(l.industryWords[s]) < 5 {
			t.Errorf("section %s has %d words for company names", s, len(l.industryWords[s]))
		}
	}
}

func TestFemaleSurname(t *testing.T) {
	for male, female := range map[string]string{
		"Ахметов": "Ахметова", "Жұмабаев": "Жұмабаева", "Ильин": "Ильина", "Мусин": "Мусина",
		"Королёв": "Королёва", "Островский": "Островская", "Серікұлы": "Серікқызы",
		"Сейітқали": "Сейітқали", "Шевченко": "Шевченко", "Шмидт": "Шмидт", "Ковальчук": "Ковальчук",
	} {
		if got := femaleSurname(male); got != female {
			t.Errorf("femaleSurname(%s) = %s, want %s", male, got, female)
		}
	}
}

func TestTransliterate(t *testing.T) {
	for in, want := range map[string]string{
		"Қазақтелеком Сервис": "Kazaktelekom Servis",
		"Өскемен Жылу":        "Oskemen Zhylu",
		"Шұғыла IT":           "Shugyla IT",
		"Щучинск":             "Shchuchinsk",
	} {
		if got := transliterate(in); got != want {
			t.Errorf("transliterate(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestAbbreviation(t *testing.T) {
	for _, c := range []struct {
		name string
		long bool
		want string
	}{
		{"Программное обеспечение (по видам)", false, "ПО"},
		{"Учет и аудит", false, "УА"},
		{"Туризм", false, "ТУР"},
		{"Туризм", true, "ТУРИ"},
		{"Сестринское дело", true, "СЕД"},
		{"Техническое обслуживание, ремонт и эксплуатация автомобильного транспорта", false, "ТОР"},
		{"Ветеринария", false, "ВЕТ"},
	} {
		if got := abbreviation(c.name, c.long); got != c.want {
			t.Errorf("abbreviation(%q, %v) = %q, want %q", c.name, c.long, got, c.want)
		}
	}
	used := map[string]bool{}
	nursing := uniqueAbbreviation(domain.Specialty{Code: "09130100", Name: domain.Names{RU: "Сестринское дело"}}, used)
	welding := uniqueAbbreviation(domain.Specialty{Code: "07150500", Name: domain.Names{RU: "Сварочное дело (по видам)"}}, used)
	if nursing != "СД" || welding != "СВД" {
		t.Errorf("nursing %s, welding %s: one college needs two different codes", nursing, welding)
	}
}

// TestIdentifierAllocators: a thousand people born the same day get
// distinct valid IINs, and BINs follow the legal-entity layout.
func TestIdentifierAllocators(t *testing.T) {
	a := newIINAllocator(1)
	birth := time.Date(2008, 2, 29, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for range 1000 {
		iin, b := a.issue(birth, domain.Female)
		got, err := domain.ParseIIN("iin", iin)
		if err != nil || seen[iin] || !b.Equal(birth) || !got.BirthDate.Equal(birth) || got.Sex != domain.Female {
			t.Fatalf("IIN %s for %s: %+v, %v", iin, birth, got, err)
		}
		seen[iin] = true
	}
	bins := newBINAllocator(1)
	for range 1000 {
		bin := bins.issue(2004, 8)
		if err := domain.ValidateBIN("bin", bin); err != nil || seen[bin] || !strings.HasPrefix(bin, "040840") {
			t.Fatalf("BIN %s: %v", bin, err)
		}
		seen[bin] = true
	}
}

func TestPhone(t *testing.T) {
	r := newRand(1, 1)
	for range 100 {
		if p := phone(r); !phoneFormat.MatchString(p) {
			t.Fatalf("phone %q", p)
		}
	}
}
