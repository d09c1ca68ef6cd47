package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/importer"
)

// Uploads. A college's list is well under a megabyte and a region's
// largest a few tens of megabytes; 100 MB takes it with room to spare. A
// national list goes through the command line (dualtrack import), on the
// server itself.
const (
	maxImportBytes = 100 << 20
	maxImportMB    = "100"
	// importDrainBytes: a file over the limit is still read to its end, up
	// to this much, so that the browser gets the answer that says so (a
	// server that stops reading shows as a broken connection instead).
	importDrainBytes = 2*maxImportBytes + maxForm
	// importUploadTime is how long an upload may take to arrive, instead of
	// the server's 30 s for a request: 100 MB over 2 Mbit/s takes 7 minutes.
	importUploadTime = 15 * time.Minute
	// importAccept is what the file input offers to choose.
	importAccept = ".csv,.xlsx,.txt,.tsv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// importExtensions are the file names accepted, for what office software
// saves: CSV, Excel's "Unicode text" and tab-separated files, workbooks.
var importExtensions = map[string]bool{".csv": true, ".txt": true, ".tsv": true, ".xlsx": true}

// importLabels name the upload form's fields in its messages.
var importLabels = map[string]string{"kind": "web.import.field.kind", "file": "web.import.field.file", "sheet": "web.import.field.sheet"}

// importUpload is a posted upload form: its fields, and the file saved by
// the runner (upload) or what is wrong with it.
type importUpload struct {
	form     importForm
	fileName string
	upload   string
	size     int64
	fileErr  error
}

// importCreate receives a file, records it as an import job of the user's
// and starts its import in the background, then sends the browser to the
// job's page, which follows it. A file the page refuses (too large, not a
// table, no kind chosen) comes back on the form with the reason; a kind
// the user's role may not import is refused with 403.
func (h *Web) importCreate(w http.ResponseWriter, r *http.Request) {
	u, err := h.readImportUpload(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	kind := domain.ImportKind(u.form.Kind)
	var problem error
	switch _, kindErr := importer.Columns(kind); {
	case u.fileErr != nil:
		problem = u.fileErr
	case kindErr != nil:
		problem = domain.Invalid("kind", "error.upload.kind", "choose what the file holds")
	case u.upload == "":
		problem = domain.Invalid("file", "error.upload.required", "choose a file")
	}
	if problem == nil {
		job := domain.ImportJob{Kind: kind, FileName: u.fileName, FileSize: u.size, Sheet: u.form.Sheet, DryRun: u.form.DryRun,
			Node: h.imports.Node(), Upload: u.upload}
		if err := h.importJobs.CreateImportJob(r.Context(), &job); err != nil {
			h.imports.Discard(r.Context(), u.upload)
			h.fail(w, r, err)
			return
		}
		if err := h.imports.Start(r.Context(), job); err != nil {
			h.fail(w, r, err)
			return
		}
		http.Redirect(w, r, importURL(job.ID), http.StatusSeeOther)
		return
	}
	h.imports.Discard(r.Context(), u.upload)
	v := h.newView(r, "imports")
	fe, status, ok := formProblem(v, problem, "", importLabels)
	if !ok {
		h.fail(w, r, problem)
		return
	}
	if domain.AsError(problem).Key == "error.upload.too_large" {
		status = http.StatusRequestEntityTooLarge
	}
	u.form.Errors = fe
	h.renderImportList(w, r, status, u.form)
}

// readImportUpload reads the upload form part by part, the file straight
// into the database a chunk at a time, so that neither memory nor a
// temporary copy holds it whole. The file's problems (too large, not a table) are its
// fileErr, with the fields as posted; an unreadable form is the error.
func (h *Web) readImportUpload(w http.ResponseWriter, r *http.Request) (importUpload, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return importUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
	}
	// A large file takes its time to arrive, and the answer comes after
	// it: the server's deadlines, counted from the request's headers, are
	// moved for this request (a server that cannot move them keeps them).
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(importUploadTime))
	rc.SetWriteDeadline(time.Now().Add(importUploadTime + time.Minute))
	if r.ContentLength > importDrainBytes {
		// Refused unread: the connection closes after the answer.
		return importUpload{form: importForm{DryRun: true}, fileErr: importTooLarge()}, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, importDrainBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return importUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
	}
	var u importUpload
	fieldBytes := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return u, nil
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.imports.Discard(r.Context(), u.upload)
			u.upload, u.fileErr = "", importTooLarge()
			return u, nil
		}
		if err != nil {
			return importUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, int64(maxForm-fieldBytes+1)))
			fieldBytes += len(b)
			if err != nil || fieldBytes > maxForm {
				return importUpload{}, domain.Invalid("form", "error.form", "the form could not be read")
			}
			value := strings.TrimSpace(string(b))
			switch part.FormName() {
			case "kind":
				u.form.Kind = value
			case "sheet":
				u.form.Sheet = value
			case "dry_run":
				u.form.DryRun = value != ""
			}
			continue
		}
		if part.FormName() != "file" || u.upload != "" || u.fileErr != nil {
			// One file a form; anything else is drained and ignored.
			if _, err := io.Copy(io.Discard, part); errors.As(err, &tooBig) {
				u.fileErr = importTooLarge()
				return u, nil
			}
			continue
		}
		if err := h.saveImportFile(r.Context(), &u, part); err != nil {
			if errors.As(err, &tooBig) {
				u.fileErr = importTooLarge()
				return u, nil
			}
			return importUpload{}, err
		}
	}
}

// saveImportFile saves the file part of the form unless its name or its
// first bytes say it is no table (then it is not stored at all), and sets
// u's upload or fileErr.
func (h *Web) saveImportFile(ctx context.Context, u *importUpload, part *multipart.Part) error {
	// Browsers send the file's name only; old ones sent the whole path.
	name := path.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
	ext := strings.ToLower(path.Ext(name))
	if !importExtensions[ext] {
		u.fileErr = importTypeProblem(ext)
		_, err := io.Copy(io.Discard, part)
		return err
	}
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(part, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return err
	}
	head = head[:n]
	if n == 0 {
		u.fileErr = domain.Invalid("file", "error.upload.empty", "the file is empty")
		return nil
	}
	if u.fileErr = checkImportFile(ext, head); u.fileErr != nil {
		_, err := io.Copy(io.Discard, part)
		return err
	}
	upload, size, err := h.imports.Save(ctx, io.LimitReader(io.MultiReader(bytes.NewReader(head), part), maxImportBytes+1))
	if err != nil {
		return err
	}
	if size > maxImportBytes {
		h.imports.Discard(ctx, upload)
		u.fileErr = importTooLarge()
		_, err := io.Copy(io.Discard, part)
		return err
	}
	u.fileName, u.upload, u.size = name, upload, size
	return nil
}

// sniffBytes is how much of a file tells a table from other files.
const sniffBytes = 512

var (
	zipMagic = []byte("PK\x03\x04")
	// The compound-document format of Excel 97–2003 and of encrypted
	// workbooks, which cannot be read.
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}
)

// checkImportFile tells a table from other files by the first bytes: a
// workbook is a ZIP archive, a CSV is text (in any encoding the importer
// reads). The importer decides by the content too, so a workbook saved
// under a .csv name still imports; a file named .xlsx must be one.
func checkImportFile(ext string, head []byte) error {
	switch {
	case bytes.HasPrefix(head, oleMagic):
		return importTypeProblem(".xls")
	case bytes.HasPrefix(head, zipMagic):
		return nil
	case ext == ".xlsx":
		return importTypeProblem(ext)
	case strings.HasPrefix(http.DetectContentType(head), "text/"):
		return nil
	}
	return importTypeProblem(ext)
}

// importTypeProblem is the problem of a file that is not a CSV or XLSX
// table; an old Excel workbook has its own advice.
func importTypeProblem(ext string) error {
	if ext == ".xls" {
		return domain.Invalid("file", "error.file.xls", "this is an Excel 97–2003 (.xls) or password-protected workbook: save it as .xlsx or CSV UTF-8")
	}
	return domain.Invalid("file", "error.upload.type", "choose a CSV or XLSX file")
}

func importTooLarge() error {
	return domain.Invalid("file", "error.upload.too_large", "the file is larger than "+maxImportMB+" MB").With("max", maxImportMB)
}

// importURL is an upload's page.
func importURL(id int64) string { return "/imports/" + strconv.FormatInt(id, 10) }
