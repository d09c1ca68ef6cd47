package web

import (
	"net/http"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// guidanceStart starts an anonymous test (in a class session when the form
// carries its code) and sends the browser to its first page; the test's
// key goes into the URL and into a cookie that lets /guidance offer to
// continue it.
func (h *Web) guidanceStart(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	class := postedText(r, "class", 20)
	cityID, err := formID(r, "city_id")
	if err == nil {
		var a domain.GuidanceAttempt
		if a, err = h.reg.StartGuidance(r.Context(), class, cityID); err == nil {
			setGuidanceCookie(w, r, a.ID, h.secureCookies)
			http.Redirect(w, r, guidanceTestURL(a.ID, 1), http.StatusSeeOther)
			return
		}
	}
	e := domain.AsError(err)
	switch e.Code {
	case domain.EINVALID, domain.ENOTFOUND:
		v := h.newView(r, "guidance")
		status := server.Status(err)
		problem := v.p.TMap(e.Key, e.Params)
		if e.Field == "join_code" {
			problem = "" // the page says what is wrong with the class code beside it
		}
		h.renderGuidanceIntro(w, r, status, strings.TrimSpace(class), max(cityID, 0), problem)
	default:
		h.fail(w, r, err)
	}
}
