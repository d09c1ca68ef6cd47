package store

import (
	"fmt"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// TestNameKeys: the search keys an import remembers by part are the keys
// domain.SearchKey gives the whole name, which the people's pages search.
func TestNameKeys(t *testing.T) {
	names := [][3]string{
		{"Ахметов", "Ерлан", "Серикович"},
		{"Сейтқалиева", "Әсел", ""},
		{"  Ким ", "Виктор  Алексеевич", "-"},
		{"Петрова-Водкина", "Алёна", "Ивановна."},
		{"", "Айгерім", "Нұрланқызы"},
		{"O'Brien", "Mary-Ann", "2"},
		{"Ахметов", "Ерлан", "Серикович"},
	}
	keys := nameKeys{}
	for round := 0; round < 2; round++ {
		for _, n := range names {
			if got, want := keys.of(n[0], n[1], n[2]), domain.SearchKey(n[0], n[1], n[2]); got != want {
				t.Errorf("%q: %q, want %q", n, got, want)
			}
		}
	}
	for i := 0; i <= maxNameKeys; i++ {
		keys.of(fmt.Sprintf("Фамилия%d", i))
	}
	if len(keys) > maxNameKeys {
		t.Errorf("%d keys remembered, at most %d wanted", len(keys), maxNameKeys)
	}
	if got, want := keys.of("Ахметов", "Ерлан", ""), domain.SearchKey("Ахметов", "Ерлан", ""); got != want {
		t.Errorf("after forgetting: %q, want %q", got, want)
	}
}
