package api

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// maxSearchLength bounds the free-text q parameter, in characters: longer
// text matches nothing useful and only costs the database.
const maxSearchLength = 200

// query reads the parameters of one request. It keeps the first bad one,
// so a handler reads everything it needs and checks err once. An empty
// value counts as absent, as browsers send empty form fields. Enumerations
// (ownership, sort, funding …) pass through as given: the domain filter
// validates them, so the code keeps the allowed values in one place (the
// OpenAPI document repeats them, and the tests hold the two together).
type query struct {
	values url.Values
	first  error
}

func newQuery(r *http.Request) *query { return &query{values: r.URL.Query()} }

func (q *query) fail(err error) {
	if q.first == nil {
		q.first = err
	}
}

// err returns the error of the first bad parameter, which names it.
func (q *query) err() error { return q.first }

// word returns a parameter as given.
func (q *query) word(name string) string { return q.values.Get(name) }

// search returns the free-text parameter name.
func (q *query) search(name string) string {
	s := q.values.Get(name)
	if utf8.RuneCountInString(s) > maxSearchLength {
		q.fail(domain.Invalid(name, "error.api.too_long", "search text is too long").With("max", strconv.Itoa(maxSearchLength)))
		return ""
	}
	return s
}

// personSearch is search for students and teachers. A whole IIN is
// matched exactly by the store, so searching by one tells whether that
// person studies or teaches somewhere and their name: it is refused to
// roles that may not see the kind of personal data action names.
func (q *query) personSearch(r *http.Request, name string, action auth.Action) string {
	s := q.search(name)
	if key := domain.SearchKey(s); len(key) == 12 && digitsOnly(key) && !mayReadPersonal(r, action) {
		q.fail(&domain.Error{Code: domain.EFORBIDDEN, Key: "error.api.iin_search_role", Field: name,
			Message: "your role may not search by IIN"})
		return ""
	}
	return s
}

// id returns a positive 64-bit integer parameter, 0 when absent.
func (q *query) id(name string) int64 {
	s := q.values.Get(name)
	if s == "" {
		return 0
	}
	n, ok := parseID(s, 64)
	if !ok {
		q.fail(domain.Invalid(name, "error.api.id", "must be a positive whole number").With("name", name))
	}
	return n
}

// regionID returns a region's KATO code parameter, 0 when absent.
func (q *query) regionID(name string) int {
	s := q.values.Get(name)
	if s == "" {
		return 0
	}
	n, ok := parseID(s, 32)
	if !ok {
		q.fail(domain.Invalid(name, "error.api.id", "must be a positive whole number").With("name", name))
	}
	return int(n)
}

// boolean returns a true/false parameter, nil when absent. Only the two
// JSON spellings are accepted, so "1", "yes" or "maybe" cannot be read in
// two ways.
func (q *query) boolean(name string) *bool {
	var b bool
	switch q.values.Get(name) {
	case "":
		return nil
	case "true":
		b = true
	case "false":
		b = false
	default:
		q.fail(domain.Invalid(name, "error.api.boolean", "must be true or false").With("name", name))
		return nil
	}
	return &b
}

// page reads page and per_page. The domain reads a zero as "the default";
// here a zero was typed by the client, so it is refused like any other
// number out of range.
func (q *query) page() domain.Page {
	var p domain.Page
	if s := q.values.Get("page"); s != "" {
		n, ok := parseID(s, 32)
		if !ok {
			q.fail(domain.Invalid("page", "error.page.number", "page must be 1 or more"))
		}
		p.Number = int(n)
	}
	if s := q.values.Get("per_page"); s != "" {
		n, ok := parseID(s, 32)
		if !ok || n > domain.MaxPageSize {
			q.fail(domain.Invalid("per_page", "error.page.size", "per_page is out of range").With("max", strconv.Itoa(domain.MaxPageSize)))
		}
		p.Size = int(n)
	}
	return p
}

// date returns a calendar date parameter (YYYY-MM-DD) as midnight UTC,
// the zero time when absent.
func (q *query) date(name string) time.Time {
	s := q.values.Get(name)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		q.fail(domain.Invalid(name, "error.api.date", "must be a date YYYY-MM-DD").With("name", name))
	}
	return d
}

// pathID parses the {id} of a path. Text that is not a positive integer of
// the given size cannot name a record, so it is ENOTFOUND like an id that
// names none.
func pathID(r *http.Request, bits int, kind string) (int64, error) {
	n, ok := parseID(r.PathValue("id"), bits)
	if !ok {
		return 0, domain.NotFound(kind)
	}
	return n, nil
}

// parseID accepts only plain digits (no sign, no spaces) that fit in bits
// and are above zero.
func parseID(s string, bits int) (int64, bool) {
	if !digitsOnly(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, bits)
	return n, err == nil && n > 0
}

func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkLang refuses a lang parameter the product has no catalog for; the
// error itself is then told in the Accept-Language language.
func checkLang(r *http.Request) error {
	if l := r.URL.Query().Get("lang"); l != "" && !i18n.Supported(l) {
		return domain.Invalid("lang", "error.api.lang", "lang must be kk, ru or en")
	}
	return nil
}

// lang is the language of the request, used to sort lists by name.
func lang(r *http.Request) string { return i18n.FromRequest(r) }
