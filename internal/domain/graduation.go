package domain

import (
	"context"
	"time"
)

// Graduation and verified employment (DOMAIN.md §4 rule 8).
//
// The published employment figures disagree (58.5 % from the statistics
// bureau against 70–81 % claimed) because each counts differently. The
// product counts one way, written down here and on every page that shows a
// rate:
//
//   - A graduate is a student whose status is "graduated" and whose day of
//     graduation is recorded (students.graduated_on). A college marks a
//     group graduated on a day (GraduateGroup); students on academic leave
//     or expelled are not graduated with their group.
//   - A graduate's status is checked at fixed points: 3, 6 and 12 calendar
//     months after the day of graduation (PointDate).
//   - Employed at a point means the register of employment contracts holds
//     a contract of the graduate, matched by IIN, that had started on or
//     before the point's day and had not ended before it
//     (EmploymentRecord.Covers). Any employer, any position. Nothing the
//     graduate or the college reports counts: only the register.
//   - A point counts only once its day has come (today or earlier, in
//     Kazakhstan): the 12-month rate is taken over the graduates whose
//     12-month day has come, so a cohort of June 2026 has a 3-month rate in
//     October 2026 and no 12-month rate yet.
//   - A dual graduate trained at an enterprise under a tripartite
//     dual-training agreement that all parties signed: an agreement of
//     theirs became active, or the registry names the enterprise they
//     trained at (students.enterprise_id, which signing an agreement sets;
//     graduates brought in from before the agreements were kept here have
//     only that).

// EmploymentPoints are the points after graduation, in months, at which
// employment is checked. The order is the order of every Points array.
var EmploymentPoints = [3]int{3, 6, 12}

// PointDate is the day a graduate's status is checked: the day of
// graduation plus months calendar months, or the last day of that month
// when it is shorter (31 August + 6 months is 28 or 29 February).
func PointDate(graduatedOn time.Time, months int) time.Time {
	y, m, d := graduatedOn.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

// Covers reports whether the contract ran on day: it had started on or
// before it and had not ended before it (a contract without an end date
// still runs).
func (e *EmploymentRecord) Covers(day time.Time) bool {
	return !e.StartsOn.After(day) && (e.EndsOn.IsZero() || !e.EndsOn.Before(day))
}

// GraduationDay checks the day a group graduates on: it must be given and
// cannot be after today (graduation is recorded, not planned).
func GraduationDay(on, today time.Time) error {
	switch {
	case on.IsZero():
		return Invalid("graduated_on", "error.graduation.date", "the day of graduation is required (YYYY-MM-DD)")
	case on.After(today):
		return Invalid("graduated_on", "error.graduation.future", "the day of graduation cannot be in the future")
	case on.Year() < 2000:
		return Invalid("graduated_on", "error.graduation.date", "the day of graduation is required (YYYY-MM-DD)")
	}
	return nil
}

// Graduation is the outcome of marking a group graduated.
type Graduation struct {
	GroupID     int64     `json:"group_id"`
	GraduatedOn time.Time `json:"graduated_on"`
	// Graduated counts the students who were studying and are now
	// graduates; Skipped those left as they were (on academic leave,
	// expelled, or graduated before).
	Graduated int `json:"graduated"`
	Skipped   int `json:"skipped"`
}

// Graduate is a graduate for the bulk loader: the student, whose status is
// "graduated", and the day of graduation.
type Graduate struct {
	Student     Student
	GraduatedOn time.Time
}

// PointStatus is a graduate's status at one point.
type PointStatus struct {
	Months int       `json:"months"`
	On     time.Time `json:"on"` // the point's day
	// Reached: the day has come; Employed means nothing before it.
	Reached  bool `json:"reached"`
	Employed bool `json:"employed"`
	// The contract that covers the day, when Employed: the employer's BIN,
	// its name when the registry knows the enterprise, and the position.
	// Personal data: empty for readers who may not see it.
	EmployerBIN string `json:"employer_bin,omitempty"`
	Employer    Names  `json:"employer_name,omitzero"`
	Position    string `json:"position,omitempty"`
}

// GraduateOutcome is one graduate's employment at the three points.
type GraduateOutcome struct {
	StudentID   int64                              `json:"student_id"`
	Name        PersonName                         `json:"name"`
	CollegeID   int64                              `json:"college_id"`
	GroupID     int64                              `json:"group_id"`
	GroupCode   string                             `json:"group_code"`
	GraduatedOn time.Time                          `json:"graduated_on"`
	Dual        bool                               `json:"dual"`
	Points      [len(EmploymentPoints)]PointStatus `json:"points"`
	// Masked is set when the reader may not see the contracts (employer
	// and position are then empty).
	Masked bool `json:"-"`
}

// Outcome works out a graduate's status at each point from their contracts
// in the register, as of today.
func Outcome(graduatedOn, today time.Time, contracts []EmploymentRecord) [len(EmploymentPoints)]PointStatus {
	var out [len(EmploymentPoints)]PointStatus
	for i, months := range EmploymentPoints {
		p := PointStatus{Months: months, On: PointDate(graduatedOn, months)}
		p.Reached = !p.On.After(today)
		if p.Reached {
			for j := range contracts {
				if c := &contracts[j]; c.Covers(p.On) {
					p.Employed, p.EmployerBIN, p.Position = true, c.EmployerBIN, c.Position
					break
				}
			}
		}
		out[i] = p
	}
	return out
}

// PointFigures count the graduates at one point: Reached are those whose
// point's day has come, Employed those of them employed on it.
type PointFigures struct {
	Months   int `json:"months"`
	Reached  int `json:"reached"`
	Employed int `json:"employed"`
}

// Rate is the share employed in percent, and false when no graduate has
// reached the point yet.
func (p PointFigures) Rate() (float64, bool) {
	if p.Reached == 0 {
		return 0, false
	}
	return 100 * float64(p.Employed) / float64(p.Reached), true
}

// EmploymentFigures count graduates and their employment at each point.
type EmploymentFigures struct {
	Graduates int                                 `json:"graduates"`
	Points    [len(EmploymentPoints)]PointFigures `json:"points"`
}

// Add adds o's counts to f.
func (f *EmploymentFigures) Add(o EmploymentFigures) {
	f.Graduates += o.Graduates
	for i := range f.Points {
		f.Points[i].Months = EmploymentPoints[i]
		f.Points[i].Reached += o.Points[i].Reached
		f.Points[i].Employed += o.Points[i].Employed
	}
}

// NewEmploymentFigures returns empty figures with the points' months set.
func NewEmploymentFigures() EmploymentFigures {
	var f EmploymentFigures
	for i, m := range EmploymentPoints {
		f.Points[i].Months = m
	}
	return f
}

// EmploymentGroup is the figures of one region, college or qualification.
type EmploymentGroup struct {
	// Key is the region's KATO code, the college's ID or the
	// qualification's code (the specialty's, for programmes that name no
	// qualification), as text.
	Key  string `json:"key"`
	Name Names  `json:"name"`
	EmploymentFigures
}

// EmploymentFilter selects the graduates of a report: the country, a
// region or a college, and one year's graduates or all.
type EmploymentFilter struct {
	RegionID  int
	CollegeID int64
	// Cohort is the year of graduation; 0 for every year.
	Cohort int
}

// Validate checks the filter.
func (f *EmploymentFilter) Validate() error {
	if f.Cohort != 0 && (f.Cohort < 2000 || f.Cohort > 2100) {
		return Invalid("cohort", "error.graduation.cohort", "the year of graduation must be from 2000 to 2100")
	}
	return nil
}

// EmploymentReport is the employment of the graduates a filter selects.
type EmploymentReport struct {
	Filter EmploymentFilter  `json:"-"`
	AsOf   time.Time         `json:"as_of"` // today: the points reached by this day count
	Total  EmploymentFigures `json:"total"`
	// National is the whole country's figures for the same cohort, for
	// comparison beside a region's or a college's.
	National EmploymentFigures `json:"national"`
	Dual     EmploymentFigures `json:"dual"`
	NonDual  EmploymentFigures `json:"non_dual"`
	// Areas break the report down one level: the regions of the country,
	// the colleges of a region; none for a college.
	Areas []EmploymentGroup `json:"areas"`
	// Qualifications break it down by the programmes' qualification.
	Qualifications []EmploymentGroup `json:"qualifications"`
	// Cohorts are the years in which graduates graduated, newest first.
	Cohorts []int `json:"cohorts"`
	// Published are the figures others published, shown beside.
	Published []PublishedEmployment `json:"published"`
}

// GraduateFilter selects graduates for a list, ordered by name.
type GraduateFilter struct {
	CollegeID int64
	RegionID  int
	Cohort    int
	Page      Page
}

// Validate checks the filter and fills in defaults.
func (f *GraduateFilter) Validate() error {
	ef := EmploymentFilter{Cohort: f.Cohort}
	if err := ef.Validate(); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// PublishedEmployment is a graduate employment rate somebody published, as
// published: the product shows it beside its own figure, with its source,
// and does not mix the two.
type PublishedEmployment struct {
	// Period is the year or academic year the figure is published for.
	Period string `json:"period"`
	// Rate is the share of graduates employed, in percent.
	Rate float64 `json:"rate"`
	// Graduates and Employed are the counts the rate comes from, in
	// persons, when the publisher gives them; 0 otherwise.
	Graduates int    `json:"graduates,omitempty"`
	Employed  int    `json:"employed,omitempty"`
	Publisher string `json:"publisher"`
	SourceURL string `json:"source_url"`
	// Note is what the source says about the figure, in English.
	Note string `json:"note,omitempty"`
}

// GraduationService records graduations and reports verified employment.
type GraduationService interface {
	// GraduateGroup marks the group's studying students graduated on the
	// day; EINVALID for a day in the future or none, ENOTFOUND for an
	// unknown group, ECONFLICT when nobody in the group is studying.
	GraduateGroup(ctx context.Context, groupID int64, on time.Time) (Graduation, error)
	// EmploymentReport counts the graduates the filter selects and their
	// employment at the points reached; EINVALID for a bad filter.
	EmploymentReport(ctx context.Context, f EmploymentFilter) (EmploymentReport, error)
	// Graduates returns a page of graduates with their status at each
	// point; EINVALID for a bad filter.
	Graduates(ctx context.Context, f GraduateFilter) (List[GraduateOutcome], error)
	// GraduateOutcome returns one graduate's status at each point;
	// ENOTFOUND when the student is not a graduate with a day of
	// graduation.
	GraduateOutcome(ctx context.Context, studentID int64) (GraduateOutcome, error)
}
