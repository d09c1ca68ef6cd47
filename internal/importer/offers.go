package importer

import (
	"context"
	"iter"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The placement offers' file: one row per offer, upserted by the
// enterprise's BIN and its own reference for the offer (its vacancy or
// order number). The terms are checked by the rules of an offer made on
// the page (domain.Offer.ValidateTerms); new offers come in as drafts.

// maxRefLength is the longest reference an offer may have.
const maxRefLength = 64

var offerKind = &kind[domain.OfferRow]{
	columns: []ColumnSpec{
		{Name: "enterprise_bin", Required: true, Use: "required: the enterprise's BIN, as registered",
			Headers: []string{"Enterprise BIN", "BIN", "Employer BIN", "БИН предприятия", "БИН организации", "БИН", "БИН работодателя",
				"Кәсіпорынның БСН", "Ұйымның БСН", "БСН", "Жұмыс берушінің БСН"}},
		{Name: "ref", Required: true, Use: "required: the enterprise's own reference for the offer (a vacancy or order number, up to 64 characters), which finds the offer when the list is imported again",
			Headers: []string{"Reference", "Ref", "Offer reference", "Number", "Vacancy number", "Номер", "Номер предложения",
				"Номер вакансии", "Учётный номер", "Учетный номер", "Нөмірі", "Нөмір", "Ұсыныс нөмірі", "Бос орын нөмірі"}},
		{Name: "qualification_code", Required: true, Use: "required: the qualification code (3W… or 4S…), as in the classifier",
			Headers: []string{"Qualification code", "Qualification", "Код квалификации", "Квалификация", "Біліктілік коды", "Біліктілік"}},
		{Name: "city", Required: true, Use: "required: the city or town of the site, in any language (its region is the offer's)",
			Headers: []string{"City", "Town", "Site", "Город", "Населённый пункт", "Населенный пункт", "Место прохождения",
				"Қала", "Елді мекен", "Өтетін орны"}},
		{Name: "capacity", Required: true, Use: "required: the number of places, 1 to 1000",
			Headers: []string{"Capacity", "Places", "Number of places", "Количество мест", "Число мест", "Мест", "Орын саны", "Орындар саны"}},
		{Name: "starts_on", Required: true, Use: "required: the first day, DD.MM.YYYY",
			Headers: []string{"Start date", "Starts on", "Дата начала", "Начало", "Басталу күні", "Басталатын күні"}},
		{Name: "ends_on", Required: true, Use: "required: the last day, DD.MM.YYYY: after the first, at most 3 years on",
			Headers: []string{"End date", "Ends on", "Дата окончания", "Окончание", "Аяқталу күні", "Аяқталатын күні"}},
		{Name: "weekdays", Required: true, Use: "required: the days at the enterprise, as пн-пт, пн, ср, пт (дс-жм in Kazakh, Mon-Fri in English) or ISO day numbers (135: Monday, Wednesday, Friday)",
			Headers: []string{"Weekdays", "Days", "Days at the enterprise", "Дни", "Дни недели", "Дни на предприятии",
				"Күндер", "Апта күндері", "Кәсіпорындағы күндер"}},
		{Name: "hours_per_week", Required: true, Use: "required: hours a week at the enterprise, 1 to 40 and at most 8 a day",
			Headers: []string{"Hours per week", "Hours a week", "Weekly hours", "Часов в неделю", "Часы в неделю", "Аптасына сағат", "Апталық сағат"}},
		{Name: "requirements", Use: "optional: what the enterprise asks of a candidate",
			Headers: []string{"Requirements", "Требования", "Требования к кандидату", "Талаптар", "Үміткерге қойылатын талаптар"}},
		{Name: "stipend_tenge", Use: "optional: the enterprise's stipend in tenge a month, 0 or empty for none",
			Headers: []string{"Stipend", "Stipend (tenge)", "Monthly stipend", "Стипендия", "Стипендия (тенге)", "Стипендия предприятия",
				"Шәкіртақы", "Шәкіртақы (теңге)", "Кәсіпорын стипендиясы"}},
		{Name: "reserved", Use: "optional: yes if only students on targeted training may apply (да/нет, иә/жоқ); no when empty",
			Headers: []string{"Reserved", "Targeted training only", "Reserved for targeted training", "Целевая подготовка",
				"Только для целевой подготовки", "Мақсатты даярлау", "Тек мақсатты даярлауға"}},
		{Name: "college_bin", Use: "optional: the BIN of the partner college that approves the offer; empty for the regional education department",
			Headers: []string{"Partner college BIN", "College BIN", "БИН колледжа", "БИН колледжа-партнёра", "БИН колледжа-партнера",
				"Колледж БСН", "Колледждің БСН", "Серіктес колледждің БСН"}},
	},
	digits: map[string]int{"enterprise_bin": 12, "college_bin": 12},
	parse: func(c *cells) domain.OfferRow {
		r := domain.OfferRow{Line: c.row.Line, EnterpriseBIN: c.bin("enterprise_bin"), Ref: c.ref("ref")}
		if c.text("college_bin") != "" {
			r.CollegeBIN = c.bin("college_bin")
		}
		r.QualificationCode = c.qualification("qualification_code", true)
		r.City = c.required("city")
		terms := domain.Offer{Capacity: c.whole("capacity", true), StartsOn: c.date("starts_on", true), EndsOn: c.date("ends_on", true),
			Weekdays: c.weekdays("weekdays"), HoursPerWeek: c.whole("hours_per_week", true),
			Requirements: c.text("requirements"), StipendTenge: c.tenge("stipend_tenge")}
		// The rules of an offer, reported at the column they are about
		// unless that column already has a problem of its own.
		if err := terms.ValidateTerms(); err != nil {
			de := domain.AsError(err)
			if !c.failed(de.Field) {
				c.fail(de.Field, de)
			}
		}
		r.Capacity, r.StartsOn, r.EndsOn, r.Weekdays, r.HoursPerWeek = terms.Capacity, terms.StartsOn, terms.EndsOn, terms.Weekdays, terms.HoursPerWeek
		r.Requirements, r.StipendTenge = terms.Requirements, terms.StipendTenge
		r.Reserved = c.choice("reserved", yesNo, false) == "yes"
		return r
	},
	store: func(svc domain.ImportService) func(context.Context, domain.ImportRequest, iter.Seq2[domain.OfferRow, error]) (domain.ImportResult, error) {
		return svc.ImportOffers
	},
}

// failed reports whether the row has a problem in the column.
func (c *cells) failed(column string) bool {
	for _, e := range c.errs {
		if e.Column == column {
			return true
		}
	}
	return false
}

// ref is the enterprise's reference for an offer, its spacing tidied.
func (c *cells) ref(column string) string {
	v := cleanName(c.text(column))
	switch {
	case v == "":
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
	case len([]rune(v)) > maxRefLength:
		c.fail(column, domain.Errorf(domain.EINVALID, "error.text.too_long", "too long: at most %d characters", maxRefLength).
			With("max", strconv.Itoa(maxRefLength)))
	}
	return v
}

// whole is a whole number, its range left to the rules of what it counts;
// 0 for an empty cell (a problem when required) or one that is not a
// number.
func (c *cells) whole(column string, required bool) int {
	v := c.text(column)
	if v == "" {
		if required {
			c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
		}
		return 0
	}
	n, ok := wholeNumber(v)
	if !ok {
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.whole", "%q is not a whole number", v).With("value", v))
	}
	return n
}

// tengeSigns are what people write after an amount of tenge.
var tengeSigns = []string{"₸", "тг.", "тг", "тенге", "теңге", "kzt"}

// tenge is an amount in whole tenge, as a cell shows it: with spaces
// (ordinary or non-breaking, as Excel puts them between thousands) and
// a currency sign or word; 0 for an empty cell.
func (c *cells) tenge(column string) int {
	v := c.text(column)
	if v == "" {
		return 0
	}
	s := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, strings.ToLower(v))
	for _, sign := range tengeSigns {
		s = strings.TrimSuffix(s, sign)
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, ".00"), ",00")
	n, ok := wholeNumber(s)
	if !ok {
		c.fail(column, domain.Invalid(column, "error.money", "an amount in tenge must be 0 or more"))
	}
	return n
}

// dayNumbers are the ISO numbers (1 is Monday) of the days of the week by
// their names and the abbreviations people write: Russian (пн … вс),
// Kazakh (дс … жс; "ср" and "сб" are the same days in both) and English.
var dayNumbers = map[string]int{
	"пн": 1, "понедельник": 1, "вт": 2, "вторник": 2, "ср": 3, "среда": 3, "чт": 4, "четверг": 4,
	"пт": 5, "пятница": 5, "сб": 6, "суббота": 6, "вс": 7, "воскресенье": 7,
	"дс": 1, "дүйсенбі": 1, "сс": 2, "сейсенбі": 2, "сәрсенбі": 3, "бс": 4, "бейсенбі": 4,
	"жм": 5, "жұма": 5, "сенбі": 6, "жс": 7, "жексенбі": 7,
	"mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2, "wed": 3, "wednesday": 3, "thu": 4, "thur": 4, "thurs": 4,
	"thursday": 4, "fri": 5, "friday": 5, "sat": 6, "saturday": 6, "sun": 7, "sunday": 7,
	"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7,
}

var (
	dayDashes    = strings.NewReplacer("–", "-", "—", "-", "−", "-")
	dayRangeGaps = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*-\s*`) })
	daySeparator = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[\s,;/+]+`) })
)

// weekdays reads the days at the enterprise: days and ranges of days by
// name ("пн-пт", "Пн, Ср, Пт", "дс-жм", "Mon–Fri") or ISO numbers ("1-5",
// "135", "1,3,5"); 0 for an empty cell or a wrong one (the problem
// recorded).
func (c *cells) weekdays(column string) domain.Weekdays {
	v := c.text(column)
	if v == "" {
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
		return 0
	}
	days, ok := parseWeekdays(v)
	if !ok {
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.weekdays",
			"%q is not a list of days: write, for example, Mon-Fri, Mon, Wed, Fri or 135 (1 is Monday)", v).With("value", v))
	}
	return days
}

func parseWeekdays(v string) (domain.Weekdays, bool) {
	s := dayRangeGaps().ReplaceAllString(dayDashes.Replace(strings.ToLower(strings.TrimSpace(v))), "-")
	var days domain.Weekdays
	day := func(name string) (int, bool) {
		n, ok := dayNumbers[strings.TrimSuffix(name, ".")]
		return n, ok
	}
	for _, token := range daySeparator().Split(s, -1) {
		if token == "" {
			continue
		}
		if from, to, isRange := strings.Cut(token, "-"); isRange {
			a, okA := day(from)
			b, okB := day(to)
			if !okA || !okB || a > b {
				return 0, false
			}
			for d := a; d <= b; d++ {
				days |= 1 << (d - 1)
			}
			continue
		}
		if w, err := domain.ParseWeekdays("weekdays", token); err == nil {
			days |= w // ISO numbers run together: "135"
			continue
		}
		n, ok := day(token)
		if !ok {
			return 0, false
		}
		days |= 1 << (n - 1)
	}
	return days, days != 0
}

var yesNo = newChoices([]string{"yes", "no"}, map[string]spellings{
	"yes": {"да", "иә", []string{"ия", "true", "y", "1", "+"}},
	"no":  {"нет", "жоқ", []string{"false", "n", "0", "-"}},
})
