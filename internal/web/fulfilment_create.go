package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// maxEvidenceUpload bounds the body of a report with its evidence file; a
// file over the limit is still read to its end (and refused by its size,
// with the form kept as typed) unless the body is larger than this.
const maxEvidenceUpload = 2 * domain.MaxEvidenceBytes

// fulfilmentCreate records a delivery the enterprise reports against one
// of its commitments, with the document that proves it and optionally the
// file. A problem comes back on the memorandum's page with the form as
// typed.
func (h *Web) fulfilmentCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, ok := pathRecord(h, w, r, "memorandum", h.reg.Memorandum)
	if !ok {
		return
	}
	form, ev, evErr := readEvidenceUpload(w, r)
	if form == nil {
		h.fail(w, r, evErr)
		return
	}
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	commitmentID, _ := strconv.ParseInt(get("commitment_id"), 10, 64)
	quantity, err := strconv.Atoi(get("quantity"))
	if err != nil {
		quantity = -1
	}
	f := domain.Fulfilment{MemorandumID: m.ID, CommitmentID: commitmentID, Quantity: quantity, Value: postedTenge(get("value")),
		Document: get("document"), Description: get("description")}
	f.DeliveredOn, _ = time.Parse(time.DateOnly, get("delivered_on")) // the zero time: "a date is required"
	err = evErr
	if err == nil {
		err = h.reg.ReportFulfilment(ctx, &f, ev)
	}
	if err != nil {
		v := h.newView(r, "patronage")
		fe, status, ok := formProblem(v, err, "", reportLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		typed := &reportForm{Quantity: get("quantity"), Value: get("value"), Date: get("delivered_on"), Document: get("document"),
			Description: get("description"), Errors: fe, Commitments: []option{{Value: get("commitment_id")}}}
		h.renderMemorandum(w, r, status, m, typed, "")
		return
	}
	flash(ctx, "web.fulfilment.flash.reported")
	http.Redirect(w, r, memorandumURL(m.ID)+"#commitment-"+strconv.FormatInt(f.CommitmentID, 10), http.StatusSeeOther)
}

// readEvidenceUpload reads the report's form, multipart with an optional
// file "evidence" or urlencoded without one. The file's problem (too
// large) is returned with the fields so that nothing typed is lost; a
// form that cannot be read at all returns nil fields.
func readEvidenceUpload(w http.ResponseWriter, r *http.Request) (url.Values, *domain.Evidence, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := parseForm(w, r); err != nil {
			return nil, nil, err
		}
		return r.PostForm, nil, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxEvidenceUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, domain.Invalid("form", "error.form", "the form could not be read")
	}
	form := url.Values{}
	var ev *domain.Evidence
	var evErr error
	fieldBytes := 0
	tooLarge := domain.Invalid("evidence", "error.evidence.size", "the file is too large").
		With("max", strconv.Itoa(domain.MaxEvidenceBytes>>20))
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return form, ev, evErr
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return form, nil, tooLarge
		}
		if err != nil {
			return nil, nil, domain.Invalid("form", "error.form", "the form could not be read")
		}
		name := part.FormName()
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, int64(maxForm-fieldBytes+1)))
			fieldBytes += len(b)
			if err != nil || fieldBytes > maxForm {
				return nil, nil, domain.Invalid("form", "error.form", "the form could not be read")
			}
			form.Add(name, string(b))
			continue
		}
		if name != "evidence" || ev != nil || evErr != nil {
			io.Copy(io.Discard, part)
			continue
		}
		var buf bytes.Buffer
		n, err := io.Copy(&buf, io.LimitReader(part, domain.MaxEvidenceBytes+1))
		switch {
		case errors.As(err, &tooBig):
			return form, nil, tooLarge
		case err != nil:
			return nil, nil, domain.Invalid("form", "error.form", "the form could not be read")
		case n > domain.MaxEvidenceBytes:
			io.Copy(io.Discard, part)
			evErr = tooLarge
		case n > 0:
			ev = &domain.Evidence{Name: path.Base(strings.ReplaceAll(part.FileName(), `\`, "/")), Data: buf.Bytes()}
		}
	}
}
