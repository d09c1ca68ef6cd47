package refdata

import (
	"math"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// PublishedEmployment returns the published graduate employment rates
// (data/kz_graduate_employment.csv), in the file's order: a pair of
// "graduates" and "graduates_employed" rows of one period and source makes
// one rate, employed ÷ graduates; a "graduate_employment_rate" row is a
// rate as published. SOURCES.md says where each comes from.
func PublishedEmployment() []domain.PublishedEmployment {
	type source struct{ period, url string }
	var out []domain.PublishedEmployment
	index := map[source]int{}
	for _, row := range table("kz_graduate_employment.csv") {
		k := source{row["period"], row["source_url"]}
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, domain.PublishedEmployment{Period: k.period, SourceURL: k.url, Publisher: row["original_publisher"]})
		}
		f := &out[i]
		switch row["indicator"] {
		case "graduates":
			f.Graduates = persons(row)
		case "graduates_employed":
			f.Employed = persons(row)
			f.Note = row["note"]
		case "graduate_employment_rate":
			f.Rate = number(row["value"])
			f.Note = row["note"]
		}
		if f.Graduates > 0 && f.Employed > 0 {
			f.Rate = math.Round(1000*float64(f.Employed)/float64(f.Graduates)) / 10
		}
	}
	return out
}

// persons reads a count in persons, written in thousands or not.
func persons(row map[string]string) int {
	v := number(row["value"])
	if row["unit"] == "thousand persons" {
		v *= 1000
	}
	return int(math.Round(v))
}
