package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// mentorTraineeRow is one live agreement naming the mentor.
type mentorTraineeRow struct {
	URL, Student, Status, Period string
}

type mentorShowData struct {
	Mentor                    domain.Mentor
	Enterprise, EnterpriseURL string
	Experience, Pay           string
	Trainees                  string // "3 of 10"
	Full                      bool
	EditURL                   string
	// Phone is shown to those who work with people directly (the policy's
	// students.personal), as a trainee's contacts are.
	Phone  string
	UserID string
	// TraineeRows are listed for readers of agreements: the agreements
	// naming the mentor that await signatures or are active.
	TraineeRows  []mentorTraineeRow
	ShowTrainees bool
}

// mentorShow shows a mentor: position, qualification, experience, pay per
// trainee, the trainees against the policy maximum and, for readers of
// agreements, who they are.
func (h *Web) mentorShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "mentors")
	m, ok := pathRecord(h, w, r, "mentor", h.reg.Mentor)
	if !ok {
		return
	}
	max, err := h.mentorCapacity(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := mentorShowData{
		Mentor:        m,
		Enterprise:    m.Enterprise.In(v.Lang),
		EnterpriseURL: "/enterprises/" + strconv.FormatInt(m.EnterpriseID, 10),
		Experience:    v.Plural("web.mentor.years", m.ExperienceYears),
		Pay:           v.T("web.mentor.tenge", "amount", v.Number(m.PayPerTrainee)),
		Trainees:      v.T("web.mentor.trainees_of", "n", v.Number(m.Trainees), "max", v.Number(max)),
		Full:          m.Trainees >= max,
		UserID:        idText(m.UserID),
	}
	if v.Can(string(auth.ReadStudentPersonal)) {
		d.Phone = m.Phone
	}
	if v.Can(string(auth.ManageMentors)) {
		d.EditURL = "/mentors/" + strconv.FormatInt(m.ID, 10) + "/edit"
	}
	if v.Can(string(auth.ReadAgreements)) {
		d.ShowTrainees = true
		list, err := h.reg.Agreements(ctx, domain.AgreementFilter{MentorID: m.ID, Page: domain.Page{Size: domain.MaxPageSize}})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, a := range list.Items {
			// The trainees the policy maximum counts: a draft is not yet
			// the mentor's.
			if a.Status != domain.AgreementAwaiting && a.Status != domain.AgreementActive {
				continue
			}
			d.TraineeRows = append(d.TraineeRows, mentorTraineeRow{
				URL:     "/agreements/" + strconv.FormatInt(a.ID, 10),
				Student: a.Student.Full(),
				Status:  v.T("web.mentor.agreement_status." + string(a.Status)),
				Period:  v.Date(a.StartsOn) + " – " + v.Date(a.EndsOn),
			})
		}
	}
	v.Title = m.Name
	v.Data = d
	h.render(w, r, http.StatusOK, "mentor_show", v)
}
