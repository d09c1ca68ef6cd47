package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"sync"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// Large downloads. A list longer than the threshold (Config.ExportJobRows)
// is not streamed within its request, which a slow client or a national
// list would hold for minutes: the request records an export job and
// sends the browser to the job's page (export_show.go), and a background
// job (package jobs, on whichever node is free) replays the same download
// as the person who asked — the same handler, filters, columns, checks
// and writer, in their language — into a file kept in the database. The
// threshold is judged by the list's count, read through the access layer
// as the list page reads it, so a bad filter or a refusal is still the
// error page of the request.

// DefaultExportJobRows is the threshold of Config.ExportJobRows: a
// national list of students is about ten times as long, a college's or a
// region's list well under it.
const DefaultExportJobRows = 50_000

// ExportQueue queues a large download for the background work of the
// cluster (jobs.Queue).
type ExportQueue interface {
	RunExport(ctx context.Context, id int64) error
}

// ExportWork is what writing a large download in the background needs
// besides the guarded registry, which the replayed download reads as its
// asker: the job's row and the file store (the store, handed over by app).
type ExportWork interface {
	domain.ExportJobStore
	domain.Files
}

// replayKey marks the context of a download replayed by its job.
type replayKey struct{}

// replay is what a replayed download reports besides its bytes.
type replay struct {
	err error // the error its error page showed
}

// replaying is the replay of the download in ctx, or nil within a request.
func replaying(ctx context.Context) *replay {
	rp, _ := ctx.Value(replayKey{}).(*replay)
	return rp
}

// divertExport records an export job for a download of n rows and sends
// the browser to its page; false if the download is streamed instead: the
// public (whose downloads are the small public registry), the job's own
// replay, or a node without a queue.
func (h *Web) divertExport(w http.ResponseWriter, r *http.Request, v *view, count func(context.Context) (int, error)) bool {
	if count == nil || v.User == nil || h.exportQueue == nil || replaying(r.Context()) != nil {
		return false
	}
	ctx := r.Context()
	n, err := count(ctx)
	if err != nil {
		h.fail(w, r, err)
		return true
	}
	if n <= h.exportJobRows {
		return false
	}
	job := domain.ExportJob{Path: r.URL.Path, Query: r.URL.RawQuery, Lang: v.Lang, Rows: n}
	if err := h.exportJobs.CreateExportJob(ctx, &job); err != nil {
		h.fail(w, r, err)
		return true
	}
	if err := h.exportQueue.RunExport(ctx, job.ID); err != nil {
		h.fail(w, r, err)
		return true
	}
	http.Redirect(w, r, exportURL(job.ID), http.StatusSeeOther)
	return true
}

// listTotal is the count of a list read as its first page of one row
// (export.count).
func listTotal[T any](l domain.List[T], err error) (int, error) { return l.Total, err }

// exportURL is an export job's page.
func exportURL(id int64) string { return "/exports/" + strconv.FormatInt(id, 10) }

// WriteExport writes an export job's file (jobs.ExportWriter): the
// download replayed as its asker, as they are now under the role they had
// (a user disabled or given another role since gets nothing), its bytes
// stored as they come. A refusal or a bad filter is final, recorded on the
// job and returned as its *domain.Error; an internal error is returned to
// be tried again, recorded only on the lastAttempt.
func (h *Web) WriteExport(ctx context.Context, id int64, lastAttempt bool) error {
	j, err := h.exportWork.ExportJob(ctx, id)
	if err != nil {
		return err
	}
	if j.Status.Finished() {
		return nil
	}
	fileID, name, ctype, err := h.replayExport(ctx, j)
	if err != nil && domain.AsError(err).Code == domain.EINTERNAL && !lastAttempt {
		return err
	}
	j.FileID, j.FileName, j.ContentType = fileID, name, ctype
	j.Status = domain.ImportDone
	if err != nil {
		j.Status, j.FileID = domain.ImportFailed, 0
		de := domain.AsError(err)
		j.ErrorKey, j.ErrorParams = de.Key, de.Params
	}
	if ferr := h.exportWork.FinishExportJob(context.WithoutCancel(ctx), j); ferr != nil {
		if fileID != 0 {
			h.exportWork.DeleteFile(context.WithoutCancel(ctx), fileID)
		}
		return ferr
	}
	return err
}

// replayExport runs the job's download as its asker into a new file, and
// returns the file and what the download is called and sent as.
func (h *Web) replayExport(ctx context.Context, j domain.ExportJob) (fileID int64, name, ctype string, err error) {
	as := domain.WithActor(ctx, domain.Actor{User: &domain.User{ID: j.UserID, Role: j.Role}, Via: "job", Address: j.Address})
	u, err := h.reg.Me(as)
	if err != nil {
		return 0, "", "", err
	}
	if !u.Active(h.now()) || u.Role != j.Role {
		return 0, "", "", domain.Errorf(domain.EFORBIDDEN, "error.export_job.asker_changed", "the account that asked for this file was disabled or given another role since")
	}
	if err := h.exportWork.StartExportJob(ctx, j.ID); err != nil {
		return 0, "", "", err
	}
	rp := &replay{}
	ctx = context.WithValue(domain.WithActor(ctx, domain.Actor{User: &u, Via: "job", Address: j.Address}), replayKey{}, rp)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.Path+"?"+j.Query, nil)
	if err != nil {
		return 0, "", "", err
	}
	req.AddCookie(&http.Cookie{Name: i18n.CookieName, Value: j.Lang})
	handler, pattern := h.exportRoutes.Handler(req)
	if pattern == "" {
		return 0, "", "", fmt.Errorf("web: no download at %s", j.Path)
	}

	// The bytes flow into the file store as the handler writes them.
	pr, pw := io.Pipe()
	out := &fileResponse{w: pw, header: http.Header{}}
	var saved struct {
		id  int64
		err error
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		saved.id, _, saved.err = h.exportWork.SaveFile(ctx, u.ID, pr)
		pr.CloseWithError(saved.err) // a writer still writing stops
	}()
	herr := serveReplay(handler, out, req)
	if herr == nil && out.status != http.StatusOK {
		herr = rp.err
		if herr == nil {
			herr = fmt.Errorf("web: the download answered %d", out.status)
		}
	}
	pw.CloseWithError(herr)
	wg.Wait()
	if herr == nil {
		herr = saved.err
	}
	if herr != nil {
		if saved.id != 0 {
			h.exportWork.DeleteFile(context.WithoutCancel(ctx), saved.id)
		}
		return 0, "", "", herr
	}
	_, params, _ := mime.ParseMediaType(out.header.Get("Content-Disposition"))
	return saved.id, params["filename"], out.header.Get("Content-Type"), nil
}

// serveReplay runs a download's handler, turning the abort with which it
// cuts off a download that failed half-way into an error.
func serveReplay(handler http.Handler, w http.ResponseWriter, r *http.Request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				err = errors.New("web: the download failed half-way")
				return
			}
			panic(p)
		}
	}()
	handler.ServeHTTP(w, r)
	return nil
}

// fileResponse is the response of a replayed download: its headers kept,
// its body written to the file being stored.
type fileResponse struct {
	w      io.Writer
	header http.Header
	status int
}

func (f *fileResponse) Header() http.Header { return f.header }

func (f *fileResponse) WriteHeader(status int) {
	if f.status == 0 {
		f.status = status
	}
}

func (f *fileResponse) Write(p []byte) (int, error) {
	if f.status == 0 {
		f.status = http.StatusOK
	}
	if f.status != http.StatusOK {
		return len(p), nil // an error page, which the job reports instead
	}
	return f.w.Write(p)
}
