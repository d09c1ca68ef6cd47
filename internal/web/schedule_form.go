package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// scheduleForm is the part of the offer and agreement forms that says when
// the student is at the enterprise: the period, the days of the week and
// the hours a week, kept as typed so a form with an error comes back as the
// user left it.
type scheduleForm struct {
	StartsOn, EndsOn string // YYYY-MM-DD
	Days             []weekdayBox
	HoursPerWeek     string
}

// weekdayBox is one weekday checkbox of the form.
type weekdayBox struct {
	Value, Label string
	Checked      bool
}

// scheduleFormFrom fills the fields with stored values.
func scheduleFormFrom(startsOn, endsOn time.Time, days domain.Weekdays, hoursPerWeek int) scheduleForm {
	return scheduleForm{StartsOn: dateText(startsOn), EndsOn: dateText(endsOn), Days: weekdayBoxes(days),
		HoursPerWeek: strconv.Itoa(hoursPerWeek)}
}

// postedScheduleForm keeps what was posted, to show the form again; a day
// that is not one is left unticked.
func postedScheduleForm(r *http.Request) scheduleForm {
	var days domain.Weekdays
	for _, s := range r.PostForm["weekdays"] {
		if w, err := domain.ParseWeekdays("weekdays", s); err == nil {
			days |= w
		}
	}
	return scheduleForm{StartsOn: postedText(r, "starts_on", 10), EndsOn: postedText(r, "ends_on", 10),
		Days: weekdayBoxes(days), HoursPerWeek: postedText(r, "hours_per_week", 10)}
}

// postedWeekdays reads the ticked days of the week: each an ISO day number,
// 1 (Monday) to 7 (Sunday); anything else is EINVALID naming the field.
func postedWeekdays(r *http.Request) (domain.Weekdays, error) {
	var days domain.Weekdays
	for _, s := range r.PostForm["weekdays"] {
		day, err := domain.ParseWeekdays("weekdays", s)
		if err != nil || len(s) != 1 {
			return 0, domain.Invalid("weekdays", "error.weekdays", "days must be distinct ISO day numbers 1 (Monday) to 7 (Sunday)")
		}
		days |= day
	}
	return days, nil
}

// weekdayBoxes are the seven weekday checkboxes, Monday first, with the days
// of w checked; scheduleOf names them.
func weekdayBoxes(w domain.Weekdays) []weekdayBox {
	boxes := make([]weekdayBox, 7)
	for i := range boxes {
		day := time.Weekday((i + 1) % 7)
		boxes[i] = weekdayBox{Value: strconv.Itoa(i + 1), Checked: w.Has(day)}
	}
	return boxes
}

// dateText is a stored date as a date field holds it; no date is empty.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// scheduleFields is what the "schedule_fields" template shows: the fields
// with their labels and problems in the page's language.
type scheduleFields struct {
	Period                            string
	StartsOn, EndsOn, Weekdays, Hours formField
	Days                              []weekdayBox
	HoursHint                         string
}

// scheduleOf gathers the schedule fields of a form whose texts are the
// catalog keys under keys ("web.offer", "web.agreement"): each form words
// its period and hours its own way.
func scheduleOf(v *view, errs formErrors, s scheduleForm, keys string) scheduleFields {
	field := func(name, label, value string) formField {
		return formField{Name: name, Label: v.T(keys + ".field." + label), Value: value, Error: errs.Of(name)}
	}
	d := scheduleFields{
		Period:    v.T(keys + ".field.period"),
		StartsOn:  field("starts_on", "starts_on", s.StartsOn),
		EndsOn:    field("ends_on", "ends_on", s.EndsOn),
		Weekdays:  field("weekdays", "weekdays", ""),
		Hours:     field("hours_per_week", "hours_per_week", s.HoursPerWeek),
		HoursHint: v.T(keys + ".hours_hint"),
	}
	days := s.Days
	if days == nil {
		days = weekdayBoxes(0)
	}
	for _, b := range days {
		b.Label = v.T(keys + ".day." + b.Value)
		d.Days = append(d.Days, b)
	}
	return d
}
