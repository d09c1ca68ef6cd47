package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"

	"github.com/dualtrack/dualtrack/internal/auth"
)

// myData is everything dualtrack holds about a student, for the student:
// the account, the full student record, the recorded changes to it, and
// the whole of their dual training.
type myData struct {
	Account          user              `json:"account"`
	Student          student           `json:"student"`
	Changes          []auditEntry      `json:"changes"`
	Applications     []application     `json:"applications"`
	Agreements       []agreement       `json:"agreements"`
	PartyChanges     []partyChange     `json:"party_changes"`
	Logbook          []entry           `json:"logbook"`
	Assessments      []assessment      `json:"assessments"`
	FinalAssessments []finalAssessment `json:"final_assessments"`
}

// mapAll maps a slice to the API's types, never nil.
func mapAll[T, R any](items []T, of func(T) R) []R {
	out := make([]R, 0, len(items))
	for _, it := range items {
		out = append(out, of(it))
	}
	return out
}

// exportMe answers GET /api/v1/me/export. The access layer records the
// download in the audit log.
func (a *API) exportMe(w http.ResponseWriter, r *http.Request) error {
	ex, err := a.reg.ExportMyData(r.Context())
	if err != nil {
		return err
	}
	personal := mayReadPersonal(r, auth.ReadStudentPersonal)
	out := myData{Account: userOf(ex.Account), Student: studentOf(ex.Student, personal),
		Changes:          mapAll(ex.Audit, auditEntryOf),
		Applications:     mapAll(ex.Applications, applicationOf),
		Agreements:       mapAll(ex.Agreements, func(a domain.Agreement) agreement { return agreementOf(a, personal) }),
		PartyChanges:     mapAll(ex.PartyChanges, partyChangeOf),
		Logbook:          mapAll(ex.Entries, entryOf),
		Assessments:      mapAll(ex.Assessments, assessmentOf),
		FinalAssessments: mapAll(ex.FinalAssessments, finalAssessmentOf)}
	// A browser that opens the URL saves the file instead of showing it.
	w.Header().Set("Content-Disposition", `attachment; filename="dualtrack-my-data.json"`)
	writeJSON(w, r, http.StatusOK, out)
	return nil
}
