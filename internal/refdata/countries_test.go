package refdata

import (
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Every country a partner may be in has a name in each language of the
// pages, and the file holds no code the domain does not accept.
func TestCountryNames(t *testing.T) {
	foreign := domain.ForeignCountries()
	if len(countries()) != len(foreign) {
		t.Errorf("countries.csv has %d countries, the domain accepts %d: regenerate it (internal/refdata/gen/countries.go)", len(countries()), len(foreign))
	}
	for _, code := range foreign {
		n, ok := countries()[code]
		if !ok || n.KK == "" || n.RU == "" || n.EN == "" {
			t.Errorf("country %s lacks a name: %+v", code, n)
		}
	}
	for lang, want := range map[string]string{"kk": "Ресей", "ru": "Россия", "en": "Russia"} {
		if got := CountryName(lang, "RU"); got != want {
			t.Errorf("CountryName(%s, RU) = %q, want %q", lang, got, want)
		}
	}
	if got := CountryName("ru", "XX"); got != "XX" {
		t.Errorf("an unknown code should be shown as it is, got %q", got)
	}
}
