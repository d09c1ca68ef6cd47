package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type guidanceCount struct {
	Label, Code string
	Count       string
	Width       int // of 300
}

type guidanceAreaRow struct {
	Letter, Name, Mean string
	Width              int // the mean, of 300
	Bins               []string
}

type guidanceSessionData struct {
	S                 domain.GuidanceSession
	JoinPath          string
	Started, Finished string
	Suppressed        string // why nothing is shown yet
	FirstLetters      []guidanceCount
	Codes             []guidanceCount
	Other, OtherCodes string
	Areas             []guidanceAreaRow
	BinLabels         []string
	Title             string
	Errors            formErrors
	AuditURL          string
}

// guidanceSessionShow is a counsellor's class session: its join code and
// link, how many pupils started and finished, and — from five finished
// tests — the anonymous spread of their codes and area scores; no pupil's
// own result.
func (h *Web) guidanceSessionShow(w http.ResponseWriter, r *http.Request) {
	h.renderGuidanceSession(w, r, http.StatusOK, "", formErrors{})
}

func (h *Web) renderGuidanceSession(w http.ResponseWriter, r *http.Request, status int, title string, errs formErrors) {
	id, err := pathID(r, "guidance_session")
	var sum domain.GuidanceSummary
	if err == nil {
		sum, err = h.reg.GuidanceSummary(r.Context(), id)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.newView(r, "guidance")
	g := sum.Session
	if title == "" {
		title = g.Title
	}
	d := guidanceSessionData{S: g, JoinPath: "/guidance?class=" + g.JoinCode, Started: v.Number(g.Started), Finished: v.Number(g.Finished),
		Title: title, Errors: errs}
	if sum.Suppressed {
		d.Suppressed = v.T("guidance.session.suppressed", "min", strconv.Itoa(domain.MinGroupToShow))
	}
	finished := max(g.Finished, 1)
	for _, c := range sum.FirstLetters {
		d.FirstLetters = append(d.FirstLetters, guidanceCount{Label: areaName(v, domain.Area(c.Code[0])), Code: c.Code,
			Count: v.Number(c.Count), Width: c.Count * 300 / finished})
	}
	for _, c := range sum.Codes {
		d.Codes = append(d.Codes, guidanceCount{Label: codeNames(v, c.Code), Code: c.Code, Count: v.Number(c.Count), Width: c.Count * 300 / finished})
	}
	if sum.Other > 0 {
		d.Other = v.Plural("guidance.session.other", sum.Other, "min", strconv.Itoa(domain.MinGroupToShow))
	}
	if sum.OtherCodes > 0 {
		d.OtherCodes = v.Plural("guidance.session.other", sum.OtherCodes, "min", strconv.Itoa(domain.MinGroupToShow))
	}
	for _, a := range sum.Areas {
		row := guidanceAreaRow{Letter: a.Area.String(), Name: areaName(v, a.Area), Mean: strconv.FormatFloat(a.Mean, 'f', 1, 64),
			Width: int(a.Mean * 300 / domain.MaxAreaScore)}
		for _, n := range a.Bins {
			row.Bins = append(row.Bins, v.Number(n))
		}
		d.Areas = append(d.Areas, row)
	}
	d.BinLabels = []string{"0–8", "9–16", "17–24", "25–32", "33–40"}
	if v.Can(string(auth.ReadAudit)) {
		d.AuditURL = "/audit?record_type=guidance_session&record_id=" + strconv.FormatInt(g.ID, 10)
	}
	v.Title = v.T("guidance.session.title", "title", g.Title)
	v.Data = d
	h.render(w, r, status, "guidance_session_show", v)
}
