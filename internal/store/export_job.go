package store

import (
	"context"
	"encoding/json"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The large downloads (domain.ExportJobStore, migration 00016): one row per
// list asked for, written by the page that asks and by the background job
// that writes its file (stored_file.go). Like the import jobs they are
// bookkeeping and get no audit entries: the export itself is recorded
// when the job reads the list as its asker (access.recordExport).

var _ domain.ExportJobStore = (*Store)(nil)

const exportJobColumns = `j.id, j.user_id, j.role, j.path, j.query, j.lang, j.row_count, j.address, j.status, COALESCE(j.file_id, 0),
	COALESCE(f.size, 0), j.file_name, j.content_type, j.error_key, j.error_params, j.created_at, j.finished_at
	FROM export_jobs j LEFT JOIN stored_files f ON f.id = j.file_id`

func scanExportJob(row interface{ Scan(...any) error }) (domain.ExportJob, error) {
	var j domain.ExportJob
	var role, status, params string
	err := row.Scan(&j.ID, &j.UserID, &role, &j.Path, &j.Query, &j.Lang, &j.Rows, &j.Address, &status, &j.FileID,
		&j.Size, &j.FileName, &j.ContentType, &j.ErrorKey, &params, timeScanner{&j.CreatedAt}, timeScanner{&j.FinishedAt})
	if err != nil {
		return j, err
	}
	j.Role, j.Status = domain.Role(role), domain.ImportJobStatus(status)
	return j, json.Unmarshal([]byte(params), &j.ErrorParams)
}

// CreateExportJob records a download to be written, queued; EINVALID
// without a user, a role, a path or a language.
func (s *Store) CreateExportJob(ctx context.Context, job *domain.ExportJob) error {
	if job.UserID == 0 || job.Role == "" || job.Path == "" || job.Lang == "" {
		return domain.Errorf(domain.EINVALID, "error.export_job.incomplete", "an export job needs a user, a role, a list and a language")
	}
	job.Status = domain.ImportQueued
	job.CreatedAt = s.Now().UTC()
	return s.dialect.translate(s.write.QueryRowContext(ctx, `
		INSERT INTO export_jobs (user_id, role, path, query, lang, row_count, address, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		job.UserID, string(job.Role), job.Path, job.Query, job.Lang, job.Rows, job.Address, string(job.Status), timeParam(job.CreatedAt)).Scan(&job.ID))
}

// ExportJob returns one job; ENOTFOUND if there is none.
func (s *Store) ExportJob(ctx context.Context, id int64) (domain.ExportJob, error) {
	j, err := scanExportJob(s.read.QueryRowContext(ctx, `SELECT `+exportJobColumns+` WHERE j.id = $1`, id))
	return j, notFound(err, "export")
}

// StartExportJob marks a job running; ECONFLICT once it has finished.
func (s *Store) StartExportJob(ctx context.Context, id int64) error {
	res, err := s.write.ExecContext(ctx, `UPDATE export_jobs SET status = 'running' WHERE id = $1 AND status IN ('queued', 'running')`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ECONFLICT, "error.export_job.state", "the export is not waiting to be written")
	}
	return nil
}

// FinishExportJob records how a job ended; EINVALID unless done (with a
// file) or failed.
func (s *Store) FinishExportJob(ctx context.Context, job domain.ExportJob) error {
	if !job.Status.Finished() || job.Status == domain.ImportDone && job.FileID == 0 {
		return domain.Errorf(domain.EINVALID, "error.export_job.state", "an export ends done with its file, or failed")
	}
	params := job.ErrorParams
	if params == nil {
		params = map[string]string{}
	}
	ej, err := json.Marshal(params)
	if err != nil {
		return err
	}
	_, err = s.write.ExecContext(ctx, `
		UPDATE export_jobs SET status = $2, file_id = $3, file_name = $4, content_type = $5, error_key = $6, error_params = $7,
			finished_at = $8
		WHERE id = $1`,
		job.ID, string(job.Status), nullID(job.FileID), job.FileName, job.ContentType, job.ErrorKey, string(ej), timeParam(s.Now()))
	return s.dialect.translate(err)
}
