package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// competenceRow is one competence of the programme with its latest level.
type competenceRow struct {
	Code, Name string
	Level      int    // 0 when not assessed yet
	LevelText  string // "3 of 5"
	At, By     string
	Comment    string
}

// assessmentRow is one assessment of the history, newest first.
type assessmentRow struct {
	Competence string
	Level      int
	Comment    string
	At, By     string
}

// finalRow is one recorded final assessment.
type finalRow struct {
	Grade     int
	GradeText string
	Comment   string
	At, By    string
}

// entryRow is one week of the logbook summary.
type entryRow struct {
	WeekLabel string
	Badge     entryStateBadge
	Hours     string
	URL       string
}

type trainingData struct {
	StudentID        int64
	Name, StudentURL string
	College, Group   string
	Agreement        *logbookAgreement
	Hours            *hoursBar
	TotalText        string
	WeeksText        string
	Missing          []string
	Attention        []attentionBadge
	NoAgreement      bool

	// The logbook, for readers of entries.
	ShowLogbook bool
	Counts      []entryCount
	Entries     []entryRow

	Competences []competenceRow
	History     []assessmentRow

	// The mentor's assessment form.
	AssessURL     string
	AssessOptions []option
	Levels        []option
	AssessComment string
	AssessErrors  formErrors

	// Admission to the final assessment.
	Admitted      bool
	AdmissionNone bool
	AdmissionGaps []string // weeks gone by without a signed entry
	// AdmissionAhead counts the weeks still to come, missing too while
	// the agreement runs.
	AdmissionAhead int

	Finals []finalRow
	// The college's final assessment form.
	FinalURL     string
	Grades       []option
	FinalComment string
	FinalErrors  formErrors
}

// entryCount is how many weeks of the logbook are in one state.
type entryCount struct {
	Badge entryStateBadge
	N     int
}

// trainingShow is one student's dual training: signed hours against the
// plan to date and in total with the weeks missing, the logbook summary,
// the competence assessments (the mentor assesses here), admission to the
// final assessment and, for the college, the form that records it.
func (h *Web) trainingShow(w http.ResponseWriter, r *http.Request) {
	h.renderTraining(w, r, http.StatusOK, trainingData{})
}

// renderTraining fills in the training page around the forms' state in d.
func (h *Web) renderTraining(w http.ResponseWriter, r *http.Request, status int, d trainingData) {
	ctx := r.Context()
	v := h.newView(r, "training")
	role := domain.ActorFrom(ctx).Role()
	s, ok := pathRecord(h, w, r, "student", h.reg.Student)
	if !ok {
		return
	}
	d.StudentID, d.Name, d.College, d.Group = s.ID, s.Name.Full(), s.College.In(v.Lang), s.GroupCode
	if auth.Allowed(role, auth.ReadStudents) {
		d.StudentURL = "/students/" + strconv.FormatInt(s.ID, 10)
	}
	today := h.logbookToday()
	a, ok, err := h.studentAgreement(ctx, s.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.NoAgreement = !ok
	if ok {
		d.Agreement = logbookAgreementOf(v, a)
	}
	// Hours count once an agreement is in force: an agreement awaiting
	// signatures has no progress yet.
	if ok && a.Status != domain.AgreementDraft && a.Status != domain.AgreementAwaiting {
		p, err := h.reg.Progress(ctx, s.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		hv := hoursOf(v, p)
		d.Hours = &hv
		d.TotalText = v.T("web.logbook.plan_total", "n", v.Number(p.PlannedTotal))
		d.WeeksText = v.T("web.training.weeks", "signed", v.Number(p.WeeksSigned), "past", v.Number(p.WeeksPast))
		d.Missing = weekLabels(v, p.MissingWeeks)
		d.Attention = attentionBadges(v, p, today)
	}
	if auth.Allowed(role, auth.ReadLogbook) {
		d.ShowLogbook = true
		entries, err := h.allEntries(ctx, domain.EntryFilter{StudentID: s.ID, CurrentOnly: true})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		counts := map[domain.EntryStatus]int{}
		for _, e := range entries {
			counts[e.Status]++
			d.Entries = append(d.Entries, entryRow{WeekLabel: weekLabel(v, e.WeekStart), Badge: entryBadge(v, entryState(e.Status)),
				Hours: v.T("web.logbook.hours", "n", v.Number(e.Hours)), URL: entryURL(e.ID)})
		}
		for _, st := range []domain.EntryStatus{domain.EntrySigned, domain.EntrySubmitted, domain.EntryReturned, domain.EntryDraft} {
			d.Counts = append(d.Counts, entryCount{Badge: entryBadge(v, entryState(st)), N: counts[st]})
		}
		d.Counts = append(d.Counts, entryCount{Badge: entryBadge(v, stateMissing), N: len(d.Missing)})
	}

	comps, err := h.reg.Competences(ctx, s.ProgrammeID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	history, err := h.reg.Assessments(ctx, s.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range comps {
		row := competenceRow{Code: c.Code, Name: c.Name.In(v.Lang)}
		// History is newest first: the first assessment found counts.
		if i := slices.IndexFunc(history, func(x domain.CompetenceAssessment) bool { return x.CompetenceID == c.ID }); i >= 0 {
			x := history[i]
			row.Level, row.At, row.By, row.Comment = x.Level, v.Time(x.At), x.AssessedBy, x.Comment
			row.LevelText = v.T("web.training.level_of", "n", strconv.Itoa(x.Level), "max", strconv.Itoa(domain.MaxCompetenceLevel))
		}
		d.Competences = append(d.Competences, row)
	}
	for _, x := range history {
		d.History = append(d.History, assessmentRow{Competence: x.Competence.In(v.Lang), Level: x.Level, Comment: x.Comment,
			At: v.Time(x.At), By: x.AssessedBy})
	}
	if auth.Allowed(role, auth.SignLogbook) && ok && a.Status == domain.AgreementActive {
		d.AssessURL = "/students/" + strconv.FormatInt(s.ID, 10) + "/assessments"
		chosen := r.PostFormValue("competence_id")
		for _, c := range comps {
			cid := strconv.FormatInt(c.ID, 10)
			d.AssessOptions = append(d.AssessOptions, option{Value: cid, Label: c.Code + " " + c.Name.In(v.Lang), Selected: cid == chosen})
		}
		level := r.PostFormValue("level")
		for n := domain.MinCompetenceLevel; n <= domain.MaxCompetenceLevel; n++ {
			l := strconv.Itoa(n)
			d.Levels = append(d.Levels, option{Value: l, Label: v.T("web.training.level." + l), Selected: l == level})
		}
	}

	adm, err := h.reg.Admission(ctx, s.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Admitted, d.AdmissionNone = adm.Admitted, adm.NoAgreement
	// While the agreement runs, the weeks ahead are missing too: those
	// gone by are listed, the rest counted.
	for _, w := range adm.MissingWeeks {
		if w.AddDate(0, 0, 6).Before(today) {
			d.AdmissionGaps = append(d.AdmissionGaps, weekLabel(v, w))
		} else {
			d.AdmissionAhead++
		}
	}
	finals, err := h.reg.FinalAssessments(ctx, s.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, f := range finals {
		d.Finals = append(d.Finals, finalRow{Grade: f.Grade, GradeText: v.T("web.training.grade." + strconv.Itoa(f.Grade)),
			Comment: f.Comment, At: v.Time(f.At), By: f.RecordedBy})
	}
	if auth.Allowed(role, auth.RecordFinalAssessment) {
		d.FinalURL = "/students/" + strconv.FormatInt(s.ID, 10) + "/final-assessment"
		grade := r.PostFormValue("grade")
		for n := domain.MaxGrade; n >= domain.MinGrade; n-- {
			g := strconv.Itoa(n)
			d.Grades = append(d.Grades, option{Value: g, Label: v.T("web.training.grade." + g), Selected: g == grade})
		}
	}
	v.Title = v.T("web.training.title", "name", d.Name)
	v.Data = d
	h.render(w, r, status, "training_show", v)
}
