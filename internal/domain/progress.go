package domain

import (
	"context"
	"time"
)

// Attention is a reason a coordinator should look at a student.
type Attention string

// Reasons for attention; the numbers are in DualSettings.
const (
	AttentionBehindPlan     Attention = "behind_plan"     // signed hours behind the plan to date
	AttentionMissingWeeks   Attention = "missing_weeks"   // past weeks with no submitted entry
	AttentionUnsigned       Attention = "unsigned"        // an entry waits for the mentor too long
	AttentionMentorInactive Attention = "mentor_inactive" // the mentor has not acted for too long
)

// Progress is a student's enterprise hours and logbook against the plan of
// their live agreement, as of a day.
type Progress struct {
	StudentID   int64      `json:"student_id"`
	AgreementID int64      `json:"agreement_id"`
	Student     PersonName `json:"student_name"`
	GroupCode   string     `json:"group_code"`
	Enterprise  Names      `json:"enterprise_name"`
	Mentor      string     `json:"mentor_name"`
	// PlannedToDate is the enterprise hours planned for the past weeks of
	// the agreement; SignedHours the hours of signed entries (the newest
	// signed version of each week), across every agreement of the student.
	PlannedToDate int `json:"planned_to_date"`
	SignedHours   int `json:"signed_hours"`
	PlannedTotal  int `json:"planned_total"`
	// WeeksPast counts the agreement's weeks that have ended; WeeksSigned
	// those with a signed entry; MissingWeeks the Mondays of past weeks
	// with no submitted or signed entry.
	WeeksPast      int         `json:"weeks_past"`
	WeeksSigned    int         `json:"weeks_signed"`
	MissingWeeks   []time.Time `json:"missing_weeks"`
	OldestUnsigned time.Time   `json:"oldest_unsigned,omitzero"` // submission time of the oldest entry waiting
	// MentorActedAt is the mentor's last signature or return for any trainee.
	MentorActedAt time.Time   `json:"mentor_acted_at,omitzero"`
	Attention     []Attention `json:"attention"`
}

// BehindBy is the share of the plan to date not yet covered by signed
// hours, 0..1.
func (p *Progress) BehindBy() float64 {
	if p.PlannedToDate <= 0 || p.SignedHours >= p.PlannedToDate {
		return 0
	}
	return float64(p.PlannedToDate-p.SignedHours) / float64(p.PlannedToDate)
}

// Assess fills Attention from the figures, the settings and today.
func (p *Progress) Assess(s DualSettings, today time.Time) {
	p.Attention = p.Attention[:0]
	if p.BehindBy()*100 > float64(s.BehindPlanPercent) {
		p.Attention = append(p.Attention, AttentionBehindPlan)
	}
	if len(p.MissingWeeks) >= s.MissingWeeks {
		p.Attention = append(p.Attention, AttentionMissingWeeks)
	}
	if !p.OldestUnsigned.IsZero() && today.Sub(p.OldestUnsigned) > time.Duration(s.UnsignedDays)*24*time.Hour {
		p.Attention = append(p.Attention, AttentionUnsigned)
	}
	if !p.OldestUnsigned.IsZero() {
		// The mentor's clock starts when there was something to sign.
		since := p.OldestUnsigned
		if p.MentorActedAt.After(since) {
			since = p.MentorActedAt
		}
		if today.Sub(since) > time.Duration(s.MentorInactiveDays)*24*time.Hour {
			p.Attention = append(p.Attention, AttentionMentorInactive)
		}
	}
}

// AttentionFilter selects the students of a college (or of a teacher's
// groups) with a live agreement.
type AttentionFilter struct {
	CollegeID int64
	GroupID   int64
	CuratorID int64 // scope: a teacher's groups
	// All lists every student with an active agreement, not only those
	// needing attention.
	All  bool
	Page Page
}

// Validate fills in defaults.
func (f *AttentionFilter) Validate() error {
	if f.CollegeID <= 0 {
		return Invalid("college_id", "error.college.required", "college is required")
	}
	return f.Page.Normalize()
}

// Competence is one competence of a programme's list, practised in the
// logbook and assessed by the mentor.
type Competence struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	Code        string `json:"code"` // e.g. "ПК 3"
	Name        Names  `json:"name"`
}

// Competence levels a mentor gives, 1 (not yet) to 5 (independent).
const (
	MinCompetenceLevel = 1
	MaxCompetenceLevel = 5
)

// CompetenceAssessment is a mentor's assessment of one competence; each
// assessment is kept, the newest counts.
type CompetenceAssessment struct {
	ID           int64     `json:"id"`
	StudentID    int64     `json:"student_id"`
	AgreementID  int64     `json:"agreement_id"`
	CompetenceID int64     `json:"competence_id"`
	Level        int       `json:"level"`
	Comment      string    `json:"comment,omitempty"`
	AssessedBy   string    `json:"assessed_by"` // the mentor's name
	At           time.Time `json:"at"`
	Competence   Names     `json:"competence_name"` // read-only
}

// Validate checks the level.
func (c *CompetenceAssessment) Validate() error {
	if c.CompetenceID <= 0 {
		return Invalid("competence_id", "error.competence.required", "choose a competence")
	}
	if c.Level < MinCompetenceLevel || c.Level > MaxCompetenceLevel {
		return Invalid("level", "error.competence.level", "the level must be 1 to 5")
	}
	if len([]rune(c.Comment)) > 1000 {
		return Invalid("comment", "error.text.too_long", "too long").With("max", "1000")
	}
	return nil
}

// Final assessment grades on the Kazakh five-point scale.
const (
	MinGrade = 2
	MaxGrade = 5
	// PassGrade is the lowest passing grade.
	PassGrade = 3
)

// FinalAssessment is the college's record of the final assessment of a
// student's dual training.
type FinalAssessment struct {
	ID         int64     `json:"id"`
	StudentID  int64     `json:"student_id"`
	Grade      int       `json:"grade"`
	Comment    string    `json:"comment,omitempty"`
	RecordedBy string    `json:"recorded_by"`
	At         time.Time `json:"at"`
}

// Validate checks the grade.
func (f *FinalAssessment) Validate() error {
	if f.Grade < MinGrade || f.Grade > MaxGrade {
		return Invalid("grade", "error.assessment.grade", "the grade must be 2 to 5")
	}
	if len([]rune(f.Comment)) > 1000 {
		return Invalid("comment", "error.text.too_long", "too long").With("max", "1000")
	}
	return nil
}

// Admission says whether a student may sit the final assessment: every week
// of every agreement (up to its end) needs a signed entry.
type Admission struct {
	StudentID    int64       `json:"student_id"`
	Admitted     bool        `json:"admitted"`
	MissingWeeks []time.Time `json:"missing_weeks"` // weeks without a signed entry
	NoAgreement  bool        `json:"no_agreement"`  // never had an active agreement
}

// ProgressService computes hours against the plan and keeps assessments.
type ProgressService interface {
	// Progress returns one student's hours and logbook against the plan of
	// their live or last agreement, as of today.
	Progress(ctx context.Context, studentID int64) (Progress, error)
	// NeedsAttention lists the students of a college with an active
	// agreement who need attention (or all of them with f.All), the most
	// reasons first, then by name.
	NeedsAttention(ctx context.Context, f AttentionFilter) (List[Progress], error)
	// Competences returns a programme's competence list in code order.
	Competences(ctx context.Context, programmeID int64) ([]Competence, error)
	// Assessments returns a student's competence assessments, newest first.
	Assessments(ctx context.Context, studentID int64) ([]CompetenceAssessment, error)
	// AssessCompetence records the mentor's assessment under the student's
	// live agreement; EINVALID for a competence of another programme.
	AssessCompetence(ctx context.Context, c *CompetenceAssessment) error
	// Admission checks the signed logbook against every agreement week.
	Admission(ctx context.Context, studentID int64) (Admission, error)
	// FinalAssessments returns a student's final assessments, newest first.
	FinalAssessments(ctx context.Context, studentID int64) ([]FinalAssessment, error)
	// RecordFinalAssessment records the college's final assessment; EINVALID
	// (key error.assessment.not_admitted, with the missing weeks) when the
	// logbook is incomplete.
	RecordFinalAssessment(ctx context.Context, f *FinalAssessment) error
}

// DualTraining is the whole dual-training chain.
type DualTraining interface {
	SettingsService
	MentorService
	OfferService
	AgreementService
	LogbookService
	ProgressService
}
