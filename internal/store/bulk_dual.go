package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The bulk loader of the dual-training chain: mentors, competences, offers,
// applications, agreements with their approvals, changes of party, logbook
// entries and assessments, with the IDs the caller set (approvals are
// numbered by the database). Like the registry's loader, each call
// validates every row and writes all of them or none, with one audit entry.

// InsertMentors stores mentors with their IDs set; UserID links a mentor's
// account. EINVALID for an invalid row.
func (s *Store) InsertMentors(ctx context.Context, rows []domain.Mentor) error {
	now := s.Now()
	return s.insertRows(ctx, "mentors",
		[]string{"id", "enterprise_id", "user_id", "name", "search_key", "position", "qualification", "experience_years",
			"phone", "pay_per_trainee", "created_at", "updated_at"},
		len(rows), func(i int) ([]any, error) {
			m := &rows[i]
			if err := m.Validate(); err != nil {
				return nil, err
			}
			created := orNow(m.CreatedAt, now)
			return []any{m.ID, m.EnterpriseID, nullID(m.UserID), m.Name, domain.SearchKey(m.Name), m.Position, m.Qualification,
				m.ExperienceYears, m.Phone, m.PayPerTrainee, created, created}, nil
		})
}

// InsertCompetences stores the competence lists of programmes with their IDs
// set. EINVALID for a competence without a code or a name.
func (s *Store) InsertCompetences(ctx context.Context, rows []domain.Competence) error {
	return s.insertRows(ctx, "competences",
		[]string{"id", "programme_id", "code", "name_kk", "name_ru", "name_en"},
		len(rows), func(i int) ([]any, error) {
			c := &rows[i]
			c.Code = strings.TrimSpace(c.Code)
			switch {
			case c.Code == "" || len([]rune(c.Code)) > 20:
				return nil, domain.Invalid("code", "error.bulk.competence_code", "a competence needs a code of up to 20 characters")
			case c.Name.KK == "" && c.Name.RU == "" && c.Name.EN == "":
				return nil, domain.Invalid("name", "error.name.required", "a name is required in at least one language")
			}
			return []any{c.ID, c.ProgrammeID, c.Code, c.Name.KK, c.Name.RU, c.Name.EN}, nil
		})
}

// InsertOffers stores placement offers with their IDs set, in any state;
// the region comes from the site's city. EINVALID for an invalid row or a
// referred offer without the reason.
func (s *Store) InsertOffers(ctx context.Context, rows []domain.Offer) error {
	now := s.Now()
	return s.insertBatch(ctx, "offers",
		[]string{"id", "enterprise_id", "college_id", "qualification_code", "city_id", "region_id", "capacity", "starts_on",
			"ends_on", "weekdays", "hours_per_week", "requirements", "stipend_tenge", "reserved", "status", "referral_reason",
			"created_at", "updated_at"},
		"(?,?,?,?,?,(SELECT region_id FROM cities WHERE id = ?),?,?,?,?,?,?,?,?,?,?,?,?)",
		len(rows), func(i int) ([]any, error) {
			o := &rows[i]
			if err := o.Validate(); err != nil {
				return nil, err
			}
			if !slices.Contains(domain.OfferStatuses, o.Status) {
				return nil, domain.Invalid("status", "error.offer.status", "unknown offer status")
			}
			o.ReferralReason = strings.TrimSpace(o.ReferralReason)
			if o.Status == domain.OfferReferred && o.ReferralReason == "" {
				return nil, domain.Invalid("referral_reason", "error.offer.reason", "a referred offer needs the reason")
			}
			created := orNow(o.CreatedAt, now)
			return []any{o.ID, o.EnterpriseID, nullID(o.CollegeID), o.QualificationCode, o.CityID, o.CityID, o.Capacity,
				dateParam(o.StartsOn), dateParam(o.EndsOn), o.Weekdays.String(), o.HoursPerWeek, o.Requirements, o.StipendTenge,
				o.Reserved, string(o.Status), o.ReferralReason, created, orNow(o.UpdatedAt, now)}, nil
		})
}

// InsertApplications stores students' applications to offers with their
// IDs set, in any state. EINVALID for an unknown status or a declined
// application without the reason.
func (s *Store) InsertApplications(ctx context.Context, rows []domain.Application) error {
	now := s.Now()
	return s.insertRows(ctx, "applications",
		[]string{"id", "offer_id", "student_id", "status", "note", "reason", "agreement_id", "created_at", "decided_at"},
		len(rows), func(i int) ([]any, error) {
			a := &rows[i]
			a.Note, a.Reason = strings.TrimSpace(a.Note), strings.TrimSpace(a.Reason)
			switch a.Status {
			case domain.ApplicationPending, domain.ApplicationAccepted, domain.ApplicationWithdrawn:
			case domain.ApplicationDeclined:
				if a.Reason == "" {
					return nil, domain.Invalid("reason", "error.application.reason", "a declined application needs the reason")
				}
			default:
				return nil, domain.Invalid("status", "error.application.status", "unknown application status")
			}
			if len([]rune(a.Note)) > 2000 || len([]rune(a.Reason)) > 2000 {
				return nil, domain.Invalid("note", "error.text.too_long", "too long").With("max", "2000")
			}
			return []any{a.ID, a.OfferID, a.StudentID, string(a.Status), a.Note, a.Reason, nullID(a.AgreementID),
				orNow(a.CreatedAt, now), nullTime(a.DecidedAt)}, nil
		})
}

// InsertAgreements stores agreements with their IDs set and their
// Approvals, in any state. StudentBirth must be set: it decides whether the
// guardian approves. An approval of an older version than the agreement's
// is stored cleared, as of the first approval of a later version (the edit
// that cleared it came just before). EINVALID for invalid terms, a
// terminated agreement without the reason, or an active one that lacks the
// approval of a required party for its version.
func (s *Store) InsertAgreements(ctx context.Context, rows []domain.Agreement) error {
	now := s.Now()
	for i := range rows {
		if err := validateLoadedAgreement(&rows[i]); err != nil {
			return fmt.Errorf("agreements row %d: %w", i+1, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		err := s.insertIn(ctx, tx, "agreements",
			[]string{"id", "student_id", "college_id", "enterprise_id", "offer_id", "mentor_id", "previous_id", "position",
				"starts_on", "ends_on", "weekdays", "hours_per_week", "stipend_tenge", "mentor_pay", "guardian_name", "status",
				"version", "end_reason", "active_on", "ended_on", "created_at", "updated_at"}, "",
			len(rows), func(i int) ([]any, error) {
				a := &rows[i]
				return []any{a.ID, a.StudentID, a.CollegeID, a.EnterpriseID, nullID(a.OfferID), nullID(a.MentorID),
					nullID(a.PreviousID), a.Position, dateParam(a.StartsOn), dateParam(a.EndsOn), a.Weekdays.String(),
					a.HoursPerWeek, a.StipendTenge, a.MentorPay, a.GuardianName, string(a.Status), a.Version, a.EndReason,
					nullDate(a.ActiveOn), nullDate(a.EndedOn), orNow(a.CreatedAt, now), orNow(a.UpdatedAt, now)}, nil
			})
		if err != nil {
			return err
		}
		type approval struct {
			agreement *domain.Agreement
			domain.Approval
		}
		var approvals []approval
		for i := range rows {
			for _, ap := range rows[i].Approvals {
				approvals = append(approvals, approval{&rows[i], ap})
			}
		}
		err = s.insertIn(ctx, tx, "agreement_approvals",
			[]string{"agreement_id", "party", "version", "user_id", "name", "at", "cleared_at"}, "",
			len(approvals), func(i int) ([]any, error) {
				ap := &approvals[i]
				var cleared sql.NullString
				if ap.Version < ap.agreement.Version {
					cleared = sql.NullString{String: timeParam(clearedAt(ap.agreement, ap.Version, now)), Valid: true}
				}
				return []any{ap.agreement.ID, string(ap.Party), ap.Version, nullID(ap.UserID), ap.Name, timeParam(ap.At), cleared}, nil
			})
		if err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "agreements", map[string]int{"rows": len(rows), "approvals": len(approvals)})
	})
}

// validateLoadedAgreement checks an agreement as InsertAgreements takes
// it: its terms, its state and its approvals.
func validateLoadedAgreement(a *domain.Agreement) error {
	if a.StudentBirth.IsZero() {
		return domain.Invalid("student_birth", "error.bulk.birth_date", "the student's birth date is needed to know whether the guardian approves")
	}
	// As in the store's own writes, a draft may still lack the guardian's
	// name.
	t := a.Terms()
	if err := t.Validate(a.Status != domain.AgreementDraft && a.GuardianRequired()); err != nil {
		return err
	}
	a.Position, a.GuardianName, a.StartsOn, a.EndsOn = t.Position, t.GuardianName, t.StartsOn, t.EndsOn
	a.EndReason = strings.TrimSpace(a.EndReason)
	if a.Version < 1 {
		return domain.Invalid("version", "error.bulk.version", "the version must be 1 or more")
	}
	switch a.Status {
	case domain.AgreementDraft, domain.AgreementAwaiting:
	case domain.AgreementActive:
		if a.ActiveOn.IsZero() {
			return domain.Invalid("active_on", "error.date.required", "an active agreement needs the day it became active")
		}
	case domain.AgreementCompleted, domain.AgreementTerminated:
		if a.EndedOn.IsZero() {
			return domain.Invalid("ended_on", "error.date.required", "an ended agreement needs the day it ended")
		}
		if a.Status == domain.AgreementTerminated && a.EndReason == "" {
			return domain.Invalid("end_reason", "error.agreement.reason", "a terminated agreement needs the reason")
		}
	default:
		return domain.Invalid("status", "error.agreement.status", "unknown agreement status")
	}
	guardian := a.GuardianRequired()
	for i := range a.Approvals {
		ap := &a.Approvals[i]
		ap.Name = strings.TrimSpace(ap.Name)
		switch {
		case ap.Party != domain.PartyCollege && ap.Party != domain.PartyEnterprise && ap.Party != domain.PartyStudent &&
			ap.Party != domain.PartyGuardian:
			return domain.Invalid("party", "error.agreement.party", "unknown party")
		case ap.Party == domain.PartyGuardian && !guardian:
			return domain.Invalid("party", "error.agreement.guardian_not_needed", "the student is an adult")
		case ap.Version < 1 || ap.Version > a.Version:
			return domain.Invalid("version", "error.bulk.version", "an approval must be of a version of the agreement")
		case ap.Name == "":
			return domain.Invalid("name", "error.name.required", "an approval names who approved")
		case ap.At.IsZero():
			return domain.Invalid("at", "error.date.required", "an approval needs its time")
		}
	}
	if a.Status == domain.AgreementActive {
		for _, p := range a.RequiredParties() {
			if !a.Approved(p) {
				return domain.Invalid("approvals", "error.bulk.approvals", "an active agreement lacks a required approval").
					With("party", string(p))
			}
		}
	}
	return nil
}

// clearedAt is when the approvals of version were cleared: at the first
// approval of a later version, or at the agreement's last change if there
// is none.
func clearedAt(a *domain.Agreement, version int, now time.Time) time.Time {
	var at time.Time
	for _, ap := range a.Approvals {
		if ap.Version > version && (at.IsZero() || ap.At.Before(at)) {
			at = ap.At
		}
	}
	if at.IsZero() {
		at = a.UpdatedAt
	}
	if at.IsZero() {
		at = now
	}
	return at
}

// InsertPartyChanges stores changes of mentor or enterprise with their IDs
// set; By is the login of who made the change. EINVALID for an unknown kind
// or a change without the reason, time or author.
func (s *Store) InsertPartyChanges(ctx context.Context, rows []domain.PartyChange) error {
	return s.insertRows(ctx, "party_changes",
		[]string{"id", "agreement_id", "student_id", "kind", "from_id", "to_id", "reason", "at", "login"},
		len(rows), func(i int) ([]any, error) {
			c := &rows[i]
			c.Reason, c.By = strings.TrimSpace(c.Reason), strings.TrimSpace(c.By)
			switch {
			case c.Kind != domain.ChangeMentor && c.Kind != domain.ChangeEnterprise:
				return nil, domain.Invalid("kind", "error.bulk.change_kind", "a change is of the mentor or of the enterprise")
			case c.Reason == "":
				return nil, domain.Invalid("reason", "error.agreement.reason", "a change needs the reason")
			case c.At.IsZero():
				return nil, domain.Invalid("at", "error.date.required", "a change needs its time")
			case c.By == "":
				return nil, domain.Invalid("by", "error.name.required", "a change names who made it")
			}
			return []any{c.ID, c.AgreementID, c.StudentID, c.Kind, c.FromID, c.ToID, c.Reason, timeParam(c.At), c.By}, nil
		})
}

// signerKey is a mentor's name at the enterprise of an agreement.
type signerKey struct {
	agreement int64
	name      string
}

// signers finds the mentors who signed or returned entries, or assessed
// competences, by name: the mentors of the agreements' enterprises, the
// agreement's own mentor first should two share a name. The mentor named
// may be a former one, replaced since. One query per few thousand
// agreements, rather than a lookup per row: a subquery per row of a bulk
// INSERT is planned before the tables have statistics, and PostgreSQL then
// scans the agreements for every row.
func (s *Store) signers(ctx context.Context, tx *sql.Tx, agreements []int64) (map[signerKey]int64, error) {
	slices.Sort(agreements)
	agreements = slices.Compact(agreements)
	out := make(map[signerKey]int64, 4*len(agreements))
	own := map[signerKey]bool{}
	for chunk := range slices.Chunk(agreements, 5000) {
		args := make([]any, len(chunk))
		marks := make([]string, len(chunk))
		for i, id := range chunk {
			args[i], marks[i] = id, "$"+strconv.Itoa(i+1)
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.id, m.id, m.name, m.id = COALESCE(a.mentor_id, 0)
			FROM agreements a JOIN mentors m ON m.enterprise_id = a.enterprise_id
			WHERE a.id IN (`+strings.Join(marks, ",")+`) ORDER BY a.id, m.id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k signerKey
			var mentor int64
			var isOwn bool
			if err := rows.Scan(&k.agreement, &mentor, &k.name, &isOwn); err != nil {
				rows.Close()
				return nil, err
			}
			if _, seen := out[k]; !seen || (isOwn && !own[k]) {
				out[k], own[k] = mentor, isOwn
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InsertEntries stores logbook entries with their IDs set. SignedBy names
// the mentor who signed the entry or, for a returned one, returned it: a
// mentor of the agreement's enterprise. A returned entry was returned at its
// UpdatedAt. The newest signed version of a week counts; the versions of a
// week must come in one call or in version order. EINVALID for an invalid
// entry, a missing time or a signer who is not a mentor of the enterprise.
func (s *Store) InsertEntries(ctx context.Context, rows []domain.LogbookEntry) error {
	now := s.Now()
	type week struct {
		student int64
		monday  time.Time
	}
	newestSigned := map[week]int{}
	for i := range rows {
		e := &rows[i]
		if err := validateLoadedEntry(e); err != nil {
			return fmt.Errorf("logbook_entries row %d: %w", i+1, err)
		}
		if w := (week{e.StudentID, e.WeekStart}); e.Status == domain.EntrySigned && e.Version > newestSigned[w] {
			newestSigned[w] = e.Version
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		ids := make([]int64, 0, len(rows))
		for _, e := range rows {
			if e.Status == domain.EntrySigned || e.Status == domain.EntryReturned {
				ids = append(ids, e.AgreementID)
			}
		}
		signers, err := s.signers(ctx, tx, ids)
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "logbook_entries",
			[]string{"id", "student_id", "agreement_id", "week_start", "version", "is_current", "counted", "days", "hours",
				"tasks", "competences", "status", "comment", "submitted_at", "mentor_id", "decided_at", "signed_at",
				"reviewed_at", "reviewed_by", "review_comment", "created_at", "updated_at"}, "",
			len(rows), func(i int) ([]any, error) {
				e := &rows[i]
				counted := e.Status == domain.EntrySigned && newestSigned[week{e.StudentID, e.WeekStart}] == e.Version
				var decided time.Time
				var mentor int64
				switch e.Status {
				case domain.EntrySigned:
					decided = e.SignedAt
				case domain.EntryReturned:
					decided = orNowTime(e.UpdatedAt, now)
				}
				if !decided.IsZero() {
					if mentor = signers[signerKey{e.AgreementID, e.SignedBy}]; mentor == 0 {
						return nil, domain.Invalid("signed_by", "error.mentor.enterprise", "the entry's signer is not a mentor of the enterprise")
					}
				}
				return []any{e.ID, e.StudentID, e.AgreementID, dateParam(e.WeekStart), e.Version, e.Current, counted,
					e.Days.String(), e.Hours, e.Tasks, competenceList(e.Competences), string(e.Status), e.Comment,
					nullTime(e.SubmittedAt), nullID(mentor), nullTime(decided), nullTime(e.SignedAt),
					nullTime(e.ReviewedAt), e.ReviewedBy, e.ReviewComment, orNow(e.CreatedAt, now), orNow(e.UpdatedAt, now)}, nil
			})
		if err != nil {
			return err
		}
		// A signed correction ends the counting of the versions before it
		// that earlier calls stored.
		for _, e := range rows {
			if e.Version > 1 && e.Status == domain.EntrySigned && newestSigned[week{e.StudentID, e.WeekStart}] == e.Version {
				if _, err := tx.ExecContext(ctx, `UPDATE logbook_entries SET counted = $1
					WHERE student_id = $2 AND week_start = $3 AND version < $4 AND counted`,
					false, e.StudentID, dateParam(e.WeekStart), e.Version); err != nil {
					return err
				}
			}
		}
		return s.auditBatch(ctx, tx, "logbook_entries", map[string]int{"rows": len(rows)})
	})
}

// validateLoadedEntry checks an entry as InsertEntries takes it.
func validateLoadedEntry(e *domain.LogbookEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	e.Comment, e.SignedBy = strings.TrimSpace(e.Comment), strings.TrimSpace(e.SignedBy)
	switch {
	case e.Version < 1:
		return domain.Invalid("version", "error.bulk.version", "the version must be 1 or more")
	case e.Status != domain.EntryDraft && e.Status != domain.EntrySubmitted && e.Status != domain.EntrySigned &&
		e.Status != domain.EntryReturned:
		return domain.Invalid("status", "error.entry.status", "unknown entry status")
	case e.Status != domain.EntryDraft && e.SubmittedAt.IsZero():
		return domain.Invalid("submitted_at", "error.date.required", "a submitted entry needs the time it was submitted")
	case e.Status == domain.EntrySigned && e.SignedAt.IsZero():
		return domain.Invalid("signed_at", "error.date.required", "a signed entry needs the time it was signed")
	case e.Status == domain.EntryReturned && e.Comment == "":
		return domain.Invalid("comment", "error.entry.comment", "a returned entry needs the mentor's comment")
	case (e.Status == domain.EntrySigned || e.Status == domain.EntryReturned) && e.SignedBy == "":
		return domain.Invalid("signed_by", "error.mentor.name", "a signed or returned entry names the mentor")
	case len([]rune(e.Comment)) > 1000 || len([]rune(e.ReviewComment)) > 1000:
		return domain.Invalid("comment", "error.text.too_long", "too long").With("max", "1000")
	}
	return nil
}

// competenceList spells competence IDs as the logbook stores them: "3,7,12".
func competenceList(ids []int64) string {
	b := make([]byte, 0, 8*len(ids))
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

// InsertAssessments stores mentors' competence assessments with their IDs
// set; the mentor is found by AssessedBy at the agreement's enterprise
// (none if no mentor there has that name). EINVALID for an invalid row or
// one without the assessor or the time.
func (s *Store) InsertAssessments(ctx context.Context, rows []domain.CompetenceAssessment) error {
	for i := range rows {
		c := &rows[i]
		c.AssessedBy = strings.TrimSpace(c.AssessedBy)
		err := c.Validate()
		switch {
		case err != nil:
		case c.AssessedBy == "":
			err = domain.Invalid("assessed_by", "error.mentor.name", "an assessment names the mentor")
		case c.At.IsZero():
			err = domain.Invalid("at", "error.date.required", "an assessment needs its time")
		}
		if err != nil {
			return fmt.Errorf("competence_assessments row %d: %w", i+1, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		ids := make([]int64, len(rows))
		for i, c := range rows {
			ids[i] = c.AgreementID
		}
		signers, err := s.signers(ctx, tx, ids)
		if err != nil {
			return err
		}
		err = s.insertIn(ctx, tx, "competence_assessments",
			[]string{"id", "student_id", "agreement_id", "competence_id", "level", "comment", "mentor_id", "assessed_by", "at"}, "",
			len(rows), func(i int) ([]any, error) {
				c := &rows[i]
				return []any{c.ID, c.StudentID, c.AgreementID, c.CompetenceID, c.Level, c.Comment,
					nullID(signers[signerKey{c.AgreementID, c.AssessedBy}]), c.AssessedBy, timeParam(c.At)}, nil
			})
		if err != nil {
			return err
		}
		return s.auditBatch(ctx, tx, "competence_assessments", map[string]int{"rows": len(rows)})
	})
}

// orNow is t as a timestamp parameter, or now when t is zero.
func orNow(t, now time.Time) string { return timeParam(orNowTime(t, now)) }

func orNowTime(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

// nullDate is a date parameter, NULL for the zero time.
func nullDate(t time.Time) sql.NullString {
	return sql.NullString{String: dateParam(t), Valid: !t.IsZero()}
}
