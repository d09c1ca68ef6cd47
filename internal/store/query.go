package store

import (
	"strconv"
	"strings"
)

// where collects the conditions of a list query and numbers their
// placeholders: add("c.region_id = ?", 7) becomes "c.region_id = $1".
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// sql returns " WHERE a AND b", or "" without conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page appends LIMIT and OFFSET placeholders and returns them with the args.
func (w *where) page(size, offset int) (string, []any) {
	n := len(w.args)
	return " LIMIT $" + strconv.Itoa(n+1) + " OFFSET $" + strconv.Itoa(n+2), append(append([]any{}, w.args...), size, offset)
}

// containsPattern builds a LIKE pattern that finds text anywhere in a
// search key, escaping the user's % and _.
func containsPattern(query string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(query) + "%"
}

// prefixUpper is the smallest string greater than every string starting with
// prefix in byte order, for index-friendly "key >= prefix AND key < upper".
func prefixUpper(prefix string) string { return prefix + "\U0010FFFF" }
