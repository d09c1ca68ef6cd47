package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type guidanceSessionRow struct {
	Title, JoinCode, URL, Started, Finished, Created string
	Closed                                           bool
}

type guidanceSessionListData struct {
	Rows   []guidanceSessionRow
	Title  string // the new session's, as typed
	Errors formErrors
}

// guidanceSessionList is a counsellor's class sessions and the form that
// creates one.
func (h *Web) guidanceSessionList(w http.ResponseWriter, r *http.Request) {
	h.renderGuidanceSessions(w, r, http.StatusOK, "", formErrors{})
}

func (h *Web) renderGuidanceSessions(w http.ResponseWriter, r *http.Request, status int, title string, errs formErrors) {
	v := h.newView(r, "guidance")
	list, err := h.reg.GuidanceSessions(r.Context(), v.User.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := guidanceSessionListData{Title: title, Errors: errs}
	for _, g := range list {
		d.Rows = append(d.Rows, guidanceSessionRow{Title: g.Title, JoinCode: g.JoinCode, URL: guidanceSessionURL(g.ID),
			Started: v.Number(g.Started), Finished: v.Number(g.Finished), Created: v.Date(g.CreatedAt), Closed: g.Closed})
	}
	v.Title = v.T("guidance.sessions.title")
	v.Data = d
	h.render(w, r, status, "guidance_session_list", v)
}

func guidanceSessionURL(id int64) string { return "/guidance/sessions/" + strconv.FormatInt(id, 10) }

// guidanceSessionLabels name the session form's fields.
var guidanceSessionLabels = map[string]string{"title": "guidance.sessions.field.title"}

// guidanceSessionCreate creates a class session with a fresh join code.
func (h *Web) guidanceSessionCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	g := domain.GuidanceSession{Title: postedText(r, "title", 400)}
	if err := h.reg.SaveGuidanceSession(r.Context(), &g); err != nil {
		fe, status, ok := formProblem(h.newView(r, "guidance"), err, "", guidanceSessionLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.renderGuidanceSessions(w, r, status, g.Title, fe)
		return
	}
	http.Redirect(w, r, guidanceSessionURL(g.ID), http.StatusSeeOther)
}
