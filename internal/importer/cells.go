package importer

import (
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

// cells reads the values of one row by column name and collects what is
// wrong with them, so that a row reports every problem at once.
type cells struct {
	layout *tabular.Layout
	row    tabular.Row
	errs   []*domain.RowError
}

func (c *cells) reset(r tabular.Row) {
	c.row = r
	c.errs = c.errs[:0]
}

// fail records a problem of the row in a column.
func (c *cells) fail(column string, e *domain.Error) {
	e.Field = column
	c.errs = append(c.errs, &domain.RowError{Line: c.row.Line, Column: column, Err: e})
}

// text is the value of a column, "" when the file has no such column.
func (c *cells) text(column string) string { return c.layout.Value(c.row, column) }

// required is the value of a column that must not be empty.
func (c *cells) required(column string) string {
	v := c.text(column)
	if v == "" {
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
	}
	return v
}

// name is a name or title: required or not, its spacing tidied, refused
// when it lost its letters on the way. Excel writes the Kazakh letters its
// ANSI code page lacks (ә, ғ, қ, ң, ө, ұ, ү, һ, і) as "?" when it saves a
// CSV in Windows-1251.
func (c *cells) name(column string, required bool) string {
	v := c.text(column)
	if !tidy(v) {
		v = cleanName(v)
	}
	switch {
	case v == "" && required:
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
	case strings.Contains(v, "?"):
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.lost_letters",
			"%q has \"?\" where letters were lost: save the file as CSV UTF-8 or XLSX, not ANSI (Windows-1251)", v).With("value", v))
	}
	return v
}

// iin is a valid IIN with its birth date and sex; ok is false when the
// cell is empty or wrong (and the problem recorded).
func (c *cells) iin(column string) (string, domain.IIN, bool) {
	v := c.required(column)
	if v == "" {
		return "", domain.IIN{}, false
	}
	id, err := domain.ParseIIN(column, v)
	if err != nil {
		c.fail(column, domain.AsError(err).With("value", v))
		return v, id, false
	}
	return v, id, true
}

// bin is a BIN with a valid check digit.
func (c *cells) bin(column string) string {
	v := c.required(column)
	if v == "" {
		return ""
	}
	if err := domain.ValidateBIN(column, v); err != nil {
		c.fail(column, domain.AsError(err).With("value", v))
	}
	return v
}

// date is a date written as Excel in Kazakhstan shows it (DD.MM.YYYY, the
// day and month with or without a leading zero) or as ISO 8601
// (YYYY-MM-DD); a time of midnight after it, which a date cell exported as
// date and time carries, is dropped. It is the zero time when the cell is
// empty (recorded as a problem when required) or not a date.
func (c *cells) date(column string, required bool) time.Time {
	v := c.text(column)
	if v == "" {
		if required {
			c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
		}
		return time.Time{}
	}
	t, ok := parseDate(v)
	if !ok {
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.date", "%q is not a date: write it as DD.MM.YYYY", v).With("value", v))
	}
	return t
}

func parseDate(v string) (time.Time, bool) {
	if i := strings.IndexByte(v, ' '); i > 0 {
		switch strings.TrimSpace(v[i:]) {
		case "0:00", "00:00", "0:00:00", "00:00:00":
			v = v[:i]
		default:
			return time.Time{}, false
		}
	}
	var parts []string
	var y, m, d string
	if parts = strings.Split(v, "."); len(parts) == 3 {
		d, m, y = parts[0], parts[1], parts[2]
	} else if parts = strings.Split(v, "-"); len(parts) == 3 && len(parts[0]) == 4 {
		y, m, d = parts[0], parts[1], parts[2]
	} else {
		return time.Time{}, false
	}
	if len(y) != 4 || len(m) < 1 || len(m) > 2 || len(d) < 1 || len(d) > 2 {
		return time.Time{}, false
	}
	year, err1 := strconv.Atoi(y)
	month, err2 := strconv.Atoi(m)
	day, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || year < 1900 || year > 2100 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 31.02 into March: a date that does not come
	// back as written does not exist.
	if t.Year() != year || int(t.Month()) != month || t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// tidy reports whether cleanName would leave s as it is: no space at
// either end, no two in a row, and no other white space. It reads bytes,
// not runes: the white space beyond ASCII is U+0085, U+00A0, U+1680,
// U+2000–U+205F and U+3000, whose UTF-8 encodings start with 0xC2, 0xE1,
// 0xE2 or 0xE3, none of which begins a Cyrillic letter. A name is checked
// on every row of a list of half a million, where a Fields and a Join
// would allocate for every name.
func tidy(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == ' ':
			if s[i+1] == ' ' {
				return false
			}
		case b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r' || b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3:
			return false
		}
	}
	return true
}

// choice maps the value of a column to one of a list's values by its
// accepted spellings (compared ignoring case and spacing); "" for an empty
// cell (a problem when required) or a value not on the list.
func (c *cells) choice(column string, list choices, required bool) string {
	v := c.text(column)
	if v == "" {
		if required {
			c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
		}
		return ""
	}
	if out, ok := list.exact[v]; ok {
		return out
	}
	if out, ok := list.values[tabular.NormalizeHeader(v)]; ok {
		return out
	}
	c.fail(column, domain.Errorf(domain.EINVALID, "error.import.choice", "%q is not one of: %s", v, list.accepted).
		With("value", v).With("accepted", list.accepted))
	return ""
}

// number is a whole number from min to max; 0 for an empty cell.
func (c *cells) number(column string, min, max int) int {
	v := c.text(column)
	if v == "" {
		return 0
	}
	n, ok := wholeNumber(v)
	if !ok || n < min || n > max {
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.number", "%q is not a whole number from %d to %d", v, min, max).
			With("value", v).With("min", strconv.Itoa(min)).With("max", strconv.Itoa(max)))
		return 0
	}
	return n
}

// wholeNumber reads a whole number as a cell shows it: with spaces
// between the thousands, or kept as a decimal (Excel shows 12.0 or 12,0).
func wholeNumber(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(strings.ReplaceAll(v, " ", ""), ".0"), ",0"))
	return n, err == nil
}

// qualification is a qualification code (3W… or 4S…), its letters
// capitalised; "" for an empty cell (a problem when required).
func (c *cells) qualification(column string, required bool) string {
	v := strings.ToUpper(c.text(column))
	switch {
	case v == "" && required:
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.required", "the cell is empty: fill it in"))
	case v != "" && !domain.IsQualificationCode(v):
		c.fail(column, domain.Errorf(domain.EINVALID, "error.import.qualification_code",
			"%q is not a qualification code (3W or 4S and 8 digits)", v).With("value", v))
	}
	return v
}

// person reads the columns every person file has: the IIN, the names, and
// the birth date and sex, which must agree with the IIN (they are taken
// from it when the file leaves them out).
func (c *cells) person() (iin string, name domain.PersonName, birth time.Time, sex domain.Sex) {
	iin, id, ok := c.iin("iin")
	name = domain.PersonName{Last: c.name("last_name", true), First: c.name("first_name", true), Middle: c.name("middle_name", false)}
	birth = c.date("birth_date", false)
	sex = domain.Sex(c.choice("sex", sexes, false))
	if !ok {
		return iin, name, birth, sex
	}
	if !birth.IsZero() && !birth.Equal(id.BirthDate) {
		c.fail("birth_date", domain.Errorf(domain.EINVALID, "error.person.birth_date_iin", "birth date does not match the IIN"))
	}
	if sex != "" && sex != id.Sex {
		c.fail("sex", domain.Errorf(domain.EINVALID, "error.person.sex_iin", "sex does not match the IIN"))
	}
	return iin, name, id.BirthDate, id.Sex
}

// choices is a list of values with the spellings accepted for each.
type choices struct {
	values map[string]string // normalised spelling → value
	// exact are the normalised spellings that normalise to themselves, so
	// that a cell written as one of them (most cells) is found as it is.
	exact    map[string]string
	accepted string // for messages
}

// spellings are the ways a value is written: its usual Russian and Kazakh
// words first (messages show them), then other words people use.
type spellings struct {
	ru, kk string
	other  []string
}

func newChoices(order []string, words map[string]spellings) choices {
	ch := choices{values: map[string]string{}, exact: map[string]string{}}
	shown := make([]string, len(order))
	for i, value := range order {
		w := words[value]
		for _, s := range append([]string{value, w.ru, w.kk}, w.other...) {
			n := tabular.NormalizeHeader(s)
			ch.values[n] = value
			if tabular.NormalizeHeader(n) == n {
				ch.exact[n] = value
			}
		}
		shown[i] = value + " (" + w.ru + ", " + w.kk + ")"
	}
	ch.accepted = strings.Join(shown, "; ")
	return ch
}

var sexes = newChoices([]string{"M", "F"}, map[string]spellings{
	"M": {"м", "ер", []string{"муж", "муж.", "мужской", "male"}},
	"F": {"ж", "әйел", []string{"жен", "жен.", "женский", "female"}},
})

// personColumns are the columns every person's file has; iinHeaders are
// the IIN's headers that name who the person is.
func personColumns(iinHeaders ...string) []ColumnSpec {
	return []ColumnSpec{
		{Name: "iin", Required: true, Use: "required: 12 digits with a valid check digit",
			Headers: append([]string{"IIN", "ИИН", "ЖСН", "Individual identification number",
				"Индивидуальный идентификационный номер", "Жеке сәйкестендіру нөмірі"}, iinHeaders...)},
		{Name: "last_name", Required: true, Use: "required",
			Headers: []string{"Last name", "Surname", "Фамилия", "Тегі"}},
		{Name: "first_name", Required: true, Use: "required",
			Headers: []string{"First name", "Given name", "Имя", "Аты"}},
		{Name: "middle_name", Use: "optional: the patronymic",
			Headers: []string{"Middle name", "Patronymic", "Отчество", "Әкесінің аты"}},
		{Name: "birth_date", Use: "optional: DD.MM.YYYY; must agree with the IIN, which gives it when absent",
			Headers: []string{"Birth date", "Date of birth", "Дата рождения", "Туған күні", "Туған күні, айы, жылы"}},
		{Name: "sex", Use: "optional: M or F (м/ж, ер/әйел); must agree with the IIN, which gives it when absent",
			Headers: []string{"Sex", "Gender", "Пол", "Жынысы"}},
	}
}
