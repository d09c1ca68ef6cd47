package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.LogbookService = (*Store)(nil)

// isTrue tests a boolean column as the dialect writes it. SQLite matches a
// partial index only against the very terms of the index's WHERE clause
// ("is_current = 1"), and PostgreSQL has no integer booleans.
func (s *Store) isTrue(column string) string {
	if s.dialect.name == "postgres" {
		return column
	}
	return column + " = 1"
}

// entryRow is the entry's own columns, in entryRowTargets' order.
const entryRow = `le.id, le.student_id, le.agreement_id, le.week_start, le.version, le.is_current, le.days, le.hours, le.tasks,
	le.competences, le.status, le.comment, le.submitted_at, le.signed_at, le.reviewed_at, le.reviewed_by, le.review_comment,
	le.created_at, le.updated_at`

// entryColumns add the student's name and the name of the mentor who
// signed.
const entryColumns = entryRow + `, CASE WHEN le.status = 'signed' THEN COALESCE(sm.name, '') ELSE '' END,
	s.last_name, s.first_name, s.middle_name`

const entryFrom = ` FROM logbook_entries le
	JOIN students s ON s.id = le.student_id
	LEFT JOIN mentors sm ON sm.id = le.mentor_id`

// entryScan holds the columns that need converting after a scan.
type entryScan struct {
	days, competences, status string
}

func entryRowTargets(e *domain.LogbookEntry, x *entryScan) []any {
	return []any{&e.ID, &e.StudentID, &e.AgreementID, timeScanner{&e.WeekStart}, &e.Version, &e.Current, &x.days, &e.Hours,
		&e.Tasks, &x.competences, &x.status, &e.Comment, timeScanner{&e.SubmittedAt}, timeScanner{&e.SignedAt},
		timeScanner{&e.ReviewedAt}, &e.ReviewedBy, &e.ReviewComment, timeScanner{&e.CreatedAt}, timeScanner{&e.UpdatedAt}}
}

func (x entryScan) finish(e *domain.LogbookEntry) error {
	e.Status = domain.EntryStatus(x.status)
	e.Photos = []domain.Photo{}
	var err error
	if e.Days, err = domain.ParseWeekdays("days", x.days); err != nil {
		return err
	}
	e.Competences, err = parseIDs(x.competences)
	return err
}

func scanEntry(r interface{ Scan(...any) error }) (domain.LogbookEntry, error) {
	var e domain.LogbookEntry
	var x entryScan
	if err := r.Scan(append(entryRowTargets(&e, &x), &e.SignedBy, &e.Student.Last, &e.Student.First, &e.Student.Middle)...); err != nil {
		return e, err
	}
	return e, x.finish(&e)
}

// parseIDs reads the competence IDs of an entry as competenceList writes
// them: they are only ever read and written with the entry.
func parseIDs(s string) ([]int64, error) {
	ids := []int64{}
	if s == "" {
		return ids, nil
	}
	for _, part := range strings.Split(s, ",") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// lockEntry reads an entry's own columns inside tx, locking the row, with
// the college of its agreement for the audit log.
func (s *Store) lockEntry(ctx context.Context, tx *sql.Tx, id int64) (domain.LogbookEntry, int64, error) {
	var e domain.LogbookEntry
	var x entryScan
	var collegeID int64
	err := tx.QueryRowContext(ctx, `SELECT `+entryRow+`, (SELECT a.college_id FROM agreements a WHERE a.id = le.agreement_id)
		FROM logbook_entries le WHERE le.id = $1`+s.forUpdate(), id).Scan(append(entryRowTargets(&e, &x), &collegeID)...)
	if err != nil {
		return e, 0, notFound(err, "entry")
	}
	return e, collegeID, x.finish(&e)
}

// entryChange writes the audit entry of a change to a logbook entry.
func (s *Store) entryChange(ctx context.Context, tx *sql.Tx, action string, id, collegeID int64, before, after any) error {
	return s.audit(ctx, tx, change{action: action, recordType: "logbook_entry", recordID: id, before: before, after: after,
		regionID: collegeRegion(ctx, tx, collegeID), collegeID: collegeID})
}

// entryStep moves an entry to another state in one transaction: it locks
// the entry, refuses the step unless allowed says the entry's state permits
// it, lets write change the row, and records the audit row of action with
// the state before and what write returns as the state after.
func (s *Store) entryStep(ctx context.Context, id int64, action string, allowed func(*domain.LogbookEntry) bool,
	write func(tx *sql.Tx, e domain.LogbookEntry) (after map[string]any, err error)) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		e, collegeID, err := s.lockEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		if !allowed(&e) {
			return stateError("error.entry.state", e.Status)
		}
		after, err := write(tx, e)
		if err != nil {
			return err
		}
		return s.entryChange(ctx, tx, action, id, collegeID, map[string]any{"status": e.Status}, after)
	})
}

// submitted tells the entries a mentor may sign or return.
func submitted(e *domain.LogbookEntry) bool { return e.Status == domain.EntrySubmitted }

// Entries returns a page of entries, newest week first.
func (s *Store) Entries(ctx context.Context, f domain.EntryFilter) (domain.List[domain.LogbookEntry], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.LogbookEntry]{}, err
	}
	var w where
	if f.StudentID != 0 {
		w.add("le.student_id = ?", f.StudentID)
	}
	if f.AgreementID != 0 {
		w.add("le.agreement_id = ?", f.AgreementID)
	}
	if f.Status != "" {
		w.add("le.status = ?", string(f.Status))
	}
	if f.CurrentOnly {
		w.add(s.isTrue("le.is_current"))
	}
	if f.MentorUserID != 0 {
		// The mentor's trainees: students whose live agreement names them.
		w.add(`le.student_id IN (SELECT a.student_id FROM mentors m JOIN agreements a ON a.mentor_id = m.id
			WHERE m.user_id = ? AND a.status IN ('awaiting', 'active'))`, f.MentorUserID)
	}
	if f.MentorID != 0 {
		w.add("le.agreement_id IN (SELECT id FROM agreements WHERE mentor_id = ?)", f.MentorID)
	}
	if f.CollegeID != 0 {
		w.add("s.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("le.agreement_id IN (SELECT id FROM agreements WHERE enterprise_id = ?)", f.EnterpriseID)
	}
	if f.RegionID != 0 {
		w.add("s.college_id IN (SELECT id FROM colleges WHERE region_id = ?)", f.RegionID)
	}
	if f.CuratorID != 0 {
		w.add("s.group_id IN (SELECT id FROM study_groups WHERE curator_id = ?)", f.CuratorID)
	}
	list := domain.List[domain.LogbookEntry]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM logbook_entries le JOIN students s ON s.id = le.student_id`+w.sql(),
		w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+entryColumns+entryFrom+w.sql()+
		` ORDER BY le.week_start DESC, le.student_id, le.version DESC`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanEntry)
	return list, err
}

// Entry returns one entry with its photos' descriptions.
func (s *Store) Entry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	e, err := scanEntry(s.read.QueryRowContext(ctx, `SELECT `+entryColumns+entryFrom+` WHERE le.id = $1`, id))
	if err != nil {
		return e, notFound(err, "entry")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, entry_id, content_type, size, created_at FROM entry_photos
		WHERE entry_id = $1 ORDER BY id`, id)
	if err != nil {
		return e, err
	}
	e.Photos, err = collect(rows, scanPhoto)
	return e, err
}

// checkCompetences refuses competences outside the student's programme.
func checkCompetences(ctx context.Context, tx *sql.Tx, studentID int64, ids []int64) ([]int64, error) {
	unique := make([]int64, 0, len(ids))
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	if len(unique) == 0 {
		return unique, nil
	}
	list, args := inList([]any{studentID}, unique)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM competences
		WHERE programme_id = (SELECT programme_id FROM students WHERE id = $1) AND id IN `+list, args...).Scan(&n); err != nil {
		return nil, err
	}
	if n != len(unique) {
		return nil, domain.Invalid("competences", "error.entry.competence", "a competence is not in the programme's list")
	}
	return unique, nil
}

var (
	errNoAgreement   = domain.Errorf(domain.ECONFLICT, "error.entry.no_agreement", "entries need an active agreement")
	errOutside       = domain.Errorf(domain.ECONFLICT, "error.entry.outside", "the week is outside the agreement or ahead")
	errDuplicateWeek = domain.Errorf(domain.ECONFLICT, "error.entry.duplicate", "the week already has an entry")
)

// SaveEntry creates the entry of a week under the student's active
// agreement, or changes a draft or returned entry.
func (s *Store) SaveEntry(ctx context.Context, e *domain.LogbookEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if e.ID != 0 {
		return s.updateEntry(ctx, e)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var a domain.Agreement
		err := tx.QueryRowContext(ctx, `SELECT id, college_id, starts_on, ends_on FROM agreements WHERE student_id = $1 AND status = 'active'`,
			e.StudentID).Scan(&a.ID, &a.CollegeID, timeScanner{&a.StartsOn}, timeScanner{&a.EndsOn})
		if errors.Is(err, sql.ErrNoRows) {
			return errNoAgreement
		}
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		if e.WeekStart.Before(domain.WeekStart(a.StartsOn)) || e.WeekStart.After(a.EndsOn) || e.WeekStart.After(domain.WeekStart(domain.DateInKazakhstan(now))) {
			return errOutside
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM logbook_entries WHERE student_id = $1 AND week_start = $2`,
			e.StudentID, dateParam(e.WeekStart)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errDuplicateWeek
		}
		if e.Competences, err = checkCompetences(ctx, tx, e.StudentID, e.Competences); err != nil {
			return err
		}
		e.AgreementID, e.Version, e.Current, e.Status, e.CreatedAt, e.UpdatedAt = a.ID, 1, true, domain.EntryDraft, now, now
		e.Comment, e.SubmittedAt, e.SignedAt, e.SignedBy, e.ReviewedAt, e.ReviewedBy, e.ReviewComment = "", time.Time{}, time.Time{}, "", time.Time{}, "", ""
		err = tx.QueryRowContext(ctx, `INSERT INTO logbook_entries (student_id, agreement_id, week_start, version, is_current, counted,
				days, hours, tasks, competences, status, comment, reviewed_by, review_comment, created_at, updated_at)
			VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, 'draft', '', '', '', $10, $10) RETURNING id`,
			e.StudentID, e.AgreementID, dateParam(e.WeekStart), true, false, e.Days.String(), e.Hours, e.Tasks,
			competenceList(e.Competences), timeParam(now)).Scan(&e.ID)
		if err != nil {
			// A concurrent save of the same week meets the unique key
			// (student_id, week_start, version).
			if domain.ErrorCode(s.dialect.translate(err)) == domain.ECONFLICT {
				d := *errDuplicateWeek
				d.Err = err
				return &d
			}
			return err
		}
		e.Photos = []domain.Photo{}
		return s.entryChange(ctx, tx, "create", e.ID, a.CollegeID, nil, e)
	})
}

// updateEntry changes what the student wrote in a draft or returned entry;
// the week and the agreement stay.
func (s *Store) updateEntry(ctx context.Context, e *domain.LogbookEntry) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		old, collegeID, err := s.lockEntry(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if !old.Editable() {
			return stateError("error.entry.state", old.Status)
		}
		if e.Competences, err = checkCompetences(ctx, tx, old.StudentID, e.Competences); err != nil {
			return err
		}
		now := s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE logbook_entries SET days = $1, hours = $2, tasks = $3, competences = $4, updated_at = $5
			WHERE id = $6`, e.Days.String(), e.Hours, e.Tasks, competenceList(e.Competences), timeParam(now), e.ID); err != nil {
			return err
		}
		saved := old
		saved.Days, saved.Hours, saved.Tasks, saved.Competences, saved.UpdatedAt = e.Days, e.Hours, e.Tasks, e.Competences, now
		*e = saved
		return s.entryChange(ctx, tx, "edit", e.ID, collegeID, old, saved)
	})
}

// SubmitEntry hands a draft or returned entry to the mentor.
func (s *Store) SubmitEntry(ctx context.Context, id int64) error {
	return s.entryStep(ctx, id, "submit", (*domain.LogbookEntry).Editable, func(tx *sql.Tx, e domain.LogbookEntry) (map[string]any, error) {
		_, err := tx.ExecContext(ctx, `UPDATE logbook_entries SET status = 'submitted', submitted_at = $1, updated_at = $1 WHERE id = $2`,
			timeParam(s.Now().UTC()), id)
		return map[string]any{"status": domain.EntrySubmitted}, err
	})
}

// userMentor is the mentor record linked to the acting user: its ID and
// name, which name the mentor wherever the mentor signs or assesses; 0 and
// "" when the actor has none.
func userMentor(ctx context.Context, tx *sql.Tx) (int64, string, error) {
	u := domain.ActorFrom(ctx).User
	if u == nil {
		return 0, "", nil
	}
	var id int64
	var name string
	err := tx.QueryRowContext(ctx, `SELECT id, name FROM mentors WHERE user_id = $1`, u.ID).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, name, err
}

// actingMentor is the mentor record of the acting user, who must be the
// mentor named by the entry's agreement or by the student's live agreement
// (after a change of enterprise, the new mentor signs what is left). Work
// done by the system acts as the agreement's mentor.
func (s *Store) actingMentor(ctx context.Context, tx *sql.Tx, e domain.LogbookEntry) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT COALESCE(mentor_id, 0) FROM agreements
		WHERE id = $1 OR (student_id = $2 AND status IN `+liveStatuses+`) ORDER BY id = $1 DESC`, e.AgreementID, e.StudentID)
	if err != nil {
		return 0, err
	}
	allowed, err := collect(rows, func(r interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return 0, err
	}
	forbidden := domain.Errorf(domain.EFORBIDDEN, "error.forbidden", "only the trainee's mentor may sign or return the entry")
	u := domain.ActorFrom(ctx).User
	if u == nil {
		if len(allowed) == 0 || allowed[0] == 0 {
			return 0, forbidden
		}
		return allowed[0], nil
	}
	mentorID, _, err := userMentor(ctx, tx)
	if err != nil {
		return 0, err
	}
	if mentorID != 0 && slices.Contains(allowed, mentorID) {
		return mentorID, nil
	}
	return 0, forbidden
}

// SignEntry signs a submitted entry: it is locked, and its hours count
// instead of those of any older version of the week.
func (s *Store) SignEntry(ctx context.Context, id int64) error {
	return s.entryStep(ctx, id, "sign", submitted, func(tx *sql.Tx, e domain.LogbookEntry) (map[string]any, error) {
		mentorID, err := s.actingMentor(ctx, tx, e)
		if err != nil {
			return nil, err
		}
		now := timeParam(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE logbook_entries SET counted = $1 WHERE student_id = $2 AND week_start = $3 AND id <> $4`,
			false, e.StudentID, dateParam(e.WeekStart), id); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE logbook_entries SET status = 'signed', counted = $1, mentor_id = $2, decided_at = $3,
			signed_at = $3, updated_at = $3 WHERE id = $4`, true, mentorID, now, id)
		return map[string]any{"status": domain.EntrySigned, "mentor_id": mentorID}, err
	})
}

// checkComment trims and bounds a mentor's or supervisor's comment.
func checkComment(comment *string, required bool) error {
	*comment = strings.TrimSpace(*comment)
	switch {
	case required && *comment == "":
		return domain.Invalid("comment", "error.entry.comment", "write what should be corrected")
	case len([]rune(*comment)) > 1000:
		return domain.Invalid("comment", "error.text.too_long", "too long").With("max", "1000")
	}
	return nil
}

// ReturnEntry sends a submitted entry back to the student with the
// mentor's comment.
func (s *Store) ReturnEntry(ctx context.Context, id int64, comment string) error {
	if err := checkComment(&comment, true); err != nil {
		return err
	}
	return s.entryStep(ctx, id, "return", submitted, func(tx *sql.Tx, e domain.LogbookEntry) (map[string]any, error) {
		mentorID, err := s.actingMentor(ctx, tx, e)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE logbook_entries SET status = 'returned', comment = $1, mentor_id = $2, decided_at = $3,
			updated_at = $3 WHERE id = $4`, comment, mentorID, timeParam(s.Now()), id)
		return map[string]any{"status": domain.EntryReturned, "mentor_id": mentorID, "comment": comment}, err
	})
}

// ReviewEntry records the college supervisor's review of a signed entry.
func (s *Store) ReviewEntry(ctx context.Context, id int64, comment string) error {
	if err := checkComment(&comment, false); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		e, collegeID, err := s.lockEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Status != domain.EntrySigned {
			return stateError("error.entry.state", e.Status)
		}
		by := actorName(ctx)
		now := timeParam(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE logbook_entries SET reviewed_at = $1, reviewed_by = $2, review_comment = $3, updated_at = $1
			WHERE id = $4`, now, by, comment, id); err != nil {
			return err
		}
		return s.entryChange(ctx, tx, "review", id, collegeID, nil, map[string]any{"reviewed_by": by, "comment": comment})
	})
}

// CorrectEntry starts a new draft version of a signed week, with the same
// content and photos. The signed version keeps counting until the
// correction is signed.
func (s *Store) CorrectEntry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	var newID int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		e, collegeID, err := s.lockEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Status != domain.EntrySigned || !e.Current {
			return stateError("error.entry.state", e.Status)
		}
		now := timeParam(s.Now())
		// The old version leaves the partial unique index of current weeks
		// before the new one enters it.
		if _, err := tx.ExecContext(ctx, `UPDATE logbook_entries SET is_current = $1, updated_at = $2 WHERE id = $3`, false, now, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO logbook_entries (student_id, agreement_id, week_start, version, is_current, counted,
				days, hours, tasks, competences, status, comment, reviewed_by, review_comment, created_at, updated_at)
			SELECT student_id, agreement_id, week_start,
				(SELECT max(v.version) + 1 FROM logbook_entries v WHERE v.student_id = le.student_id AND v.week_start = le.week_start),
				$1, $2, days, hours, tasks, competences, 'draft', '', '', '', $3, $3
			FROM logbook_entries le WHERE id = $4 RETURNING id`, true, false, now, id).Scan(&newID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entry_photos (entry_id, content_type, size, data, created_at)
			SELECT $1, content_type, size, data, created_at FROM entry_photos WHERE entry_id = $2 ORDER BY id`, newID, id); err != nil {
			return err
		}
		return s.entryChange(ctx, tx, "correct", newID, collegeID, map[string]any{"entry_id": id, "version": e.Version},
			map[string]any{"entry_id": newID, "version": e.Version + 1})
	})
	if err != nil {
		return domain.LogbookEntry{}, err
	}
	return s.Entry(ctx, newID)
}
