package importer

import (
	"context"
	"iter"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The colleges' and the enterprises' files: one row per organisation,
// upserted by BIN, placed by region and city.

var collegeKind = &kind[domain.CollegeRow]{
	columns: append([]ColumnSpec{
		{Name: "bin", Required: true, Use: "required: 12 digits with a valid check digit",
			Headers: []string{"BIN", "БИН", "БСН", "College BIN", "БИН колледжа", "БИН организации образования", "Колледж БСН", "Колледждің БСН"}},
		{Name: "name_kk", Required: true, Use: "required: the official name in Kazakh", Headers: nameHeaders["kk"]},
		{Name: "name_ru", Required: true, Use: "required: the official name in Russian", Headers: nameHeaders["ru"]},
		{Name: "name_en", Use: "optional: the name in English", Headers: nameHeaders["en"]},
	}, append(placeColumns,
		ColumnSpec{Name: "ownership", Required: true, Use: "required: state or private (государственная, частная; мемлекеттік, жеке)",
			Headers: []string{"Ownership", "Form of ownership", "Форма собственности", "Меншік нысаны", "Меншік түрі"}},
		ColumnSpec{Name: "address", Use: "optional",
			Headers: []string{"Address", "Адрес", "Юридический адрес", "Мекенжай", "Мекенжайы", "Заңды мекенжайы"}},
	)...),
	digits: map[string]int{"bin": 12},
	parse: func(c *cells) domain.CollegeRow {
		return domain.CollegeRow{Line: c.row.Line, BIN: c.bin("bin"),
			Name:   domain.Names{KK: c.name("name_kk", true), RU: c.name("name_ru", true), EN: c.name("name_en", false)},
			Region: c.required("region"), City: c.text("city"),
			Ownership: c.choice("ownership", ownerships, true), Address: cleanName(c.text("address"))}
	},
	store: func(svc domain.ImportService) func(context.Context, domain.ImportRequest, iter.Seq2[domain.CollegeRow, error]) (domain.ImportResult, error) {
		return svc.ImportColleges
	},
}

var enterpriseKind = &kind[domain.EnterpriseRow]{
	columns: append([]ColumnSpec{
		{Name: "bin", Required: true, Use: "required: 12 digits with a valid check digit",
			Headers: []string{"BIN", "БИН", "БСН", "Enterprise BIN", "БИН предприятия", "БИН организации", "Кәсіпорынның БСН", "Ұйымның БСН"}},
		{Name: "name_kk", Use: "a name in Kazakh", Headers: nameHeaders["kk"]},
		{Name: "name_ru", Use: "a name in Russian", Headers: nameHeaders["ru"]},
		{Name: "name_en", Use: "a name in English (at least one of the three names is required)", Headers: nameHeaders["en"]},
	}, append(placeColumns,
		ColumnSpec{Name: "industry", Required: true, Use: "required: the OKED section letter (A–S) or an OKED code such as 62.01, whose section is taken",
			Headers: []string{"Industry", "OKED", "OKED section", "Отрасль", "ОКЭД", "Секция ОКЭД", "Код ОКЭД", "Сала", "ЭҚЖЖ", "ЭҚЖЖ секциясы", "ЭҚЖЖ коды"}},
		ColumnSpec{Name: "employees", Use: "optional: the number of employees",
			Headers: []string{"Employees", "Number of employees", "Численность работников", "Численность", "Количество работников",
				"Қызметкерлер саны", "Жұмыскерлер саны"}},
	)...),
	anyOf:  []string{"name_kk", "name_ru", "name_en"},
	digits: map[string]int{"bin": 12},
	parse: func(c *cells) domain.EnterpriseRow {
		r := domain.EnterpriseRow{Line: c.row.Line, BIN: c.bin("bin"),
			Name:   domain.Names{KK: c.name("name_kk", false), RU: c.name("name_ru", false), EN: c.name("name_en", false)},
			Region: c.required("region"), City: c.text("city"),
			Industry: c.industry("industry"), Employees: c.number("employees", 0, 10_000_000)}
		if r.Name.Empty() {
			for _, col := range []string{"name_ru", "name_kk", "name_en"} {
				if c.layout.Has(col) {
					c.fail(col, domain.Errorf(domain.EINVALID, "error.import.name_required", "a name in at least one language is required"))
					break
				}
			}
		}
		return r
	},
	store: func(svc domain.ImportService) func(context.Context, domain.ImportRequest, iter.Seq2[domain.EnterpriseRow, error]) (domain.ImportResult, error) {
		return svc.ImportEnterprises
	},
}

var nameHeaders = map[string][]string{
	"kk": {"Name (kk)", "Name (kz)", "Name in Kazakh", "Kazakh name", "Наименование на казахском языке", "Наименование на казахском",
		"Наименование (каз)", "Наименование (каз.)", "Атауы", "Атауы (қаз)", "Атауы (қаз.)", "Қазақша атауы", "Атауы қазақ тілінде"},
	"ru": {"Name (ru)", "Name in Russian", "Russian name", "Наименование", "Наименование на русском языке", "Наименование на русском",
		"Наименование (рус)", "Наименование (рус.)", "Атауы (орыс)", "Атауы (орыс.)", "Орысша атауы", "Атауы орыс тілінде"},
	"en": {"Name (en)", "Name in English", "English name", "Name", "Наименование на английском языке", "Наименование (англ)",
		"Наименование (англ.)", "Атауы (ағылш)", "Атауы (ағылш.)", "Ағылшынша атауы"},
}

var placeColumns = []ColumnSpec{
	{Name: "region", Required: true, Use: "required: the 2-digit KATO code (75 for Almaty), the ISO code (KZ-75) or the name in any language (Алматинская область, Алматы облысы)",
		Headers: []string{"Region", "KATO", "Region KATO", "Регион", "Область", "Код КАТО", "КАТО", "Облыс", "Өңір", "ӘАОЖ"}},
	{Name: "city", Use: "the city's name within the region, in any language; may be left empty in Astana, Almaty and Shymkent",
		Headers: []string{"City", "Town", "Город", "Населённый пункт", "Населенный пункт", "Қала", "Елді мекен"}},
}

var ownerships = newChoices([]string{domain.OwnershipState, domain.OwnershipPrivate}, map[string]spellings{
	domain.OwnershipState:   {"государственная", "мемлекеттік", []string{"государственный", "гос", "гос."}},
	domain.OwnershipPrivate: {"частная", "жеке", []string{"частный", "жекеменшік"}},
})

// okedSections gives the section of each OKED division (the first two
// digits of a code), by the first division of each section.
var okedSections = []struct {
	from    int
	section string
}{{1, "A"}, {5, "B"}, {10, "C"}, {35, "D"}, {36, "E"}, {41, "F"}, {45, "G"}, {49, "H"}, {55, "I"}, {58, "J"},
	{64, "K"}, {68, "L"}, {69, "M"}, {77, "N"}, {84, "O"}, {85, "P"}, {86, "Q"}, {90, "R"}, {94, "S"}, {97, ""}}

// industry is an OKED section letter, given as the letter or as a code of
// the classifier (62.01, 6201), whose first two digits name the division.
func (c *cells) industry(column string) string {
	v := strings.ToUpper(c.required(column))
	if v == "" {
		return ""
	}
	if _, ok := domain.Industries[v]; ok {
		return v
	}
	if len(v) >= 2 && v[0] >= '0' && v[0] <= '9' && v[1] >= '0' && v[1] <= '9' {
		division := int(v[0]-'0')*10 + int(v[1]-'0')
		section := ""
		for _, s := range okedSections {
			if division >= s.from {
				section = s.section
			}
		}
		if section != "" {
			return section
		}
	}
	c.fail(column, domain.Errorf(domain.EINVALID, "error.import.industry",
		"%q is neither an OKED section letter (A to S) nor an OKED code", v).With("value", v))
	return ""
}
