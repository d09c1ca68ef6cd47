package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/auth"
)

// myData is everything dualtrack holds about a student, for the student:
// the account, the full student record, and the recorded changes to it.
type myData struct {
	Account user         `json:"account"`
	Student student      `json:"student"`
	Changes []auditEntry `json:"changes"`
}

// exportMe answers GET /api/v1/me/export. The access layer records the
// download in the audit log.
func (a *API) exportMe(w http.ResponseWriter, r *http.Request) error {
	ex, err := a.reg.ExportMyData(r.Context())
	if err != nil {
		return err
	}
	out := myData{Account: userOf(ex.Account), Student: studentOf(ex.Student, mayReadPersonal(r, auth.ReadStudentPersonal)),
		Changes: make([]auditEntry, 0, len(ex.Audit))}
	for _, e := range ex.Audit {
		out.Changes = append(out.Changes, auditEntryOf(e))
	}
	// A browser that opens the URL saves the file instead of showing it.
	w.Header().Set("Content-Disposition", `attachment; filename="dualtrack-my-data.json"`)
	writeJSON(w, r, http.StatusOK, out)
	return nil
}
