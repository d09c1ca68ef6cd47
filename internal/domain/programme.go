package domain

import "context"

// MinEnterpriseShare is the smallest share of production training and
// professional practice that a dual programme must hold at the enterprise
// (Law on Education, Art. 17 p. 6): 60 %.
const MinEnterpriseShare = 0.60

// Languages of instruction.
const (
	InstructionKazakh  = "kk"
	InstructionRussian = "ru"
)

// Programme is a study programme of a college: a specialty, the
// qualification it leads to, its duration and its planned hours.
type Programme struct {
	ID                int64  `json:"id"`
	CollegeID         int64  `json:"college_id"`
	SpecialtyCode     string `json:"specialty_code"`
	QualificationCode string `json:"qualification_code,omitempty"` // empty while the classifier lacks it
	DurationMonths    int    `json:"duration_months"`
	Dual              bool   `json:"dual"`
	// HoursTotal is the whole plan; HoursPractice the production training and
	// professional practice within it; HoursEnterprise the part of the
	// practice held at the enterprise.
	HoursTotal      int `json:"hours_total"`
	HoursPractice   int `json:"hours_practice"`
	HoursEnterprise int `json:"hours_enterprise"`

	// Read-only, for display.
	Specialty     Names `json:"specialty_name"`
	Qualification Names `json:"qualification_name"`
	Students      int   `json:"students"`
}

// EnterpriseShare is the planned share of practice at the enterprise, 0..1.
func (p *Programme) EnterpriseShare() float64 {
	if p.HoursPractice == 0 {
		return 0
	}
	return float64(p.HoursEnterprise) / float64(p.HoursPractice)
}

// Validate checks the codes, duration and hours, and rejects a dual plan
// with less than 60 % of practice at the enterprise.
func (p *Programme) Validate() error {
	if p.CollegeID <= 0 {
		return Invalid("college_id", "error.college.required", "college is required")
	}
	if !IsSpecialtyCode(p.SpecialtyCode) {
		return Invalid("specialty_code", "error.specialty.code", "specialty code must be 8 digits")
	}
	if p.QualificationCode != "" {
		if !IsQualificationCode(p.QualificationCode) {
			return Invalid("qualification_code", "error.qualification.code", "qualification code must be 3W or 4S followed by 8 digits")
		}
		if p.QualificationCode[2:8]+"00" != p.SpecialtyCode {
			return Invalid("qualification_code", "error.qualification.specialty", "qualification code must continue its specialty code")
		}
	}
	if p.DurationMonths < 6 || p.DurationMonths > 60 {
		return Invalid("duration_months", "error.programme.duration", "duration must be 6 to 60 months")
	}
	if p.HoursTotal <= 0 || p.HoursPractice < 0 || p.HoursEnterprise < 0 ||
		p.HoursPractice > p.HoursTotal || p.HoursEnterprise > p.HoursPractice {
		return Invalid("hours_practice", "error.programme.hours", "hours must satisfy enterprise ≤ practice ≤ total")
	}
	if p.Dual && p.EnterpriseShare() < MinEnterpriseShare {
		return Invalid("hours_enterprise", "error.programme.dual_share", "a dual programme needs at least 60% of practice at the enterprise").With("min", "60")
	}
	return nil
}

// Group is a study group of a college on one programme.
type Group struct {
	ID          int64  `json:"id"`
	CollegeID   int64  `json:"college_id"`
	ProgrammeID int64  `json:"programme_id"`
	Code        string `json:"code"` // e.g. "ПО-23-1"
	IntakeYear  int    `json:"intake_year"`
	Language    string `json:"language"`             // of instruction: kk or ru
	CuratorID   int64  `json:"curator_id,omitempty"` // the supervising teacher, 0 if none

	Students int `json:"students"` // read-only
}

// Validate checks the group.
func (g *Group) Validate() error {
	if g.CollegeID <= 0 {
		return Invalid("college_id", "error.college.required", "college is required")
	}
	if g.ProgrammeID <= 0 {
		return Invalid("programme_id", "error.programme.required", "programme is required")
	}
	if g.Code == "" {
		return Invalid("code", "error.group.code", "group code is required")
	}
	if g.IntakeYear < 1990 || g.IntakeYear > 2100 {
		return Invalid("intake_year", "error.group.year", "intake year is out of range")
	}
	if g.Language != InstructionKazakh && g.Language != InstructionRussian {
		return Invalid("language", "error.language", "language of instruction must be kk or ru")
	}
	return nil
}

// ProgrammeService stores programmes and groups.
type ProgrammeService interface {
	// Programmes returns the programmes of a college ordered by specialty.
	Programmes(ctx context.Context, collegeID int64) ([]Programme, error)
	// Programme returns one programme; ENOTFOUND if there is none.
	Programme(ctx context.Context, id int64) (Programme, error)
	// CreateProgramme validates and stores a programme; EINVALID for bad
	// input or an unknown specialty or qualification.
	CreateProgramme(ctx context.Context, p *Programme) error
	// Groups returns the groups of a college ordered by code.
	Groups(ctx context.Context, collegeID int64) ([]Group, error)
	// Group returns one group; ENOTFOUND if there is none.
	Group(ctx context.Context, id int64) (Group, error)
	// CreateGroup validates and stores a group; EINVALID if the programme
	// belongs to another college.
	CreateGroup(ctx context.Context, g *Group) error
}
