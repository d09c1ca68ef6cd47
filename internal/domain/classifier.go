package domain

import (
	"context"
	"regexp"
	"strings"
	"sync"
)

// Qualification levels, from the first two characters of the code.
const (
	LevelWorker     = "worker"     // 3W…: worker qualification
	LevelSpecialist = "specialist" // 4S…: mid-level specialist
)

// Specialty is an 8-digit entry of the TVET classifier; its first four digits
// are the ISCED-F detailed field.
type Specialty struct {
	Code      string `json:"code"`
	Name      Names  `json:"name"`
	ISCEDCode string `json:"isced_code"`
}

// Qualification is a 10-character entry (3W… or 4S…) under a specialty.
type Qualification struct {
	Code          string `json:"code"`
	SpecialtyCode string `json:"specialty_code"`
	Level         string `json:"level"`
	Name          Names  `json:"name"`
}

// Patterns are compiled on first use throughout the binary, so that no
// command, `match` included, pays for them at start-up.
var (
	specialtyCode     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{8}$`) })
	qualificationCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(3W|4S)[0-9]{8}$`) })
)

// IsSpecialtyCode reports whether s has the form of a specialty code.
func IsSpecialtyCode(s string) bool { return specialtyCode().MatchString(s) }

// IsQualificationCode reports whether s has the form of a qualification code.
func IsQualificationCode(s string) bool { return qualificationCode().MatchString(s) }

// Validate checks the code and that at least one name is given.
func (s *Specialty) Validate() error {
	s.Code = strings.TrimSpace(s.Code)
	if !IsSpecialtyCode(s.Code) {
		return Invalid("code", "error.specialty.code", "specialty code must be 8 digits")
	}
	if s.ISCEDCode == "" {
		s.ISCEDCode = s.Code[:4]
	}
	if s.ISCEDCode != s.Code[:4] {
		return Invalid("isced_code", "error.specialty.isced", "ISCED-F field must be the first 4 digits of the specialty code")
	}
	if s.Name.Empty() {
		return Invalid("name", "error.name.required", "a name in at least one language is required")
	}
	return nil
}

// Validate checks the code, derives the level and the specialty from it, and
// requires a name.
func (q *Qualification) Validate() error {
	q.Code = strings.TrimSpace(q.Code)
	if !IsQualificationCode(q.Code) {
		return Invalid("code", "error.qualification.code", "qualification code must be 3W or 4S followed by 8 digits")
	}
	want := q.Code[2:8] + "00"
	if q.SpecialtyCode == "" {
		q.SpecialtyCode = want
	}
	if q.SpecialtyCode != want {
		return Invalid("specialty_code", "error.qualification.specialty", "qualification code must continue its specialty code")
	}
	q.Level = LevelWorker
	if strings.HasPrefix(q.Code, "4S") {
		q.Level = LevelSpecialist
	}
	if q.Name.Empty() {
		return Invalid("name", "error.name.required", "a name in at least one language is required")
	}
	return nil
}

// ClassifierChange reports what an upsert of the classifier did.
type ClassifierChange struct {
	SpecialtiesAdded        int `json:"specialties_added"`
	SpecialtiesUpdated      int `json:"specialties_updated"`
	SpecialtiesUnchanged    int `json:"specialties_unchanged"`
	QualificationsAdded     int `json:"qualifications_added"`
	QualificationsUpdated   int `json:"qualifications_updated"`
	QualificationsUnchanged int `json:"qualifications_unchanged"`
	// Changed lists the codes whose names changed, for the import report.
	Changed []string `json:"changed"`
}

// ClassifierService reads and loads the classifier of specialties and
// qualifications.
type ClassifierService interface {
	// Specialties returns every specialty ordered by code.
	Specialties(ctx context.Context) ([]Specialty, error)
	// Specialty returns one specialty; ENOTFOUND if there is none.
	Specialty(ctx context.Context, code string) (Specialty, error)
	// Qualifications returns the qualifications of a specialty (all when
	// specialtyCode is empty) ordered by code.
	Qualifications(ctx context.Context, specialtyCode string) ([]Qualification, error)
	// Qualification returns one qualification; ENOTFOUND if there is none.
	Qualification(ctx context.Context, code string) (Qualification, error)
	// UpsertClassifier inserts or updates specialties and qualifications by
	// code in one transaction: either all rows are stored or none. A
	// qualification must have its specialty in the input or in the store
	// (EINVALID otherwise).
	UpsertClassifier(ctx context.Context, specialties []Specialty, qualifications []Qualification) (ClassifierChange, error)
}
