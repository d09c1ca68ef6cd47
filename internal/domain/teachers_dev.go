package domain

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Teachers' qualification (issue 10; DOMAIN.md §1, §3): a teacher of the
// registry holds a qualification category, teaches subjects, takes
// professional development courses and industry internships at
// enterprises. The categories are a policy list an administrator edits
// (the shipped one is the Kazakh scheme of 2016: педагог, педагог-модератор,
// педагог-эксперт, педагог-исследователь, педагог-мастер), and so is the
// interval of professional development, which gives every teacher a due
// date.

// QualificationCategory is one category of the scheme in force. Code is
// stable (teachers refer to it); the names are what pages show. A retired
// category stays with the teachers who hold it but is not offered any more.
type QualificationCategory struct {
	Code      string    `json:"code"`
	Position  int       `json:"position"` // the order of rank, lowest first
	Name      Names     `json:"name"`
	Retired   bool      `json:"retired"`
	UpdatedAt time.Time `json:"updated_at"`
}

var categoryCode = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}$`) })

// Validate trims and checks a category as an administrator writes it: a
// code of lower-case Latin letters, digits, "_" or "-" and a name in every
// language.
func (c *QualificationCategory) Validate() error {
	c.Code = strings.TrimSpace(c.Code)
	c.Name.KK, c.Name.RU, c.Name.EN = strings.TrimSpace(c.Name.KK), strings.TrimSpace(c.Name.RU), strings.TrimSpace(c.Name.EN)
	switch {
	case !categoryCode().MatchString(c.Code):
		return Invalid("code", "error.category.code", "the code is 1 to 40 lower-case Latin letters, digits, _ or -")
	case c.Position < 1 || c.Position > 100:
		return Invalid("position", "error.category.position", "the rank is a whole number from 1 to 100").With("max", "100")
	case c.Name.KK == "" || len([]rune(c.Name.KK)) > 100:
		return Invalid("name_kk", "error.category.name", "the name is required (up to 100 characters)")
	case c.Name.RU == "" || len([]rune(c.Name.RU)) > 100:
		return Invalid("name_ru", "error.category.name", "the name is required (up to 100 characters)")
	case c.Name.EN == "" || len([]rune(c.Name.EN)) > 100:
		return Invalid("name_en", "error.category.name", "the name is required (up to 100 characters)")
	}
	return nil
}

// TeacherPolicy holds the intervals of teachers' qualification (policy,
// DOMAIN.md: "must be configurable settings, not constants").
type TeacherPolicy struct {
	// DevelopmentYears: a teacher takes professional development at least
	// this often; the due date is the end of the latest course (or the day
	// of hire) plus this many years.
	DevelopmentYears int `json:"development_years"`
	// DueSoonDays: a due date within this many days is "due soon".
	DueSoonDays int `json:"due_soon_days"`
	// InternshipYears: an industry internship that ended within this many
	// years counts in "teachers with an industry internship".
	InternshipYears int `json:"internship_years"`
}

// DefaultTeacherPolicy is the shipped policy: courses every three years,
// the usual rule of the qualification orders, due soon within a quarter.
var DefaultTeacherPolicy = TeacherPolicy{DevelopmentYears: 3, DueSoonDays: 90, InternshipYears: 3}

// Validate checks that every interval is within sensible bounds.
func (p *TeacherPolicy) Validate() error {
	checks := []struct {
		field         string
		value, lo, hi int
	}{
		{"development_years", p.DevelopmentYears, 1, 10},
		{"due_soon_days", p.DueSoonDays, 1, 365},
		{"internship_years", p.InternshipYears, 1, 10},
	}
	for _, c := range checks {
		if c.value < c.lo || c.value > c.hi {
			return Invalid(c.field, "error.settings.range", "the setting is out of range").
				With("min", strconv.Itoa(c.lo)).With("max", strconv.Itoa(c.hi))
		}
	}
	return nil
}

// DevelopmentState is how a teacher's professional development stands on
// a day.
type DevelopmentState string

// Development states.
const (
	DevelopmentCurrent DevelopmentState = "current"
	DevelopmentDueSoon DevelopmentState = "due_soon"
	DevelopmentOverdue DevelopmentState = "overdue"
)

// DevelopmentStates lists the states in the order pages show them.
var DevelopmentStates = []DevelopmentState{DevelopmentOverdue, DevelopmentDueSoon, DevelopmentCurrent}

// The rule of the due dates. A teacher's base day is the end of the latest
// professional development course, or the day of hire for a teacher
// without one. With N = DevelopmentYears and S = DueSoonDays, on day D:
//
//	due on    base + N years
//	overdue   base <  D − N years                (the due day has passed)
//	due soon  base ≤  D + S days − N years       (it comes within S days)
//	current   otherwise
//
// Written as comparisons of the base with two days computed from D, so the
// store keeps the base and every list filters by it on both databases.

// DevelopmentCutoffs are the two days of the rule for day: a base before
// overdue is overdue; one on or before dueSoon (and not overdue) is due soon.
func DevelopmentCutoffs(day time.Time, p TeacherPolicy) (overdue, dueSoon time.Time) {
	day = DateInUTC(day)
	return day.AddDate(-p.DevelopmentYears, 0, 0), day.AddDate(0, 0, p.DueSoonDays).AddDate(-p.DevelopmentYears, 0, 0)
}

// DevelopmentStateOn is the state on day of a teacher whose base day is base.
func DevelopmentStateOn(base, day time.Time, p TeacherPolicy) DevelopmentState {
	overdue, soon := DevelopmentCutoffs(day, p)
	switch base = DateInUTC(base); {
	case base.Before(overdue):
		return DevelopmentOverdue
	case !base.After(soon):
		return DevelopmentDueSoon
	}
	return DevelopmentCurrent
}

// DevelopmentDueOn is the day professional development is due for base.
func DevelopmentDueOn(base time.Time, p TeacherPolicy) time.Time {
	return DateInUTC(base).AddDate(p.DevelopmentYears, 0, 0)
}

// InternshipSince is the first day an internship may have ended on to
// count on day.
func InternshipSince(day time.Time, p TeacherPolicy) time.Time {
	return DateInUTC(day).AddDate(-p.InternshipYears, 0, 0)
}

// Limits of the teachers' records.
const (
	MaxSubjects     = 20
	MaxCourseHours  = 2000 // a course of a year's full time at most
	MaxRecordYears  = 2    // a course or an internship lasts at most two years
	MaxSubjectRunes = 100
)

// TeacherProfile is what dualtrack keeps about a teacher beyond the
// registry: the category (a QualificationCategory code, "" for none) and
// the subjects taught.
type TeacherProfile struct {
	TeacherID int64    `json:"teacher_id"`
	Category  string   `json:"category"`
	Subjects  []string `json:"subjects"`
}

// Validate trims the subjects, drops empty and repeated ones, and checks
// their number and length. That the category exists is the store's check.
func (p *TeacherProfile) Validate() error {
	p.Category = strings.TrimSpace(p.Category)
	var subjects []string
	for _, s := range p.Subjects {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || slices.Contains(subjects, s) {
			continue
		}
		if len([]rune(s)) > MaxSubjectRunes {
			return Invalid("subjects", "error.text.too_long", "too long").With("max", strconv.Itoa(MaxSubjectRunes))
		}
		subjects = append(subjects, s)
	}
	if len(subjects) > MaxSubjects {
		return Invalid("subjects", "error.teacher.subjects", "too many subjects").With("max", strconv.Itoa(MaxSubjects))
	}
	if subjects == nil {
		subjects = []string{}
	}
	p.Subjects = subjects
	if p.TeacherID <= 0 {
		return Invalid("teacher_id", "error.teacher.required", "choose the teacher")
	}
	return nil
}

// Course is a professional development course a teacher completed, with
// the certificate that proves it.
type Course struct {
	ID          int64     `json:"id"`
	TeacherID   int64     `json:"teacher_id"`
	Course      string    `json:"course"`   // the programme's title
	Provider    string    `json:"provider"` // e.g. «Talap» НАО, «Өрлеу» НЦПК
	Hours       int       `json:"hours"`
	Certificate string    `json:"certificate"` // the certificate's number
	StartsOn    time.Time `json:"starts_on"`
	EndsOn      time.Time `json:"ends_on"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate trims and checks a course on day today: it is recorded once
// completed, with its certificate.
func (c *Course) Validate(today time.Time) error {
	c.Course, c.Provider, c.Certificate = strings.TrimSpace(c.Course), strings.TrimSpace(c.Provider), strings.TrimSpace(c.Certificate)
	switch {
	case c.TeacherID <= 0:
		return Invalid("teacher_id", "error.teacher.required", "choose the teacher")
	case c.Course == "" || len([]rune(c.Course)) > 300:
		return Invalid("course", "error.course.title", "the course's title is required (up to 300 characters)")
	case c.Provider == "" || len([]rune(c.Provider)) > 200:
		return Invalid("provider", "error.course.provider", "name who gave the course (up to 200 characters)")
	case c.Hours < 1 || c.Hours > MaxCourseHours:
		return Invalid("hours", "error.course.hours", "the hours are a whole number from 1").With("max", strconv.Itoa(MaxCourseHours))
	case c.Certificate == "" || len([]rune(c.Certificate)) > 100:
		return Invalid("certificate", "error.course.certificate", "the certificate's number is required (up to 100 characters)")
	}
	return checkPeriod(&c.StartsOn, &c.EndsOn, today)
}

// checkPeriod checks a completed period: both days, in order, ended by
// today, at most MaxRecordYears long.
func checkPeriod(starts, ends *time.Time, today time.Time) error {
	switch {
	case starts.IsZero():
		return Invalid("starts_on", "error.date.required", "a date is required")
	case ends.IsZero():
		return Invalid("ends_on", "error.date.required", "a date is required")
	case ends.Before(*starts):
		return Invalid("ends_on", "error.period.order", "the end must not be before the start")
	case DateInUTC(*ends).After(DateInUTC(today)):
		return Invalid("ends_on", "error.period.future", "it is recorded once it has ended")
	case ends.After(starts.AddDate(MaxRecordYears, 0, 0)):
		return Invalid("ends_on", "error.period.too_long", "the period is too long").With("max", strconv.Itoa(MaxRecordYears))
	}
	*starts, *ends = DateInUTC(*starts), DateInUTC(*ends)
	return nil
}

// Internship is an industry internship of a teacher at an enterprise of
// the registry.
type Internship struct {
	ID           int64     `json:"id"`
	TeacherID    int64     `json:"teacher_id"`
	EnterpriseID int64     `json:"enterprise_id"`
	Hours        int       `json:"hours"`
	StartsOn     time.Time `json:"starts_on"`
	EndsOn       time.Time `json:"ends_on"`
	Note         string    `json:"note"` // what the teacher did or learnt
	CreatedAt    time.Time `json:"created_at"`

	// Read-only, for display.
	Enterprise Names      `json:"enterprise_name"`
	Teacher    PersonName `json:"teacher_name"`
	CollegeID  int64      `json:"college_id"`
	College    Names      `json:"college_name"`
}

// Validate trims and checks an internship on day today.
func (i *Internship) Validate(today time.Time) error {
	i.Note = strings.TrimSpace(i.Note)
	switch {
	case i.TeacherID <= 0:
		return Invalid("teacher_id", "error.teacher.required", "choose the teacher")
	case i.EnterpriseID <= 0:
		return Invalid("enterprise_id", "error.enterprise.required", "enterprise is required")
	case i.Hours < 1 || i.Hours > MaxCourseHours:
		return Invalid("hours", "error.course.hours", "the hours are a whole number from 1").With("max", strconv.Itoa(MaxCourseHours))
	case len([]rune(i.Note)) > 1000:
		return Invalid("note", "error.text.too_long", "too long").With("max", "1000")
	}
	return checkPeriod(&i.StartsOn, &i.EndsOn, today)
}

// TeacherStanding is a teacher's line in the college's list: the category
// and where professional development stands on the day read.
type TeacherStanding struct {
	TeacherID    int64            `json:"teacher_id"`
	Name         PersonName       `json:"name"`
	Position     string           `json:"position"`
	CollegeID    int64            `json:"college_id"`
	College      Names            `json:"college_name"`
	HiredOn      time.Time        `json:"hired_on"`
	Category     string           `json:"category"` // "" for none
	CategoryName Names            `json:"category_name"`
	Subjects     []string         `json:"subjects"`
	DevelopedOn  time.Time        `json:"developed_on,omitzero"`  // the end of the latest course
	InternshipOn time.Time        `json:"internship_on,omitzero"` // the end of the latest internship
	DueOn        time.Time        `json:"due_on"`
	State        DevelopmentState `json:"state"`
}

// Base is the day the rule counts from: the latest course, or the hire.
func (s *TeacherStanding) Base() time.Time {
	if s.DevelopedOn.IsZero() {
		return s.HiredOn
	}
	return s.DevelopedOn
}

// Settle fills in DueOn and State on day under policy p.
func (s *TeacherStanding) Settle(day time.Time, p TeacherPolicy) {
	s.DueOn = DevelopmentDueOn(s.Base(), p)
	s.State = DevelopmentStateOn(s.Base(), day, p)
}

// TeacherDevelopment is one teacher's page: the standing, the courses and
// the internships, newest first.
type TeacherDevelopment struct {
	TeacherStanding
	Courses     []Course     `json:"courses"`
	Internships []Internship `json:"internships"`
}

// StandingFilter selects teachers' standings.
type StandingFilter struct {
	RegionID  int
	CollegeID int64
	TeacherID int64            // one teacher (a teacher's own scope)
	State     DevelopmentState // on the day of the query; "" for any
	Category  string           // a category code; "none" for teachers without one
	Query     string           // the start of "last first middle"
	Sort      string           // StandingSorts; the first is the default
	Page      Page
}

// StandingSorts are the orders of the list: by name, the most overdue
// first, or by category from the highest.
var StandingSorts = []string{SortName, "due_on", "-category"}

// NoCategory selects the teachers without a category in StandingFilter.
const NoCategory = "none"

// Validate checks the filter and fills in defaults.
func (f *StandingFilter) Validate() error {
	if f.State != "" && !slices.Contains(DevelopmentStates, f.State) {
		return Invalid("state", "error.development.state", "unknown state")
	}
	if err := ValidateSort(&f.Sort, StandingSorts...); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// InternshipFilter selects internships: of a region, a college, a teacher
// or at an enterprise, newest first.
type InternshipFilter struct {
	RegionID     int
	CollegeID    int64
	TeacherID    int64
	EnterpriseID int64
	Page         Page
}

// Validate fills in defaults.
func (f *InternshipFilter) Validate() error { return f.Page.Normalize() }

// CollegeScope selects what figures count: the country (zero), a region
// or a college.
type CollegeScope struct {
	RegionID  int   `json:"region_id,omitempty"`
	CollegeID int64 `json:"college_id,omitempty"`
}

// TeacherFigures are the teachers' qualification figures on Day.
type TeacherFigures struct {
	Day            time.Time `json:"day"`
	Teachers       int       `json:"teachers"`
	Masters        int       `json:"masters"` // masters of industrial training, among Teachers
	WithInternship int       `json:"with_internship"`
	// InternshipPercent is WithInternship of Teachers, in whole per cent
	// rounded down (0 without teachers).
	InternshipPercent int                   `json:"internship_percent"`
	Overdue           int                   `json:"overdue"`
	DueSoon           int                   `json:"due_soon"`
	Categories        []CategoryCount       `json:"categories"` // in the order of rank, then those without
	Policy            TeacherPolicy         `json:"policy"`
	Regions           []RegionTeacherFigure `json:"regions,omitempty"`
}

// CategoryCount is the teachers holding a category ("" for none).
type CategoryCount struct {
	Code     string `json:"code"`
	Name     Names  `json:"name"`
	Teachers int    `json:"teachers"`
}

// RegionTeacherFigure is a region's line of the teachers' figures.
type RegionTeacherFigure struct {
	RegionID          int   `json:"region_id"`
	Region            Names `json:"region_name"`
	Teachers          int   `json:"teachers"`
	WithInternship    int   `json:"with_internship"`
	InternshipPercent int   `json:"internship_percent"`
	Overdue           int   `json:"overdue"`
	// Categorised counts the teachers with a category.
	Categorised int `json:"categorised"`
}

// Percent is part of whole in whole per cent, rounded down; 0 of nothing.
func Percent(part, whole int) int {
	if whole <= 0 {
		return 0
	}
	return int(int64(part) * 100 / int64(whole))
}

// TeacherDevelopmentService keeps the teachers' qualification.
type TeacherDevelopmentService interface {
	// QualificationCategories returns the scheme, in the order of rank,
	// retired categories included.
	QualificationCategories(ctx context.Context) ([]QualificationCategory, error)
	// SaveQualificationCategory adds a category (create) or changes one's
	// rank, names or retirement; EINVALID for bad input, ECONFLICT for a
	// code taken (create), ENOTFOUND for an unknown code (change).
	SaveQualificationCategory(ctx context.Context, c *QualificationCategory, create bool) error
	// TeacherPolicy returns the policy in force (the defaults until changed).
	TeacherPolicy(ctx context.Context) (TeacherPolicy, error)
	// UpdateTeacherPolicy validates and stores the policy.
	UpdateTeacherPolicy(ctx context.Context, p TeacherPolicy) error
	// Standings returns a page of teachers with their standing today.
	Standings(ctx context.Context, f StandingFilter) (List[TeacherStanding], error)
	// TeacherDevelopment returns one teacher's standing with the courses
	// and internships; ENOTFOUND for an unknown teacher.
	TeacherDevelopment(ctx context.Context, teacherID int64) (TeacherDevelopment, error)
	// SaveTeacherProfile sets a teacher's category and subjects; EINVALID
	// for an unknown or retired category (a retired one the teacher holds
	// already may stay), ENOTFOUND for an unknown teacher.
	SaveTeacherProfile(ctx context.Context, p *TeacherProfile) error
	// RecordCourse records a completed course; EINVALID for bad input,
	// ENOTFOUND for an unknown teacher.
	RecordCourse(ctx context.Context, c *Course) error
	// RecordInternship records a completed industry internship; EINVALID
	// for bad input or an unknown enterprise, ENOTFOUND for an unknown
	// teacher.
	RecordInternship(ctx context.Context, i *Internship) error
	// DeleteQualificationCategory removes a category no teacher holds;
	// ECONFLICT (error.category.in_use) naming it and its holders while a
	// teacher holds it (retire it instead), ENOTFOUND for an unknown code.
	DeleteQualificationCategory(ctx context.Context, code string) error
	// Course returns one course; ENOTFOUND if there is none.
	Course(ctx context.Context, id int64) (Course, error)
	// UpdateCourse changes a recorded course (its teacher stays); the
	// teacher's due date follows. EINVALID for bad input, ENOTFOUND for an
	// unknown ID.
	UpdateCourse(ctx context.Context, c *Course) error
	// DeleteCourse removes a course recorded by mistake; the due date
	// follows the courses left. ENOTFOUND for an unknown ID.
	DeleteCourse(ctx context.Context, id int64) error
	// Internship returns one internship; ENOTFOUND if there is none.
	Internship(ctx context.Context, id int64) (Internship, error)
	// UpdateInternship changes a recorded internship (its teacher stays);
	// EINVALID for bad input or an unknown enterprise, ENOTFOUND for an
	// unknown ID.
	UpdateInternship(ctx context.Context, i *Internship) error
	// DeleteInternship removes an internship recorded by mistake;
	// ENOTFOUND for an unknown ID.
	DeleteInternship(ctx context.Context, id int64) error
	// Internships returns a page of internships, newest first.
	Internships(ctx context.Context, f InternshipFilter) (List[Internship], error)
	// TeacherFigures counts the teachers of the scope today: by category,
	// with an internship within the policy's years, overdue and due soon,
	// and a line per region for the country.
	TeacherFigures(ctx context.Context, sc CollegeScope) (TeacherFigures, error)
}

// TeacherRecords are one teacher's qualification records as a bulk load
// writes them (the demo): the profile, the courses and the internships.
// The profile's latest days are taken from the records.
type TeacherRecords struct {
	Profile     TeacherProfile
	Courses     []Course
	Internships []Internship
}
