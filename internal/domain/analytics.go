package domain

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Analytics: the same figures at every level — the country, a region, a
// college, an enterprise — counted from the records rather than typed into
// reports (issue 8). Every figure here has one definition, written beside
// it, and the published figures (OfficialFigure) are shown next to the
// computed ones, not mixed with them.
//
// Years are academic years, named by the calendar year they start in
// (AcademicYear): 2025 is 2025-26, from 1 September 2025 to 31 August 2026.
// A student counts in an academic year when enrolled before its end and not
// graduated before its start; expelled students count in no year (the
// registry keeps no day of expulsion).

// AcademicYear returns the academic year a day falls in: its calendar year
// from September, the year before until August.
func AcademicYear(day time.Time) int {
	if day.Month() >= time.September {
		return day.Year()
	}
	return day.Year() - 1
}

// Levels of a dashboard, from the widest.
const (
	LevelNational   = "national"
	LevelRegion     = "region"
	LevelCollege    = "college"
	LevelEnterprise = "enterprise"
)

// AnalyticsFilter selects the figures of a dashboard: the area (the
// country when every ID is 0, else the narrowest ID given), the academic
// year and the students' qualification, field and funding.
type AnalyticsFilter struct {
	RegionID     int
	CollegeID    int64
	EnterpriseID int64
	// Year is the academic year by the calendar year it starts in; 0 for
	// the latest with data (Dashboard.Filter carries the year chosen).
	Year int
	// Qualification is a qualification code (3W…/4S…) or a specialty code
	// (8 digits); it matches the students' programme and the offers'
	// qualification.
	Qualification string
	// Field is an ISCED-F 2013 field: broad (2 digits), narrow (3) or
	// detailed (4), matched against the first digits of the specialty.
	Field string
	// Funding is FundingState, FundingPaid, FundingTargeted or "" for all.
	Funding string
}

var iscedField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{2,4}$`) })

// Validate checks the filter; EINVALID names the field at fault.
func (f *AnalyticsFilter) Validate() error {
	f.Qualification = strings.TrimSpace(f.Qualification)
	f.Field = strings.TrimSpace(f.Field)
	switch {
	case f.RegionID < 0:
		return Invalid("region", "error.analytics.region", "unknown region")
	case f.CollegeID < 0:
		return Invalid("college", "error.analytics.college", "unknown college")
	case f.EnterpriseID < 0:
		return Invalid("enterprise", "error.analytics.enterprise", "unknown enterprise")
	case f.Year != 0 && (f.Year < 2000 || f.Year > 2100):
		return Invalid("year", "error.analytics.year", "the academic year must be from 2000 to 2100")
	case f.Qualification != "" && !IsQualificationCode(f.Qualification) && !IsSpecialtyCode(f.Qualification):
		return Invalid("qualification", "error.qualification.filter", "qualification must be a specialty or qualification code")
	case f.Field != "" && !iscedField().MatchString(f.Field):
		return Invalid("field", "error.analytics.field", "the field must be an ISCED-F code of 2 to 4 digits")
	}
	switch f.Funding {
	case "", FundingState, FundingPaid, FundingTargeted:
	default:
		return Invalid("funding", "error.funding", "funding must be state, paid or targeted")
	}
	return nil
}

// Level is the level of the dashboard the filter selects: the narrowest
// area it names.
func (f AnalyticsFilter) Level() string {
	switch {
	case f.EnterpriseID != 0:
		return LevelEnterprise
	case f.CollegeID != 0:
		return LevelCollege
	case f.RegionID != 0:
		return LevelRegion
	}
	return LevelNational
}

// Keys of the tiles, in the order a dashboard shows them. The catalogs
// name each as "analytics.tile.<key>".
const (
	TileStudents              = "students_total"         // students of the year
	TileStudentsDual          = "students_dual"          // of them in dual training
	TileEnterprisesDual       = "enterprises_dual"       // distinct enterprises training them
	TilePatrons               = "patron_companies"       // distinct patrons of memoranda in force
	TileCollegesPatronage     = "colleges_patronage"     // distinct colleges under such memoranda
	TileTargetedContracts     = "targeted_contracts"     // targeted-training contracts of the students
	TileEmploymentRate        = "employment_rate_12"     // graduates employed 12 months after graduation
	TileTeachers              = "teachers"               // teachers on record (area only; no other filter applies)
	TileCollegesInternational = "colleges_international" // colleges with an international agreement in force (issue 10)
	TilePartnerCountries      = "partner_countries"      // distinct countries of their partners
)

// Catalog key prefixes: a tile's name is TileKeyPrefix+key, a funnel
// step's FunnelKeyPrefix+key, a definition DefinitionKeyPrefix+key.
const (
	TileKeyPrefix       = "analytics.tile."
	FunnelKeyPrefix     = "analytics.funnel."
	DefinitionKeyPrefix = "analytics.definition."
)

// Tile is one key figure. A count has Value; a rate has Rate (0..1) with
// Value its numerator and Of its denominator.
type Tile struct {
	Key   string  `json:"key"`
	Value int64   `json:"value"`
	Rate  float64 `json:"rate,omitempty"`
	Of    int64   `json:"of,omitempty"`
	// IsRate tells a rate from a count.
	IsRate bool `json:"is_rate"`
	// Official is the published figure with the same definition, for the
	// same area, if any, shown beside and never mixed in.
	Official *OfficialFigure `json:"official,omitempty"`
	// Available is false while the module that records the figure does
	// not exist yet: the tile is shown as "not yet recorded", not as zero.
	// Every tile has its module now; the field stays for the next one.
	Available bool `json:"available"`
	// Definition is the catalog key of the figure's definition.
	Definition string `json:"definition"`
}

// Funnel steps of the dual-training chain, in order. Offers counts places
// (seats), one per student an enterprise could take; the others count
// students. Each step is a subset of the one before: every placed student
// takes a place, either an offer's or one the enterprise gave directly by
// an agreement without an offer, so the places are never fewer than the
// students placed; on track and assessed are both of the students whose
// agreement became active; employed counts the dual graduates, the
// chain's outcome.
const (
	FunnelOffers           = "offers"            // places: the capacity of the year's approved, open or closed offers, and agreements without an offer
	FunnelAllocated        = "allocated"         // students placed: by a round, an accepted application or an agreement
	FunnelAgreementsActive = "agreements_active" // of them, whose agreement every party signed (it became active)
	FunnelLogbookOnTrack   = "logbook_on_track"  // of those, logbook signed weeks not behind (see the store)
	FunnelAssessed         = "assessed"          // of those whose agreement became active, assessed on a competence or finally
	FunnelEmployed         = "employed"          // dual graduates employed 12 months after graduation
)

// FunnelKeys are the funnel's steps in order.
var FunnelKeys = []string{FunnelOffers, FunnelAllocated, FunnelAgreementsActive, FunnelLogbookOnTrack, FunnelAssessed, FunnelEmployed}

// FunnelStep is one step of the chain's funnel.
type FunnelStep struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// AreaFigures are the figures of one area one level below the dashboard's:
// a region of the country, a college of a region.
type AreaFigures struct {
	ID    int64 `json:"id"`
	Names Names `json:"names"`
	// Lat and Lon place a region on the map: its administrative centre
	// (refdata kz_admin_regions.csv). A college has its region's.
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`

	Students     int64 `json:"students"`
	DualStudents int64 `json:"dual_students"`
	Enterprises  int64 `json:"enterprises"` // distinct enterprises training its dual students
	Patrons      int64 `json:"patrons"`     // distinct patrons of its memoranda in force
	Contracts    int64 `json:"contracts"`   // targeted-training contracts
	// Employed of Graduates: the 12-month employment of the graduates
	// whose 12-month day has come (the employment page's definition).
	Employed  int64 `json:"employed"`
	Graduates int64 `json:"graduates"`
}

// QualificationFigures are a college's figures for the students of one
// qualification (or specialty, for programmes that name none), with
// AreaFigures' definitions.
type QualificationFigures struct {
	Code         string `json:"code"`
	Names        Names  `json:"names"`
	Students     int64  `json:"students"`
	DualStudents int64  `json:"dual_students"`
	Contracts    int64  `json:"contracts"`
	Employed     int64  `json:"employed"`
	Graduates    int64  `json:"graduates"`
}

// YearFigures are one academic year's figures, for the trend.
type YearFigures struct {
	Year         int   `json:"year"`
	Students     int64 `json:"students"`
	DualStudents int64 `json:"dual_students"`
	Graduates    int64 `json:"graduates"` // graduated during the year
	Employed     int64 `json:"employed"`  // of them, employed at 12 months (once the day has come)
	Reached      int64 `json:"reached"`   // of them, whose 12-month day has come
	Contracts    int64 `json:"contracts"` // targeted-training contracts of the year's students
}

// OfficialFigure is a figure somebody published (refdata
// kz_tvet_statistics.csv), as published.
type OfficialFigure struct {
	Indicator string `json:"indicator"`
	Period    string `json:"period"`
	// Geography is as published ("Kazakhstan", "Almaty city (KZ-75)");
	// RegionID is the region's KATO code when it names one, else 0.
	Geography string  `json:"geography"`
	RegionID  int     `json:"region_id,omitempty"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"` // "persons", "thousand persons", "units", "thousand units", "percent"
	Source    string  `json:"source"`
	Publisher string  `json:"publisher"`
	// Definition is the catalog key of what the indicator counts
	// ("analytics.definition.official.<indicator>"); Note is the
	// source's own remark, in English.
	Definition string `json:"definition"`
	Note       string `json:"note,omitempty"`
}

// Comparable returns the figure in the units of the matching tile: a
// count in persons or units (thousands multiplied out), a rate as 0..1.
func (o OfficialFigure) Comparable() float64 {
	switch o.Unit {
	case "thousand persons", "thousand units":
		return o.Value * 1000
	case "percent":
		return o.Value / 100
	}
	return o.Value
}

// PublisherKey names the figure's publisher for the catalogs ("bns",
// "ministry", "astana_stat", "astana_edu"; "web.analytics.publisher."
// and the key), or "" for a publisher they do not name, shown as
// published.
func (o OfficialFigure) PublisherKey() string {
	switch p := o.Publisher; {
	case strings.Contains(p, "Bureau of National Statistics") || strings.Contains(p, "BNS"):
		return "bns"
	case strings.Contains(p, "Enlightenment"):
		return "ministry"
	case strings.HasPrefix(p, "Astana city statistics"):
		return "astana_stat"
	case strings.HasPrefix(p, "Astana city education"):
		return "astana_edu"
	}
	return ""
}

// Dashboard is the figures of one level under a filter.
type Dashboard struct {
	// Filter is the filter asked for, with Year set to the year shown.
	Filter AnalyticsFilter `json:"-"`
	Level  string          `json:"level"`
	Year   int             `json:"year"`
	// Years are the academic years with data, newest first, for the
	// year filter.
	Years []int `json:"years"`
	// AsOf is when the counts the dashboard reads were made.
	AsOf time.Time `json:"as_of"`
	// Recounting is set while a recount of the counts is queued or
	// running (a background job): the page says newer figures are coming.
	Recounting bool         `json:"recounting"`
	Tiles      []Tile       `json:"tiles"`
	Funnel     []FunnelStep `json:"funnel"`
	// Areas are the level below: the regions of the country, the
	// colleges of a region; none for a college or an enterprise.
	Areas []AreaFigures `json:"areas"`
	// Qualifications break a college's figures down by the students'
	// qualification, ordered by code; none at the other levels.
	Qualifications []QualificationFigures `json:"qualifications"`
	// Trend is every year with data, oldest first, under the same filter
	// but the year.
	Trend []YearFigures `json:"trend"`
	// Official are the published figures for the area (the country's for
	// the national level, a region's for a region), newest first.
	Official []OfficialFigure `json:"official"`
}

// Tile returns the tile with the key, and false if there is none.
func (d *Dashboard) Tile(key string) (Tile, bool) {
	for _, t := range d.Tiles {
		if t.Key == key {
			return t, true
		}
	}
	return Tile{}, false
}

// Open data (/api/v1/open/…): aggregated figures for anyone, with no
// personal data and small cells suppressed.

// Breakdowns of open data.
const (
	OpenByRegion        = "region"
	OpenByYear          = "year"
	OpenByQualification = "qualification"
)

// OpenBreakdowns are the valid values of OpenQuery.By.
var OpenBreakdowns = []string{OpenByRegion, OpenByYear, OpenByQualification}

// SmallCell is the smallest count open data shows: counts below it are
// suppressed so that nobody can be singled out.
const SmallCell = 5

// OpenQuery selects an open-data table: the breakdown, and the year (0:
// the latest; ignored by the breakdown by year) and region (0: the
// country).
type OpenQuery struct {
	By       string
	Year     int
	RegionID int
}

// Validate checks the query; EINVALID names the field at fault.
func (q *OpenQuery) Validate() error {
	switch q.By {
	case OpenByRegion, OpenByYear, OpenByQualification:
	default:
		return Invalid("by", "error.analytics.by", "by must be region, year or qualification")
	}
	if q.Year != 0 && (q.Year < 2000 || q.Year > 2100) {
		return Invalid("year", "error.analytics.year", "the academic year must be from 2000 to 2100")
	}
	if q.RegionID < 0 {
		return Invalid("region", "error.analytics.region", "unknown region")
	}
	return nil
}

// OpenColumns are the counts of an open-data row, in the order of the CSV.
var OpenColumns = []string{"students", "dual_students", "graduates", "employed_12", "contracts"}

// OpenRow is one row of an open-data table. Counts holds OpenColumns'
// values in order; a nil count is suppressed (fewer than SmallCell, or
// hidden so that a suppressed one cannot be worked out from a total).
type OpenRow struct {
	Key    string   `json:"key"` // the region's KATO code, the year, the qualification's code
	Name   Names    `json:"name"`
	Year   int      `json:"year"`
	Counts []*int64 `json:"-"`
	// Suppressed names the columns hidden in this row.
	Suppressed []string `json:"suppressed,omitempty"`
}

// OpenTable is an open-data table.
type OpenTable struct {
	By       string    `json:"by"`
	Year     int       `json:"year,omitempty"`
	RegionID int       `json:"region_id,omitempty"`
	AsOf     time.Time `json:"as_of"`
	Columns  []string  `json:"columns"`
	Rows     []OpenRow `json:"rows"`
}

// SuppressSmallCells hides every count below SmallCell, then, in each
// column with exactly one hidden count, the smallest other count too, so
// that a hidden count cannot be worked out from the column's total.
// Counts are given as values; the result's are nil where hidden.
func SuppressSmallCells(values [][]int64) [][]*int64 {
	out := make([][]*int64, len(values))
	for i, row := range values {
		out[i] = make([]*int64, len(row))
		for j := range row {
			if row[j] >= SmallCell {
				v := row[j]
				out[i][j] = &v
			}
		}
	}
	if len(values) < 2 {
		return out
	}
	for j := range values[0] {
		hidden, smallest := 0, -1
		for i := range out {
			if out[i][j] == nil {
				hidden++
			} else if smallest < 0 || *out[i][j] < *out[smallest][j] {
				smallest = i
			}
		}
		if hidden == 1 && smallest >= 0 {
			out[smallest][j] = nil
		}
	}
	return out
}

// AnalyticsService computes the dashboards and the open data.
type AnalyticsService interface {
	// Dashboard returns the figures of the filter's level; EINVALID for
	// a bad filter, ENOTFOUND for an unknown area.
	Dashboard(ctx context.Context, f AnalyticsFilter) (Dashboard, error)
	// OpenFigures returns an open-data table with small cells
	// suppressed; EINVALID for a bad query.
	OpenFigures(ctx context.Context, q OpenQuery) (OpenTable, error)
	// AnalyticsRecounting reports whether a recount of the dashboards'
	// counts is queued or running.
	AnalyticsRecounting(ctx context.Context) (bool, error)
}
