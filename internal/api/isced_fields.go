package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// iscedField is a field of education of ISCED-F 2013: broad (2 digits),
// narrow (3) or detailed (4). Only English names are published.
type iscedField struct {
	Code       string  `json:"code"`
	Level      string  `json:"level"`
	Name       names   `json:"name"`
	ParentCode *string `json:"parent_code"` // null for a broad field
}

func iscedFieldOf(f domain.ISCEDField) iscedField {
	return iscedField{Code: f.Code, Level: f.Level, Name: namesOf(f.Name), ParentCode: optionalString(f.ParentCode)}
}

// listISCEDFields answers GET /api/v1/isced-fields, by code.
func (a *API) listISCEDFields(w http.ResponseWriter, r *http.Request) error {
	fields, err := a.reg.ISCEDFields(r.Context())
	if err != nil {
		return err
	}
	writeCollection(w, r, fields, iscedFieldOf)
	return nil
}
