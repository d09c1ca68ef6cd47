//go:build ignore

// Countries writes data/countries.csv: every foreign country dualtrack
// accepts (domain.ForeignCountries), with its name in Kazakh, Russian and
// English from the Unicode CLDR through golang.org/x/text. The names are a
// file rather than a call to x/text at run time because that package's
// tables cost every start of the binary some 2 ms, the match command's
// included.
//
//	go run internal/refdata/gen/countries.go > internal/refdata/data/countries.csv
package main

import (
	"encoding/csv"
	"os"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/dualtrack/dualtrack/internal/domain"
)

func main() {
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"iso", "name_kk", "name_ru", "name_en"})
	for _, code := range domain.ForeignCountries() {
		r := language.MustParseRegion(code)
		row := []string{code}
		for _, lang := range []string{"kk", "ru", "en"} {
			row = append(row, display.Regions(language.Make(lang)).Name(r))
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic(err)
	}
}
