package api

import (
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// names is a name in the product's three languages; a language without a
// translation is the empty string, never missing, so clients need no
// special case.
type names struct {
	KK string `json:"kk"`
	RU string `json:"ru"`
	EN string `json:"en"`
}

func namesOf(n domain.Names) names { return names{KK: n.KK, RU: n.RU, EN: n.EN} }

// optionalNames is nil (JSON null) when no language has a name: the
// qualification of a programme the classifier lacks, the enterprise of a
// student not in training.
func optionalNames(n domain.Names) *names {
	if n.Empty() {
		return nil
	}
	v := namesOf(n)
	return &v
}

// personName is a person's name as in the identity document.
type personName struct {
	Last   string  `json:"last_name"`
	First  string  `json:"first_name"`
	Middle *string `json:"middle_name"` // null for people without a patronymic
}

func personNameOf(n domain.PersonName) personName {
	p := personName{Last: n.Last, First: n.First}
	if n.Middle != "" {
		p.Middle = &n.Middle
	}
	return p
}

// optionalID is nil (JSON null) for a zero reference.
func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// optionalString is nil (JSON null) for an empty string.
func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optionalDate is a calendar date as YYYY-MM-DD, nil when unknown.
func optionalDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}
