// Package refdata embeds the real reference data dualtrack ships with:
// Kazakhstan's regions and cities, ISCED-F 2013 fields and the part of the
// national TVET classifier found in public sources. data/SOURCES.md gives the
// source and licence of every file; the full classifier is loaded by an
// administrator with `dualtrack classifier import`.
package refdata

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

//go:embed data/*.csv data/SOURCES.md
var files embed.FS

// Sources is the attribution of the embedded files (data/SOURCES.md).
func Sources() []byte {
	b, _ := files.ReadFile("data/SOURCES.md")
	return b
}

// table reads an embedded CSV into rows keyed by header name.
func table(name string) []map[string]string {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		panic(err) // embedded at build time: a missing file is a build error
	}
	r := csv.NewReader(bytes.NewReader(b))
	header, err := r.Read()
	if err != nil {
		panic(fmt.Sprintf("refdata %s: %v", name, err))
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(fmt.Sprintf("refdata %s: %v", name, err))
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func number(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(fmt.Sprintf("refdata: %q is not a number", s))
	}
	return f
}

// russianCityNames maps the Kazakh name of a city to its Russian name
// (data/kz_cities_ru.csv; the statistics bulletin gives Kazakh names only).
func russianCityNames() map[string]string {
	m := make(map[string]string)
	for _, row := range table("kz_cities_ru.csv") {
		m[row["name_kk"]] = row["name_ru"]
	}
	return m
}

// Regions returns the 20 regions ordered by KATO code.
func Regions() []domain.Region {
	ru := russianCityNames()
	var out []domain.Region
	for _, row := range table("kz_admin_regions.csv") {
		id, _ := strconv.Atoi(row["kato_code"])
		out = append(out, domain.Region{
			ID:   id,
			ISO:  row["iso_3166_2"],
			Kind: row["type"],
			Name: domain.Names{KK: row["name_kk"], RU: row["name_ru"], EN: row["name_en"]},
			Centre: domain.Names{
				KK: row["admin_centre_kk"], RU: ru[row["admin_centre_kk"]], EN: row["admin_centre_en"],
			},
			Lat:        number(row["admin_centre_lat"]),
			Lon:        number(row["admin_centre_lon"]),
			Population: int(number(row["population_2023_01_01"])),
		})
	}
	return out
}

// englishWithoutGeoNames names the two towns GeoNames lacks (see SOURCES.md
// §3) by the usual transliteration.
var englishWithoutGeoNames = map[string]string{"Қаскелең": "Kaskelen", "Жем": "Zhem"}

// Cities returns the 89 towns with city status, largest first, with IDs
// 1..89 in the order of the source file.
func Cities() []domain.City {
	ru := russianCityNames()
	isoToID := map[string]int{}
	for _, r := range Regions() {
		isoToID[r.ISO] = r.ID
	}
	var out []domain.City
	for i, row := range table("kz_cities.csv") {
		c := domain.City{
			ID:            int64(i + 1),
			RegionID:      isoToID[row["region_iso_3166_2"]],
			Name:          domain.Names{KK: row["name_kk"], RU: ru[row["name_kk"]], EN: row["name_en_geonames"]},
			Population:    int(number(row["population_2023_01_01"])),
			IsAdminCentre: row["is_admin_centre"] == "yes",
		}
		if c.Name.EN == "" {
			c.Name.EN = englishWithoutGeoNames[c.Name.KK]
		}
		if row["lat"] != "" {
			lat, lon := number(row["lat"]), number(row["lon"])
			c.Lat, c.Lon = &lat, &lon
		}
		out = append(out, c)
	}
	return out
}

// ISCEDFields returns ISCED-F 2013 fields (broad, narrow and detailed).
func ISCEDFields() []domain.ISCEDField {
	var out []domain.ISCEDField
	for _, row := range table("isced_f_2013_fields.csv") {
		out = append(out, domain.ISCEDField{
			Code:       row["code"],
			Level:      row["level"],
			Name:       domain.Names{EN: row["name_en"]},
			ParentCode: row["parent_code"],
		})
	}
	return out
}

// Classifier returns the shipped part of the TVET classifier.
func Classifier() ([]domain.Specialty, []domain.Qualification) {
	var specs []domain.Specialty
	var quals []domain.Qualification
	for _, row := range table("kz_tvet_classifier_partial.csv") {
		name := domain.Names{KK: row["name_kk"], RU: row["name_ru"], EN: row["name_en_unofficial"]}
		switch row["row_type"] {
		case "specialty":
			specs = append(specs, domain.Specialty{Code: row["code"], Name: name, ISCEDCode: row["isced_f_detailed_code"]})
		case "qualification":
			quals = append(quals, domain.Qualification{Code: row["code"], SpecialtyCode: row["specialty_code"], Name: name})
		}
	}
	return specs, quals
}

// All returns every embedded reference table.
func All() domain.ReferenceData {
	specs, quals := Classifier()
	return domain.ReferenceData{
		Regions: Regions(), Cities: Cities(), ISCEDFields: ISCEDFields(),
		Specialties: specs, Qualifications: quals, PublishedEmployment: PublishedEmployment(),
		Official: OfficialStatistics(), RussianRegions: RussianRegions(),
		GuidanceItems: GuidanceItems(), GuidanceProfiles: GuidanceProfiles(),
	}
}
