package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// attentionRow is one student of the needs-attention list.
type attentionRow struct {
	Name, URL          string
	Group              string
	Enterprise, Mentor string
	Hours              hoursBar
	Badges             []attentionBadge
}

type attentionData struct {
	listing
	College   string // the college's name, once one is chosen
	CollegeID int64
	All       bool
	// The two views of the list: those needing attention, and every
	// student with an active agreement.
	NeedURL, AllURL string
	Rows            []attentionRow
	// Choosing a college, for roles whose scope has many: a select, or a
	// number field when the scope holds more colleges than a select should.
	Choose   bool
	Colleges []option
	// NotForRole: the list is the colleges' (enterprises, mentors and
	// students follow their own pages).
	NotForRole bool
}

// attentionList is the coordinator's needs-attention list: the college's
// students with an active agreement who are behind the plan, miss weeks,
// wait too long for a signature or have an inactive mentor, with a badge
// per reason, most reasons first; or, toggled, every student with an
// agreement. A teacher sees the groups they supervise; a regional
// department, the ministry or an auditor choose a college (?college=).
func (h *Web) attentionList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "attention")
	u := domain.ActorFrom(ctx).User
	q := newQuery(r)
	f := domain.AttentionFilter{CollegeID: q.number("college"), Page: q.page()}
	all := q.flag("all")
	f.All = all != nil && *all
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	d := attentionData{All: f.All}
	switch u.Role {
	case domain.RoleCollege, domain.RoleTeacher:
		f.CollegeID = u.CollegeID
	case domain.RoleAuditor:
		if u.CollegeID != 0 {
			f.CollegeID = u.CollegeID
		}
	case domain.RoleEnterprise, domain.RoleMentor, domain.RoleStudent:
		d.NotForRole = true
	}
	v.Title = v.T("web.attention.title")
	if d.NotForRole || f.CollegeID == 0 {
		if !d.NotForRole {
			if err := h.attentionColleges(r, v, u, &d); err != nil {
				h.fail(w, r, err)
				return
			}
		}
		v.Data = d
		h.render(w, r, http.StatusOK, "attention_list", v)
		return
	}
	if f.CollegeID < 0 {
		h.fail(w, r, domain.NotFound("college"))
		return
	}
	c, err := h.reg.College(ctx, f.CollegeID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.College, d.CollegeID = c.Name.In(v.Lang), c.ID
	list, err := h.reg.NeedsAttention(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := newParams()
	if u.Role != domain.RoleCollege && u.Role != domain.RoleTeacher {
		p.setInt("college", f.CollegeID)
	}
	d.NeedURL = pageURL("/attention", p.Values)
	d.AllURL = pageURL("/attention", p.with("all", "yes").Values)
	if f.All {
		p.set("all", "yes", "")
		d.Summary = v.Plural("web.attention.count_all", list.Total)
	} else {
		d.Summary = v.Plural("web.attention.count", list.Total)
	}
	d.listing.Path = "/attention"
	d.Selects = []selectField{perPageField(v, f.Page.Size)}
	d.finish(w, v, p, f.Page, list.Total)
	today := h.logbookToday()
	for _, pr := range list.Items {
		d.Rows = append(d.Rows, attentionRow{Name: pr.Student.Full(), URL: trainingURL(pr.StudentID), Group: pr.GroupCode,
			Enterprise: pr.Enterprise.In(v.Lang), Mentor: pr.Mentor, Hours: hoursOf(v, pr), Badges: attentionBadges(v, pr, today)})
	}
	v.Title = v.T("web.attention.title_of", "college", d.College)
	v.Data = d
	h.render(w, r, http.StatusOK, "attention_list", v)
}

// attentionColleges offers the colleges of the actor's scope to choose
// from: a select when they are few enough, else a number field.
func (h *Web) attentionColleges(r *http.Request, v *view, u *domain.User, d *attentionData) error {
	d.Choose = true
	colleges, err := h.reg.CollegeNames(r.Context(), u.RegionID)
	if err != nil {
		return err
	}
	if len(colleges) > domain.MaxPageSize {
		return nil
	}
	d.Colleges = []option{}
	for _, c := range colleges {
		d.Colleges = append(d.Colleges, option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name.In(v.Lang)})
	}
	sortByLabel(v.Lang, d.Colleges)
	return nil
}

// SeesAttention reports whether the page's user works with a
// needs-attention list: the college and its teachers, and those who look
// at colleges from above (a region, the ministry, an auditor). The layout
// links the list for them.
func (v *view) SeesAttention() bool {
	if v.User == nil {
		return false
	}
	switch v.User.Role {
	case domain.RoleCollege, domain.RoleTeacher, domain.RoleRegion, domain.RoleMinistry, domain.RoleAuditor:
		return true
	}
	return false
}
