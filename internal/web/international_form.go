package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
)

// The forms of teachers' qualification and internationalisation are short
// and alike: each is a list of fields built here (xform) and shown by one
// template (partials/xform.html), kept as typed when a problem comes back,
// the problem next to its field and named in the summary.

// xfield is one field of such a form.
type xfield struct {
	Name, Label, Hint string
	Type              string // text, number, date, select, textarea
	Value             string
	Options           []option // select; the first empty option is Any
	Any               string
	Required          bool
	Max               int // maxlength of text, max of number
	Error             string
}

// xform is a form: where it posts, its fields and its problem.
type xform struct {
	ID, Title, Action, Submit string
	Fields                    []xfield
	Summary                   string
}

// problem puts a save's error on the form: next to its field when the
// form has it, in the summary naming the field. ok is false for errors
// that are not the user's to fix (h.fail shows those).
func (f *xform) problem(v *view, err error) (status int, ok bool) {
	labels := map[string]string{}
	for _, x := range f.Fields {
		labels[x.Name] = x.Label
	}
	e := domain.AsError(err)
	fe, status, ok := formProblem(v, err, "", nil)
	if !ok {
		return 0, false
	}
	f.Summary = fe.Summary
	if label, found := labels[e.Field]; found {
		msg := v.p.TMap(e.Key, e.Params)
		for i := range f.Fields {
			if f.Fields[i].Name == e.Field {
				f.Fields[i].Error = msg
			}
		}
		f.Summary = v.T("web.form.field_error", "field", label, "message", msg)
	}
	return status, true
}

// keep sets each field's value to what was posted.
func (f *xform) keep(r *http.Request) {
	for i := range f.Fields {
		x := &f.Fields[i]
		x.Value = postedText(r, x.Name, 4000)
		for j := range x.Options {
			x.Options[j].Selected = x.Options[j].Value == x.Value
		}
	}
}

// selectOf marks the option of value selected.
func selectOf(opts []option, value string) []option {
	for i := range opts {
		opts[i].Selected = opts[i].Value == value
	}
	return opts
}

// countryName is a country's name in the page's language (Unicode CLDR),
// the code itself when unknown.
func countryName(lang, code string) string { return refdata.CountryName(lang, code) }

// countryOptions are the foreign countries for a select, by name in the
// page's language, Russia first (the neighbour most partners are in).
func countryOptions(v *view, selected string) []option {
	var opts []option
	for _, c := range domain.ForeignCountries() {
		if c == domain.Russia {
			continue
		}
		opts = append(opts, option{Value: c, Label: countryName(v.Lang, c), Selected: c == selected})
	}
	sortByLabel(v.Lang, opts)
	return append([]option{{Value: domain.Russia, Label: countryName(v.Lang, domain.Russia), Selected: selected == domain.Russia}}, opts...)
}

// enumValues turns a domain enum list into strings.
func enumValues[T ~string](values []T) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		out = append(out, string(v))
	}
	return out
}

// countryParam reads an optional country filter, upper-cased; a bad one
// is for the domain's filter to refuse naming the parameter.
func countryParam(q *query) string { return strings.ToUpper(q.choice("country")) }

// figureCard is one big number of a figures panel.
type figureCard struct {
	Value, Label, Note string
}

// collegeScopeOf is the scope of a page's figures: the college or region
// asked for, else the reader's own.
func collegeScopeOf(v *view, q *query, pl places) domain.CollegeScope {
	sc := domain.CollegeScope{RegionID: pl.region(q), CollegeID: q.number("college_id")}
	if u := v.User; u != nil && sc == (domain.CollegeScope{}) {
		sc.RegionID, sc.CollegeID = u.RegionID, u.CollegeID
	}
	if sc.CollegeID != 0 {
		sc.RegionID = 0
	}
	return sc
}

// idString is a record ID in a URL or a form value.
func idString(id int64) string { return strconv.FormatInt(id, 10) }
