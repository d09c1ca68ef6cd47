package domain

import (
	"slices"
	"strings"
	"testing"
)

func TestSearchKeySortsInAlphabetOrder(t *testing.T) {
	names := []string{"Яковлев", "Әбілов", "Ахметов", "Жұмабаев", "Ільясов", "Ыбыраев", "Қасымов", "Каримов", "Смит", "Ёлкин", "Егоров", "Өмірзақ", "Оспанов"}
	want := []string{"Smith", "Ахметов", "Әбілов", "Егоров", "Ёлкин", "Жұмабаев", "Каримов", "Қасымов", "Оспанов", "Өмірзақ", "Ыбыраев", "Ільясов", "Яковлев"}
	names[8] = "Smith"
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(SearchKey(a), SearchKey(b)) })
	if !slices.Equal(names, want) {
		t.Fatalf("sorted:\n%v\nwant\n%v", names, want)
	}
}

func TestSearchKeyPrefix(t *testing.T) {
	full := SearchKey("Әбілқасымова", "Айгерім", "")
	for _, q := range []string{"ӘБІЛ", "әбілқасымова ай", "  Әбілқасымова,  Айгерім "} {
		if !strings.HasPrefix(full, SearchKey(q)) {
			t.Errorf("query %q is not a prefix of the key", q)
		}
	}
	if SearchKey("Иван-Петров") != SearchKey("иван петров") {
		t.Error("punctuation should act as a space")
	}
	if SearchKey("Алёна") != SearchKey("Алена") {
		t.Error("ё should match е")
	}
}
