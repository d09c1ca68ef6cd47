package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The career-guidance pages (issue 9) share what is here: the cookie that
// remembers a test in progress, the areas' names, the score bars and the
// recommendations as the result page and the counsellor's page show them.

// guidanceCookie remembers the test in progress in this browser, so that
// /guidance offers to continue it. It holds the test's secret key and
// nothing else; the test's URL holds the same key, so a reload or a
// bookmark works without it.
const guidanceCookie = "guidance_test"

func setGuidanceCookie(w http.ResponseWriter, r *http.Request, id string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: guidanceCookie, Value: id, Path: "/guidance", MaxAge: int((30 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: secure || r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

func clearGuidanceCookie(w http.ResponseWriter, r *http.Request, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: guidanceCookie, Value: "", Path: "/guidance", MaxAge: -1, HttpOnly: true,
		Secure: secure || r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// guidanceTestURL is the page of a test in progress (pages from 1).
func guidanceTestURL(id string, page int) string {
	return "/guidance/t/" + id + "?page=" + strconv.Itoa(page)
}

// guidanceResultURL is the shareable results page.
func guidanceResultURL(resultID string) string { return "/guidance/r/" + resultID }

// areaName names an area in the page's language.
func areaName(v *view, a domain.Area) string { return v.T("guidance.area." + a.String() + ".name") }

// codeNames spells an interest code out: "Исследовательский, организационный, практический".
func codeNames(v *view, code string) string {
	parts := make([]string, 0, len(code))
	for i := range len(code) {
		parts = append(parts, areaName(v, domain.Area(code[i])))
	}
	return strings.Join(parts, " · ")
}

// scoreBar is one area's score as the results show it: a bar of an SVG
// drawn on the server, so it prints and needs neither script nor inline
// styles (the CSP allows none).
type scoreBar struct {
	Letter, Name, Description string
	Score, Max                int
	Width                     int // of 300
	Top                       bool
}

func scoreBars(v *view, s domain.Scores) []scoreBar {
	code := s.Code()
	bars := make([]scoreBar, 0, 6)
	for _, a := range domain.Areas {
		bars = append(bars, scoreBar{Letter: a.String(), Name: areaName(v, a), Description: v.T("guidance.area." + a.String() + ".desc"),
			Score: s.Of(a), Max: domain.MaxAreaScore, Width: s.Of(a) * 300 / domain.MaxAreaScore, Top: strings.ContainsRune(code, rune(a))})
	}
	return bars
}

// recommendationRow is a recommended qualification as the results show it.
type recommendationRow struct {
	Rank                 int
	Name, Code           string
	Specialty, SpecCode  string
	Fit                  int // percent
	Interest, InterestOf string
	Why                  string
	Demand               string
	Colleges             []guidanceCollegeRow
}

type guidanceCollegeRow struct {
	Name, URL, City, Distance, Seats string
	Dual                             string
	Employers                        string
}

func sharePercent(f float64) int { return int(math.Round(f * 100)) }

func recommendationRows(v *view, recs []domain.Recommendation, regionName string) []recommendationRow {
	rows := make([]recommendationRow, 0, len(recs))
	for i, rec := range recs {
		row := recommendationRow{Rank: i + 1, Name: v.Name(rec.Name), Code: rec.Code, Specialty: v.Name(rec.Specialty), SpecCode: rec.SpecialtyCode,
			Fit: sharePercent(rec.Fit), Interest: rec.Profile.Interest, InterestOf: codeNames(v, rec.Profile.Interest)}
		if row.Name == "" {
			row.Name = row.Specialty
		}
		if rec.Profile.ISCOTitle != "" {
			row.Why = v.T("guidance.rec.isco", "code", rec.Profile.ISCOCode, "title", rec.Profile.ISCOTitle)
		}
		d := rec.Demand
		where := regionName
		if where == "" {
			where = v.T("guidance.rec.country")
		}
		row.Demand = v.T("guidance.rec.demand", "where", where, "offers", v.Number(d.OfferPlaces), "ordered", v.Number(d.OrderedPlaces),
			"seats", v.Number(d.Seats), "free", v.Number(d.FreeSeats))
		for _, c := range rec.Colleges {
			cr := guidanceCollegeRow{Name: v.Name(c.Name), URL: "/colleges/" + strconv.FormatInt(c.CollegeID, 10), City: v.Name(c.City),
				Seats: v.T("guidance.rec.seats", "free", v.Number(c.FreeSeats), "seats", v.Number(c.Seats), "year", strconv.Itoa(c.Year))}
			if c.DistanceKm >= 0 {
				cr.Distance = v.T("guidance.rec.km", "n", v.Number(int(math.Round(c.DistanceKm))))
			}
			if c.Dual {
				cr.Dual = v.T("guidance.rec.dual", "practice", strconv.Itoa(sharePercent(c.PracticeShare)), "enterprise", strconv.Itoa(sharePercent(c.EnterpriseShare)))
			} else {
				cr.Dual = v.T("guidance.rec.not_dual", "practice", strconv.Itoa(sharePercent(c.PracticeShare)))
			}
			if c.Employers > 0 {
				names := make([]string, 0, len(c.EmployerNames))
				for _, n := range c.EmployerNames {
					names = append(names, v.Name(n))
				}
				cr.Employers = v.Plural("guidance.rec.employers", c.Employers, "names", strings.Join(names, ", "))
			}
			row.Colleges = append(row.Colleges, cr)
		}
		rows = append(rows, row)
	}
	return rows
}
