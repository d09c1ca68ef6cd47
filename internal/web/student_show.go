package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type studentShowData struct {
	Name, IIN string
	BirthYear int
	// Personal is set when the reader may see personal data: the full IIN,
	// the birth date and the phone. Otherwise IIN is masked to its last
	// four digits and only the year of birth is known.
	Personal                         bool
	BirthDate, Phone                 string
	College, CollegeURL              string
	Group, GroupURL                  string
	SpecialtyCode, Specialty         string
	QualificationCode, Qualification string
	Funding, Status, EnrolledOn      string
	Dual                             bool
	Enterprise, EnterpriseURL        string
	// Graduate is the student's employment after graduation, for a
	// graduate (graduate_show.go).
	Graduate *graduateView
}

// studentShow shows a student within the reader's scope (another is not
// found). Personal data is shown only to roles that work with the person
// (auth.ReadStudentPersonal); the access layer masks it for the others: the
// IIN to its last four digits, the year of birth rather than the date, and
// no phone.
func (h *Web) studentShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "students")
	s, ok := pathRecord(h, w, r, "student", h.reg.Student)
	if !ok {
		return
	}
	// The programme gives the specialty and qualification codes, which the
	// student row does not carry.
	p, err := h.reg.Programme(ctx, s.ProgrammeID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := studentShowData{
		Name:              s.Name.Full(),
		IIN:               s.IIN,
		BirthYear:         s.BirthDate.Year(),
		Personal:          !s.Masked,
		College:           s.College.In(v.Lang),
		CollegeURL:        "/colleges/" + strconv.FormatInt(s.CollegeID, 10),
		Group:             s.GroupCode,
		GroupURL:          "/students?group_id=" + strconv.FormatInt(s.GroupID, 10),
		SpecialtyCode:     p.SpecialtyCode,
		Specialty:         s.Specialty.In(v.Lang),
		QualificationCode: p.QualificationCode,
		Qualification:     s.Qualification.In(v.Lang),
		Funding:           v.T("web.funding." + s.Funding),
		Status:            v.T("web.status." + s.Status),
		EnrolledOn:        v.Date(s.EnrolledOn),
		Dual:              s.Dual,
	}
	if d.Personal {
		d.BirthDate, d.Phone = v.Date(s.BirthDate), s.Phone
	}
	if s.EnterpriseID != 0 {
		d.Enterprise = s.Enterprise.In(v.Lang)
		d.EnterpriseURL = "/enterprises/" + strconv.FormatInt(s.EnterpriseID, 10)
	}
	if s.Status == domain.StatusGraduated {
		if d.Graduate, err = h.graduateView(ctx, v, s.ID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	v.Title = d.Name
	v.Data = d
	h.render(w, r, http.StatusOK, "student_show", v)
}
