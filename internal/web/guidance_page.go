package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// guidanceItemRow is one item of a page with the five answers.
type guidanceItemRow struct {
	ID, Number, Text string
	Answer           int // -1 while unanswered
	Problem          string
}

type guidancePageNav struct {
	Number  int
	Current bool
	Missing int // items not answered on it
}

type guidancePageData struct {
	Action     string
	Page       int
	Pages      []guidancePageNav
	Answered   int
	Total      int
	Percent    int
	Items      []guidanceItemRow
	Scale      []option // the five answers, 0–4
	Prev, Next int      // 0: none
	Last       bool
	Problem    string
}

// guidanceLoad reads the test the path's {id} names; a key of the wrong
// shape or unknown is not found.
func (h *Web) guidanceLoad(w http.ResponseWriter, r *http.Request) (domain.GuidanceAttempt, bool) {
	id := r.PathValue("id")
	if !validTestKey(id) {
		h.fail(w, r, domain.NotFound("guidance_test"))
		return domain.GuidanceAttempt{}, false
	}
	a, err := h.reg.GuidanceAttempt(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return a, false
	}
	return a, true
}

// guidancePage shows a page of ten items of a test in progress with the
// answers kept so far: a reload, the back button or coming back days later
// shows what was answered. A finished test goes to its results.
func (h *Web) guidancePage(w http.ResponseWriter, r *http.Request) {
	a, ok := h.guidanceLoad(w, r)
	if !ok {
		return
	}
	if a.Finished() {
		http.Redirect(w, r, guidanceResultURL(a.ResultID), http.StatusSeeOther)
		return
	}
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 || page > domain.GuidancePages {
		page = firstPageToAnswer(a.Answers)
	}
	h.renderGuidancePage(w, r, http.StatusOK, a, page, nil, "")
}

// renderGuidancePage renders page (from 1) of test a; problems name the
// items (by ID) a refused answer concerns, problem is the page's message.
func (h *Web) renderGuidancePage(w http.ResponseWriter, r *http.Request, status int, a domain.GuidanceAttempt, page int,
	problems map[string]string, problem string) {
	ctx := r.Context()
	items, err := h.reg.GuidanceItems(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.newView(r, "guidance")
	d := guidancePageData{Action: "/guidance/t/" + a.ID, Page: page, Answered: a.Answers.Count(), Total: domain.GuidanceItems,
		Problem: problem, Last: page == domain.GuidancePages}
	d.Percent = d.Answered * 100 / d.Total
	if page > 1 {
		d.Prev = page - 1
	}
	if page < domain.GuidancePages {
		d.Next = page + 1
	}
	for n := 1; n <= domain.GuidancePages; n++ {
		nav := guidancePageNav{Number: n, Current: n == page}
		for p := (n - 1) * domain.ItemsPerPage; p < n*domain.ItemsPerPage; p++ {
			if _, ok := a.Answers.Answer(domain.ItemAtPosition(p)); !ok {
				nav.Missing++
			}
		}
		d.Pages = append(d.Pages, nav)
	}
	for i := range domain.MaxAnswer + 1 {
		d.Scale = append(d.Scale, option{Value: strconv.Itoa(i), Label: v.T("guidance.scale." + strconv.Itoa(i))})
	}
	for p := (page - 1) * domain.ItemsPerPage; p < page*domain.ItemsPerPage && p < len(items); p++ {
		it := items[p]
		row := guidanceItemRow{ID: it.ID, Number: strconv.Itoa(p + 1), Text: v.Name(it.Text), Answer: -1, Problem: problems[it.ID]}
		if i, ok := domain.ItemIndex(it.ID); ok {
			if ans, ok := a.Answers.Answer(i); ok {
				row.Answer = ans
			}
		}
		d.Items = append(d.Items, row)
	}
	v.Title = v.T("guidance.page.title", "page", strconv.Itoa(page), "pages", strconv.Itoa(domain.GuidancePages))
	v.Data = d
	h.render(w, r, status, "guidance_page", v)
}
