package api

import (
	"math"
	"net/http"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// employmentDefinition is the definition the rates follow (DOMAIN.md §4
// rule 8), published with every report so that a figure never travels
// without it.
const employmentDefinition = "A graduate is a student whose status is graduated and whose day of graduation is recorded. " +
	"Each graduate is checked on the days 3, 6 and 12 calendar months after graduation (the last day of the month when it is shorter). " +
	"Employed on a day: the register of employment contracts holds a contract of the graduate, matched by IIN, that started on or before " +
	"that day and had not ended before it; any employer, any position; nothing self-reported counts. " +
	"A point counts only once its day has come (in Kazakhstan): reached is the number of graduates whose day has come, " +
	"and the rate is employed / reached. Dual graduates trained at an enterprise under a tripartite dual-training agreement " +
	"signed by all parties (or the registry records the enterprise they trained at)."

// employmentPoint is the graduates at one point: reached (their day has
// come), employed on it, and the rate in percent (null when none reached).
type employmentPoint struct {
	Months   int      `json:"months"`
	Reached  int      `json:"reached"`
	Employed int      `json:"employed"`
	Rate     *float64 `json:"rate"`
}

// employmentFigures are graduates and their employment at each point.
type employmentFigures struct {
	Graduates int               `json:"graduates"`
	Points    []employmentPoint `json:"points"`
}

func employmentFiguresOf(f domain.EmploymentFigures) employmentFigures {
	out := employmentFigures{Graduates: f.Graduates, Points: make([]employmentPoint, 0, len(f.Points))}
	for _, p := range f.Points {
		ep := employmentPoint{Months: p.Months, Reached: p.Reached, Employed: p.Employed}
		if rate, ok := p.Rate(); ok {
			r := math.Round(rate*10) / 10
			ep.Rate = &r
		}
		out.Points = append(out.Points, ep)
	}
	return out
}

// employmentGroup is the figures of a region (key: its KATO code), a
// college (its ID) or a qualification (its code, or the specialty's for
// programmes that name none).
type employmentGroup struct {
	Key  string `json:"key"`
	Name names  `json:"name"`
	employmentFigures
}

// publishedEmployment is a published rate, as published, with its source.
type publishedEmployment struct {
	Period    string  `json:"period"`
	Rate      float64 `json:"rate"`
	Graduates *int    `json:"graduates"`
	Employed  *int    `json:"employed"`
	Publisher string  `json:"publisher"`
	SourceURL string  `json:"source_url"`
	Note      string  `json:"note"`
}

// employmentReport is the employment of a cohort of graduates of the
// country, a region or a college.
type employmentReport struct {
	AsOf       string            `json:"as_of"`
	RegionID   *int              `json:"region_id"`
	CollegeID  *int64            `json:"college_id"`
	Cohort     *int              `json:"cohort"`
	Definition string            `json:"definition"`
	Total      employmentFigures `json:"total"`
	National   employmentFigures `json:"national"`
	Dual       employmentFigures `json:"dual"`
	NonDual    employmentFigures `json:"non_dual"`
	// AreaKind names what areas are: "region" for the country, "college"
	// for a region, "" for a college (no areas).
	AreaKind       string                `json:"area_kind"`
	Areas          []employmentGroup     `json:"areas"`
	Qualifications []employmentGroup     `json:"qualifications"`
	Cohorts        []int                 `json:"cohorts"`
	Published      []publishedEmployment `json:"published"`
}

func employmentReportOf(rep domain.EmploymentReport) employmentReport {
	f := rep.Filter
	out := employmentReport{AsOf: rep.AsOf.Format(time.DateOnly), Definition: employmentDefinition,
		Total: employmentFiguresOf(rep.Total), National: employmentFiguresOf(rep.National),
		Dual: employmentFiguresOf(rep.Dual), NonDual: employmentFiguresOf(rep.NonDual),
		Areas: groupsOf(rep.Areas), Qualifications: groupsOf(rep.Qualifications), Cohorts: rep.Cohorts,
		Published: []publishedEmployment{}}
	if f.RegionID != 0 {
		out.RegionID = &f.RegionID
	}
	if f.CollegeID != 0 {
		out.CollegeID = &f.CollegeID
	}
	if f.Cohort != 0 {
		out.Cohort = &f.Cohort
	}
	switch {
	case f.CollegeID != 0:
	case f.RegionID != 0:
		out.AreaKind = "college"
	default:
		out.AreaKind = "region"
	}
	for _, p := range rep.Published {
		pe := publishedEmployment{Period: p.Period, Rate: p.Rate, Publisher: p.Publisher, SourceURL: p.SourceURL, Note: p.Note}
		if p.Graduates > 0 {
			pe.Graduates, pe.Employed = &p.Graduates, &p.Employed
		}
		out.Published = append(out.Published, pe)
	}
	return out
}

func groupsOf(gs []domain.EmploymentGroup) []employmentGroup {
	out := make([]employmentGroup, 0, len(gs))
	for _, g := range gs {
		out = append(out, employmentGroup{Key: g.Key, Name: namesOf(g.Name), employmentFigures: employmentFiguresOf(g.EmploymentFigures)})
	}
	return out
}

// graduatePoint is a graduate's status on one point's day; the contract
// behind it (employer BIN and name, position) is null for readers who may
// not see personal data and when not employed.
type graduatePoint struct {
	Months      int     `json:"months"`
	On          string  `json:"on"`
	Reached     bool    `json:"reached"`
	Employed    bool    `json:"employed"`
	EmployerBIN *string `json:"employer_bin"`
	Employer    *names  `json:"employer_name"`
	Position    *string `json:"position"`
}

// graduate is one graduate's employment at the points.
type graduate struct {
	StudentID   int64           `json:"student_id"`
	Name        personName      `json:"name"`
	CollegeID   int64           `json:"college_id"`
	GroupID     int64           `json:"group_id"`
	GroupCode   string          `json:"group_code"`
	GraduatedOn string          `json:"graduated_on"`
	Dual        bool            `json:"dual"`
	Points      []graduatePoint `json:"points"`
}

func graduateOf(o domain.GraduateOutcome) graduate {
	out := graduate{StudentID: o.StudentID, Name: personNameOf(o.Name), CollegeID: o.CollegeID, GroupID: o.GroupID,
		GroupCode: o.GroupCode, GraduatedOn: o.GraduatedOn.Format(time.DateOnly), Dual: o.Dual, Points: []graduatePoint{}}
	for _, p := range o.Points {
		gp := graduatePoint{Months: p.Months, On: p.On.Format(time.DateOnly), Reached: p.Reached, Employed: p.Employed}
		if p.EmployerBIN != "" {
			bin, position := p.EmployerBIN, p.Position
			gp.EmployerBIN, gp.Position, gp.Employer = &bin, &position, optionalNames(p.Employer)
		}
		out.Points = append(out.Points, gp)
	}
	return out
}

// getEmployment answers GET /api/v1/employment: the rates of the country,
// a region (region_id) or a college (college_id), for one year of
// graduation (cohort) or all, within the caller's scope.
func (a *API) getEmployment(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.EmploymentFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), Cohort: q.regionID("cohort")}
	if err := q.err(); err != nil {
		return err
	}
	rep, err := a.reg.EmploymentReport(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, employmentReportOf(rep))
	return nil
}

// listGraduates answers GET /api/v1/employment/graduates: a page of
// graduates by name with their status at each point.
func (a *API) listGraduates(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.GraduateFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), Cohort: q.regionID("cohort"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Graduates(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, graduateOf)
	return nil
}

// getGraduate answers GET /api/v1/students/{id}/employment: a graduate's
// status at each point; 404 for a student who has not graduated (or whose
// day of graduation is not recorded).
func (a *API) getGraduate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "student")
	if err != nil {
		return err
	}
	o, err := a.reg.GraduateOutcome(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, graduateOf(o))
	return nil
}

// graduationInput is the day a group graduated.
type graduationInput struct {
	GraduatedOn string `json:"graduated_on"`
}

// graduation is what marking a group graduated did.
type graduation struct {
	GroupID     int64  `json:"group_id"`
	GraduatedOn string `json:"graduated_on"`
	Graduated   int    `json:"graduated"`
	Skipped     int    `json:"skipped"`
}

// graduateGroup answers POST /api/v1/groups/{id}/graduation: the group's
// studying students graduate on the day given.
func (a *API) graduateGroup(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "group")
	if err != nil {
		return err
	}
	var in graduationInput
	if err := readBody(r, &in, "graduated_on"); err != nil {
		return err
	}
	on, err := bodyDate("graduated_on", in.GraduatedOn)
	if err != nil {
		return err
	}
	g, err := a.reg.GraduateGroup(r.Context(), id, on)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, graduation{GroupID: g.GroupID, GraduatedOn: g.GraduatedOn.Format(time.DateOnly),
		Graduated: g.Graduated, Skipped: g.Skipped})
	return nil
}
