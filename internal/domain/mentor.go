package domain

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"
)

// phonePattern accepts a phone number as people write it: digits with
// spaces, dashes or brackets, an optional leading +. It is compiled on
// first use, not at start-up, which every dualtrack command would pay.
var phonePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\+?[0-9][0-9 ()-]{8,18}[0-9]$`)
})

// Mentor is an employee of an enterprise who guides trainees at the
// workplace (DOMAIN.md §4 rule 5). A mentor may have a user account (role
// mentor) to sign logbooks and assess competences.
type Mentor struct {
	ID              int64  `json:"id"`
	EnterpriseID    int64  `json:"enterprise_id"`
	UserID          int64  `json:"user_id,omitempty"` // the mentor's account, 0 if none
	Name            string `json:"name"`              // full name as written in the agreement
	Position        string `json:"position"`
	Qualification   string `json:"qualification"` // profession or qualification, free text
	ExperienceYears int    `json:"experience_years"`
	Phone           string `json:"phone,omitempty"`
	// PayPerTrainee is the monthly supplement in tenge the enterprise pays
	// the mentor for each trainee (2019 reference: 6–8 thousand).
	PayPerTrainee int       `json:"pay_per_trainee"`
	CreatedAt     time.Time `json:"created_at"`

	// Read-only, for display.
	Enterprise Names `json:"enterprise_name"`
	Trainees   int   `json:"trainees"` // live agreements naming the mentor
}

// Validate trims and checks the mentor.
func (m *Mentor) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	m.Position = strings.TrimSpace(m.Position)
	m.Qualification = strings.TrimSpace(m.Qualification)
	m.Phone = strings.TrimSpace(m.Phone)
	switch {
	case m.EnterpriseID <= 0:
		return Invalid("enterprise_id", "error.enterprise.required", "enterprise is required")
	case m.Name == "" || len([]rune(m.Name)) > 200:
		return Invalid("name", "error.mentor.name", "the mentor's full name is required (up to 200 characters)")
	case m.Qualification == "" || len([]rune(m.Qualification)) > 200:
		return Invalid("qualification", "error.mentor.qualification", "the mentor's qualification is required (up to 200 characters)")
	case len([]rune(m.Position)) > 200:
		return Invalid("position", "error.text.too_long", "too long").With("max", "200")
	case m.ExperienceYears < 0 || m.ExperienceYears > 60:
		return Invalid("experience_years", "error.mentor.experience", "years of experience must be 0 to 60")
	case m.PayPerTrainee < 0 || m.PayPerTrainee > 10_000_000:
		return Invalid("pay_per_trainee", "error.money", "an amount in tenge must be 0 or more")
	case m.Phone != "" && !phonePattern().MatchString(m.Phone):
		return Invalid("phone", "error.phone", "phone must be 10 to 20 digits, spaces, dashes or brackets")
	}
	return nil
}

// MentorFilter selects mentors.
type MentorFilter struct {
	EnterpriseID int64
	RegionID     int    // set by the access layer for a regional scope
	Query        string // the start of the name
	Page         Page
}

// Validate fills in defaults.
func (f *MentorFilter) Validate() error { return f.Page.Normalize() }

// MentorService stores mentors.
type MentorService interface {
	// Mentors returns a page of mentors ordered by name.
	Mentors(ctx context.Context, f MentorFilter) (List[Mentor], error)
	// Mentor returns one mentor; ENOTFOUND if there is none.
	Mentor(ctx context.Context, id int64) (Mentor, error)
	// MentorByUser returns the mentor record linked to a user account;
	// ENOTFOUND if there is none.
	MentorByUser(ctx context.Context, userID int64) (Mentor, error)
	// SaveMentor creates (ID 0) or updates a mentor; EINVALID for bad
	// input, ECONFLICT for a user account linked to another mentor.
	SaveMentor(ctx context.Context, m *Mentor) error
}
