package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// mentorExport downloads the mentors of the list's filter, by name, as CSV
// or XLSX (?format=). The phone is in the file of those who see it on the
// mentor's page (students.personal).
func (h *Web) mentorExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "mentors")
	f, _, err := h.mentorFilter(ctx, newQuery(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	columns := []column[domain.Mentor]{
		{"web.mentor.field.name", func(m domain.Mentor) cell { return cellText(m.Name) }},
		{"web.mentor.field.position", func(m domain.Mentor) cell { return cellText(m.Position) }},
		{"web.mentor.field.qualification", func(m domain.Mentor) cell { return cellText(m.Qualification) }},
		{"web.export.experience_years", func(m domain.Mentor) cell { return cellNumber(m.ExperienceYears) }},
		{"web.export.pay_tenge", func(m domain.Mentor) cell { return cellNumber(m.PayPerTrainee) }},
		{"web.mentor.trainees", func(m domain.Mentor) cell { return cellNumber(m.Trainees) }},
		{"web.field.enterprise", func(m domain.Mentor) cell { return cellText(m.Enterprise.In(v.Lang)) }},
	}
	if v.Can(string(auth.ReadStudentPersonal)) {
		columns = append(columns, column[domain.Mentor]{"web.field.phone", func(m domain.Mentor) cell { return cellText(m.Phone) }})
	}
	serveExport(h, w, r, v, export[domain.Mentor]{
		name:    "mentors",
		title:   "web.mentors.title",
		columns: columns,
		each:    func(ctx context.Context, fn func(domain.Mentor) error) error { return h.reg.EachMentor(ctx, f, fn) },
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			return listTotal(h.reg.Mentors(ctx, g))
		},
	})
}
