package refdata

import (
	"math"
	"regexp"
	"strconv"
	"sync"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// isoInGeography finds the region's ISO code in a geography as published,
// "Almaty city (KZ-75)".
var isoInGeography = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\((KZ-[0-9]{2})\)`) })

// OfficialStatistics returns the published TVET figures
// (data/kz_tvet_statistics.csv), in the file's order, each with the KATO
// code of the region it is about (0 for the country) and the catalog key
// of its definition. After them come the bureau's employment shares worked
// out the way it states them: a "graduates" and a "graduates_employed" row
// of one period, area and source make a "graduates_employed_share" in
// percent (employed ÷ graduates, to 0.1), so that the dashboards can set it
// beside their own rate. SOURCES.md §8 says where each figure comes from.
func OfficialStatistics() []domain.OfficialFigure {
	regionByISO := map[string]int{}
	for _, r := range Regions() {
		regionByISO[r.ISO] = r.ID
	}
	var out []domain.OfficialFigure
	type pair struct{ graduates, employed *domain.OfficialFigure }
	type key struct{ period, geography, source string }
	pairs := map[key]*pair{}
	var order []key
	for _, row := range table("kz_tvet_statistics.csv") {
		f := domain.OfficialFigure{
			Indicator: row["indicator"], Period: row["period"], Geography: row["geography"],
			Value: number(row["value"]), Unit: row["unit"], Source: row["source_url"], Publisher: row["original_publisher"],
			Note: row["note"],
		}
		if m := isoInGeography().FindStringSubmatch(f.Geography); m != nil {
			f.RegionID = regionByISO[m[1]]
		}
		f.Definition = domain.DefinitionKeyPrefix + "official." + definitionOf(f.Indicator)
		out = append(out, f)
		switch f.Indicator {
		case "graduates", "graduates_employed":
			k := key{f.Period, f.Geography, f.Source}
			p, ok := pairs[k]
			if !ok {
				p = &pair{}
				pairs[k] = p
				order = append(order, k)
			}
			g := f
			if f.Indicator == "graduates" {
				p.graduates = &g
			} else {
				p.employed = &g
			}
		}
	}
	for _, k := range order {
		p := pairs[k]
		if p.graduates == nil || p.employed == nil || p.graduates.Unit != p.employed.Unit || p.graduates.Value <= 0 {
			continue
		}
		share := *p.employed
		share.Indicator = "graduates_employed_share"
		share.Value = math.Round(1000*p.employed.Value/p.graduates.Value) / 10
		share.Unit = "percent"
		share.Definition = domain.DefinitionKeyPrefix + "official.graduates_employed_share"
		share.Note = "graduates_employed ÷ graduates (" + strconv.FormatFloat(p.employed.Value, 'f', -1, 64) + " ÷ " +
			strconv.FormatFloat(p.graduates.Value, 'f', -1, 64) + " " + p.graduates.Unit + ")"
		out = append(out, share)
	}
	return out
}

// definedIndicators are the indicators the catalogs define
// ("analytics.definition.official.<indicator>"); the others, of which the
// file holds one or two rows each, share a definition that says to read
// the source's note.
var definedIndicators = map[string]bool{
	"students_total": true, "dual_training_students": true, "enterprises_in_dual_training": true,
	"enterprises_patronage_of_colleges": true, "graduate_employment_rate": true, "graduates": true,
	"graduates_employed": true, "teachers": true, "colleges": true, "colleges_with_dual_training": true,
	"tvet_organizations_independent": true, "students_state_order": true, "students_paid": true,
	"dual_training_graduates": true, "college_students": true, "admitted": true,
}

func definitionOf(indicator string) string {
	if definedIndicators[indicator] {
		return indicator
	}
	return "unlisted"
}
