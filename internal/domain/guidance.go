package domain

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Career guidance (issue 9): a pupil takes the O*NET® Interest Profiler
// Short Form™ — 60 activities, 10 in each of Holland's six RIASEC interest
// areas, each answered on a five-point scale from "strongly dislike" (0) to
// "strongly like" (4) — and gets a score per area (0–40), an interest code
// of the two or three strongest areas, and the qualifications of the TVET
// classifier whose work fits those interests, ranked with the demand for
// them in the pupil's region, each with the colleges nearby that teach it
// on state-funded seats.
//
// The instrument is O*NET's (© U.S. Department of Labor, Employment and
// Training Administration; O*NET is a trademark of DOL/ETA); its items and
// their Kazakh and Russian texts are reference data (refdata). This file
// holds the scoring, the interest code, the fit of a qualification and the
// ranking, so that the pages, the API and the store agree on them.

// Area is one of the six RIASEC interest areas, by its letter.
type Area byte

// The areas in the order of Holland's hexagon, which is also the order
// O*NET reports them in.
const (
	Realistic     Area = 'R'
	Investigative Area = 'I'
	Artistic      Area = 'A'
	Social        Area = 'S'
	Enterprising  Area = 'E'
	Conventional  Area = 'C'
)

// Areas lists the areas in hexagon order: R, I, A, S, E, C.
var Areas = []Area{Realistic, Investigative, Artistic, Social, Enterprising, Conventional}

// Index is the area's place in Areas, or -1 for a letter that is no area.
func (a Area) Index() int { return slices.Index(Areas, a) }

// String is the area's letter.
func (a Area) String() string { return string(rune(a)) }

// The shape of the instrument.
const (
	ItemsPerArea   = 10
	GuidanceItems  = ItemsPerArea * 6 // 60
	MaxAnswer      = 4                // "strongly like"
	MaxAreaScore   = ItemsPerArea * MaxAnswer
	ItemsPerPage   = 10 // the pages of the test: six of ten items
	GuidancePages  = GuidanceItems / ItemsPerPage
	MinGroupToShow = 5 // a class's results are shown from five finished tests
)

// GuidanceItem is one activity of the test with its texts.
type GuidanceItem struct {
	ID   string `json:"id"`   // R01 … C10: the area's letter and the item's order in the area
	Area Area   `json:"area"` // its letter
	Text Names  `json:"text"`
	// Position is where the test shows it, from 0 (ItemAtPosition).
	Position int `json:"position"`
}

// ItemIndex is the index of an item ID (R01 … C10) in area order:
// the area's index × 10 + the order in the area − 1. ok is false for an
// ID that is no item of the instrument.
func ItemIndex(id string) (index int, ok bool) {
	if len(id) != 3 {
		return 0, false
	}
	area := Area(id[0]).Index()
	n, err := strconv.Atoi(id[1:])
	if area < 0 || err != nil || n < 1 || n > ItemsPerArea || id[1] < '0' || id[1] > '9' {
		return 0, false
	}
	return area*ItemsPerArea + n - 1, true
}

// ItemID is the ID of the item at index (ItemIndex's inverse).
func ItemID(index int) string {
	return Areas[index/ItemsPerArea].String() + strconv.Itoa(100 + index%ItemsPerArea + 1)[1:]
}

// ItemAtPosition is the index of the item the test shows at position (from
// 0). The test goes round the areas — R01, I01, A01, S01, E01, C01, R02, … —
// so that every page asks about every area and a pupil who tires on the
// last page does not tire on one area only. (The official on-form order of
// the Short Form was not verified; the item texts are the instrument's.)
func ItemAtPosition(position int) int {
	return (position%6)*ItemsPerArea + position/6
}

// PositionOfItem is the position (from 0) at which the test shows the item
// at index: ItemAtPosition's inverse.
func PositionOfItem(index int) int {
	return (index%ItemsPerArea)*6 + index/ItemsPerArea
}

// Answers are a pupil's answers by item index (ItemIndex). Each cell holds
// the answer plus one, so that the zero value is a test nobody has
// answered yet; use Answer and Set.
type Answers [GuidanceItems]int8

// Answer is the answer (0–4) to the item at index; ok is false while it
// is unanswered.
func (a *Answers) Answer(index int) (answer int, ok bool) {
	v := a[index]
	return int(v) - 1, v != 0
}

// Set records the answer (0–4) to the item at index.
func (a *Answers) Set(index, answer int) { a[index] = int8(answer + 1) }

// Count is the number of items answered.
func (a *Answers) Count() int {
	n := 0
	for _, v := range a {
		if v != 0 {
			n++
		}
	}
	return n
}

// Missing lists the indexes of the items not yet answered, in the order
// the test shows them.
func (a *Answers) Missing() []int {
	var out []int
	for p := range GuidanceItems {
		if i := ItemAtPosition(p); a[i] == 0 {
			out = append(out, i)
		}
	}
	return out
}

// String encodes the answers as stored: one character per item in index
// order, '0'–'4' or '-' for an item not answered.
func (a Answers) String() string {
	b := make([]byte, GuidanceItems)
	for i, v := range a {
		if v == 0 {
			b[i] = '-'
		} else {
			b[i] = '0' + byte(v-1)
		}
	}
	return string(b)
}

// ParseAnswers decodes String's form; EINVALID for anything else.
func ParseAnswers(s string) (Answers, error) {
	var a Answers
	if len(s) != GuidanceItems {
		return a, Invalid("answers", "error.guidance.answers", "the answers must hold one character per item")
	}
	for i := range len(s) {
		switch c := s[i]; {
		case c == '-':
		case c >= '0' && c <= '0'+MaxAnswer:
			a.Set(i, int(c-'0'))
		default:
			return a, Invalid("answers", "error.guidance.answers", "the answers must hold one character per item")
		}
	}
	return a, nil
}

// ParseAnswer reads one answer as a form or a request gives it: the item's
// ID and the answer's text. EINVALID naming the field "answers.<ID>" for an
// item the instrument does not have (error.guidance.item_unknown) or an
// answer that is not a whole number from 0 to 4 (error.guidance.answer);
// both carry the item's ID and its number in the test (from 1).
func ParseAnswer(id, value string) (index, answer int, err error) {
	index, ok := ItemIndex(id)
	if !ok {
		return 0, 0, Invalid("answers."+id, "error.guidance.item_unknown", "the test has no such item").With("item", id)
	}
	answer, convErr := strconv.Atoi(strings.TrimSpace(value))
	if convErr != nil || answer < 0 || answer > MaxAnswer {
		return index, 0, Invalid("answers."+id, "error.guidance.answer", "an answer is a whole number from 0 to 4").
			With("item", id).With("number", strconv.Itoa(PositionOfItem(index)+1)).With("max", strconv.Itoa(MaxAnswer))
	}
	return index, answer, nil
}

// Complete returns nil when every item is answered; otherwise EINVALID
// naming the first item missing in the order of the test
// (error.guidance.answer_missing, with its number and how many are missing).
func (a *Answers) Complete() error {
	missing := a.Missing()
	if len(missing) == 0 {
		return nil
	}
	first := missing[0]
	return Invalid("answers."+ItemID(first), "error.guidance.answer_missing", "every item needs an answer").
		With("item", ItemID(first)).With("number", strconv.Itoa(PositionOfItem(first)+1)).With("missing", strconv.Itoa(len(missing)))
}

// Scores are the six area scores in hexagon order (Areas), each the sum of
// the area's ten answers: 0–40.
type Scores [6]int

// Score sums the answers by area; EINVALID (Complete's) unless every item
// is answered — the Short Form is scored on all 60 items.
func Score(a Answers) (Scores, error) {
	var s Scores
	if err := a.Complete(); err != nil {
		return s, err
	}
	for i := range GuidanceItems {
		v, _ := a.Answer(i)
		s[i/ItemsPerArea] += v
	}
	return s, nil
}

// Of is the score of an area.
func (s Scores) Of(a Area) int { return s[a.Index()] }

// Ranked lists the areas strongest first. Equal scores keep hexagon order
// (R, I, A, S, E, C): a tie is not decided by the answers, so it is decided
// by a fixed, published order rather than at random, and the same answers
// always give the same code.
func (s Scores) Ranked() []Area {
	out := slices.Clone(Areas)
	slices.SortStableFunc(out, func(a, b Area) int { return s.Of(b) - s.Of(a) })
	return out
}

// CodeThreshold is the score below which an area is no interest: an average
// answer under "dislike" (1) on its ten items.
const CodeThreshold = ItemsPerArea * 1

// Code is the interest code: the letters of the strongest areas in Ranked
// order — the first two always, the third when it scores at least
// CodeThreshold (an area the pupil mostly dislikes is not an interest, so
// such a code has two letters).
func (s Scores) Code() string {
	r := s.Ranked()
	code := r[0].String() + r[1].String()
	if s.Of(r[2]) >= CodeThreshold {
		code += r[2].String()
	}
	return code
}

// Flat reports whether no area stands out: every score equal, so the code
// is only the tie rule's. Pages say so instead of describing a code.
func (s Scores) Flat() bool {
	for _, v := range s[1:] {
		if v != s[0] {
			return false
		}
	}
	return true
}

// ValidInterestCode reports whether code is one to three distinct RIASEC
// letters: a profession's interest code.
func ValidInterestCode(code string) bool {
	if len(code) < 1 || len(code) > 3 {
		return false
	}
	for i := range len(code) {
		if Area(code[i]).Index() < 0 || strings.IndexByte(code[:i], code[i]) >= 0 {
			return false
		}
	}
	return true
}

// ProfileVector is the profile of a profession with an interest code: its
// first letter weighs 3, its second 2, its third 1, the other areas 0.
func ProfileVector(code string) [6]float64 {
	var v [6]float64
	for i := range min(len(code), 3) {
		if a := Area(code[i]).Index(); a >= 0 {
			v[a] = float64(3 - i)
		}
	}
	return v
}

// Fit is how well a profession with an interest code fits the pupil's
// scores, from 0 to 1:
//
//	fit = (1 + r) / 2
//
// where r is Pearson's correlation of the six scores with the
// profession's ProfileVector. Correlation compares the shape of the
// profile, not its level: a pupil who likes everything and one who likes
// little but in the same order get the same fit, as interest profiles are
// read. A profession whose code names the pupil's strongest areas in the
// same order has r close to 1 (fit near 1), one whose code names the
// weakest areas r close to −1. When the scores are all equal (Flat) they
// say nothing about any profession, and every fit is 0.5.
func Fit(s Scores, code string) float64 {
	p := ProfileVector(code)
	var ms, mp float64
	for i := range 6 {
		ms += float64(s[i])
		mp += p[i]
	}
	ms, mp = ms/6, mp/6
	var cov, vs, vp float64
	for i := range 6 {
		ds, dp := float64(s[i])-ms, p[i]-mp
		cov += ds * dp
		vs += ds * ds
		vp += dp * dp
	}
	if vs == 0 || vp == 0 {
		return 0.5
	}
	return (1 + cov/math.Sqrt(vs*vp)) / 2
}

// Demand is what a region asks for of a qualification: the places of
// placement offers open now, the graduates employers ordered through
// targeted training and not yet contracted (orders of the latest year of
// intake on record and later), and the state-funded seats of the latest
// year of intake with those still free.
type Demand struct {
	OfferPlaces   int `json:"offer_places"`
	OrderedPlaces int `json:"ordered_places"`
	Seats         int `json:"seats"`
	FreeSeats     int `json:"free_seats"`
}

// Total is the places the region asks for: open offer places, ordered
// graduates still without a contract and state-funded seats. Each counts
// one person the region will train or employ; none is weighed above the
// others.
func (d Demand) Total() int { return d.OfferPlaces + d.OrderedPlaces + d.Seats }

// The weights of the recommendation's rank: interests first, demand second.
const (
	FitWeight    = 0.75
	DemandWeight = 0.25
)

// DemandScore puts a region's demand for a qualification on a scale of 0
// to 1 against the qualification in most demand there:
//
//	demand = ln(1 + D) / ln(1 + Dmax)
//
// The logarithm keeps one large employer's order from drowning everything
// else: 10 places against 1,000 scores a third, not a hundredth.
func DemandScore(total, regionMax int) float64 {
	if regionMax <= 0 || total <= 0 {
		return 0
	}
	return math.Log1p(float64(total)) / math.Log1p(float64(regionMax))
}

// RankScore is the order of the recommendations, highest first:
// FitWeight × fit + DemandWeight × demand. Ties go to the lower code, so a
// list is the same on every request.
func RankScore(fit, demand float64) float64 { return FitWeight*fit + DemandWeight*demand }

// GuidanceProfile is the interest profile of a classifier entry (a
// qualification, or a specialty for programmes that name none): the ISCO-08
// unit group whose work its graduates start in and that group's interest
// code, each with its reason (refdata: guidance_classifier_isco.csv and
// guidance_isco_riasec.csv).
type GuidanceProfile struct {
	Code           string `json:"code"` // the classifier's code
	ISCOCode       string `json:"isco_code"`
	ISCOTitle      string `json:"isco_title"` // English, © ILO
	Interest       string `json:"interest_code"`
	Rationale      string `json:"rationale"`        // why this ISCO group
	ISCORationale  string `json:"isco_rationale"`   // why this interest code
	ProfileOfField bool   `json:"profile_of_field"` // read-only: borrowed (GuidanceProfileFor)
}

// Validate checks a profile as reference data gives it.
func (p *GuidanceProfile) Validate() error {
	switch {
	case !IsQualificationCode(p.Code) && !IsSpecialtyCode(p.Code):
		return Invalid("code", "error.qualification.filter", "qualification must be a specialty or qualification code")
	case len(p.ISCOCode) < 2 || len(p.ISCOCode) > 4:
		return Invalid("isco_code", "error.guidance.isco", "an ISCO-08 group has 2 to 4 digits")
	case !ValidInterestCode(p.Interest):
		return Invalid("interest_code", "error.guidance.interest_code", "an interest code is one to three RIASEC letters")
	}
	return nil
}

// GuidanceProfileFor finds the profile of a classifier code in profiles (by
// code): its own; else, for a qualification, its specialty's; else the
// first profile of a specialty of the same ISCED-F detailed field (the
// code's digits 1–4, which a full classifier imported later shares with
// the shipped rows). ok is false when none applies; such a qualification
// is not recommended.
func GuidanceProfileFor(code string, profiles map[string]GuidanceProfile, byField map[string]GuidanceProfile) (GuidanceProfile, bool) {
	if p, ok := profiles[code]; ok {
		return p, true
	}
	specialty := code
	if IsQualificationCode(code) {
		specialty = code[2:8] + "00"
		if p, ok := profiles[specialty]; ok {
			p.Code, p.ProfileOfField = code, true
			return p, true
		}
	}
	if len(specialty) >= 4 {
		if p, ok := byField[specialty[:4]]; ok {
			p.Code, p.ProfileOfField = code, true
			return p, true
		}
	}
	return GuidanceProfile{}, false
}

// GuidanceAttempt is one taking of the test, anonymous: the answers so
// far, and once finished the scores, the code and the public ID of the
// results. ID is the key of the test in progress, known only to the
// browser (or client) taking it; ResultID is the one shared.
type GuidanceAttempt struct {
	ID        string  `json:"-"`
	ResultID  string  `json:"result_id,omitempty"`
	SessionID int64   `json:"session_id,omitempty"` // a counsellor's class session, 0 if none
	Answers   Answers `json:"-"`
	// CityID is the city the pupil chose for the recommendations (0: none
	// yet); a city of the registry, never an address.
	CityID     int64     `json:"city_id,omitempty"`
	Scores     Scores    `json:"scores"`
	Code       string    `json:"code"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// Finished reports whether the test was finished (it has results).
func (a *GuidanceAttempt) Finished() bool { return !a.FinishedAt.IsZero() }

// Recommendation is a qualification (or a specialty, for programmes that
// name no qualification) recommended to a pupil, with how it was ranked
// and where to study it.
type Recommendation struct {
	Code          string          `json:"code"`
	Name          Names           `json:"name"`
	SpecialtyCode string          `json:"specialty_code"`
	Specialty     Names           `json:"specialty_name"`
	Profile       GuidanceProfile `json:"profile"`
	Fit           float64         `json:"fit"`          // 0–1 (Fit)
	Demand        Demand          `json:"demand"`       // in the pupil's region
	DemandScore   float64         `json:"demand_score"` // 0–1 (DemandScore)
	Score         float64         `json:"score"`        // RankScore
	// Colleges are those teaching it with state-funded seats in the latest
	// intake, nearest first (at most MaxGuidanceColleges).
	Colleges []GuidanceCollege `json:"colleges"`
}

// Limits of a list of recommendations.
const (
	MaxRecommendations  = 8
	MaxGuidanceColleges = 5
	MaxListedEmployers  = 3
)

// GuidanceCollege is a college where a recommended qualification can be
// studied on a state-funded seat, with what its dual programme is like.
type GuidanceCollege struct {
	CollegeID  int64   `json:"college_id"`
	Name       Names   `json:"name"`
	RegionID   int     `json:"region_id"`
	CityID     int64   `json:"city_id"`
	City       Names   `json:"city_name"`
	DistanceKm float64 `json:"distance_km"` // from the pupil's city; -1 when either has no coordinates
	Seats      int     `json:"seats"`       // state-funded, latest intake
	FreeSeats  int     `json:"free_seats"`
	Year       int     `json:"year"` // the intake
	// The programme: dual or not, the share of study time in practice and
	// the share of the practice held at the enterprise.
	Dual            bool    `json:"dual"`
	PracticeShare   float64 `json:"practice_share"`
	EnterpriseShare float64 `json:"enterprise_share"`
	// Employers offering placement places for it in the college's city now:
	// how many, and the first few by places offered.
	Employers     int     `json:"employers"`
	EmployerNames []Names `json:"employer_names"`
}

// HaversineKm is the great-circle distance between two points on a sphere
// of the Earth's mean radius (6,371 km).
func HaversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// GuidanceSession is a counsellor's class session: pupils who take the test
// through its join code are counted together, anonymously.
type GuidanceSession struct {
	ID       int64  `json:"id"`
	JoinCode string `json:"join_code"` // the store draws it
	Title    string `json:"title"`     // e.g. "9 «Б», school No. 12"
	// The counsellor who created it, and their college or region, for the
	// audit log's scope.
	OwnerID   int64     `json:"owner_id"`
	CollegeID int64     `json:"college_id,omitempty"`
	RegionID  int       `json:"region_id,omitempty"`
	Closed    bool      `json:"closed"` // closed: no new pupils join
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Read-only: tests started and finished through it.
	Started  int `json:"started"`
	Finished int `json:"finished"`
}

// JoinCodeAlphabet are the characters of join codes: capital Latin letters
// and digits without those easily confused (0/O, 1/I/L).
const JoinCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// JoinCodeLength is the length of a join code.
const JoinCodeLength = 6

// NormalizeJoinCode upper-cases a typed join code and drops spaces and
// dashes; ok is false when what is left cannot be a join code.
func NormalizeJoinCode(s string) (code string, ok bool) {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s)))
	if len(s) != JoinCodeLength {
		return s, false
	}
	for _, r := range s {
		if !strings.ContainsRune(JoinCodeAlphabet, r) {
			return s, false
		}
	}
	return s, true
}

// Validate trims and checks what the counsellor writes.
func (s *GuidanceSession) Validate() error {
	s.Title = strings.TrimSpace(s.Title)
	switch {
	case s.Title == "" || len([]rune(s.Title)) > 100:
		return Invalid("title", "error.guidance.session_title", "name the class (up to 100 characters)")
	}
	return nil
}

// GuidanceSummary is the anonymous picture of a class session: how many
// finished, and — from MinGroupToShow finished tests — the spread of the
// first letters of their codes, the codes shared by at least
// MinGroupToShow pupils, and each area's mean and spread. Nothing is shown
// of a smaller group: in a class of four, a distribution is four people's
// results.
type GuidanceSummary struct {
	Session    GuidanceSession `json:"session"`
	Suppressed bool            `json:"suppressed"` // fewer than MinGroupToShow finished
	// FirstLetters counts the finished tests by the first letter of their
	// code, in hexagon order; letters with fewer than MinGroupToShow
	// pupils are folded into Other.
	FirstLetters []CodeCount `json:"first_letters"`
	// Codes are the full codes of at least MinGroupToShow pupils, most
	// frequent first; the rest are counted in OtherCodes.
	Codes      []CodeCount   `json:"codes"`
	Other      int           `json:"other_first_letters"`
	OtherCodes int           `json:"other_codes"`
	Areas      []AreaSummary `json:"areas"` // hexagon order
}

// CodeCount is how many pupils share a code (or a first letter).
type CodeCount struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// AreaSummary is an area's scores across a class: the mean and how many
// pupils fall in each fifth of the 0–40 scale (0–8, 9–16, 17–24, 25–32,
// 33–40).
type AreaSummary struct {
	Area Area    `json:"area"`
	Mean float64 `json:"mean"`
	Bins [5]int  `json:"bins"`
}

// ScoreBin is the fifth of the 0–40 scale a score falls in (0–4).
func ScoreBin(score int) int { return min(max((score-1)/8, 0), 4) }

// Summarize builds a class's summary from the scores and codes of its
// finished tests, suppressing what MinGroupToShow says to.
func Summarize(session GuidanceSession, scores []Scores, codes []string) GuidanceSummary {
	sum := GuidanceSummary{Session: session}
	sum.Session.Finished = len(scores)
	if len(scores) < MinGroupToShow {
		sum.Suppressed = true
		return sum
	}
	first := map[byte]int{}
	full := map[string]int{}
	for _, c := range codes {
		if c != "" {
			first[c[0]]++
			full[c]++
		}
	}
	for _, a := range Areas {
		n := first[byte(a)]
		switch {
		case n >= MinGroupToShow:
			sum.FirstLetters = append(sum.FirstLetters, CodeCount{Code: a.String(), Count: n})
		default:
			sum.Other += n
		}
	}
	for c, n := range full {
		if n >= MinGroupToShow {
			sum.Codes = append(sum.Codes, CodeCount{Code: c, Count: n})
		} else {
			sum.OtherCodes += n
		}
	}
	slices.SortFunc(sum.Codes, func(a, b CodeCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Code, b.Code)
	})
	for i, a := range Areas {
		as := AreaSummary{Area: a}
		total := 0
		for _, s := range scores {
			total += s[i]
			as.Bins[ScoreBin(s[i])]++
		}
		as.Mean = float64(total) / float64(len(scores))
		sum.Areas = append(sum.Areas, as)
	}
	return sum
}

// GuidanceService is the test, its results and recommendations, and the
// counsellors' class sessions. The store implements it.
type GuidanceService interface {
	// GuidanceItems returns the 60 items in the order of the test
	// (ItemAtPosition).
	GuidanceItems(ctx context.Context) ([]GuidanceItem, error)
	// StartGuidance starts a test, through the class session with
	// joinCode when it is not "" (ENOTFOUND for an unknown code,
	// EINVALID error.guidance.session_closed for a closed one), for the
	// city cityID (0: not chosen; EINVALID for an unknown city).
	StartGuidance(ctx context.Context, joinCode string, cityID int64) (GuidanceAttempt, error)
	// GuidanceAttempt returns a test by its (secret) ID; ENOTFOUND if
	// there is none.
	GuidanceAttempt(ctx context.Context, id string) (GuidanceAttempt, error)
	// AnswerGuidance records answers of a test in progress: every item
	// answered in answers replaces the stored answer, the others stay.
	// ENOTFOUND for an unknown test; EINVALID error.guidance.finished for
	// a finished one.
	AnswerGuidance(ctx context.Context, id string, answers Answers) (GuidanceAttempt, error)
	// FinishGuidance scores a test with every item answered and gives it
	// its public result ID; EINVALID (Answers.Complete) naming the first
	// item missing. Finishing a finished test returns it unchanged.
	FinishGuidance(ctx context.Context, id string) (GuidanceAttempt, error)
	// CreateGuidanceResult scores complete answers in one step (the API)
	// and keeps the result; EINVALID naming the first item missing.
	CreateGuidanceResult(ctx context.Context, answers Answers, cityID int64) (GuidanceAttempt, error)
	// GuidanceResult returns a finished test by its public result ID;
	// ENOTFOUND if there is none.
	GuidanceResult(ctx context.Context, resultID string) (GuidanceAttempt, error)
	// GuidanceRecommendations ranks the qualifications for scores and the
	// pupil's city (0: none, and then no region's demand and no
	// distances), at most MaxRecommendations; EINVALID for an unknown
	// city.
	GuidanceRecommendations(ctx context.Context, scores Scores, cityID int64) ([]Recommendation, error)
	// GuidanceProfiles returns every classifier entry's profile by code.
	GuidanceProfiles(ctx context.Context) ([]GuidanceProfile, error)

	// GuidanceSessions returns the class sessions of a counsellor (their
	// user ID), newest first.
	GuidanceSessions(ctx context.Context, ownerID int64) ([]GuidanceSession, error)
	// GuidanceSession returns one class session; ENOTFOUND if none.
	GuidanceSession(ctx context.Context, id int64) (GuidanceSession, error)
	// GuidanceSessionByCode finds an open or closed session by its join
	// code; ENOTFOUND if none.
	GuidanceSessionByCode(ctx context.Context, joinCode string) (GuidanceSession, error)
	// SaveGuidanceSession creates (ID 0; the store draws the join code)
	// or changes a session's title and whether it is closed; EINVALID for
	// bad input, ENOTFOUND for an unknown ID.
	SaveGuidanceSession(ctx context.Context, s *GuidanceSession) error
	// GuidanceSummary is a session's anonymous summary (Summarize);
	// ENOTFOUND for an unknown session.
	GuidanceSummary(ctx context.Context, sessionID int64) (GuidanceSummary, error)
}
