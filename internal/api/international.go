package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Internationalisation (issue 10): the register of foreign partners, the
// colleges' agreements with them, foreign specialists, academic mobility,
// the figures and the Kazakhstan–Russia view, within the token's scope.

// partner is a foreign organisation of the register.
type partner struct {
	ID           int64   `json:"id"`
	Kind         string  `json:"kind"`
	Name         string  `json:"name"`
	Country      string  `json:"country"`
	RURegion     *string `json:"ru_region"` // ISO 3166-2 of a Russian partner's region, null when not named
	RURegionName *names  `json:"ru_region_name"`
	City         string  `json:"city"`
	Colleges     int     `json:"colleges"` // with an agreement (lists only; 0 on one partner)
}

func partnerOf(p domain.Partner) partner {
	out := partner{ID: p.ID, Kind: string(p.Kind), Name: p.Name, Country: p.Country, RURegion: optionalString(p.RURegion), City: p.City,
		Colleges: p.Colleges}
	if p.RURegion != "" {
		n := namesOf(p.RURegionName)
		out.RURegionName = &n
	}
	return out
}

type partnerInput struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Country  string `json:"country"`
	RURegion string `json:"ru_region"`
	City     string `json:"city"`
}

// partnership is a college's agreement with a foreign partner; in_force
// is whether it is active and its period covers today.
type partnership struct {
	ID          int64   `json:"id"`
	CollegeID   int64   `json:"college_id"`
	CollegeName names   `json:"college_name"`
	RegionID    int     `json:"region_id"`
	Partner     partner `json:"partner"`
	Kind        string  `json:"kind"`
	Standard    string  `json:"standard"`
	Number      string  `json:"number"`
	Subject     string  `json:"subject"`
	Status      string  `json:"status"`
	SignedOn    *string `json:"signed_on"`
	StartsOn    string  `json:"starts_on"`
	EndsOn      *string `json:"ends_on"` // null: open-ended
	InForce     bool    `json:"in_force"`
}

func partnershipOf(a domain.Partnership) partnership {
	return partnership{ID: a.ID, CollegeID: a.CollegeID, CollegeName: namesOf(a.College), RegionID: a.RegionID, Partner: partnerOf(a.Partner),
		Kind: string(a.Kind), Standard: a.Standard, Number: a.Number, Subject: a.Subject, Status: string(a.Status),
		SignedOn: optionalDate(a.SignedOn), StartsOn: dateOf(a.StartsOn), EndsOn: optionalDate(a.EndsOn), InForce: a.InForce}
}

type partnershipInput struct {
	PartnerID int64  `json:"partner_id"`
	Kind      string `json:"kind"`
	Standard  string `json:"standard"`
	Number    string `json:"number"`
	Subject   string `json:"subject"`
	Status    string `json:"status"`
	SignedOn  string `json:"signed_on"`
	StartsOn  string `json:"starts_on"`
	EndsOn    string `json:"ends_on"`
}

var partnershipRequired = []string{"partner_id", "kind", "subject", "status", "starts_on"}

// optionalBodyDate parses a date field that may be empty.
func optionalBodyDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return bodyDate(field, s)
}

func (in partnershipInput) to(a *domain.Partnership) error {
	signed, err1 := optionalBodyDate("signed_on", in.SignedOn)
	starts, err2 := bodyDate("starts_on", in.StartsOn)
	ends, err3 := optionalBodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2, err3); err != nil {
		return err
	}
	a.PartnerID, a.Kind, a.Standard, a.Number, a.Subject = in.PartnerID, domain.AgreementKind(in.Kind), in.Standard, in.Number, in.Subject
	a.Status, a.SignedOn, a.StartsOn, a.EndsOn = domain.PartnershipStatus(in.Status), signed, starts, ends
	return nil
}

// specialist is a foreign manager or specialist a college engages.
type specialist struct {
	ID          int64   `json:"id"`
	CollegeID   int64   `json:"college_id"`
	CollegeName names   `json:"college_name"`
	FullName    string  `json:"full_name"`
	Country     string  `json:"country"`
	Role        string  `json:"role"`
	Position    string  `json:"position"`
	StartsOn    string  `json:"starts_on"`
	EndsOn      *string `json:"ends_on"`
}

func specialistOf(s domain.ForeignSpecialist) specialist {
	return specialist{ID: s.ID, CollegeID: s.CollegeID, CollegeName: namesOf(s.College), FullName: s.FullName, Country: s.Country,
		Role: string(s.Role), Position: s.Position, StartsOn: dateOf(s.StartsOn), EndsOn: optionalDate(s.EndsOn)}
}

type specialistInput struct {
	FullName string `json:"full_name"`
	Country  string `json:"country"`
	Role     string `json:"role"`
	Position string `json:"position"`
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on"`
}

// mobility is a student's or teacher's stay abroad or a guest's at the
// college. Readers who work with figures see the name as initials and no
// record numbers.
type mobility struct {
	ID          int64   `json:"id"`
	CollegeID   int64   `json:"college_id"`
	CollegeName names   `json:"college_name"`
	Direction   string  `json:"direction"`
	Participant string  `json:"participant"`
	StudentID   *int64  `json:"student_id"`
	TeacherID   *int64  `json:"teacher_id"`
	PersonName  string  `json:"person_name"`
	Country     string  `json:"country"`
	PartnerID   *int64  `json:"partner_id"`
	Host        string  `json:"host"`
	StartsOn    string  `json:"starts_on"`
	EndsOn      string  `json:"ends_on"`
	Funding     string  `json:"funding"`
	Outcome     *string `json:"outcome"` // null until recorded
	Note        string  `json:"note"`
}

func mobilityOf(m domain.Mobility) mobility {
	return mobility{ID: m.ID, CollegeID: m.CollegeID, CollegeName: namesOf(m.College), Direction: string(m.Direction),
		Participant: string(m.Participant), StudentID: optionalID(m.StudentID), TeacherID: optionalID(m.TeacherID), PersonName: m.PersonName,
		Country: m.Country, PartnerID: optionalID(m.PartnerID), Host: m.Host, StartsOn: dateOf(m.StartsOn), EndsOn: dateOf(m.EndsOn),
		Funding: string(m.Funding), Outcome: optionalString(string(m.Outcome)), Note: m.Note}
}

type mobilityInput struct {
	Direction   string `json:"direction"`
	Participant string `json:"participant"`
	StudentID   int64  `json:"student_id"`
	TeacherID   int64  `json:"teacher_id"`
	PersonName  string `json:"person_name"`
	Country     string `json:"country"`
	PartnerID   int64  `json:"partner_id"`
	Host        string `json:"host"`
	StartsOn    string `json:"starts_on"`
	EndsOn      string `json:"ends_on"`
	Funding     string `json:"funding"`
	Outcome     string `json:"outcome"`
	Note        string `json:"note"`
}

// internationalFigures are domain.InternationalFigures with dates as
// YYYY-MM-DD.
type internationalFigures struct {
	domain.InternationalFigures
	Day      string `json:"day"`
	YearFrom string `json:"year_from"`
	YearTo   string `json:"year_to"`
}

// crossBorder is domain.CrossBorder with the agreements as the API writes them.
type crossBorder struct {
	Day        string                   `json:"day"`
	RURegions  []foreignRegion          `json:"ru_regions"`
	Cells      []domain.CrossBorderCell `json:"cells"`
	Totals     []domain.CrossBorderCell `json:"totals"`
	Colleges   int                      `json:"colleges"`
	Partners   int                      `json:"partners"`
	Agreements []partnership            `json:"agreements"`
}

type foreignRegion struct {
	ISO    string  `json:"iso_code"`
	Name   names   `json:"name"`
	Centre string  `json:"centre"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
}

// collegeScope reads region_id and college_id.
func collegeScope(q *query) domain.CollegeScope {
	return domain.CollegeScope{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id")}
}

func (a *API) getInternationalFigures(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	sc := collegeScope(q)
	if err := q.err(); err != nil {
		return err
	}
	fig, err := a.reg.InternationalFigures(r.Context(), sc)
	if err != nil {
		return err
	}
	if fig.Regions == nil {
		fig.Regions = []domain.RegionInternational{}
	}
	writeJSON(w, r, http.StatusOK, internationalFigures{InternationalFigures: fig, Day: dateOf(fig.Day), YearFrom: dateOf(fig.YearFrom),
		YearTo: dateOf(fig.YearTo)})
	return nil
}

func (a *API) getCrossBorder(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	sc := collegeScope(q)
	if err := q.err(); err != nil {
		return err
	}
	cb, err := a.reg.CrossBorder(r.Context(), sc)
	if err != nil {
		return err
	}
	out := crossBorder{Day: dateOf(cb.Day), RURegions: []foreignRegion{}, Cells: cb.Cells, Totals: cb.Totals, Colleges: cb.Colleges,
		Partners: cb.Partners, Agreements: []partnership{}}
	for _, g := range cb.RURegions {
		out.RURegions = append(out.RURegions, foreignRegion{ISO: g.ISO, Name: namesOf(g.Name), Centre: g.Centre, Lat: g.Lat, Lon: g.Lon})
	}
	for _, p := range cb.Agreements {
		out.Agreements = append(out.Agreements, partnershipOf(p))
	}
	writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) listPartners(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.PartnerFilter{Query: q.search("q"), Country: strings.ToUpper(q.word("country")), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Partners(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, partnerOf)
	return nil
}

func (a *API) createPartner(w http.ResponseWriter, r *http.Request) error {
	return a.savePartner(w, r, 0)
}

// updatePartner changes a partner of the register that no other college
// works with.
func (a *API) updatePartner(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "partner")
	if err != nil {
		return err
	}
	if _, err := a.reg.Partner(r.Context(), id); err != nil {
		return err
	}
	return a.savePartner(w, r, id)
}

func (a *API) savePartner(w http.ResponseWriter, r *http.Request, id int64) error {
	var in partnerInput
	if err := readBody(r, &in, "kind", "name", "country"); err != nil {
		return err
	}
	p := domain.Partner{ID: id, Kind: domain.PartnerKind(in.Kind), Name: in.Name, Country: in.Country, RURegion: in.RURegion, City: in.City}
	if err := a.reg.SavePartner(r.Context(), &p); err != nil {
		return err
	}
	p, err := a.reg.Partner(r.Context(), p.ID)
	if err != nil {
		return err
	}
	if id != 0 {
		writeJSON(w, r, http.StatusOK, partnerOf(p))
		return nil
	}
	writeCreated(w, r, "/international/partners?q="+strconv.FormatInt(p.ID, 10), partnerOf(p))
	return nil
}

func (a *API) listPartnerships(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.PartnershipFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), PartnerID: q.id("partner_id"),
		Country: strings.ToUpper(q.word("country")), Kind: domain.AgreementKind(q.word("kind")), Status: domain.PartnershipStatus(q.word("status")),
		Sort: q.word("sort"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Partnerships(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, partnershipOf)
	return nil
}

func (a *API) getPartnership(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "partnership")
	if err != nil {
		return err
	}
	p, err := a.reg.Partnership(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, partnershipOf(p))
	return nil
}

func (a *API) createPartnership(w http.ResponseWriter, r *http.Request) error {
	return a.savePartnership(w, r, 0)
}

func (a *API) updatePartnership(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "partnership")
	if err != nil {
		return err
	}
	if _, err := a.reg.Partnership(r.Context(), id); err != nil {
		return err
	}
	return a.savePartnership(w, r, id)
}

func (a *API) savePartnership(w http.ResponseWriter, r *http.Request, id int64) error {
	var in partnershipInput
	if err := readBody(r, &in, partnershipRequired...); err != nil {
		return err
	}
	p := domain.Partnership{ID: id}
	if err := in.to(&p); err != nil {
		return err
	}
	if err := a.reg.SavePartnership(r.Context(), &p); err != nil {
		return err
	}
	saved, err := a.reg.Partnership(r.Context(), p.ID)
	if err != nil {
		return err
	}
	if id == 0 {
		writeCreated(w, r, "/international/partnerships/"+strconv.FormatInt(p.ID, 10), partnershipOf(saved))
		return nil
	}
	writeJSON(w, r, http.StatusOK, partnershipOf(saved))
	return nil
}

func (a *API) listSpecialists(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.SpecialistFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.ForeignSpecialists(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, specialistOf)
	return nil
}

func (a *API) createSpecialist(w http.ResponseWriter, r *http.Request) error {
	return a.saveSpecialist(w, r, 0)
}

// updateSpecialist writes a specialist of the token's college again.
func (a *API) updateSpecialist(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "foreign_specialist")
	if err != nil {
		return err
	}
	if _, err := a.reg.ForeignSpecialist(r.Context(), id); err != nil {
		return err
	}
	return a.saveSpecialist(w, r, id)
}

func (a *API) saveSpecialist(w http.ResponseWriter, r *http.Request, id int64) error {
	var in specialistInput
	if err := readBody(r, &in, "full_name", "country", "role", "starts_on"); err != nil {
		return err
	}
	starts, err1 := bodyDate("starts_on", in.StartsOn)
	ends, err2 := optionalBodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2); err != nil {
		return err
	}
	s := domain.ForeignSpecialist{ID: id, FullName: in.FullName, Country: in.Country, Role: domain.SpecialistRole(in.Role), Position: in.Position,
		StartsOn: starts, EndsOn: ends}
	if err := a.reg.SaveForeignSpecialist(r.Context(), &s); err != nil {
		return err
	}
	saved, err := a.reg.ForeignSpecialist(r.Context(), s.ID)
	if err != nil {
		return err
	}
	if id != 0 {
		writeJSON(w, r, http.StatusOK, specialistOf(saved))
		return nil
	}
	writeCreated(w, r, "/international/specialists?college_id="+strconv.FormatInt(s.CollegeID, 10), specialistOf(saved))
	return nil
}

func (a *API) listMobility(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.MobilityFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), Direction: domain.MobilityDirection(q.word("direction")),
		Participant: domain.Participant(q.word("participant")), Country: strings.ToUpper(q.word("country")), Sort: q.word("sort"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Mobilities(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, mobilityOf)
	return nil
}

func (a *API) createMobility(w http.ResponseWriter, r *http.Request) error {
	return a.saveMobility(w, r, 0)
}

// updateMobility writes a mobility of the token's college again, e.g. its
// outcome once it ended.
func (a *API) updateMobility(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "mobility")
	if err != nil {
		return err
	}
	if _, err := a.reg.Mobility(r.Context(), id); err != nil {
		return err
	}
	return a.saveMobility(w, r, id)
}

func (a *API) saveMobility(w http.ResponseWriter, r *http.Request, id int64) error {
	var in mobilityInput
	if err := readBody(r, &in, "direction", "participant", "country", "starts_on", "ends_on", "funding"); err != nil {
		return err
	}
	starts, err1 := bodyDate("starts_on", in.StartsOn)
	ends, err2 := bodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2); err != nil {
		return err
	}
	m := domain.Mobility{ID: id, Direction: domain.MobilityDirection(in.Direction), Participant: domain.Participant(in.Participant),
		StudentID: in.StudentID, TeacherID: in.TeacherID, PersonName: in.PersonName, Country: in.Country, PartnerID: in.PartnerID,
		Host: in.Host, StartsOn: starts, EndsOn: ends, Funding: domain.MobilityFunding(in.Funding), Outcome: domain.MobilityOutcome(in.Outcome),
		Note: in.Note}
	if err := a.reg.SaveMobility(r.Context(), &m); err != nil {
		return err
	}
	saved, err := a.reg.Mobility(r.Context(), m.ID)
	if err != nil {
		return err
	}
	if id != 0 {
		writeJSON(w, r, http.StatusOK, mobilityOf(saved))
		return nil
	}
	writeCreated(w, r, "/international/mobility?college_id="+strconv.FormatInt(m.CollegeID, 10), mobilityOf(saved))
	return nil
}
