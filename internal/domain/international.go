package domain

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Internationalisation (issue 10; DOMAIN.md §1): colleges' partnerships
// with foreign colleges, universities and enterprises — joint programmes,
// the adoption of international standards such as WorldSkills, double
// diplomas, academic mobility —, the foreign managers and specialists
// they engage, and the students and teachers who go abroad or come. The
// published picture is 60+ colleges with partners in 30 countries, 9 of
// them working with Russian colleges and enterprises; the cross-border
// view follows the cooperation with the 12 Russian regions on the border.

// isoCountries are the officially assigned ISO 3166-1 alpha-2 codes (249).
const isoCountries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW " +
	"BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA " +
	"GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH " +
	"KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY " +
	"MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH " +
	"SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI " +
	"VN VU WF WS YE YT ZA ZM ZW"

// Russia is the ISO code of the Russian Federation, the cross-border view's
// partner country.
const Russia = "RU"

// NormalizeCountry upper-cases and checks an ISO 3166-1 alpha-2 code of a
// foreign country (Kazakhstan is not foreign); EINVALID names field.
func NormalizeCountry(field string, code *string) error {
	c := strings.ToUpper(strings.TrimSpace(*code))
	if len(c) != 2 || c == "KZ" || !strings.Contains(" "+isoCountries+" ", " "+c+" ") {
		return Invalid(field, "error.country", "a foreign country's ISO 3166-1 code of two letters, e.g. RU, DE, CN")
	}
	*code = c
	return nil
}

// ForeignCountries lists the ISO codes of every country but Kazakhstan,
// in the order of the codes.
func ForeignCountries() []string {
	return slices.DeleteFunc(strings.Fields(isoCountries), func(c string) bool { return c == "KZ" })
}

// ForeignRegion is a region of a neighbouring country (reference data):
// the Russian regions on Kazakhstan's border.
type ForeignRegion struct {
	ISO    string  `json:"iso_code"` // ISO 3166-2, e.g. RU-ORE
	Name   Names   `json:"name"`
	Centre string  `json:"centre"` // the administrative centre, in English
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
}

// PartnerKind is what kind of organisation a partner is.
type PartnerKind string

// Partner kinds.
const (
	PartnerCollege      PartnerKind = "college"
	PartnerUniversity   PartnerKind = "university"
	PartnerEnterprise   PartnerKind = "enterprise"
	PartnerOrganisation PartnerKind = "organisation" // an association, a standards body, a foundation
)

// PartnerKinds lists the kinds in the order forms offer them.
var PartnerKinds = []PartnerKind{PartnerCollege, PartnerUniversity, PartnerEnterprise, PartnerOrganisation}

// Partner is a foreign organisation colleges work with; one per name and
// country, shared by every college that works with it.
type Partner struct {
	ID       int64       `json:"id"`
	Kind     PartnerKind `json:"kind"`
	Name     string      `json:"name"` // as the organisation writes it
	Country  string      `json:"country"`
	RURegion string      `json:"ru_region,omitempty"` // ISO 3166-2 of a Russian partner's region, if known
	City     string      `json:"city"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Read-only: the region's names, and the colleges with agreements.
	RURegionName Names `json:"ru_region_name"`
	Colleges     int   `json:"colleges"`
}

// Validate trims and checks a partner. That a Russian region is one of the
// reference data is the store's check.
func (p *Partner) Validate() error {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	p.City = strings.TrimSpace(p.City)
	p.RURegion = strings.ToUpper(strings.TrimSpace(p.RURegion))
	switch {
	case !slices.Contains(PartnerKinds, p.Kind):
		return Invalid("kind", "error.partner.kind", "unknown kind of partner")
	case p.Name == "" || len([]rune(p.Name)) > 300:
		return Invalid("name", "error.partner.name", "the partner's name is required (up to 300 characters)")
	case len([]rune(p.City)) > 100:
		return Invalid("city", "error.text.too_long", "too long").With("max", "100")
	}
	if err := NormalizeCountry("country", &p.Country); err != nil {
		return err
	}
	if p.RURegion != "" && p.Country != Russia {
		return Invalid("ru_region", "error.partner.ru_region", "only a Russian partner names a Russian region")
	}
	return nil
}

// AgreementKind is what an international agreement is for.
type AgreementKind string

// Kinds of international agreement.
const (
	AgreementJointProgramme AgreementKind = "joint_programme"
	AgreementStandard       AgreementKind = "international_standard" // WorldSkills, …
	AgreementDoubleDiploma  AgreementKind = "double_diploma"
	AgreementMobility       AgreementKind = "academic_mobility"
)

// AgreementKinds lists the kinds in the order forms offer them.
var AgreementKinds = []AgreementKind{AgreementJointProgramme, AgreementStandard, AgreementDoubleDiploma, AgreementMobility}

// PartnershipStatus is where an agreement stands, as the college records it.
// Whether an active agreement is in force on a day is a rule of its period
// (InForce), not stored.
type PartnershipStatus string

// Statuses of an international agreement.
const (
	PartnershipNegotiation PartnershipStatus = "negotiation"
	PartnershipActive      PartnershipStatus = "active"
	PartnershipSuspended   PartnershipStatus = "suspended"
	PartnershipTerminated  PartnershipStatus = "terminated"
)

// PartnershipStatuses lists the statuses in the order forms offer them.
var PartnershipStatuses = []PartnershipStatus{PartnershipNegotiation, PartnershipActive, PartnershipSuspended, PartnershipTerminated}

// Partnership is a college's agreement with a foreign partner.
type Partnership struct {
	ID        int64             `json:"id"`
	CollegeID int64             `json:"college_id"`
	RegionID  int               `json:"region_id"` // the college's (read-only)
	PartnerID int64             `json:"partner_id"`
	Kind      AgreementKind     `json:"kind"`
	Standard  string            `json:"standard"` // the standard adopted, for AgreementStandard
	Number    string            `json:"number"`
	Subject   string            `json:"subject"` // what the parties agree on
	Status    PartnershipStatus `json:"status"`
	SignedOn  time.Time         `json:"signed_on,omitzero"`
	StartsOn  time.Time         `json:"starts_on"`
	EndsOn    time.Time         `json:"ends_on,omitzero"` // zero: open-ended
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`

	// Read-only, for display.
	College Names   `json:"college_name"`
	Region  Names   `json:"region_name"`
	Partner Partner `json:"partner"`
	// InForce: active, and the period covers the day read.
	InForce bool `json:"in_force"`
}

// InForceOn reports whether the agreement is active and its period covers day.
func (a *Partnership) InForceOn(day time.Time) bool {
	day = DateInUTC(day)
	return a.Status == PartnershipActive && !day.Before(a.StartsOn) && (a.EndsOn.IsZero() || !day.After(a.EndsOn))
}

// Validate trims and checks an agreement.
func (a *Partnership) Validate() error {
	a.Standard, a.Number, a.Subject = strings.TrimSpace(a.Standard), strings.TrimSpace(a.Number), strings.TrimSpace(a.Subject)
	switch {
	case a.CollegeID <= 0:
		return Invalid("college_id", "error.college.required", "college is required")
	case a.PartnerID <= 0:
		return Invalid("partner_id", "error.partner.required", "choose the partner")
	case !slices.Contains(AgreementKinds, a.Kind):
		return Invalid("kind", "error.partnership.kind", "unknown kind of agreement")
	case a.Kind == AgreementStandard && a.Standard == "":
		return Invalid("standard", "error.partnership.standard", "name the international standard adopted")
	case len([]rune(a.Standard)) > 100:
		return Invalid("standard", "error.text.too_long", "too long").With("max", "100")
	case len([]rune(a.Number)) > 50:
		return Invalid("number", "error.text.too_long", "too long").With("max", "50")
	case a.Subject == "" || len([]rune(a.Subject)) > 500:
		return Invalid("subject", "error.partnership.subject", "say what the agreement is about (up to 500 characters)")
	case !slices.Contains(PartnershipStatuses, a.Status):
		return Invalid("status", "error.partnership.status", "unknown status")
	case a.Status != PartnershipNegotiation && a.SignedOn.IsZero():
		return Invalid("signed_on", "error.partnership.signed", "a signed agreement needs the day it was signed")
	case a.StartsOn.IsZero():
		return Invalid("starts_on", "error.date.required", "a date is required")
	case !a.EndsOn.IsZero() && a.EndsOn.Before(a.StartsOn):
		return Invalid("ends_on", "error.period.order", "the end must not be before the start")
	case !a.EndsOn.IsZero() && a.EndsOn.After(a.StartsOn.AddDate(MaxMemorandumYears, 0, 0)):
		return Invalid("ends_on", "error.period.too_long", "the period is too long").With("max", strconv.Itoa(MaxMemorandumYears))
	}
	if !a.SignedOn.IsZero() {
		a.SignedOn = DateInUTC(a.SignedOn)
	}
	if !a.EndsOn.IsZero() {
		a.EndsOn = DateInUTC(a.EndsOn)
	}
	a.StartsOn = DateInUTC(a.StartsOn)
	return nil
}

// SpecialistRole is what a foreign specialist does at a college.
type SpecialistRole string

// Roles of foreign specialists.
const (
	SpecialistManager SpecialistRole = "manager" // a foreign manager of the college (director, deputy)
	SpecialistTeacher SpecialistRole = "teacher"
	SpecialistMaster  SpecialistRole = "master" // master of industrial training
	SpecialistExpert  SpecialistRole = "expert" // a consultant, a WorldSkills expert
)

// SpecialistRoles lists the roles in the order forms offer them.
var SpecialistRoles = []SpecialistRole{SpecialistManager, SpecialistTeacher, SpecialistMaster, SpecialistExpert}

// ForeignSpecialist is a foreign manager or specialist a college engages.
type ForeignSpecialist struct {
	ID        int64          `json:"id"`
	CollegeID int64          `json:"college_id"`
	RegionID  int            `json:"region_id"` // the college's (read-only)
	FullName  string         `json:"full_name"`
	Country   string         `json:"country"` // citizenship, ISO 3166-1 alpha-2
	Role      SpecialistRole `json:"role"`
	Position  string         `json:"position"` // as the college's order names it
	StartsOn  time.Time      `json:"starts_on"`
	EndsOn    time.Time      `json:"ends_on,omitzero"` // zero: open-ended
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`

	College Names `json:"college_name"` // read-only
}

// Validate trims and checks a specialist.
func (s *ForeignSpecialist) Validate() error {
	s.FullName = strings.Join(strings.Fields(s.FullName), " ")
	s.Position = strings.TrimSpace(s.Position)
	switch {
	case s.CollegeID <= 0:
		return Invalid("college_id", "error.college.required", "college is required")
	case s.FullName == "" || len([]rune(s.FullName)) > 200:
		return Invalid("full_name", "error.specialist.name", "the specialist's full name is required (up to 200 characters)")
	case !slices.Contains(SpecialistRoles, s.Role):
		return Invalid("role", "error.specialist.role", "unknown role")
	case len([]rune(s.Position)) > 200:
		return Invalid("position", "error.text.too_long", "too long").With("max", "200")
	case s.StartsOn.IsZero():
		return Invalid("starts_on", "error.date.required", "a date is required")
	case !s.EndsOn.IsZero() && s.EndsOn.Before(s.StartsOn):
		return Invalid("ends_on", "error.period.order", "the end must not be before the start")
	}
	if err := NormalizeCountry("country", &s.Country); err != nil {
		return err
	}
	s.StartsOn = DateInUTC(s.StartsOn)
	if !s.EndsOn.IsZero() {
		s.EndsOn = DateInUTC(s.EndsOn)
	}
	return nil
}

// MobilityDirection says whether someone comes to the college or goes abroad.
type MobilityDirection string

// Directions of academic mobility.
const (
	MobilityIncoming MobilityDirection = "incoming"
	MobilityOutgoing MobilityDirection = "outgoing"
)

// MobilityDirections lists the directions.
var MobilityDirections = []MobilityDirection{MobilityOutgoing, MobilityIncoming}

// Participant is who is mobile: a student or a teacher.
type Participant string

// Participants of academic mobility.
const (
	ParticipantStudent Participant = "student"
	ParticipantTeacher Participant = "teacher"
)

// Participants lists them.
var Participants = []Participant{ParticipantStudent, ParticipantTeacher}

// MobilityFunding is who pays for a mobility.
type MobilityFunding string

// Sources of a mobility's funding.
const (
	FundingStateBudget MobilityFunding = "state_budget"
	FundingCollege     MobilityFunding = "college"
	FundingPartner     MobilityFunding = "partner"
	FundingGrant       MobilityFunding = "grant" // Erasmus+, a foundation
	FundingPersonal    MobilityFunding = "personal"
)

// MobilityFundings lists them in the order forms offer them.
var MobilityFundings = []MobilityFunding{FundingStateBudget, FundingCollege, FundingPartner, FundingGrant, FundingPersonal}

// MobilityOutcome is what a mobility gave, recorded once it ended; "" until
// then.
type MobilityOutcome string

// Outcomes of a mobility.
const (
	OutcomeNone              MobilityOutcome = ""
	OutcomeCompleted         MobilityOutcome = "completed"
	OutcomeCertificate       MobilityOutcome = "certificate"        // a certificate or diploma supplement received
	OutcomeCreditsRecognised MobilityOutcome = "credits_recognised" // the results counted in the programme
	OutcomeInterrupted       MobilityOutcome = "interrupted"
)

// MobilityOutcomes lists the outcomes a form offers (without "").
var MobilityOutcomes = []MobilityOutcome{OutcomeCompleted, OutcomeCertificate, OutcomeCreditsRecognised, OutcomeInterrupted}

// Mobility is one student's or teacher's stay: an outgoing one of the
// college's own student or teacher at a host abroad, or an incoming guest
// from a foreign organisation at the college.
type Mobility struct {
	ID          int64             `json:"id"`
	CollegeID   int64             `json:"college_id"`
	RegionID    int               `json:"region_id"` // the college's (read-only)
	Direction   MobilityDirection `json:"direction"`
	Participant Participant       `json:"participant"`
	StudentID   int64             `json:"student_id,omitempty"` // outgoing student: the registry's record
	TeacherID   int64             `json:"teacher_id,omitempty"` // outgoing teacher: the registry's record
	PersonName  string            `json:"person_name"`          // an incoming guest's name; the record's for outgoing
	Country     string            `json:"country"`              // the foreign country
	PartnerID   int64             `json:"partner_id,omitempty"` // the foreign organisation, if a partner
	Host        string            `json:"host"`                 // outgoing: where; incoming: sent by
	StartsOn    time.Time         `json:"starts_on"`
	EndsOn      time.Time         `json:"ends_on"`
	Funding     MobilityFunding   `json:"funding"`
	Outcome     MobilityOutcome   `json:"outcome"`
	Note        string            `json:"note"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`

	// Read-only, for display.
	College  Names  `json:"college_name"`
	Partner  string `json:"partner_name,omitempty"`
	RURegion string `json:"ru_region,omitempty"` // the partner's, for Russia
}

// Validate trims and checks a mobility. That the student or teacher is the
// college's is the store's check.
func (m *Mobility) Validate() error {
	m.PersonName = strings.Join(strings.Fields(m.PersonName), " ")
	m.Host, m.Note = strings.TrimSpace(m.Host), strings.TrimSpace(m.Note)
	switch {
	case m.CollegeID <= 0:
		return Invalid("college_id", "error.college.required", "college is required")
	case !slices.Contains(MobilityDirections, m.Direction):
		return Invalid("direction", "error.mobility.direction", "incoming or outgoing")
	case !slices.Contains(Participants, m.Participant):
		return Invalid("participant", "error.mobility.participant", "a student or a teacher")
	case m.Direction == MobilityOutgoing && m.Participant == ParticipantStudent && m.StudentID <= 0:
		return Invalid("student_id", "error.mobility.student", "choose the college's student")
	case m.Direction == MobilityOutgoing && m.Participant == ParticipantTeacher && m.TeacherID <= 0:
		return Invalid("teacher_id", "error.mobility.teacher", "choose the college's teacher")
	case m.Direction == MobilityIncoming && (m.PersonName == "" || len([]rune(m.PersonName)) > 200):
		return Invalid("person_name", "error.mobility.person", "the guest's full name is required (up to 200 characters)")
	case m.Host == "" && m.PartnerID <= 0:
		return Invalid("host", "error.mobility.host", "name the host organisation or choose a partner")
	case len([]rune(m.Host)) > 300:
		return Invalid("host", "error.text.too_long", "too long").With("max", "300")
	case m.StartsOn.IsZero():
		return Invalid("starts_on", "error.date.required", "a date is required")
	case m.EndsOn.IsZero():
		return Invalid("ends_on", "error.date.required", "a date is required")
	case m.EndsOn.Before(m.StartsOn):
		return Invalid("ends_on", "error.period.order", "the end must not be before the start")
	case m.EndsOn.After(m.StartsOn.AddDate(MaxRecordYears, 0, 0)):
		return Invalid("ends_on", "error.period.too_long", "the period is too long").With("max", strconv.Itoa(MaxRecordYears))
	case !slices.Contains(MobilityFundings, m.Funding):
		return Invalid("funding", "error.mobility.funding", "unknown source of funding")
	case m.Outcome != OutcomeNone && !slices.Contains(MobilityOutcomes, m.Outcome):
		return Invalid("outcome", "error.mobility.outcome", "unknown outcome")
	case len([]rune(m.Note)) > 1000:
		return Invalid("note", "error.text.too_long", "too long").With("max", "1000")
	}
	if m.Participant == ParticipantStudent {
		m.TeacherID = 0
	} else {
		m.StudentID = 0
	}
	if m.Direction == MobilityIncoming {
		m.StudentID, m.TeacherID = 0, 0
	}
	if err := NormalizeCountry("country", &m.Country); err != nil {
		return err
	}
	m.StartsOn, m.EndsOn = DateInUTC(m.StartsOn), DateInUTC(m.EndsOn)
	return nil
}

// PartnershipFilter selects a college's or a region's agreements.
type PartnershipFilter struct {
	RegionID  int
	CollegeID int64
	PartnerID int64
	Country   string // ISO code; "" for any
	Kind      AgreementKind
	Status    PartnershipStatus
	Sort      string // PartnershipSorts; the first is the default
	Page      Page
}

// PartnershipSorts: newest period first, by country, by partner's name.
var PartnershipSorts = []string{"-starts_on", "country", "partner"}

// Validate checks the filter and fills in defaults.
func (f *PartnershipFilter) Validate() error {
	if f.Country != "" {
		if err := NormalizeCountry("country", &f.Country); err != nil {
			return err
		}
	}
	if f.Kind != "" && !slices.Contains(AgreementKinds, f.Kind) {
		return Invalid("kind", "error.partnership.kind", "unknown kind of agreement")
	}
	if f.Status != "" && !slices.Contains(PartnershipStatuses, f.Status) {
		return Invalid("status", "error.partnership.status", "unknown status")
	}
	if err := ValidateSort(&f.Sort, PartnershipSorts...); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// PartnerFilter selects partners by the start of the name and country.
type PartnerFilter struct {
	Query   string
	Country string
	Page    Page
}

// Validate checks the filter and fills in defaults.
func (f *PartnerFilter) Validate() error {
	if f.Country != "" {
		if err := NormalizeCountry("country", &f.Country); err != nil {
			return err
		}
	}
	return f.Page.Normalize()
}

// SpecialistFilter selects foreign specialists, newest first.
type SpecialistFilter struct {
	RegionID  int
	CollegeID int64
	Page      Page
}

// Validate fills in defaults.
func (f *SpecialistFilter) Validate() error { return f.Page.Normalize() }

// MobilityFilter selects mobilities.
type MobilityFilter struct {
	RegionID    int
	CollegeID   int64
	Direction   MobilityDirection
	Participant Participant
	Country     string
	Sort        string // MobilitySorts; the first is the default
	Page        Page
}

// MobilitySorts: newest first, or by country.
var MobilitySorts = []string{"-starts_on", "country"}

// Validate checks the filter and fills in defaults.
func (f *MobilityFilter) Validate() error {
	if f.Direction != "" && !slices.Contains(MobilityDirections, f.Direction) {
		return Invalid("direction", "error.mobility.direction", "incoming or outgoing")
	}
	if f.Participant != "" && !slices.Contains(Participants, f.Participant) {
		return Invalid("participant", "error.mobility.participant", "a student or a teacher")
	}
	if f.Country != "" {
		if err := NormalizeCountry("country", &f.Country); err != nil {
			return err
		}
	}
	if err := ValidateSort(&f.Sort, MobilitySorts...); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// AcademicYearOf is the academic year (1 September to 31 August) that day
// falls in, by its first day.
func AcademicYearOf(day time.Time) (from, to time.Time) {
	y := day.Year()
	if day.Month() < time.September {
		y--
	}
	return time.Date(y, time.September, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, time.August, 31, 0, 0, 0, 0, time.UTC)
}

// InternationalFigures are the internationalisation figures of a scope on
// Day, counted live from the records.
type InternationalFigures struct {
	Day time.Time `json:"day"`
	// Over the agreements in force (active, the period covering Day).
	CollegesWithPartners int `json:"colleges_with_partners"`
	Partners             int `json:"partners"`
	PartnerCountries     int `json:"partner_countries"`
	Agreements           int `json:"agreements"`
	// CollegesWithRussia counts the colleges with an agreement in force
	// with a Russian partner.
	CollegesWithRussia int               `json:"colleges_with_russia"`
	AgreementsByKind   []KindCount       `json:"agreements_by_kind"`
	Countries          []CountryPartners `json:"countries"` // most colleges first
	Specialists        int               `json:"foreign_specialists"`
	ForeignManagers    int               `json:"foreign_managers"`
	// Mobility over the academic year containing Day (its period overlaps
	// it), by direction and participant and by country.
	YearFrom  time.Time         `json:"year_from"`
	YearTo    time.Time         `json:"year_to"`
	Mobility  []MobilityCount   `json:"mobility"`
	ByCountry []CountryMobility `json:"mobility_by_country"` // most first
	// Regions breaks the counts down for the country (empty for a region
	// or a college).
	Regions []RegionInternational `json:"regions,omitempty"`
}

// KindCount counts agreements of a kind.
type KindCount struct {
	Kind       AgreementKind `json:"kind"`
	Agreements int           `json:"agreements"`
}

// CountryPartners counts one country's partners and the colleges working
// with them.
type CountryPartners struct {
	Country  string `json:"country"`
	Partners int    `json:"partners"`
	Colleges int    `json:"colleges"`
}

// MobilityCount counts mobilities of a direction and participant.
type MobilityCount struct {
	Direction   MobilityDirection `json:"direction"`
	Participant Participant       `json:"participant"`
	People      int               `json:"people"`
}

// CountryMobility counts one country's mobilities by direction.
type CountryMobility struct {
	Country  string `json:"country"`
	Outgoing int    `json:"outgoing"`
	Incoming int    `json:"incoming"`
}

// RegionInternational is a region's line of the figures.
type RegionInternational struct {
	RegionID             int   `json:"region_id"`
	Region               Names `json:"region_name"`
	CollegesWithPartners int   `json:"colleges_with_partners"`
	PartnerCountries     int   `json:"partner_countries"`
	CollegesWithRussia   int   `json:"colleges_with_russia"`
	Outgoing             int   `json:"outgoing"`
	Incoming             int   `json:"incoming"`
}

// CrossBorder is the Kazakhstan–Russia view: the agreements in force with
// Russian partners and this academic year's mobility with Russia, by
// Kazakh region and Russian region (the partner's; "" when not named or
// not a partner).
type CrossBorder struct {
	Day       time.Time         `json:"day"`
	RURegions []ForeignRegion   `json:"ru_regions"` // the 12 bordering regions, west to east
	Cells     []CrossBorderCell `json:"cells"`      // only those with something, by KZ region, RU region
	// Totals per Russian region ("" for the unnamed), in RURegions order
	// and the unnamed last.
	Totals   []CrossBorderCell `json:"totals"`
	Colleges int               `json:"colleges"` // with an agreement in force with Russia
	Partners int               `json:"partners"`
	// Agreements lists the agreements in force with Russian partners.
	Agreements []Partnership `json:"agreements"`
}

// CrossBorderCell is what one Kazakh region (0 in totals) does with one
// Russian region.
type CrossBorderCell struct {
	RegionID   int    `json:"region_id,omitempty"`
	Region     Names  `json:"region_name"`
	RURegion   string `json:"ru_region"`
	Agreements int    `json:"agreements"`
	Colleges   int    `json:"colleges"`
	Outgoing   int    `json:"outgoing"`
	Incoming   int    `json:"incoming"`
}

// InternationalService keeps the international partnerships, foreign
// specialists and academic mobility.
type InternationalService interface {
	// RussianRegions returns the reference data of the Russian regions on
	// the border, west to east.
	RussianRegions(ctx context.Context) ([]ForeignRegion, error)
	// Partners returns a page of partners by name.
	Partners(ctx context.Context, f PartnerFilter) (List[Partner], error)
	// Partner returns one partner; ENOTFOUND if there is none.
	Partner(ctx context.Context, id int64) (Partner, error)
	// SavePartner records (ID 0) or changes a partner; EINVALID for bad
	// input or an unknown Russian region, ECONFLICT (error.partner.taken)
	// for a name taken in the country.
	SavePartner(ctx context.Context, p *Partner) error
	// Partnerships returns a page of agreements with their state today.
	Partnerships(ctx context.Context, f PartnershipFilter) (List[Partnership], error)
	// Partnership returns one agreement; ENOTFOUND if there is none.
	Partnership(ctx context.Context, id int64) (Partnership, error)
	// SavePartnership records (ID 0) or changes an agreement; EINVALID for
	// bad input or an unknown college or partner; ENOTFOUND for an
	// unknown ID.
	SavePartnership(ctx context.Context, a *Partnership) error
	// ForeignSpecialists returns a page of specialists, newest first.
	ForeignSpecialists(ctx context.Context, f SpecialistFilter) (List[ForeignSpecialist], error)
	// ForeignSpecialist returns one; ENOTFOUND if there is none.
	ForeignSpecialist(ctx context.Context, id int64) (ForeignSpecialist, error)
	// SaveForeignSpecialist records (ID 0) or changes a specialist.
	SaveForeignSpecialist(ctx context.Context, s *ForeignSpecialist) error
	// Mobilities returns a page of mobilities.
	Mobilities(ctx context.Context, f MobilityFilter) (List[Mobility], error)
	// Mobility returns one; ENOTFOUND if there is none.
	Mobility(ctx context.Context, id int64) (Mobility, error)
	// SaveMobility records (ID 0) or changes a mobility; EINVALID for bad
	// input, a student or teacher not of the college, or an unknown
	// partner; ENOTFOUND for an unknown ID.
	SaveMobility(ctx context.Context, m *Mobility) error
	// InternationalFigures counts the scope's internationalisation today.
	InternationalFigures(ctx context.Context, sc CollegeScope) (InternationalFigures, error)
	// CrossBorder is the Kazakhstan–Russia view of the scope today.
	CrossBorder(ctx context.Context, sc CollegeScope) (CrossBorder, error)
}

// InternationalLoad is what a bulk load (the demo) writes of
// internationalisation in one call: the partners with their IDs set, and
// the agreements, specialists and mobility that refer to them.
type InternationalLoad struct {
	Partners     []Partner
	Partnerships []Partnership
	Specialists  []ForeignSpecialist
	Mobility     []Mobility
}
