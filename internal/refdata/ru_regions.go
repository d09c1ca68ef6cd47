package refdata

import "github.com/dualtrack/dualtrack/internal/domain"

// kazakhRegionNames are the Kazakh names of the Russian regions on the
// border (data/ru_regions_bordering_kz.csv gives English and Russian):
// the names Kazakh official usage gives them (see data/SOURCES.md).
var kazakhRegionNames = map[string]string{
	"RU-AST": "Астрахан облысы",
	"RU-VGG": "Волгоград облысы",
	"RU-SAR": "Саратов облысы",
	"RU-SAM": "Самара облысы",
	"RU-ORE": "Орынбор облысы",
	"RU-CHE": "Челябі облысы",
	"RU-KGN": "Қорған облысы",
	"RU-TYU": "Түмен облысы",
	"RU-OMS": "Омбы облысы",
	"RU-NVS": "Новосібір облысы",
	"RU-ALT": "Алтай өлкесі",
	"RU-AL":  "Алтай Республикасы",
}

// RussianRegions returns the 12 Russian regions that border Kazakhstan,
// west to east as the file lists them.
func RussianRegions() []domain.ForeignRegion {
	var out []domain.ForeignRegion
	for _, row := range table("ru_regions_bordering_kz.csv") {
		iso := row["iso_3166_2"]
		out = append(out, domain.ForeignRegion{ISO: iso,
			Name:   domain.Names{KK: kazakhRegionNames[iso], RU: row["name_ru"], EN: row["name_en"]},
			Centre: row["admin_centre_en"], Lat: number(row["admin_centre_lat"]), Lon: number(row["admin_centre_lon"])})
	}
	return out
}
