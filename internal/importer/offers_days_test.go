package importer

import "testing"

// TestParseWeekdays: the days at the enterprise as people write them in
// the three languages, and what is not a list of days.
func TestParseWeekdays(t *testing.T) {
	for in, want := range map[string]string{
		"пн-пт": "12345", "Пн – Пт": "12345", "Пн, Ср, Пт": "135", "пн.,ср.,пт.": "135", "понедельник; среда": "13",
		"дс-жм": "12345", "Дс, Ср, Жм": "135", "сенбі": "6", "сб-вс": "67",
		"Mon-Fri": "12345", "Mon–Fri": "12345", "mon, wed, fri": "135", "Saturday": "6",
		"12345": "12345", "135": "135", "1-5": "12345", "1,3,5": "135", "1 / 3": "13", "пн, пн": "1",
	} {
		got, ok := parseWeekdays(in)
		if !ok || got.String() != want {
			t.Errorf("%q: %s, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"пт-пн", "8", "пн-ХХ", "будни", "11", "-", ",", "1-", "пн-вт-ср"} {
		if got, ok := parseWeekdays(in); ok {
			t.Errorf("%q: %s, want a problem", in, got)
		}
	}
}
