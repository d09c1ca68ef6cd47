package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// personal holds the personal data of a student or teacher. Each field is
// left out of the JSON when the record is masked, so a reader without the
// right never even sees the keys.
type personal struct {
	IIN       string `json:"iin,omitempty"`
	Phone     phone  `json:"phone,omitzero"`
	BirthDate string `json:"birth_date,omitempty"`
}

// personalOf returns the personal fields of a record the access layer left
// unmasked, and none of a masked one. The API also asks the policy itself
// (allowed): should the access layer ever hand back an unmasked record to
// a role without the right, the answer still carries nothing personal.
func personalOf(allowed, masked bool, iin, number string, birth time.Time) personal {
	if masked || !allowed {
		return personal{}
	}
	return personal{IIN: iin, Phone: phone{shown: true, number: number}, BirthDate: birth.Format(time.DateOnly)}
}

// maskedIIN is the IIN with all but its last four digits hidden. The
// access layer has already masked the IIN of a masked record, and masking
// it twice would lose the four digits.
func maskedIIN(iin string, masked bool) string {
	if masked {
		return iin
	}
	return domain.MaskIIN(iin)
}

// mayReadPersonal reports whether the caller's role may see personal data
// of the kind action names (auth.ReadStudentPersonal, auth.ReadTeacherPersonal).
func mayReadPersonal(r *http.Request, action auth.Action) bool {
	return auth.Allowed(domain.ActorFrom(r.Context()).Role(), action)
}

// phone is a phone number shown only with the other personal data: absent
// when hidden, null when no number is recorded, so a client can tell "not
// yours to see" from "not known".
type phone struct {
	shown  bool
	number string
}

// IsZero leaves a hidden phone out of the JSON (the omitzero option).
func (p phone) IsZero() bool { return !p.shown }

func (p phone) MarshalJSON() ([]byte, error) {
	if p.number == "" {
		return []byte("null"), nil
	}
	return json.Marshal(p.number)
}
