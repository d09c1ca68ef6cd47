package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// agreementFormData is the form that drafts an agreement or changes its
// terms. The values are kept as typed, so a form with an error comes back
// as the user left it.
type agreementFormData struct {
	ID        int64 // 0 while drafting
	Version   int   // the version the editor saw; a stale one is refused
	Action    string
	CancelURL string

	// The student and the enterprise are fixed on the form once chosen.
	StudentID    int64
	Student      string
	StudentFacts string // group and birth date
	EnterpriseID int64
	Enterprise   string

	// The search for the student or the enterprise, before one is
	// chosen (pick is set, pickQ is the search), and the way back to it.
	Picker       *recordPicker
	pick         bool
	pickQ        string
	OtherURL     string
	Mentors      []option
	MentorsNote  string // why the list is empty, if it is
	MentorID     string
	Position     string
	Schedule     scheduleForm
	Stipend      string
	MentorPay    string
	GuardianName string
	// ShowGuardian is set when the student is a minor on the first day
	// (today while no date is typed), or a guardian is named already.
	ShowGuardian bool
	// ClearsApprovals warns that saving a change sends the agreement back
	// for every signature.
	ClearsApprovals bool
	Errors          formErrors

	birth time.Time
}

// recordPicker finds a record by a search (a GET form that comes back
// with the matches) and chooses one (a GET form naming it): the student of
// a new agreement, the enterprise of a new or a moved one.
type recordPicker struct {
	Action, Anchor string
	Hidden         []option // parameters both forms keep: Label is the name
	Param          string   // the search's parameter
	Q              string
	Choice         string // the chosen record's parameter
	Matches        []option
	// The texts, in the page's language.
	SearchLabel, Find, ChoiceLabel, Choose, None string
}

// pickerMatches bounds the records a search offers: a name or a number
// narrows it to a few.
const pickerMatches = 20

// enterprisePicker searches enterprises by name or BIN (?param=) and
// chooses one (?enterprise_id=).
func (h *Web) enterprisePicker(ctx context.Context, v *view, action, param, q string) (*recordPicker, error) {
	p := &recordPicker{Action: action, Param: param, Q: q, Choice: "enterprise_id",
		SearchLabel: v.T("web.agreement.pick.enterprise_search"), Find: v.T("web.agreement.pick.find"),
		ChoiceLabel: v.T("web.agreement.field.enterprise"), Choose: v.T("web.agreement.pick.choose"),
		None: v.T("web.agreement.pick.enterprise_none")}
	if q == "" {
		return p, nil
	}
	list, err := h.reg.Enterprises(ctx, domain.EnterpriseFilter{Query: q, Lang: v.Lang, Page: domain.Page{Size: pickerMatches}})
	if err != nil {
		return nil, err
	}
	for _, e := range list.Items {
		p.Matches = append(p.Matches, option{Value: strconv.FormatInt(e.ID, 10), Label: e.Name.In(v.Lang) + " · " + e.BIN})
	}
	return p, nil
}

// studentPicker searches the students of the reader's scope by the start
// of the name or a whole IIN (?q=) and chooses one (?student=).
func (h *Web) studentPicker(ctx context.Context, v *view, q string) (*recordPicker, error) {
	p := &recordPicker{Action: "/agreements/new", Param: "q", Q: q, Choice: "student",
		SearchLabel: v.T("web.agreement.pick.student_search"), Find: v.T("web.agreement.pick.find"),
		ChoiceLabel: v.T("web.agreement.field.student"), Choose: v.T("web.agreement.pick.choose"),
		None: v.T("web.agreement.pick.student_none")}
	if q == "" {
		return p, nil
	}
	list, err := h.reg.Students(ctx, domain.StudentFilter{Query: q, Page: domain.Page{Size: pickerMatches}})
	if err != nil {
		return nil, err
	}
	for _, s := range list.Items {
		p.Matches = append(p.Matches, option{Value: strconv.FormatInt(s.ID, 10), Label: s.Name.Full() + " · " + s.GroupCode})
	}
	return p, nil
}

// agreementLabels name the form's fields in messages (formProblem).
var agreementLabels = map[string]string{
	"student_id":       "web.agreement.field.student",
	"enterprise_id":    "web.agreement.field.enterprise",
	"mentor_id":        "web.agreement.field.mentor",
	"position":         "web.agreement.field.position",
	"starts_on":        "web.agreement.field.starts_on",
	"ends_on":          "web.agreement.field.ends_on",
	"weekdays":         "web.agreement.field.weekdays",
	"hours_per_week":   "web.agreement.field.hours_per_week",
	"stipend_tenge":    "web.agreement.field.stipend",
	"mentor_pay_tenge": "web.agreement.field.mentor_pay",
	"guardian_name":    "web.agreement.field.guardian",
	"reason":           "web.agreement.field.reason",
	"party":            "web.agreement.field.party",
	"version":          "web.agreement.field.version",
}

// agreementFormFrom fills the form with a stored agreement.
func agreementFormFrom(a domain.Agreement) agreementFormData {
	return agreementFormData{ID: a.ID, Version: a.Version, StudentID: a.StudentID, EnterpriseID: a.EnterpriseID,
		MentorID: idText(a.MentorID), Position: a.Position, Schedule: scheduleFormFrom(a.StartsOn, a.EndsOn, a.Weekdays, a.HoursPerWeek),
		Stipend: strconv.Itoa(a.StipendTenge), MentorPay: strconv.Itoa(a.MentorPay),
		GuardianName: a.GuardianName, ClearsApprovals: a.Status != domain.AgreementDraft, birth: a.StudentBirth}
}

// agreementFormOf keeps what was posted, to show the form again.
func agreementFormOf(r *http.Request) agreementFormData {
	return agreementFormData{MentorID: postedText(r, "mentor_id", 19), Position: clipRunes(postedText(r, "position", 2000), 200),
		Schedule: postedScheduleForm(r), Stipend: postedText(r, "stipend_tenge", 12), MentorPay: postedText(r, "mentor_pay_tenge", 12),
		GuardianName: clipRunes(postedText(r, "guardian_name", 2000), 200)}
}

// readAgreementTerms reads the terms of the posted form. A number or date
// that does not parse is given a value the domain rejects, so the message
// is the domain's own, naming the field and its range.
func readAgreementTerms(r *http.Request) (domain.Terms, error) {
	var t domain.Terms
	var err error
	if t.MentorID, err = formID(r, "mentor_id"); err != nil {
		return t, err
	}
	t.Position = r.PostFormValue("position")
	t.StartsOn = postedDate(r, "starts_on")
	t.EndsOn = postedDate(r, "ends_on")
	if t.Weekdays, err = postedWeekdays(r); err != nil {
		return t, err
	}
	t.HoursPerWeek = postedNumber(r, "hours_per_week", 0)
	t.StipendTenge = postedNumber(r, "stipend_tenge", 0)
	t.MentorPay = postedNumber(r, "mentor_pay_tenge", 0)
	t.GuardianName = r.PostFormValue("guardian_name")
	return t, nil
}

// fillAgreementForm adds what the form shows besides the values: the
// student and the enterprise by name, the enterprise's mentors with their
// trainees against the policy maximum, and whether the guardian signs.
func (h *Web) fillAgreementForm(ctx context.Context, v *view, d *agreementFormData) error {
	s, err := h.reg.Student(ctx, d.StudentID)
	if err != nil {
		return err
	}
	d.Student = s.Name.Full()
	d.StudentFacts = v.T("web.agreement.student_facts", "group", s.GroupCode, "born", v.Date(s.BirthDate))
	if s.Masked {
		d.StudentFacts = v.T("web.agreement.student_facts", "group", s.GroupCode, "born", strconv.Itoa(s.BirthDate.Year()))
	}
	if d.birth.IsZero() {
		d.birth = s.BirthDate
	}
	if d.pick {
		p, err := h.enterprisePicker(ctx, v, "/agreements/new", "q", d.pickQ)
		if err != nil {
			return err
		}
		p.Hidden = []option{{Label: "student", Value: strconv.FormatInt(d.StudentID, 10)}}
		d.Picker = p
	}
	if d.EnterpriseID != 0 && d.ID == 0 && v.User != nil && v.User.Role != domain.RoleEnterprise {
		d.OtherURL = "/agreements/new?student=" + strconv.FormatInt(d.StudentID, 10)
	}
	if d.EnterpriseID != 0 {
		e, err := h.reg.Enterprise(ctx, d.EnterpriseID)
		if err != nil {
			return unknownRef(err, "enterprise_id", "error.enterprise.unknown")
		}
		d.Enterprise = e.Name.In(v.Lang)
		if err := h.mentorOptions(ctx, v, d.EnterpriseID, d.MentorID, &d.Mentors); err != nil {
			return err
		}
		if len(d.Mentors) == 0 {
			d.MentorsNote = v.T("web.agreement.no_mentors")
		}
	}
	first, err := time.Parse(time.DateOnly, d.Schedule.StartsOn)
	if err != nil {
		first = h.logbookToday()
	}
	d.ShowGuardian = d.GuardianName != "" || d.Errors.Has("guardian_name") ||
		!d.birth.IsZero() && domain.Minor(d.birth, first)
	return nil
}

// mentorOptions lists an enterprise's mentors as options, each with its
// trainees against the policy maximum; the chosen one stays listed.
func (h *Web) mentorOptions(ctx context.Context, v *view, enterpriseID int64, selected string, opts *[]option) error {
	list, err := h.reg.Mentors(ctx, domain.MentorFilter{EnterpriseID: enterpriseID, Page: domain.Page{Size: domain.MaxPageSize}})
	if err != nil {
		return err
	}
	max, err := h.mentorCapacity(ctx)
	if err != nil {
		return err
	}
	*opts = []option{}
	for _, m := range list.Items {
		id := strconv.FormatInt(m.ID, 10)
		label := v.T("web.agreement.mentor_option", "name", m.Name, "trainees", v.Number(m.Trainees), "max", v.Number(max))
		if m.Position != "" {
			label = m.Position + ": " + label
		}
		*opts = append(*opts, option{Value: id, Label: label, Selected: id == selected})
	}
	sortByLabel(v.Lang, *opts)
	if id, err := strconv.ParseInt(selected, 10, 64); err == nil && id > 0 && !containsValue(*opts, selected) {
		if m, err := h.reg.Mentor(ctx, id); err == nil {
			*opts = append([]option{{Value: selected, Label: m.Name, Selected: true}}, *opts...)
		}
	}
	return nil
}

// renderAgreementForm shows the drafting or editing form with status.
func (h *Web) renderAgreementForm(w http.ResponseWriter, r *http.Request, status int, d agreementFormData) {
	v := h.newView(r, "agreements")
	if err := h.fillAgreementForm(r.Context(), v, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.ID == 0 {
		d.Action, d.CancelURL = "/agreements", "/students/"+strconv.FormatInt(d.StudentID, 10)
		v.Title = v.T("web.agreement.new.title")
	} else {
		d.Action = agreementURL(d.ID)
		d.CancelURL = d.Action
		v.Title = v.T("web.agreement.edit.title", "n", strconv.FormatInt(d.ID, 10))
	}
	v.Data = d
	h.render(w, r, status, "agreement_form", v)
}

// agreementFormProblem shows the form again with the problem of a failed
// save next to its field, or the error page when the problem is not the
// user's to fix.
func (h *Web) agreementFormProblem(w http.ResponseWriter, r *http.Request, err error, d agreementFormData) {
	v := h.newView(r, "agreements")
	fe, status, ok := formProblem(v, agreementStateNamed(v, err), "", agreementLabels)
	if !ok {
		h.fail(w, r, err)
		return
	}
	d.Errors = fe
	h.renderAgreementForm(w, r, status, d)
}

// agreementStateNamed names the state in a refusal ("not while the
// agreement is «completed»") in the page's language rather than as stored.
func agreementStateNamed(v *view, err error) error {
	e := domain.AsError(err)
	if s, ok := e.Params["status"]; ok && e.Key == "error.agreement.state" {
		return e.With("status", v.T("web.agreement.status."+s))
	}
	return err
}
