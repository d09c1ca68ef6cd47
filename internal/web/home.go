package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// stat is one figure of the home page: the number, its plural-aware label,
// an optional note, and the list it opens, if any.
type stat struct {
	Value string
	Label string
	Note  string
	URL   string
}

// homeLink is a way on from the user's own work; Primary is the one thing
// to do next.
type homeLink struct {
	Label, URL string
	Primary    bool
}

// homeWork is the signed-in user's own work, shown before the registry's
// totals: a few figures, the student's hours, and where to go.
type homeWork struct {
	Heading string
	Lead    string
	Status  string // this week's entry, when there is nothing to do about it
	Figures []stat
	Hours   *hoursBar
	Links   []homeLink
}

type homeData struct {
	Mine      *homeWork
	Main      []stat // the registry's people and organisations
	Reference []stat // staff, programmes and reference data
}

// home shows the signed-in user's own work first (a student their
// agreement, hours and this week's entry; a mentor the entries to sign; a
// coordinator or teacher the students needing attention; enterprise HR its
// offers, applications, agreements and mentors), then the live totals of
// the registry. The user's figures are counts of one-row pages, so the
// page stays as fast as the totals.
func (h *Web) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "")
	c, err := h.reg.Counts(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	figure := func(key string, n int, url string) stat {
		return stat{Value: v.Number(n), Label: v.Plural(key, n), URL: url}
	}
	// Counts.DualStudents are students placed at an enterprise now; the
	// students list's dual filter means a dual programme, so no link.
	dual := figure("web.home.count.dual_students", c.DualStudents, "")
	if c.Students > 0 {
		dual.Note = v.T("web.home.dual_share", "share", percent(v, c.DualStudents, c.Students))
	}
	d := homeData{
		Main: []stat{
			figure("web.home.count.colleges", c.Colleges, "/colleges"),
			figure("web.home.count.enterprises", c.Enterprises, "/enterprises"),
			figure("web.home.count.students", c.Students, "/students"),
			dual,
		},
		Reference: []stat{
			figure("web.home.count.teachers", c.Teachers, ""),
			figure("web.home.count.programmes", c.Programmes, ""),
			figure("web.home.count.regions", c.Regions, ""),
			figure("web.home.count.specialties", c.Specialties, ""),
			figure("web.home.count.qualifications", c.Qualifications, ""),
		},
	}
	if u := v.User; u != nil {
		if d.Mine, err = h.homeWork(ctx, v, *u); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	v.Title = v.T("web.home.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "home", v)
}

// homeWork gathers the user's own work by role; nil for roles whose work
// is the registry itself.
func (h *Web) homeWork(ctx context.Context, v *view, u domain.User) (*homeWork, error) {
	switch u.Role {
	case domain.RoleStudent:
		return h.homeStudent(ctx, v, u)
	case domain.RoleMentor:
		return h.homeMentor(ctx, v)
	case domain.RoleCollege, domain.RoleTeacher:
		return h.homeCollege(ctx, v, u)
	case domain.RoleEnterprise:
		return h.homeEnterprise(ctx, v, u)
	case domain.RoleMinistry:
		return &homeWork{Heading: v.T("web.home.mine.ministry"),
			Links: []homeLink{{Label: v.T("web.settings.title"), URL: "/settings/dual"}}}, nil
	}
	return nil, nil
}

// one is a page of one row: its List.Total is the count the home page
// shows, without reading the rows.
var one = domain.Page{Size: 1}

// homeStudent: the agreement's state, the hours against the plan, and this
// week's entry.
func (h *Web) homeStudent(ctx context.Context, v *view, u domain.User) (*homeWork, error) {
	hw := &homeWork{Heading: v.T("web.home.mine.student")}
	a, ok, err := h.studentAgreement(ctx, u.StudentID)
	if err != nil {
		return nil, err
	}
	if !ok {
		hw.Lead = v.T("web.home.mine.no_agreement")
		hw.Links = append(hw.Links, homeLink{Label: v.T("web.home.mine.find_offers"), URL: "/offers", Primary: true})
		return hw, nil
	}
	b := logbookAgreementOf(v, a)
	hw.Lead = v.T("web.home.mine.agreement", "enterprise", b.Enterprise, "status", b.StatusLabel)
	hw.Links = append(hw.Links, homeLink{Label: v.T("web.home.mine.agreement_link"), URL: b.URL})
	if a.Status == domain.AgreementDraft || a.Status == domain.AgreementAwaiting {
		hw.Links[0].Primary = true
		return hw, nil
	}
	p, err := h.reg.Progress(ctx, u.StudentID)
	if err != nil {
		return nil, err
	}
	hv := hoursOf(v, p)
	hw.Hours = &hv
	// The newest week written is the first entry: is it this week's?
	latest, err := h.reg.Entries(ctx, domain.EntryFilter{StudentID: u.StudentID, CurrentOnly: true, Page: one})
	if err != nil {
		return nil, err
	}
	t := thisWeekOf(v, a, latest.Items, h.logbookToday())
	if t != nil {
		if t.URL != "" {
			hw.Links = append([]homeLink{{Label: t.Text, URL: t.URL, Primary: true}}, hw.Links...)
		} else {
			hw.Status = t.Label + ": " + t.Text
		}
	}
	if n := len(p.MissingWeeks); n > 0 {
		hw.Figures = append(hw.Figures, stat{Value: v.Number(n), Label: v.Plural("web.home.mine.missing_weeks", n), URL: "/logbook"})
	}
	hw.Links = append(hw.Links, homeLink{Label: v.T("web.logbook.title"), URL: "/logbook"},
		homeLink{Label: v.T("web.home.mine.progress_link"), URL: trainingURL(u.StudentID)})
	return hw, nil
}

// homeMentor: the entries waiting for the mentor's signature.
func (h *Web) homeMentor(ctx context.Context, v *view) (*homeWork, error) {
	waiting, err := h.reg.Entries(ctx, domain.EntryFilter{Status: domain.EntrySubmitted, CurrentOnly: true, Page: one})
	if err != nil {
		return nil, err
	}
	return &homeWork{Heading: v.T("web.home.mine.mentor"),
		Figures: []stat{{Value: v.Number(waiting.Total), Label: v.Plural("web.home.mine.to_sign", waiting.Total), URL: "/logbook/queue"}},
		Links:   []homeLink{{Label: v.T("web.logbook.queue.title"), URL: "/logbook/queue", Primary: waiting.Total > 0}}}, nil
}

// homeCollege: the students needing attention and, for the coordinator,
// the agreements waiting for signatures.
func (h *Web) homeCollege(ctx context.Context, v *view, u domain.User) (*homeWork, error) {
	need, err := h.reg.NeedsAttention(ctx, domain.AttentionFilter{CollegeID: u.CollegeID, Page: one})
	if err != nil {
		return nil, err
	}
	hw := &homeWork{Heading: v.T("web.home.mine.college")}
	if u.Role == domain.RoleTeacher {
		hw.Heading = v.T("web.home.mine.teacher")
	}
	hw.Figures = append(hw.Figures, stat{Value: v.Number(need.Total), Label: v.Plural("web.home.mine.attention", need.Total), URL: "/attention"})
	hw.Links = append(hw.Links, homeLink{Label: v.T("web.attention.title"), URL: "/attention", Primary: need.Total > 0})
	if u.Role == domain.RoleCollege {
		awaiting, err := h.reg.Agreements(ctx, domain.AgreementFilter{CollegeID: u.CollegeID, Status: domain.AgreementAwaiting, Page: one})
		if err != nil {
			return nil, err
		}
		hw.Figures = append(hw.Figures, stat{Value: v.Number(awaiting.Total), Label: v.Plural("web.home.mine.awaiting", awaiting.Total),
			URL: "/agreements?status=awaiting"})
		hw.Links = append(hw.Links, homeLink{Label: v.T("web.home.mine.agreements_link"), URL: "/agreements"})
	}
	return hw, nil
}

// homeEnterprise: the offers by state, the applications to decide, the
// agreements waiting for signatures and the mentors.
func (h *Web) homeEnterprise(ctx context.Context, v *view, u domain.User) (*homeWork, error) {
	hw := &homeWork{Heading: v.T("web.home.mine.enterprise")}
	for _, s := range domain.OfferStatuses {
		list, err := h.reg.Offers(ctx, domain.OfferFilter{EnterpriseID: u.EnterpriseID, Status: s, Page: one})
		if err != nil {
			return nil, err
		}
		if list.Total > 0 {
			hw.Figures = append(hw.Figures, stat{Value: v.Number(list.Total), Label: v.T("web.home.mine.offers." + string(s)),
				URL: "/offers?status=" + string(s)})
		}
	}
	apps, err := h.reg.Applications(ctx, domain.ApplicationFilter{EnterpriseID: u.EnterpriseID, Status: domain.ApplicationPending, Page: one})
	if err != nil {
		return nil, err
	}
	awaiting, err := h.reg.Agreements(ctx, domain.AgreementFilter{EnterpriseID: u.EnterpriseID, Status: domain.AgreementAwaiting, Page: one})
	if err != nil {
		return nil, err
	}
	mentors, err := h.reg.Mentors(ctx, domain.MentorFilter{EnterpriseID: u.EnterpriseID, Page: one})
	if err != nil {
		return nil, err
	}
	hw.Figures = append(hw.Figures,
		stat{Value: v.Number(apps.Total), Label: v.Plural("web.home.mine.applications", apps.Total), URL: "/applications"},
		stat{Value: v.Number(awaiting.Total), Label: v.Plural("web.home.mine.awaiting", awaiting.Total), URL: "/agreements?status=awaiting"},
		stat{Value: v.Number(mentors.Total), Label: v.Plural("web.home.mine.mentors", mentors.Total), URL: "/mentors"})
	hw.Links = []homeLink{
		{Label: v.T("web.home.mine.new_offer"), URL: "/offers/new", Primary: apps.Total == 0},
		{Label: v.T("web.home.mine.applications_link"), URL: "/applications", Primary: apps.Total > 0},
		{Label: v.T("web.home.mine.agreements_link"), URL: "/agreements"},
		{Label: v.T("web.home.mine.mentors_link"), URL: "/mentors"},
	}
	return hw, nil
}

// percent formats part/whole as a whole percentage, rounded down so that a
// share just under a threshold (the 60 % dual rule) never shows as reaching
// it; the sign's spacing follows the language.
func percent(v *view, part, whole int) string {
	if whole <= 0 {
		return "—"
	}
	return v.T("web.percent", "n", v.Number(part*100/whole))
}
