package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The import page's jobs (domain.ImportJobStore, migration 00007): one row
// per uploaded file, written by the web page that receives the file and by
// the background job that imports it (its upload is a file kept here,
// stored_file.go, named by its ID). The rows are bookkeeping,
// not registry data, so they get no audit entries: the import itself
// records who brought which file and what it changed (import.go).

var _ domain.ImportJobStore = (*Store)(nil)

const importJobColumns = `j.id, j.user_id, COALESCE(u.name, ''), j.kind, j.file_name, j.file_size, j.sheet, j.dry_run,
	COALESCE(j.source_id, 0), COALESCE((SELECT max(r.id) FROM import_jobs r WHERE r.source_id = j.id), 0),
	j.status, j.node, j.upload, j.address, j.rows_read, j.bytes_read, j.row_count, j.inserted, j.updated, j.unchanged,
	j.problems, j.problem_total, j.error_key, j.error_params, j.created_at, j.started_at, j.finished_at`

const importJobFrom = ` FROM import_jobs j LEFT JOIN users u ON u.id = j.user_id`

func scanImportJob(row interface{ Scan(...any) error }) (domain.ImportJob, error) {
	var j domain.ImportJob
	var kind, status, problems, params string
	err := row.Scan(&j.ID, &j.UserID, &j.UserName, &kind, &j.FileName, &j.FileSize, &j.Sheet, &j.DryRun,
		&j.SourceID, &j.RunID, &status, &j.Node, &j.Upload, &j.Address, &j.Progress.Rows, &j.Progress.Bytes,
		&j.Rows, &j.Inserted, &j.Updated, &j.Unchanged, &problems, &j.ProblemTotal, &j.ErrorKey, &params,
		timeScanner{&j.CreatedAt}, timeScanner{&j.StartedAt}, timeScanner{&j.FinishedAt})
	if err != nil {
		return j, err
	}
	j.Kind, j.Status = domain.ImportKind(kind), domain.ImportJobStatus(status)
	if err := json.Unmarshal([]byte(problems), &j.Problems); err != nil {
		return j, err
	}
	if err := json.Unmarshal([]byte(params), &j.ErrorParams); err != nil {
		return j, err
	}
	return j, nil
}

// maxFileName bounds the file name kept of an upload, in characters.
const maxFileName = 255

// CreateImportJob records an uploaded file as a queued job (domain.ImportJobs).
// EINVALID without a user, a node, or (unless it names a SourceID whose
// file it imports) a kind and an upload; ECONFLICT
// (error.import_job.file_gone) when SourceID names no clean dry run whose
// upload is still kept.
func (s *Store) CreateImportJob(ctx context.Context, job *domain.ImportJob) error {
	job.FileName = strings.TrimSpace(job.FileName)
	if utf8.RuneCountInString(job.FileName) > maxFileName {
		job.FileName = string([]rune(job.FileName)[:maxFileName])
	}
	if job.UserID == 0 || job.Node == "" || job.SourceID == 0 && (job.Kind == "" || job.Upload == "" || job.FileName == "") {
		return domain.Errorf(domain.EINVALID, "error.import_job.incomplete", "an import job needs a kind, a user, a node and an uploaded file")
	}
	job.Status = domain.ImportQueued
	job.CreatedAt = s.Now().UTC()
	return s.tx(ctx, func(tx *sql.Tx) error {
		if job.SourceID != 0 {
			// The upload moves from the dry run to the import only if the
			// dry run still has it, so two clicks on Import start one
			// import (on PostgreSQL the second UPDATE waits for the first
			// and then finds the upload gone).
			var kind string
			err := tx.QueryRowContext(ctx, `
				SELECT kind, file_name, file_size, sheet, upload FROM import_jobs
				WHERE id = $1 AND dry_run AND status = 'done' AND problem_total = 0 AND error_key = '' AND upload <> ''`, job.SourceID).
				Scan(&kind, &job.FileName, &job.FileSize, &job.Sheet, &job.Upload)
			if err == nil {
				err = takeUpload(ctx, tx, job.SourceID, job.Upload)
			}
			if err == sql.ErrNoRows {
				return domain.Errorf(domain.ECONFLICT, "error.import_job.file_gone",
					"the file of this check is no longer kept: it was imported already, or removed a day after its upload")
			}
			if err != nil {
				return err
			}
			job.Kind, job.DryRun = domain.ImportKind(kind), false
		}
		return tx.QueryRowContext(ctx, `
			INSERT INTO import_jobs (user_id, kind, file_name, file_size, sheet, dry_run, source_id, status, node, upload, address, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			job.UserID, string(job.Kind), job.FileName, job.FileSize, job.Sheet, job.DryRun, nullID(job.SourceID),
			string(job.Status), job.Node, job.Upload, job.Address, timeParam(job.CreatedAt)).Scan(&job.ID)
	})
}

// ImportJob returns one job; ENOTFOUND if there is none.
func (s *Store) ImportJob(ctx context.Context, id int64) (domain.ImportJob, error) {
	j, err := scanImportJob(s.read.QueryRowContext(ctx, `SELECT `+importJobColumns+importJobFrom+` WHERE j.id = $1`, id))
	return j, notFound(err, "import")
}

// ImportJobList returns a page of jobs, newest first; EINVALID for a bad
// page.
func (s *Store) ImportJobList(ctx context.Context, f domain.ImportJobFilter) (domain.List[domain.ImportJob], error) {
	if err := f.Page.Normalize(); err != nil {
		return domain.List[domain.ImportJob]{}, err
	}
	var w where
	if f.UserID != 0 {
		w.add("j.user_id = ?", f.UserID)
	}
	list := domain.List[domain.ImportJob]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM import_jobs j`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+importJobColumns+importJobFrom+w.sql()+` ORDER BY j.id DESC`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanImportJob)
	return list, err
}

// StartImportJob marks a queued job running, or a running one running
// again from the start (a retry of its background job, after a crash: the
// import wrote nothing); ECONFLICT once it has finished.
func (s *Store) StartImportJob(ctx context.Context, id int64) error {
	res, err := s.write.ExecContext(ctx, `
		UPDATE import_jobs SET status = 'running', started_at = $2, rows_read = 0, bytes_read = 0
		WHERE id = $1 AND status IN ('queued', 'running')`,
		id, timeParam(s.Now()))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ECONFLICT, "error.import_job.state", "the import is not waiting to start")
	}
	return nil
}

// ImportJobProgress records how far a running job has read.
func (s *Store) ImportJobProgress(ctx context.Context, id int64, p domain.ImportProgress) error {
	_, err := s.write.ExecContext(ctx, `UPDATE import_jobs SET rows_read = $2, bytes_read = $3 WHERE id = $1 AND status = 'running'`,
		id, p.Rows, p.Bytes)
	return err
}

// FinishImportJob records how a job ended (see domain.ImportJobStore);
// EINVALID unless its status is done or failed.
func (s *Store) FinishImportJob(ctx context.Context, job domain.ImportJob) error {
	if !job.Status.Finished() {
		return domain.Errorf(domain.EINVALID, "error.import_job.state", "an import ends done or failed, not %s", job.Status)
	}
	problems := job.Problems
	if problems == nil {
		problems = []domain.ImportProblem{}
	}
	pj, err := json.Marshal(problems)
	if err != nil {
		return err
	}
	params := job.ErrorParams
	if params == nil {
		params = map[string]string{}
	}
	ej, err := json.Marshal(params)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		// An upload the job lets go of (job.Upload "") is removed with
		// the record that it is gone.
		var kept string
		if err := tx.QueryRowContext(ctx, `SELECT upload FROM import_jobs WHERE id = $1`, job.ID).Scan(&kept); err != nil {
			return notFound(err, "import")
		}
		if kept != "" && job.Upload != kept {
			if id := uploadID(kept); id != 0 {
				if err := deleteFile(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, `
		UPDATE import_jobs SET status = $2, rows_read = $3, bytes_read = $4, row_count = $5, inserted = $6, updated = $7,
			unchanged = $8, problems = $9, problem_total = $10, error_key = $11, error_params = $12, upload = $13, finished_at = $14
		WHERE id = $1`,
			job.ID, string(job.Status), job.Progress.Rows, job.Progress.Bytes, job.Rows, job.Inserted, job.Updated,
			job.Unchanged, string(pj), job.ProblemTotal, job.ErrorKey, string(ej), job.Upload, timeParam(s.Now()))
		return err
	})
}

// takeUpload clears a job's upload if it is still name; sql.ErrNoRows if
// it is not.
func takeUpload(ctx context.Context, tx *sql.Tx, id int64, name string) error {
	res, err := tx.ExecContext(ctx, `UPDATE import_jobs SET upload = '' WHERE id = $1 AND upload = $2`, id, name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return sql.ErrNoRows
	}
	return nil
}
