package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// settingField is one policy setting of the form.
type settingField struct {
	Name, Label, Hint string
	Value             string
	Min, Max          int
	Error             string
}

type settingsData struct {
	Fields []settingField
	Errors formErrors
}

// settingNames are the form's fields in the order shown, with their
// bounds (as domain.DualSettings.Validate checks them).
var settingNames = []struct {
	name     string
	min, max int
	get      func(*domain.DualSettings) *int
}{
	{"max_trainees_per_mentor", 1, 100, func(s *domain.DualSettings) *int { return &s.MaxTraineesPerMentor }},
	{"behind_plan_percent", 1, 100, func(s *domain.DualSettings) *int { return &s.BehindPlanPercent }},
	{"missing_weeks", 1, 52, func(s *domain.DualSettings) *int { return &s.MissingWeeks }},
	{"unsigned_days", 1, 365, func(s *domain.DualSettings) *int { return &s.UnsignedDays }},
	{"mentor_inactive_days", 1, 365, func(s *domain.DualSettings) *int { return &s.MentorInactiveDays }},
}

// settingsLabels name the settings in the form's messages.
var settingsLabels = func() map[string]string {
	m := map[string]string{}
	for _, s := range settingNames {
		m[s.name] = "web.settings.field." + s.name
	}
	return m
}()

// settingsDual shows the policy settings of dual training in force.
func (h *Web) settingsDual(w http.ResponseWriter, r *http.Request) {
	s, err := h.reg.DualSettings(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	values := map[string]string{}
	for _, f := range settingNames {
		values[f.name] = strconv.Itoa(*f.get(&s))
	}
	h.renderSettings(w, r, http.StatusOK, values, formErrors{})
}

// settingsDualUpdate changes the policy settings. A value out of its range
// (or not a whole number) comes back on the form, naming the setting and
// its bounds.
func (h *Web) settingsDualUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	var s domain.DualSettings
	values := map[string]string{}
	for _, f := range settingNames {
		typed := strings.TrimSpace(r.PostFormValue(f.name))
		values[f.name] = typed
		// Not a whole number is out of every range: the domain says
		// which range.
		*f.get(&s), _ = strconv.Atoi(typed)
	}
	if err := h.reg.UpdateDualSettings(r.Context(), s); err != nil {
		fe, status, ok := formProblem(h.newView(r, "settings"), err, "", settingsLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		h.renderSettings(w, r, status, values, fe)
		return
	}
	flash(r.Context(), "web.settings.flash.saved")
	http.Redirect(w, r, "/settings/dual", http.StatusSeeOther)
}

func (h *Web) renderSettings(w http.ResponseWriter, r *http.Request, status int, values map[string]string, fe formErrors) {
	v := h.newView(r, "settings")
	d := settingsData{Errors: fe}
	for _, f := range settingNames {
		if len(values[f.name]) > 12 {
			values[f.name] = ""
		}
		d.Fields = append(d.Fields, settingField{Name: f.name, Label: v.T("web.settings.field." + f.name),
			Hint:  v.T("web.settings.hint."+f.name, "min", v.Number(f.min), "max", v.Number(f.max)),
			Value: values[f.name], Min: f.min, Max: f.max, Error: fe.Of(f.name)})
	}
	v.Title = v.T("web.settings.title")
	v.Data = d
	h.render(w, r, status, "settings_dual", v)
}
