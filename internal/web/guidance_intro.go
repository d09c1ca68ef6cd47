package web

import (
	"net/http"
	"strings"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type guidanceIntroData struct {
	Cities []optgroup
	// Class is the class session the pupil joins (from ?class=), its
	// code, and the problem with it when it cannot be joined.
	ClassCode, ClassTitle, ClassProblem string
	ContinueURL                         string // a test in progress in this browser
	CounselURL                          string
	Problem                             string // a refused start
}

// guidanceIntro is the career-guidance test's first page, public: what the
// test is, the O*NET notices, the city for the recommendations, and the
// class code when a counsellor's link brought the pupil here.
func (h *Web) guidanceIntro(w http.ResponseWriter, r *http.Request) {
	h.renderGuidanceIntro(w, r, http.StatusOK, strings.TrimSpace(r.URL.Query().Get("class")), 0, "")
}

func (h *Web) renderGuidanceIntro(w http.ResponseWriter, r *http.Request, status int, class string, cityID int64, problem string) {
	ctx := r.Context()
	v := h.newView(r, "guidance")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := guidanceIntroData{Cities: pl.cityGroups(v.Lang, 0, cityID), Problem: problem}
	if class != "" {
		g, err := h.reg.GuidanceSessionByCode(ctx, class)
		switch {
		case err != nil && domain.ErrorCode(err) != domain.ENOTFOUND:
			h.fail(w, r, err)
			return
		case err != nil:
			e := domain.AsError(err)
			d.ClassProblem = v.p.TMap(e.Key, e.Params)
		case g.Closed:
			d.ClassProblem = v.T("error.guidance.session_closed", "code", g.JoinCode)
		default:
			d.ClassCode, d.ClassTitle = g.JoinCode, g.Title
		}
	}
	if c, err := r.Cookie(guidanceCookie); err == nil && validTestKey(c.Value) {
		if a, err := h.reg.GuidanceAttempt(ctx, c.Value); err == nil && !a.Finished() {
			d.ContinueURL = guidanceTestURL(a.ID, firstPageToAnswer(a.Answers))
		}
	}
	if v.Can(string(auth.CounselGuidance)) {
		d.CounselURL = "/guidance/sessions"
	}
	v.Title = v.T("guidance.title")
	v.Data = d
	h.render(w, r, status, "guidance_intro", v)
}

// validTestKey reports whether s has the shape of a test's key or result
// ID (26 lower-case base32 characters), so that junk never reaches the
// database.
func validTestKey(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// firstPageToAnswer is the page (from 1) of the first item not answered,
// or the last page when all are.
func firstPageToAnswer(a domain.Answers) int {
	if missing := a.Missing(); len(missing) > 0 {
		return domain.PositionOfItem(missing[0])/domain.ItemsPerPage + 1
	}
	return domain.GuidancePages
}
