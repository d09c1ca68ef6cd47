package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// pathID parses the {id} of a detail URL. Anything but a positive decimal
// that fits in int64 cannot name a record, so it is ENOTFOUND like an ID
// that does not exist: /students/abc, /students/-1, /students/1e3 and
// /students/99999999999999999999 are all simply not there.
func pathID(r *http.Request, kind string) (int64, error) {
	s := r.PathValue("id")
	if s == "" || len(s) > 19 {
		return 0, domain.NotFound(kind)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, domain.NotFound(kind)
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound(kind)
	}
	return id, nil
}

// pathRecord loads the record the path's {id} names with load, within the
// reader's scope (another is not found), answering the request itself with
// the error page (ok false) when there is none.
func pathRecord[T any](h *Web, w http.ResponseWriter, r *http.Request, kind string, load func(context.Context, int64) (T, error)) (T, bool) {
	var rec T
	id, err := pathID(r, kind)
	if err == nil {
		rec, err = load(r.Context(), id)
	}
	if err != nil {
		h.fail(w, r, err)
		return rec, false
	}
	return rec, true
}

// postedID reads the path's {id} and the posted form of a step on that
// record, answering the request itself (ok false) when either cannot be
// read. The store checks the record is the reader's to change.
func (h *Web) postedID(w http.ResponseWriter, r *http.Request, kind string) (int64, bool) {
	id, err := pathID(r, kind)
	if err == nil {
		err = parseForm(w, r)
	}
	if err != nil {
		h.fail(w, r, err)
		return 0, false
	}
	return id, true
}

// postedRecord is pathRecord for a posted form: it reads the form too.
func postedRecord[T any](h *Web, w http.ResponseWriter, r *http.Request, kind string, load func(context.Context, int64) (T, error)) (T, bool) {
	rec, ok := pathRecord(h, w, r, kind, load)
	if ok {
		if err := parseForm(w, r); err != nil {
			h.fail(w, r, err)
			return rec, false
		}
	}
	return rec, ok
}

// maxQueryLen bounds the search text; names and BINs are far shorter.
const maxQueryLen = 100

// query reads the parameters of a list page. The first problem is kept in
// err, so a handler reads every parameter and checks once; each problem is
// an EINVALID domain error whose key the error page translates.
type query struct {
	v   url.Values
	err error
}

func newQuery(r *http.Request) *query { return &query{v: r.URL.Query()} }

func (q *query) fail(err error) {
	if q.err == nil {
		q.err = err
	}
}

// text returns a trimmed free-text parameter.
func (q *query) text(name string) string {
	s := strings.TrimSpace(q.v.Get(name))
	if utf8.RuneCountInString(s) > maxQueryLen {
		q.fail(domain.Invalid(name, "error.query.too_long", "search text is too long").
			With("max", strconv.Itoa(maxQueryLen)))
		return ""
	}
	return s
}

// choice returns a parameter whose values the domain filter validates
// (sort, ownership, industry, funding, status).
func (q *query) choice(name string) string { return strings.TrimSpace(q.v.Get(name)) }

// number returns an integer parameter; empty means 0 (not set). A value
// that is not a whole number is EINVALID naming the parameter.
func (q *query) number(name string) int64 {
	s := strings.TrimSpace(q.v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		q.fail(domain.Invalid(name, "error.query.number", name+" must be a whole number").With("name", name))
		return 0
	}
	return n
}

// page returns the page number and size. Their ranges are checked by
// domain.Page.Normalize through the filter, except that Normalize reads 0
// as "the default": a 0 written in the URL is a mistake, so it is reported
// here with the domain's own messages.
func (q *query) page() domain.Page {
	p := domain.Page{Number: clampInt(q.number("page")), Size: clampInt(q.number("per_page"))}
	if q.err != nil {
		return domain.Page{}
	}
	if p.Number == 0 && q.v.Get("page") != "" {
		p.Number = -1
	}
	if p.Size == 0 && q.v.Get("per_page") != "" {
		p.Size = -1
	}
	if err := p.Normalize(); err != nil {
		q.fail(err)
	}
	return p
}

// flag returns a yes/no parameter as *bool, nil when not set.
func (q *query) flag(name string) *bool {
	switch q.v.Get(name) {
	case "":
		return nil
	case "yes":
		t := true
		return &t
	case "no":
		f := false
		return &f
	}
	q.fail(domain.Invalid(name, "error.query.yes_no", name+" must be yes or no").With("name", name))
	return nil
}

// clampInt narrows a parsed int64 to int without wrapping, so a huge value
// stays out of range and is rejected by the domain's checks.
func clampInt(n int64) int {
	const maxInt = int64(^uint(0) >> 1)
	switch {
	case n > maxInt:
		return int(maxInt)
	case n < -maxInt:
		return int(-maxInt)
	}
	return int(n)
}

// params builds the canonical query of a list page: only parameters that
// are set, in a stable order, so the same filter always has the same URL.
type params struct{ url.Values }

func newParams() params { return params{url.Values{}} }

// set records a value unless it is empty or the default.
func (p params) set(name, value, def string) {
	if value != "" && value != def {
		p.Values.Set(name, value)
	}
}

// setInt records a non-zero number.
func (p params) setInt(name string, n int64) {
	if n != 0 {
		p.Values.Set(name, strconv.FormatInt(n, 10))
	}
}

// with returns a copy with name set to value (removed when value is "").
func (p params) with(name, value string) params {
	c := params{url.Values{}}
	for k, v := range p.Values {
		c.Values[k] = append([]string(nil), v...)
	}
	if value == "" {
		c.Values.Del(name)
	} else {
		c.Values.Set(name, value)
	}
	return c
}

// pageURL joins a path and a query.
func pageURL(path string, v url.Values) string {
	if q := v.Encode(); q != "" {
		return path + "?" + q
	}
	return path
}
