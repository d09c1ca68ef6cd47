package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/server"
)

// guidanceAnswer keeps the answers of a page and goes where the pupil
// asked: another page, or the results. Items left blank are skipped, not
// refused — the pupil may come back to them — but the results need all
// 60, and finishing early shows the page of the first one missing with
// how many are left. A tampered form (an item the test does not have, an
// answer outside 0–4) keeps nothing of the page and says which item, in
// the pupil's language.
func (h *Web) guidanceAnswer(w http.ResponseWriter, r *http.Request) {
	a, ok := h.guidanceLoad(w, r)
	if !ok {
		return
	}
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	if a.Finished() {
		http.Redirect(w, r, guidanceResultURL(a.ResultID), http.StatusSeeOther)
		return
	}
	page, err := strconv.Atoi(r.PostFormValue("page"))
	if err != nil || page < 1 || page > domain.GuidancePages {
		page = 1
	}
	v := h.newView(r, "guidance")
	var answers domain.Answers
	problems := map[string]string{}
	var first error
	for _, name := range slices.Sorted(maps.Keys(r.PostForm)) {
		if name == "page" || name == "go" {
			continue
		}
		for _, value := range r.PostForm[name] {
			i, ans, err := domain.ParseAnswer(name, value)
			if err != nil {
				e := domain.AsError(err)
				problems[name] = v.p.TMap(e.Key, e.Params)
				if first == nil {
					first = err
				}
				continue
			}
			answers.Set(i, ans)
		}
	}
	if first != nil {
		e := domain.AsError(first)
		h.renderGuidancePage(w, r, server.Status(first), a, page, problems, v.p.TMap(e.Key, e.Params))
		return
	}
	ctx := r.Context()
	if a, err = h.reg.AnswerGuidance(ctx, a.ID, answers); err != nil {
		h.fail(w, r, err)
		return
	}
	next := r.PostFormValue("go")
	if next != "finish" {
		n, err := strconv.Atoi(next)
		if err != nil || n < 1 || n > domain.GuidancePages {
			n = page
		}
		http.Redirect(w, r, guidanceTestURL(a.ID, n), http.StatusSeeOther)
		return
	}
	done, err := h.reg.FinishGuidance(ctx, a.ID)
	if err != nil {
		e := domain.AsError(err)
		if e.Key != "error.guidance.answer_missing" {
			h.fail(w, r, err)
			return
		}
		first := firstPageToAnswer(a.Answers)
		h.renderGuidancePage(w, r, server.Status(err), a, first,
			map[string]string{e.Params["item"]: v.T("guidance.page.answer_this")}, v.p.TMap(e.Key, e.Params))
		return
	}
	clearGuidanceCookie(w, r, h.secureCookies)
	http.Redirect(w, r, guidanceResultURL(done.ResultID), http.StatusSeeOther)
}
