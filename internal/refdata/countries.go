package refdata

import (
	"sync"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// countries are the names of the foreign countries by ISO code, read from
// data/countries.csv on first use.
var countries = sync.OnceValue(func() map[string]domain.Names {
	names := make(map[string]domain.Names)
	for _, row := range table("countries.csv") {
		names[row["iso"]] = domain.Names{KK: row["name_kk"], RU: row["name_ru"], EN: row["name_en"]}
	}
	return names
})

// CountryName is a foreign country's name in lang (Unicode CLDR), the code
// itself when the code is not a country's.
func CountryName(lang, code string) string {
	if n, ok := countries()[code]; ok {
		return n.In(lang)
	}
	return code
}
