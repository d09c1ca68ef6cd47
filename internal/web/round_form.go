package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundFormData is the form that opens an allocation round. The values are
// kept as typed, so a form with a problem comes back as the user left it.
type roundFormData struct {
	Name       string
	RegionID   string // "0" for the whole country
	Regions    []option
	National   bool   // the reader may open a national round (the ministry)
	OwnRegion  string // a regional department's region, which it cannot change
	ParentID   string // the closed round a supplementary round follows
	Parents    []option
	MaxChoices string
	MinChoices int
	Deadline   string // YYYY-MM-DD, the last day students rank
	Academic   string
	Interview  string
	SameRegion string
	Formula    string // the weights in words
	Errors     formErrors
}

// roundLabels name the round form's fields in messages (formProblem).
var roundLabels = map[string]string{
	"name":        "web.round.field.name",
	"region_id":   "web.field.region",
	"parent_id":   "web.round.field.parent",
	"max_choices": "web.round.field.max_choices",
	"deadline":    "web.round.field.deadline",
	"weights":     "web.round.field.weights",
}

// roundFormDefaults is a new round's form: the least number of choices
// the policy allows, a deadline two weeks away, the default weights.
func roundFormDefaults(now time.Time) roundFormData {
	w := domain.DefaultPriorityWeights
	return roundFormData{
		MaxChoices: strconv.Itoa(domain.MinRoundChoices),
		Deadline:   now.In(kazakhstan).AddDate(0, 0, 14).Format(time.DateOnly),
		Academic:   strconv.Itoa(w.Academic),
		Interview:  strconv.Itoa(w.Interview),
		SameRegion: strconv.Itoa(w.SameRegion),
	}
}

// roundFormOf keeps what was posted, to show the form again.
func roundFormOf(r *http.Request) roundFormData {
	f := func(name string, max int) string {
		s := strings.TrimSpace(r.PostFormValue(name))
		if len(s) > max {
			return ""
		}
		return s
	}
	return roundFormData{Name: f("name", 800), RegionID: f("region_id", 10), ParentID: f("parent_id", 19),
		MaxChoices: f("max_choices", 10), Deadline: f("deadline", 10), Academic: f("weight_academic", 10),
		Interview: f("weight_interview", 10), SameRegion: f("weight_same_region", 10)}
}

// readRoundForm sets what the organiser chooses of a round from the posted
// form. A number that does not parse becomes -1 and a date that does not
// parse the zero time, so the message is the domain's own, naming the
// field. A supplementary round covers its parent's region.
func (h *Web) readRoundForm(ctx context.Context, r *http.Request, rd *domain.Round) error {
	rd.Name = r.PostFormValue("name")
	var err error
	if rd.ParentID, err = formID(r, "parent_id"); err != nil {
		return err
	}
	if rd.ParentID != 0 {
		parent, err := h.reg.Round(ctx, rd.ParentID)
		if err != nil {
			return unknownRef(err, "parent_id", "error.round.parent_unknown")
		}
		rd.RegionID = parent.RegionID
	} else if s := strings.TrimSpace(r.PostFormValue("region_id")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return domain.Invalid("region_id", "error.region.unknown", "unknown region")
		}
		if n != 0 {
			if _, err := h.reg.Region(ctx, n); err != nil {
				return unknownRef(err, "region_id", "error.region.unknown")
			}
		}
		rd.RegionID = n
	}
	rd.MaxChoices = postedNumber(r, "max_choices", 0)
	if day := postedDate(r, "deadline"); !day.IsZero() {
		rd.Deadline = endOfDay(day)
	}
	rd.Weights = domain.PriorityWeights{
		Academic:   postedNumber(r, "weight_academic", 0),
		Interview:  postedNumber(r, "weight_interview", 0),
		SameRegion: postedNumber(r, "weight_same_region", 0),
	}
	return nil
}

// endOfDay is the last second of a calendar day in Kazakhstan, in UTC: a
// deadline on a date means students may rank all of that day.
func endOfDay(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, kazakhstan).UTC()
}

// fillRoundForm adds the choices: the regions (and the whole country for
// the ministry; a regional department's own region only), the closed
// rounds a supplementary round may follow, and the formula in words.
func (h *Web) fillRoundForm(ctx context.Context, v *view, d *roundFormData) error {
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		return err
	}
	selected, _ := strconv.Atoi(d.RegionID)
	u := v.User
	if u != nil && u.Role == domain.RoleRegion {
		d.OwnRegion = pl.regionName(v.Lang, u.RegionID)
		d.RegionID = strconv.Itoa(u.RegionID)
	} else {
		d.National = true
		d.Regions = pl.regionOptions(v.Lang, selected)
	}
	closed, err := h.reg.Rounds(ctx, domain.RoundFilter{Status: domain.RoundClosed, Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil {
		return err
	}
	for _, rd := range closed.Items {
		label := rd.Name + " — " + roundRegion(v, pl, rd.RegionID)
		id := strconv.FormatInt(rd.ID, 10)
		d.Parents = append(d.Parents, option{Value: id, Label: label, Selected: id == d.ParentID})
	}
	d.MinChoices = domain.MinRoundChoices
	w := domain.PriorityWeights{Academic: atoiOr(d.Academic, 0), Interview: atoiOr(d.Interview, 0), SameRegion: atoiOr(d.SameRegion, 0)}
	d.Formula = roundFormula(v, w)
	return nil
}

// atoiOr is the number s holds, or def.
func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// roundFormula is the published priority formula in words, with its
// weights and how ties are broken.
func roundFormula(v *view, w domain.PriorityWeights) string {
	return v.T("web.round.formula", "academic", v.Number(w.Academic), "interview", v.Number(w.Interview),
		"bonus", v.Number(w.SameRegion))
}

// renderRoundForm shows the form of a new round with status.
func (h *Web) renderRoundForm(w http.ResponseWriter, r *http.Request, status int, d roundFormData) {
	v := h.newView(r, "rounds")
	if err := h.fillRoundForm(r.Context(), v, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	v.Title = v.T("web.round.new_title")
	v.Data = d
	h.render(w, r, status, "round_form", v)
}

// roundFormProblem shows the form again with the problem of a refused
// round next to its field, or the error page when the problem is not the
// user's to fix.
func (h *Web) roundFormProblem(w http.ResponseWriter, r *http.Request, err error, d roundFormData) {
	v := h.newView(r, "rounds")
	fe, status, ok := formProblem(v, roundState(v, err), "", roundLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	d.Errors = fe
	h.renderRoundForm(w, r, status, d)
}
