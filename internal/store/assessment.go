package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Competences returns a programme's competence list in code order.
func (s *Store) Competences(ctx context.Context, programmeID int64) ([]domain.Competence, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, programme_id, code, name_kk, name_ru, name_en FROM competences
		WHERE programme_id = $1 ORDER BY code, id`, programmeID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.Competence, error) {
		var c domain.Competence
		err := r.Scan(&c.ID, &c.ProgrammeID, &c.Code, &c.Name.KK, &c.Name.RU, &c.Name.EN)
		return c, err
	})
}

// Assessments returns a student's competence assessments, newest first.
// The assessor is named by the mentor record, as the signer of a logbook
// entry is; the name written down at the time stands only where no mentor
// record is linked (the system's or the command line's work).
func (s *Store) Assessments(ctx context.Context, studentID int64) ([]domain.CompetenceAssessment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT ca.id, ca.student_id, ca.agreement_id, ca.competence_id, ca.level, ca.comment,
		COALESCE(m.name, ca.assessed_by), ca.at, c.name_kk, c.name_ru, c.name_en
		FROM competence_assessments ca JOIN competences c ON c.id = ca.competence_id
		LEFT JOIN mentors m ON m.id = ca.mentor_id
		WHERE ca.student_id = $1 ORDER BY ca.at DESC, ca.id DESC`, studentID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.CompetenceAssessment, error) {
		var c domain.CompetenceAssessment
		err := r.Scan(&c.ID, &c.StudentID, &c.AgreementID, &c.CompetenceID, &c.Level, &c.Comment, &c.AssessedBy,
			timeScanner{&c.At}, &c.Competence.KK, &c.Competence.RU, &c.Competence.EN)
		return c, err
	})
}

// actorName is the name recorded for who acts: the user's name, else how
// the program acted ("system", "cli"), as the audit log records it.
func actorName(ctx context.Context) string {
	a := domain.ActorFrom(ctx)
	switch {
	case a.User != nil:
		return a.User.Name
	case a.Via != "":
		return a.Via
	}
	return "anonymous"
}

// AssessCompetence records a mentor's assessment of a competence of the
// student's programme under the student's live agreement.
func (s *Store) AssessCompetence(ctx context.Context, c *domain.CompetenceAssessment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.Comment = strings.TrimSpace(c.Comment)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var collegeID int64
		err := tx.QueryRowContext(ctx, `SELECT id, college_id FROM agreements WHERE student_id = $1 AND status IN `+liveStatuses,
			c.StudentID).Scan(&c.AgreementID, &collegeID)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ECONFLICT, "error.competence.no_agreement", "the student has no agreement in force")
		}
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT name_kk, name_ru, name_en FROM competences
			WHERE id = $1 AND programme_id = (SELECT programme_id FROM students WHERE id = $2)`, c.CompetenceID, c.StudentID).
			Scan(&c.Competence.KK, &c.Competence.RU, &c.Competence.EN)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Invalid("competence_id", "error.competence.programme", "the competence belongs to another programme")
		}
		if err != nil {
			return err
		}
		mentorID, mentorName, err := userMentor(ctx, tx)
		if err != nil {
			return err
		}
		c.AssessedBy, c.At = mentorName, s.Now().UTC()
		if mentorID == 0 {
			c.AssessedBy = actorName(ctx)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO competence_assessments (student_id, agreement_id, competence_id, level, comment,
				mentor_id, assessed_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			c.StudentID, c.AgreementID, c.CompetenceID, c.Level, c.Comment, nullID(mentorID), c.AssessedBy, timeParam(c.At)).
			Scan(&c.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "assess", recordType: "competence_assessment", recordID: c.ID, after: c,
			regionID: collegeRegion(ctx, tx, collegeID), collegeID: collegeID})
	})
}

// querier is a pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// admission checks every week of every agreement that ran, up to its end,
// for a counted (signed) entry.
func admission(ctx context.Context, q querier, studentID int64) (domain.Admission, error) {
	ad := domain.Admission{StudentID: studentID, MissingWeeks: []time.Time{}}
	rows, err := q.QueryContext(ctx, `SELECT starts_on, ends_on, ended_on, hours_per_week FROM agreements
		WHERE student_id = $1 AND active_on IS NOT NULL ORDER BY id`, studentID)
	if err != nil {
		return ad, err
	}
	spans, err := collect(rows, func(r interface{ Scan(...any) error }) (span, error) {
		var startsOn, endsOn, endedOn time.Time
		var hours int
		err := r.Scan(timeScanner{&startsOn}, timeScanner{&endsOn}, timeScanner{&endedOn}, &hours)
		return spanOf(startsOn, endsOn, endedOn, hours), err
	})
	if err != nil {
		return ad, err
	}
	if len(spans) == 0 {
		ad.NoAgreement = true
		return ad, nil
	}
	rows, err = q.QueryContext(ctx, `SELECT week_start FROM logbook_entries WHERE student_id = $1 AND counted = $2`, studentID, true)
	if err != nil {
		return ad, err
	}
	signed, err := collect(rows, func(r interface{ Scan(...any) error }) (time.Time, error) {
		var w time.Time
		return w, r.Scan(timeScanner{&w})
	})
	if err != nil {
		return ad, err
	}
	done := make(map[time.Time]bool, len(signed))
	for _, w := range signed {
		done[w] = true
	}
	eachPlannedWeek(spans, func(monday time.Time, _ int) {
		if !done[monday] {
			ad.MissingWeeks = append(ad.MissingWeeks, monday)
		}
	})
	ad.Admitted = len(ad.MissingWeeks) == 0
	return ad, nil
}

// Admission says whether the student may sit the final assessment and
// which weeks lack a signed entry.
func (s *Store) Admission(ctx context.Context, studentID int64) (domain.Admission, error) {
	if err := s.read.QueryRowContext(ctx, `SELECT id FROM students WHERE id = $1`, studentID).Scan(&studentID); err != nil {
		return domain.Admission{}, notFound(err, "student")
	}
	return admission(ctx, s.read, studentID)
}

// FinalAssessments returns a student's final assessments, newest first.
func (s *Store) FinalAssessments(ctx context.Context, studentID int64) ([]domain.FinalAssessment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, student_id, grade, comment, recorded_by, at FROM final_assessments
		WHERE student_id = $1 ORDER BY at DESC, id DESC`, studentID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.FinalAssessment, error) {
		var f domain.FinalAssessment
		err := r.Scan(&f.ID, &f.StudentID, &f.Grade, &f.Comment, &f.RecordedBy, timeScanner{&f.At})
		return f, err
	})
}

// RecordFinalAssessment records the college's final assessment of a
// student admitted to it; EINVALID lists the weeks without a signed entry.
func (s *Store) RecordFinalAssessment(ctx context.Context, f *domain.FinalAssessment) error {
	if err := f.Validate(); err != nil {
		return err
	}
	f.Comment = strings.TrimSpace(f.Comment)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var collegeID int64
		err := tx.QueryRowContext(ctx, `SELECT college_id FROM students WHERE id = $1`, f.StudentID).Scan(&collegeID)
		if err != nil {
			return notFound(err, "student")
		}
		ad, err := admission(ctx, tx, f.StudentID)
		if err != nil {
			return err
		}
		if ad.NoAgreement {
			return domain.Invalid("grade", "error.assessment.no_agreement", "the student has never had an active agreement")
		}
		if !ad.Admitted {
			weeks := make([]string, len(ad.MissingWeeks))
			for i, w := range ad.MissingWeeks {
				weeks[i] = dateParam(w)
			}
			return domain.Invalid("grade", "error.assessment.not_admitted", "the logbook lacks signed weeks").
				With("count", strconv.Itoa(len(weeks))).With("weeks", strings.Join(weeks, ", "))
		}
		f.RecordedBy, f.At = actorName(ctx), s.Now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO final_assessments (student_id, grade, comment, recorded_by, at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, f.StudentID, f.Grade, f.Comment, f.RecordedBy, timeParam(f.At)).Scan(&f.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "final_assessment", recordID: f.ID, after: f,
			regionID: collegeRegion(ctx, tx, collegeID), collegeID: collegeID})
	})
}
