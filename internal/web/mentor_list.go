package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type mentorRow struct {
	URL, Name, Position, Qualification string
	Experience, Trainees, Pay          string
	Enterprise                         string
	Full                               bool // as many trainees as the policy allows
}

type mentorListData struct {
	listing
	Rows           []mentorRow
	NewURL         string
	ShowEnterprise bool
	Max            string // the policy's maximum of trainees per mentor
	// PickEnterprise is set for a college's staff, who see the mentors of
	// one partner enterprise at a time and have not named one.
	PickEnterprise bool
}

// mentorList lists mentors: enterprise HR its own, to keep them; the
// other roles those of their scope. Each shows how many trainees the
// mentor has against the policy maximum.
func (h *Web) mentorList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "mentors")
	q := newQuery(r)
	page := q.page()
	f, e, err := h.mentorFilter(ctx, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f.Page = page
	role := domain.ActorFrom(ctx).Role()
	d := mentorListData{listing: listing{
		Path:        "/mentors",
		ExportPath:  "/mentors/export",
		SearchLabel: v.T("web.mentors.search"),
		SearchHint:  v.T("web.mentors.search_hint"),
	}, ShowEnterprise: role != domain.RoleEnterprise && role != domain.RoleMentor}
	if f.EnterpriseID != 0 {
		d.Chips = append(d.Chips, chip{Param: "enterprise_id", Value: strconv.FormatInt(e.ID, 10), Label: v.T("web.field.enterprise"), Shown: e.Name.In(v.Lang)})
	}
	max, err := h.mentorCapacity(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.reg.Mentors(ctx, f)
	if e := domain.AsError(err); e.Code == domain.EINVALID && e.Field == "enterprise_id" && f.EnterpriseID == 0 {
		d.PickEnterprise, err = true, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := newParams()
	p.set("q", f.Query, "")
	p.setInt("enterprise_id", f.EnterpriseID)
	d.Q = f.Query
	d.Selects = []selectField{perPageField(v, f.Page.Size)}
	d.Summary = v.Plural("web.mentors.count", list.Total)
	d.Max = v.Number(max)
	d.finish(w, v, p, f.Page, list.Total)
	if v.Can(string(auth.ManageMentors)) {
		d.NewURL = "/mentors/new"
	}
	for _, m := range list.Items {
		d.Rows = append(d.Rows, mentorRow{
			URL:           "/mentors/" + strconv.FormatInt(m.ID, 10),
			Name:          m.Name,
			Position:      m.Position,
			Qualification: m.Qualification,
			Experience:    v.Plural("web.mentor.years", m.ExperienceYears),
			Trainees:      v.T("web.mentor.trainees_of", "n", v.Number(m.Trainees), "max", d.Max),
			Full:          m.Trainees >= max,
			Pay:           v.T("web.mentor.tenge", "amount", v.Number(m.PayPerTrainee)),
			Enterprise:    m.Enterprise.In(v.Lang),
		})
	}
	v.Title = v.T("web.mentors.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "mentor_list", v)
}

// mentorFilter reads the list's filter, for the page and its export, and
// loads the enterprise it names, which must exist. The problems q has met
// so far are returned first.
func (h *Web) mentorFilter(ctx context.Context, q *query) (domain.MentorFilter, domain.Enterprise, error) {
	f := domain.MentorFilter{Query: q.text("q"), EnterpriseID: q.number("enterprise_id")}
	if q.err != nil {
		return f, domain.Enterprise{}, q.err
	}
	if f.EnterpriseID == 0 {
		return f, domain.Enterprise{}, nil
	}
	e, err := h.reg.Enterprise(ctx, f.EnterpriseID)
	return f, e, unknownRef(err, "enterprise_id", "error.enterprise.unknown")
}
