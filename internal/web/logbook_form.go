package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// dayToggle is one day of the week as a big toggle button.
type dayToggle struct {
	Value   string // ISO day number
	Short   string
	Long    string
	Checked bool
}

// competenceOption is one checkbox of a list (a competence).
type competenceOption struct {
	Value, Code, Label string
	Checked            bool
}

// photoView is an attached photo with its address and, on the entry's
// page while the entry can change, where the form that removes it posts.
type photoView struct {
	URL       string
	DeleteURL string
}

// entryFormData is the weekly entry form, kept as typed when it comes back
// with a problem.
type entryFormData struct {
	ID          int64 // 0 for a new entry
	Action      string
	Week        string // the Monday, YYYY-MM-DD
	WeekLabel   string
	Enterprise  string
	Days        []dayToggle
	Hours       string
	HoursHint   string
	Tasks       string
	Competences []competenceOption
	Photos      []photoView
	PhotoSlots  bool // another photo may be attached
	Returned    string
	Errors      formErrors
	// daysTyped: the days come from the posted form, even none, rather
	// than from the agreement's pattern.
	daysTyped bool
}

// entryLabels name the entry form's fields in its messages.
var entryLabels = map[string]string{
	"week_start":  "web.logbook.field.week",
	"days":        "web.logbook.field.days",
	"hours":       "web.logbook.field.hours",
	"tasks":       "web.logbook.field.tasks",
	"competences": "web.logbook.field.competences",
	"photo":       "web.logbook.field.photo",
	"comment":     "web.logbook.field.comment",
}

// entryFormOf fills the form with an entry's values.
func entryFormOf(e domain.LogbookEntry) entryFormData {
	d := entryFormData{ID: e.ID, Week: e.WeekStart.Format(weekParam), Tasks: e.Tasks}
	if e.Hours > 0 {
		d.Hours = strconv.Itoa(e.Hours)
	}
	for _, p := range e.Photos {
		d.Photos = append(d.Photos, photoView{URL: "/photos/" + strconv.FormatInt(p.ID, 10)})
	}
	if e.Status == domain.EntryReturned {
		d.Returned = e.Comment
	}
	return d
}

// readEntry sets the student's values of the form on e. Values that do
// not parse become ones the domain refuses with the field's own message
// (hours "abc" are 0 hours, which are too few).
func readEntry(form url.Values, e *domain.LogbookEntry) error {
	days, err := domain.ParseWeekdays("days", strings.Join(form["days"], ""))
	if err != nil {
		return err
	}
	e.Days = days
	e.Hours, _ = strconv.Atoi(strings.TrimSpace(form.Get("hours")))
	e.Tasks = form.Get("tasks")
	var ids []int64
	for _, s := range form["competences"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return domain.Invalid("competences", "error.entry.competence", "not a competence of the programme")
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	e.Competences = ids
	return nil
}

// parseWeek reads a week given by any of its days as its Monday.
func parseWeek(s string) (time.Time, error) {
	day, err := time.Parse(weekParam, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, domain.Invalid("week_start", "error.entry.week", "the week must be given by its Monday")
	}
	return domain.WeekStart(day), nil
}

// entryFormTyped keeps what was posted, over the stored values of d.
func entryFormTyped(d entryFormData, form url.Values) entryFormData {
	d.Hours = strings.TrimSpace(form.Get("hours"))
	if len(d.Hours) > 10 {
		d.Hours = ""
	}
	d.Tasks = form.Get("tasks")
	d.daysTyped = true
	return d
}

// fillEntryForm adds the choices around the values: the day toggles (the
// days typed, else those of the entry, else the agreement's weekly
// pattern), the programme's competences, the agreement's enterprise.
func (h *Web) fillEntryForm(ctx context.Context, v *view, d *entryFormData, days domain.Weekdays, chosen []int64, studentID int64) error {
	a, ok, err := h.studentAgreement(ctx, studentID)
	if err != nil {
		return err
	}
	if ok {
		d.Enterprise = a.Enterprise.In(v.Lang)
		d.HoursHint = v.T("web.logbook.hours_hint", "n", v.Number(a.HoursPerWeek))
		if days == 0 && !d.daysTyped {
			days = a.Weekdays
		}
		if d.Hours == "" && d.ID == 0 {
			d.Hours = strconv.Itoa(a.HoursPerWeek)
		}
	}
	for i := 1; i <= 7; i++ {
		day := time.Weekday(i % 7)
		n := strconv.Itoa(i)
		d.Days = append(d.Days, dayToggle{Value: n, Short: v.T("web.logbook.day_short." + n), Long: v.T("web.logbook.day." + n),
			Checked: days.Has(day)})
	}
	s, err := h.reg.Student(ctx, studentID)
	if err != nil {
		return err
	}
	comps, err := h.reg.Competences(ctx, s.ProgrammeID)
	if err != nil {
		return err
	}
	for _, c := range comps {
		d.Competences = append(d.Competences, competenceOption{Value: strconv.FormatInt(c.ID, 10), Code: c.Code, Label: c.Name.In(v.Lang),
			Checked: slices.Contains(chosen, c.ID)})
	}
	if monday, err := parseWeek(d.Week); err == nil {
		d.WeekLabel = weekLabel(v, monday)
	}
	d.PhotoSlots = len(d.Photos) < domain.MaxPhotosPerEntry
	if d.ID == 0 {
		d.Action = "/logbook"
	} else {
		d.Action = entryURL(d.ID)
	}
	return nil
}

// renderEntryForm shows the new or edit form with status.
func (h *Web) renderEntryForm(w http.ResponseWriter, r *http.Request, status int, d entryFormData, days domain.Weekdays, chosen []int64) {
	v := h.newView(r, "logbook")
	if err := h.fillEntryForm(r.Context(), v, &d, days, chosen, domain.ActorFrom(r.Context()).User.StudentID); err != nil {
		h.fail(w, r, err)
		return
	}
	v.Title = v.T("web.logbook.form.title", "week", d.WeekLabel)
	v.Data = d
	h.render(w, r, status, "logbook_form", v)
}

// entryLoader gives the entry a posted form changes (a new one for the
// week the form names, or the stored one) and its form.
type entryLoader func(form url.Values) (domain.LogbookEntry, entryFormData, error)

// saveEntry stores a posted entry: the photo's problem first, so that
// nothing is saved with a wrong file; then the entry, the photo, and the
// submission when the student pressed "save and submit". On a problem the
// form comes back as typed, naming the field.
func (h *Web) saveEntry(w http.ResponseWriter, r *http.Request, load entryLoader) {
	ctx := r.Context()
	up, err := readPhotoUpload(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	e, d, err := load(up.form)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	err = readEntry(up.form, &e)
	if err == nil {
		err = up.photoErr
	}
	if err == nil {
		err = h.reg.SaveEntry(ctx, &e)
	}
	if err == nil && up.photo != nil {
		_, err = h.reg.AddPhoto(ctx, e.ID, up.photo)
	}
	submit := up.form.Get("then") == "submit"
	if err == nil && submit {
		err = h.reg.SubmitEntry(ctx, e.ID)
	}
	if err != nil {
		v := h.newView(r, "logbook")
		err = localizeState(v, err)
		fe, status, ok := formProblem(v, err, "", entryLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		if e.ID != 0 && d.ID == 0 {
			// Saved, then refused (the photo, say): the form is the
			// entry's now.
			if stored, err := h.reg.Entry(ctx, e.ID); err == nil {
				d = entryFormOf(stored)
			}
		}
		d = entryFormTyped(d, up.form)
		d.Errors = fe
		h.renderEntryForm(w, r, status, d, e.Days, e.Competences)
		return
	}
	if submit {
		flash(ctx, "web.logbook.flash.submitted")
		http.Redirect(w, r, "/logbook", http.StatusSeeOther)
		return
	}
	flash(ctx, "web.logbook.flash.saved")
	http.Redirect(w, r, entryURL(e.ID), http.StatusSeeOther)
}
