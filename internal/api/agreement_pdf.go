package api

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// agreementPDF answers GET /api/v1/agreements/{id}/pdf: the agreement as
// a PDF in Kazakh or Russian, the languages of official documents. lang
// chooses; without it the request's language does when it is one of the
// two, else Kazakh. The reader gets the agreement as they may see it: a
// masked IIN stays masked on paper too.
func (a *API) agreementPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "agreement")
	if err != nil {
		return err
	}
	lang := r.URL.Query().Get("lang")
	switch {
	case lang == "":
		lang = i18n.FromRequest(r)
		if !slices.Contains(document.Languages, lang) {
			lang = document.Languages[0]
		}
	case !slices.Contains(document.Languages, lang):
		return domain.Invalid("lang", "error.api.pdf_lang", "the agreement is printed in Kazakh (kk) or Russian (ru)")
	}
	ag, err := a.reg.Agreement(r.Context(), id)
	if err != nil {
		return err
	}
	// Rendered whole before anything is sent, so a failure is still a
	// clean error answer.
	var buf bytes.Buffer
	if err := document.AgreementPDF(&buf, ag, lang); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Content-Disposition", `inline; filename="agreement-`+strconv.FormatInt(id, 10)+`-`+lang+`.pdf"`)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}
