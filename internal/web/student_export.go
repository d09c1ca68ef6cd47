package web

import (
	"context"
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// studentExport downloads the students of the list's filter, in its order,
// as CSV or XLSX (?format=): more of each student than the page shows.
// The access layer masks the IIN for roles without students.personal, as
// on the page; their file has no birth date or phone column at all.
func (h *Web) studentExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "students")
	pl, err := h.loadPlaces(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, _, err := h.studentFilter(ctx, newQuery(r), pl)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	columns := []column[domain.Student]{
		{"web.field.iin", func(s domain.Student) cell { return cellCode(s.IIN) }},
		{"web.field.full_name", func(s domain.Student) cell { return cellText(s.Name.Full()) }},
	}
	if v.Can(string(auth.ReadStudentPersonal)) {
		columns = append(columns,
			column[domain.Student]{"web.field.birth_date", func(s domain.Student) cell {
				if s.Masked {
					return cell{}
				}
				return cellDate(s.BirthDate)
			}},
			column[domain.Student]{"web.field.phone", func(s domain.Student) cell { return cellText(s.Phone) }})
	}
	columns = append(columns, []column[domain.Student]{
		{"web.field.college", func(s domain.Student) cell { return cellText(s.College.In(v.Lang)) }},
		{"web.field.group", func(s domain.Student) cell { return cellText(s.GroupCode) }},
		{"web.field.specialty", func(s domain.Student) cell { return cellText(s.Specialty.In(v.Lang)) }},
		{"web.field.qualification", func(s domain.Student) cell { return cellText(s.Qualification.In(v.Lang)) }},
		{"web.field.funding", func(s domain.Student) cell { return cellText(v.T("web.funding." + s.Funding)) }},
		{"web.field.status", func(s domain.Student) cell { return cellText(v.T("web.status." + s.Status)) }},
		{"web.field.enrolled_on", func(s domain.Student) cell { return cellDate(s.EnrolledOn) }},
		{"web.field.dual", func(s domain.Student) cell { return cellYesNo(v, s.Dual) }},
		{"web.field.enterprise", func(s domain.Student) cell { return cellText(s.Enterprise.In(v.Lang)) }},
		{"web.export.academic_average", func(s domain.Student) cell {
			if s.AcademicAverage == 0 {
				return cell{} // not recorded
			}
			return cellNumber(s.AcademicAverage)
		}},
	}...)
	serveExport(h, w, r, v, export[domain.Student]{
		name:    "students",
		title:   "web.students.title",
		columns: columns,
		each:    func(ctx context.Context, fn func(domain.Student) error) error { return h.reg.EachStudent(ctx, f, fn) },
		count: func(ctx context.Context) (int, error) {
			g := f
			g.Page = domain.Page{Size: 1}
			return listTotal(h.reg.Students(ctx, g))
		},
	})
}
