package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// agreementPDF sends the agreement as a PDF in Kazakh or Russian
// (?lang=kk|ru; without it, the page's language if it is one of them). The
// reader's rights apply as on the page: a masked IIN is printed masked.
// The PDF is made in memory first, so a failure is a clean error page
// rather than a broken file.
func (h *Web) agreementPDF(w http.ResponseWriter, r *http.Request) {
	a, ok := pathRecord(h, w, r, "agreement", h.reg.Agreement)
	if !ok {
		return
	}
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = i18n.FromRequest(r)
	}
	var b bytes.Buffer
	if err := document.AgreementPDF(&b, a, lang); err != nil {
		h.fail(w, r, err)
		return
	}
	name := "agreement-" + strconv.FormatInt(a.ID, 10) + "-" + lang + ".pdf"
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	hd.Set("Content-Length", strconv.Itoa(b.Len()))
	// Personal data: never kept by a shared computer's cache.
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.Write(b.Bytes())
}
