package tabular

import (
	"strings"
	"testing"
)

// TestNumberFormats: numbers read through their format as Excel shows
// them, with the departures numberFormat documents.
func TestNumberFormats(t *testing.T) {
	for _, c := range []struct{ code, raw, want string }{
		{"General", "123456789012", "123456789012"},
		{"General", "1.23456789012E+11", "123456789012"},
		{"General", "0.1", "0.1"},
		{"General", "2.9999999999999996", "3"},
		{"General", "-0.5", "-0.5"},
		{"General", "1E+21", "1E+21"},
		{"General", "1.5E-12", "1.5E-12"},
		{"General", "12345678901234567890", "12345678901234600000"},
		{"General", "007", "7"},
		{"General", "not a number", "not a number"},
		{"", "42", "42"},
		{"@", "70315500123", "70315500123"},
		{"0", "2.5", "3"},
		{"0", "-2.5", "-3"},
		{"0", "-0.2", "0"},
		{"00000000", "1140100", "01140100"},
		{"000000000000", "70315500123", "070315500123"},
		{"0.00", "1.005", "1.01"},
		{"0.00", "9.999", "10.00"},
		{"#,##0.00", "1234567.891", "1234567.89"},
		{"0.0#", "1.25", "1.25"},
		{"0.0#", "1.2", "1.2"},
		{"0.0#", "1", "1.0"},
		{"#.##", "0.5", ".5"},
		{"0%", "0.125", "13%"},
		{"0.0%", "-0.0125", "-1.3%"},
		{`_-* #,##0.00\ _₽_-;\-* #,##0.00\ _₽_-;_-* "-"??\ _₽_-;_-@_-`, "-1234.5", "-1234.50"},
		{"[Red]0.00;[Blue]-0.00", "-3", "-3.00"},
		{"# ?/?", "1.5", "1.5"},
		{"0.00E+00", "12345", "12345"},
		{"dd.mm.yyyy", "39156", "15.03.2007"},
		{"d/m/yy", "39156.99", "15.03.2007"},
		{"mmmm yyyy", "39156", "15.03.2007"},
		{"DD.MM.YYYY", "39156", "15.03.2007"},
		{"dd.mm.yyyy hh:mm", "39156.5", "15.03.2007 12:00"},
		{"yyyy-mm-dd hh:mm:ss", "39156.999999", "16.03.2007 00:00:00"},
		{"h:mm AM/PM", "0.75", "18:00"},
		{"hh:mm:ss", "0.5000115740740741", "12:00:01"},
		{"mm:ss", "0.00138888888", "00:02:00"},
		{"[h]:mm:ss", "0.25", "06:00:00"},
		{`[$-F800]dddd\,\ mmmm\ dd\,\ yyyy`, "39156", "15.03.2007"},
		{`0 "дней"`, "5", "5"},
		{`"Код: "00000000`, "1140100", "01140100"},
		{"dd.mm.yyyy", "-1", "-1"},
		{"dd.mm.yyyy", "0", "00.01.1900"},
		{"dd.mm.yyyy", "abc", "abc"},
	} {
		if got := formatNumber([]byte(c.raw), parseNumberFormat(c.code), false); got != c.want {
			t.Errorf("%q through %q = %q, want %q", c.raw, c.code, got, c.want)
		}
	}
}

// TestSharedStringsBound: a shared-string table larger than its bound is
// refused rather than read, however small each string.
func TestSharedStringsBound(t *testing.T) {
	table := "<sst>" + strings.Repeat("<si><t>Әлиханов</t></si>", 100) + strings.Repeat("<si/>", 100) + "</sst>"
	list, err := readSharedStrings(strings.NewReader(table), 100*(16+16)+100*16)
	if err != nil || len(list) != 200 || list[0] != "Әлиханов" || list[199] != "" {
		t.Fatalf("%d strings, %v", len(list), err)
	}
	if _, err := readSharedStrings(strings.NewReader(table), 100*(16+16)+99*16); err == nil {
		t.Error("a table over its bound was read")
	}
}
