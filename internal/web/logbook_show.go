package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// versionRow is one version of a week's entry.
type versionRow struct {
	Version int
	Badge   entryStateBadge
	URL     string
	This    bool
}

type entryShowData struct {
	ID                  int64
	Student, StudentURL string
	WeekLabel           string
	Badge               entryStateBadge
	Version             int
	Current             bool
	Days                []string
	Hours               string
	Tasks               string
	Competences         []string
	Photos              []photoView
	Comment             string // the mentor's reason for returning it
	Submitted           string
	Signed, SignedBy    string
	Reviewed            string
	ReviewedBy          string
	ReviewComment       string
	Versions            []versionRow

	// What the reader may do now, and where the forms post.
	EditURL, SubmitURL, CorrectURL string
	SignURL, ReturnURL, ReviewURL  string
	PhotoURL                       string
	Errors                         formErrors
	// The comment typed into the return or review form (TypedFor
	// names which) before a problem, kept and shown open.
	Typed, TypedFor string
}

// logbookShow shows one entry within the reader's scope: the week, days,
// hours, tasks, competences and photos, its versions, and the actions the
// reader may take on it now (the student edits, submits or corrects; the
// mentor signs or returns it; the college supervisor reviews it).
func (h *Web) logbookShow(w http.ResponseWriter, r *http.Request) {
	e, ok := pathRecord(h, w, r, "entry", h.reg.Entry)
	if !ok {
		return
	}
	h.renderEntry(w, r, http.StatusOK, e, entryShowData{})
}

// renderEntry shows entry e with the state of its forms in d.
func (h *Web) renderEntry(w http.ResponseWriter, r *http.Request, status int, e domain.LogbookEntry, d entryShowData) {
	ctx := r.Context()
	v := h.newView(r, "logbook")
	role := domain.ActorFrom(ctx).Role()
	d.ID, d.Student, d.WeekLabel = e.ID, e.Student.Full(), weekLabel(v, e.WeekStart)
	d.Badge, d.Version, d.Current = entryBadge(v, entryState(e.Status)), e.Version, e.Current
	d.Days, d.Hours, d.Tasks = dayNames(v, e.Days), v.T("web.logbook.hours", "n", v.Number(e.Hours)), e.Tasks
	d.Submitted, d.Signed, d.SignedBy = v.Time(e.SubmittedAt), v.Time(e.SignedAt), e.SignedBy
	if !e.ReviewedAt.IsZero() {
		d.Reviewed, d.ReviewedBy, d.ReviewComment = v.Time(e.ReviewedAt), e.ReviewedBy, e.ReviewComment
	}
	if e.Status == domain.EntryReturned {
		d.Comment = e.Comment
	}
	if auth.Allowed(role, auth.ReadProgress) && role != domain.RoleStudent {
		d.StudentURL = trainingURL(e.StudentID)
	}
	// The competences are named from the student's programme. A reader
	// may follow an entry they no longer follow the student of (a mentor's
	// former trainee): the competences are then only counted.
	s, err := h.reg.Student(ctx, e.StudentID)
	switch {
	case err == nil:
		comps, err := h.reg.Competences(ctx, s.ProgrammeID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, c := range comps {
			if slices.Contains(e.Competences, c.ID) {
				d.Competences = append(d.Competences, c.Code+" "+c.Name.In(v.Lang))
			}
		}
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		if n := len(e.Competences); n > 0 {
			d.Competences = []string{v.Plural("web.logbook.competences_count", n)}
		}
	default:
		h.fail(w, r, err)
		return
	}
	write := auth.Allowed(role, auth.WriteLogbook)
	for _, p := range e.Photos {
		pid := strconv.FormatInt(p.ID, 10)
		pv := photoView{URL: "/photos/" + pid}
		if write && e.Editable() {
			pv.DeleteURL = "/photos/" + pid + "/delete"
		}
		d.Photos = append(d.Photos, pv)
	}
	switch {
	case write && e.Editable():
		d.EditURL, d.SubmitURL = editURL(e.ID), entryURL(e.ID)+"/submit"
		if len(e.Photos) < domain.MaxPhotosPerEntry {
			d.PhotoURL = entryURL(e.ID) + "/photos"
		}
	case write && e.Status == domain.EntrySigned && e.Current:
		d.CorrectURL = entryURL(e.ID) + "/correct"
	case auth.Allowed(role, auth.SignLogbook) && e.Status == domain.EntrySubmitted:
		d.SignURL, d.ReturnURL = entryURL(e.ID)+"/sign", entryURL(e.ID)+"/return"
	case auth.Allowed(role, auth.ReviewLogbook) && e.Status == domain.EntrySigned && e.ReviewedAt.IsZero():
		d.ReviewURL = entryURL(e.ID) + "/review"
	}
	// Versions exist only once a signed week was corrected.
	if e.Version > 1 || !e.Current {
		all, err := h.allEntries(ctx, domain.EntryFilter{StudentID: e.StudentID})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, o := range all {
			if o.WeekStart.Equal(e.WeekStart) {
				d.Versions = append(d.Versions, versionRow{Version: o.Version, Badge: entryBadge(v, entryState(o.Status)),
					URL: entryURL(o.ID), This: o.ID == e.ID})
			}
		}
		slices.SortFunc(d.Versions, func(a, b versionRow) int { return b.Version - a.Version })
	}
	v.Title = v.T("web.logbook.entry.title", "week", d.WeekLabel)
	v.Data = d
	h.render(w, r, status, "logbook_show", v)
}

// entryProblem answers a refused action on entry e: a problem the user can
// act on comes back on the entry's page, named; anything else is the error
// page.
func (h *Web) entryProblem(w http.ResponseWriter, r *http.Request, e domain.LogbookEntry, err error, d entryShowData) {
	v := h.newView(r, "logbook")
	err = localizeState(v, err)
	fe, status, ok := formProblem(v, err, "", entryLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	d.Errors = fe
	h.renderEntry(w, r, status, e, d)
}

// localizeState names the state in a "cannot be done while …" message in
// the page's language: the store says it by its code.
func localizeState(v *view, err error) error {
	e := domain.AsError(err)
	if e.Key != "error.entry.state" || e.Params["status"] == "" {
		return err
	}
	key := "web.logbook.state." + e.Params["status"]
	if !v.p.Has(key) {
		return err
	}
	return e.With("status", v.T(key))
}

// entryAction runs a transition of the entry the URL names and sends the
// browser on with a message, or shows the entry with the problem.
func (h *Web) entryAction(w http.ResponseWriter, r *http.Request, form string, do func(e domain.LogbookEntry) (string, error), done string) {
	e, ok := postedRecord(h, w, r, "entry", h.reg.Entry)
	if !ok {
		return
	}
	to, err := do(e)
	if err != nil {
		h.entryProblem(w, r, e, err, entryShowData{Typed: r.PostFormValue("comment"), TypedFor: form})
		return
	}
	flash(r.Context(), done)
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// mentorReturnTo is where a mentor's action returns: the queue it came from, or
// the entry.
func mentorReturnTo(r *http.Request, e domain.LogbookEntry) string {
	if r.PostFormValue("from") == "queue" {
		return "/logbook/queue"
	}
	return entryURL(e.ID)
}
