package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// liveStatuses is the SQL list of the states that bind a student now or
// soon; it matches the partial unique index agreements_live_student.
const liveStatuses = `('draft', 'awaiting', 'active')`

var errLiveAgreement = domain.Errorf(domain.ECONFLICT, "error.agreement.live", "the student already has a live agreement")

// insertAgreement creates a draft agreement for a.StudentID inside tx: it
// validates the terms (a draft may still lack the guardian's name: an
// enterprise accepting a minor does not know it; SendForSignature asks for
// it), takes the college from the student, checks the
// enterprise and mentor, refuses a second live agreement, and writes the
// audit entry. It sets a.ID, a.CollegeID, a.Status, a.Version and the
// timestamps. AcceptApplication, CreateAgreement and ChangeEnterprise share
// it.
func (s *Store) insertAgreement(ctx context.Context, tx *sql.Tx, a *domain.Agreement) error {
	var collegeID int64
	err := tx.QueryRowContext(ctx, `SELECT birth_date, college_id FROM students WHERE id = $1`, a.StudentID).
		Scan(timeScanner{&a.StudentBirth}, &collegeID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound("student")
	}
	if err != nil {
		return err
	}
	t := a.Terms()
	if err := t.Validate(false); err != nil {
		return err
	}
	setTerms(a, t)
	if err := exists(ctx, tx, `SELECT count(*) FROM enterprises WHERE id = $1`, a.EnterpriseID,
		domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")); err != nil {
		return err
	}
	if a.MentorID != 0 {
		if err := s.checkMentor(ctx, tx, a.MentorID, a.EnterpriseID, 0); err != nil {
			return err
		}
	}
	var live int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM agreements WHERE student_id = $1 AND status IN `+liveStatuses,
		a.StudentID).Scan(&live); err != nil {
		return err
	}
	if live > 0 {
		return errLiveAgreement
	}
	now := s.Now().UTC()
	a.CollegeID, a.Status, a.Version, a.CreatedAt, a.UpdatedAt = collegeID, domain.AgreementDraft, 1, now, now
	a.EndReason, a.ActiveOn, a.EndedOn = "", time.Time{}, time.Time{}
	err = tx.QueryRowContext(ctx, `
		INSERT INTO agreements (student_id, college_id, enterprise_id, offer_id, mentor_id, previous_id, position, starts_on, ends_on,
			weekdays, hours_per_week, stipend_tenge, mentor_pay, guardian_name, status, version, end_reason, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, '', $17, $17) RETURNING id`,
		a.StudentID, a.CollegeID, a.EnterpriseID, nullID(a.OfferID), nullID(a.MentorID), nullID(a.PreviousID), a.Position,
		dateParam(a.StartsOn), dateParam(a.EndsOn), a.Weekdays.String(), a.HoursPerWeek, a.StipendTenge, a.MentorPay,
		a.GuardianName, string(a.Status), a.Version, timeParam(now)).Scan(&a.ID)
	if err != nil {
		// Two writers racing past the count above meet the partial unique
		// index agreements_live_student, the only unique key a new row can
		// break.
		if domain.ErrorCode(s.dialect.translate(err)) == domain.ECONFLICT {
			e := *errLiveAgreement
			e.Err = err
			return &e
		}
		return err
	}
	return s.audit(ctx, tx, change{action: "create", recordType: "agreement", recordID: a.ID, after: a,
		regionID: collegeRegion(ctx, tx, a.CollegeID), collegeID: a.CollegeID})
}

// setTerms copies validated terms into the agreement.
func setTerms(a *domain.Agreement, t domain.Terms) {
	a.MentorID, a.Position, a.StartsOn, a.EndsOn, a.Weekdays = t.MentorID, t.Position, t.StartsOn, t.EndsOn, t.Weekdays
	a.HoursPerWeek, a.StipendTenge, a.MentorPay, a.GuardianName = t.HoursPerWeek, t.StipendTenge, t.MentorPay, t.GuardianName
}

// checkMentor refuses a mentor who does not work at the enterprise or who
// already has the most trainees the policy allows. Trainees are the
// agreements naming the mentor that await signatures or are active, other
// than the agreement at hand (except, 0 for a new one).
func (s *Store) checkMentor(ctx context.Context, tx *sql.Tx, mentorID, enterpriseID, except int64) error {
	var name string
	var enterprise int64
	// Locking the mentor makes two agreements competing for the last place
	// with the mentor count one after the other on PostgreSQL.
	err := tx.QueryRowContext(ctx, `SELECT name, enterprise_id FROM mentors WHERE id = $1`+s.forUpdate(), mentorID).
		Scan(&name, &enterprise)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && enterprise != enterpriseID) {
		return domain.Invalid("mentor_id", "error.mentor.enterprise", "the mentor must work at the agreement's enterprise")
	}
	if err != nil {
		return err
	}
	settings, err := dualSettings(tx.QueryRowContext(ctx, dualSettingsQuery))
	if err != nil {
		return err
	}
	limit := settings.MaxTraineesPerMentor
	var trainees int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM agreements WHERE mentor_id = $1 AND status IN ('awaiting', 'active') AND id <> $2`,
		mentorID, except).Scan(&trainees); err != nil {
		return err
	}
	if trainees >= limit {
		return &domain.Error{Code: domain.ECONFLICT, Key: "error.mentor.full", Field: "mentor_id",
			Params:  map[string]string{"name": name, "max": strconv.Itoa(limit)},
			Message: fmt.Sprintf("mentor %s already has %d trainees, the most allowed", name, trainees)}
	}
	return nil
}

var _ domain.AgreementService = (*Store)(nil)

// agreementRow is the agreement's own columns, in agreementRowTargets' order.
const agreementRow = `a.id, a.student_id, a.college_id, a.enterprise_id, COALESCE(a.offer_id, 0), COALESCE(a.mentor_id, 0),
	COALESCE(a.previous_id, 0), a.position, a.starts_on, a.ends_on, a.weekdays, a.hours_per_week, a.stipend_tenge, a.mentor_pay,
	a.guardian_name, a.status, a.version, a.end_reason, a.active_on, a.ended_on, a.created_at, a.updated_at`

// agreementColumns add what the printed agreement shows. Enterprises have
// no street address in the registry, so the city of the enterprise stands
// for it.
const agreementColumns = agreementRow + `,
	s.last_name, s.first_name, s.middle_name, s.iin, s.birth_date, g.code,
	c.name_kk, c.name_ru, c.name_en, c.bin, c.address,
	e.name_kk, e.name_ru, e.name_en, e.bin, ec.name_ru,
	COALESCE(q.code, ''), COALESCE(q.name_kk, ''), COALESCE(q.name_ru, ''), COALESCE(q.name_en, ''),
	COALESCE(m.name, '')`

const agreementFrom = ` FROM agreements a
	JOIN students s ON s.id = a.student_id
	JOIN study_groups g ON g.id = s.group_id
	JOIN programmes p ON p.id = s.programme_id
	LEFT JOIN qualifications q ON q.code = p.qualification_code
	JOIN colleges c ON c.id = a.college_id
	JOIN enterprises e ON e.id = a.enterprise_id
	JOIN cities ec ON ec.id = e.city_id
	LEFT JOIN mentors m ON m.id = a.mentor_id`

// agreementRowTargets are the scan targets of agreementRow; status and
// weekdays are converted by finishAgreement.
func agreementRowTargets(a *domain.Agreement, status *string, weekdays *string) []any {
	return []any{&a.ID, &a.StudentID, &a.CollegeID, &a.EnterpriseID, &a.OfferID, &a.MentorID, &a.PreviousID, &a.Position,
		timeScanner{&a.StartsOn}, timeScanner{&a.EndsOn}, weekdays, &a.HoursPerWeek, &a.StipendTenge, &a.MentorPay,
		&a.GuardianName, status, &a.Version, &a.EndReason, timeScanner{&a.ActiveOn}, timeScanner{&a.EndedOn},
		timeScanner{&a.CreatedAt}, timeScanner{&a.UpdatedAt}}
}

// finishAgreement converts the columns scanned as text.
func finishAgreement(a *domain.Agreement, status, weekdays string) error {
	a.Status = domain.AgreementStatus(status)
	w, err := domain.ParseWeekdays("weekdays", weekdays)
	a.Weekdays = w
	return err
}

// scanAgreement reads agreementColumns.
func scanAgreement(r interface{ Scan(...any) error }) (domain.Agreement, error) {
	var a domain.Agreement
	var status, weekdays string
	targets := append(agreementRowTargets(&a, &status, &weekdays),
		&a.Student.Last, &a.Student.First, &a.Student.Middle, &a.StudentIIN, timeScanner{&a.StudentBirth}, &a.GroupCode,
		&a.College.KK, &a.College.RU, &a.College.EN, &a.CollegeBIN, &a.CollegeAddress,
		&a.Enterprise.KK, &a.Enterprise.RU, &a.Enterprise.EN, &a.EnterpriseBIN, &a.EnterpriseAddress,
		&a.QualificationCode, &a.Qualification.KK, &a.Qualification.RU, &a.Qualification.EN, &a.Mentor)
	if err := r.Scan(targets...); err != nil {
		return a, err
	}
	a.Approvals = []domain.Approval{}
	return a, finishAgreement(&a, status, weekdays)
}

// forUpdate locks the rows a write transaction reads before it changes
// them, so that two approvals of one agreement on PostgreSQL see each
// other; SQLite's write transactions are serial already and know no such
// clause.
func (s *Store) forUpdate() string {
	if s.dialect.name == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}

// lockAgreement reads an agreement's own columns and the student's birth
// date inside tx, locking the row.
func (s *Store) lockAgreement(ctx context.Context, tx *sql.Tx, id int64) (domain.Agreement, error) {
	var a domain.Agreement
	var status, weekdays string
	err := tx.QueryRowContext(ctx, `SELECT `+agreementRow+` FROM agreements a WHERE a.id = $1`+s.forUpdate(), id).
		Scan(agreementRowTargets(&a, &status, &weekdays)...)
	if err != nil {
		return a, notFound(err, "agreement")
	}
	if err := finishAgreement(&a, status, weekdays); err != nil {
		return a, err
	}
	err = tx.QueryRowContext(ctx, `SELECT birth_date FROM students WHERE id = $1`, a.StudentID).Scan(timeScanner{&a.StudentBirth})
	return a, err
}

// stateError is the ECONFLICT of a transition out of order.
func stateError(key string, status any) error {
	st := fmt.Sprint(status)
	return domain.Errorf(domain.ECONFLICT, key, "not allowed while %s", st).With("status", st)
}

var errStale = domain.Errorf(domain.ECONFLICT, "error.agreement.stale", "the agreement was changed meanwhile")

// agreementWhere turns a filter into conditions on agreements a joined to
// students s.
func agreementWhere(f domain.AgreementFilter) *where {
	var w where
	addNameQuery(&w, "s", f.Query)
	if f.Status != "" {
		w.add("a.status = ?", string(f.Status))
	}
	if f.StudentID != 0 {
		w.add("a.student_id = ?", f.StudentID)
	}
	if f.CollegeID != 0 {
		w.add("a.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	if f.RegionID != 0 {
		w.add("a.college_id IN (SELECT id FROM colleges WHERE region_id = ?)", f.RegionID)
	}
	if f.MentorID != 0 {
		w.add("a.mentor_id = ?", f.MentorID)
	}
	if f.MentorUserID != 0 {
		w.add("a.mentor_id IN (SELECT id FROM mentors WHERE user_id = ?)", f.MentorUserID)
	}
	if f.CuratorID != 0 {
		w.add("s.group_id IN (SELECT id FROM study_groups WHERE curator_id = ?)", f.CuratorID)
	}
	if f.GroupID != 0 {
		w.add("s.group_id = ?", f.GroupID)
	}
	return &w
}

// agreementOrder is newest first.
const agreementOrder = ` ORDER BY a.id DESC`

// Agreements returns a page of agreements, newest first, with the
// approvals of each.
func (s *Store) Agreements(ctx context.Context, f domain.AgreementFilter) (domain.List[domain.Agreement], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Agreement]{}, err
	}
	w := agreementWhere(f)
	list := domain.List[domain.Agreement]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM agreements a JOIN students s ON s.id = a.student_id`+w.sql(),
		w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+agreementColumns+agreementFrom+w.sql()+agreementOrder+limit, args...)
	if err != nil {
		return list, err
	}
	if list.Items, err = collect(rows, scanAgreement); err != nil {
		return list, err
	}
	return list, s.loadApprovals(ctx, list.Items)
}

// Agreement returns one agreement with the approvals of every version.
func (s *Store) Agreement(ctx context.Context, id int64) (domain.Agreement, error) {
	a, err := scanAgreement(s.read.QueryRowContext(ctx, `SELECT `+agreementColumns+agreementFrom+` WHERE a.id = $1`, id))
	if err != nil {
		return a, notFound(err, "agreement")
	}
	items := []domain.Agreement{a}
	err = s.loadApprovals(ctx, items)
	return items[0], err
}

// loadApprovals fills the approvals of the agreements in one query,
// newest version first.
func (s *Store) loadApprovals(ctx context.Context, items []domain.Agreement) error {
	if len(items) == 0 {
		return nil
	}
	index := make(map[int64]int, len(items))
	ids := make([]int64, len(items))
	for i, a := range items {
		index[a.ID], ids[i] = i, a.ID
	}
	list, args := inList(nil, ids)
	rows, err := s.read.QueryContext(ctx, `SELECT agreement_id, party, version, COALESCE(user_id, 0), name, at, cleared_at IS NOT NULL
		FROM agreement_approvals WHERE agreement_id IN `+list+`
		ORDER BY agreement_id, version DESC, at DESC, id DESC`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ap domain.Approval
		var party string
		if err := rows.Scan(&id, &party, &ap.Version, &ap.UserID, &ap.Name, timeScanner{&ap.At}, &ap.Cleared); err != nil {
			return err
		}
		ap.Party = domain.Party(party)
		a := &items[index[id]]
		a.Approvals = append(a.Approvals, ap)
	}
	return rows.Err()
}

// inList appends ids to args and returns the placeholders "($n, …)" that
// stand for them.
func inList(args []any, ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	return "(" + strings.Join(marks, ", ") + ")", args
}

// CreateAgreement creates a draft agreement for a student with no live
// agreement; the college comes from the student.
func (s *Store) CreateAgreement(ctx context.Context, a *domain.Agreement) error {
	if a.EnterpriseID <= 0 {
		return domain.Invalid("enterprise_id", "error.enterprise.required", "enterprise is required")
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.insertAgreement(ctx, tx, a) })
}

// agreementChange writes the audit entry of a change to an agreement.
func (s *Store) agreementChange(ctx context.Context, tx *sql.Tx, action string, id, collegeID int64, before, after any) error {
	return s.audit(ctx, tx, change{action: action, recordType: "agreement", recordID: id, before: before, after: after,
		regionID: collegeRegion(ctx, tx, collegeID), collegeID: collegeID})
}

// lockedAgreement runs fn in one transaction on the agreement id, locked,
// once allowed says the agreement's state permits the step; otherwise
// ECONFLICT error.agreement.state.
func (s *Store) lockedAgreement(ctx context.Context, id int64, allowed func(domain.AgreementStatus) bool,
	fn func(tx *sql.Tx, a domain.Agreement) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		a, err := s.lockAgreement(ctx, tx, id)
		if err != nil {
			return err
		}
		if !allowed(a.Status) {
			return stateError("error.agreement.state", a.Status)
		}
		return fn(tx, a)
	})
}

// agreementStep moves an agreement from state from to another: write
// changes it and returns the state after for the audit row of action,
// which records from as the state before; write returns no state when
// there was nothing to change, and no row is written.
func (s *Store) agreementStep(ctx context.Context, id int64, action string, from domain.AgreementStatus,
	write func(tx *sql.Tx, a domain.Agreement) (after map[string]any, err error)) error {
	is := func(st domain.AgreementStatus) bool { return st == from }
	return s.lockedAgreement(ctx, id, is, func(tx *sql.Tx, a domain.Agreement) error {
		after, err := write(tx, a)
		if err != nil || after == nil {
			return err
		}
		return s.agreementChange(ctx, tx, action, id, a.CollegeID, map[string]any{"status": a.Status}, after)
	})
}

func sameTerms(a, b domain.Terms) bool {
	return a.MentorID == b.MentorID && a.Position == b.Position && a.StartsOn.Equal(b.StartsOn) && a.EndsOn.Equal(b.EndsOn) &&
		a.Weekdays == b.Weekdays && a.HoursPerWeek == b.HoursPerWeek && a.StipendTenge == b.StipendTenge &&
		a.MentorPay == b.MentorPay && a.GuardianName == b.GuardianName
}

// EditAgreement changes the terms. Any change is a new version: every
// approval given so far is cleared (kept, marked) and an agreement that was
// awaiting signatures or active awaits them again.
func (s *Store) EditAgreement(ctx context.Context, id int64, version int, t domain.Terms) error {
	return s.lockedAgreement(ctx, id, domain.AgreementStatus.Live, func(tx *sql.Tx, a domain.Agreement) error {
		if version != a.Version {
			return errStale
		}
		// The guardian's name may wait until the draft goes for signature.
		if err := t.Validate(a.Status != domain.AgreementDraft && domain.Minor(a.StudentBirth, t.StartsOn)); err != nil {
			return err
		}
		before := a.Terms()
		if sameTerms(before, t) {
			return nil
		}
		if t.MentorID == 0 && a.Status != domain.AgreementDraft {
			return domain.Invalid("mentor_id", "error.mentor.required", "name the mentor")
		}
		if t.MentorID != 0 && t.MentorID != before.MentorID {
			if err := s.checkMentor(ctx, tx, t.MentorID, a.EnterpriseID, a.ID); err != nil {
				return err
			}
		}
		status := domain.AgreementAwaiting
		if a.Status == domain.AgreementDraft {
			status = domain.AgreementDraft
		}
		now := s.Now().UTC()
		res, err := tx.ExecContext(ctx, `UPDATE agreements SET mentor_id = $1, position = $2, starts_on = $3, ends_on = $4,
			weekdays = $5, hours_per_week = $6, stipend_tenge = $7, mentor_pay = $8, guardian_name = $9, status = $10,
			version = version + 1, updated_at = $11 WHERE id = $12 AND version = $13`,
			nullID(t.MentorID), t.Position, dateParam(t.StartsOn), dateParam(t.EndsOn), t.Weekdays.String(), t.HoursPerWeek,
			t.StipendTenge, t.MentorPay, t.GuardianName, string(status), timeParam(now), id, version)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n != 1 {
			return errStale
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreement_approvals SET cleared_at = $1 WHERE agreement_id = $2 AND cleared_at IS NULL`,
			timeParam(now), id); err != nil {
			return err
		}
		return s.agreementChange(ctx, tx, "edit", id, a.CollegeID,
			map[string]any{"version": a.Version, "status": a.Status, "terms": before},
			map[string]any{"version": a.Version + 1, "status": status, "terms": t})
	})
}

// SendForSignature sends a draft to the parties; the mentor must be named
// and have room for one more trainee, and a minor's guardian named.
func (s *Store) SendForSignature(ctx context.Context, id int64) error {
	return s.agreementStep(ctx, id, "send", domain.AgreementDraft, func(tx *sql.Tx, a domain.Agreement) (map[string]any, error) {
		if a.MentorID == 0 {
			return nil, domain.Invalid("mentor_id", "error.mentor.required", "name the mentor")
		}
		if t := a.Terms(); domain.Minor(a.StudentBirth, a.StartsOn) {
			if err := t.Validate(true); err != nil {
				return nil, err
			}
		}
		if err := s.checkMentor(ctx, tx, a.MentorID, a.EnterpriseID, a.ID); err != nil {
			return nil, err
		}
		_, err := tx.ExecContext(ctx, `UPDATE agreements SET status = 'awaiting', updated_at = $1 WHERE id = $2`, timeParam(s.Now()), id)
		return map[string]any{"status": domain.AgreementAwaiting}, err
	})
}

// ApproveAgreement records the acting user's approval for party of the
// current version. The approval completing the required set makes the
// agreement active today and the enterprise the student's.
func (s *Store) ApproveAgreement(ctx context.Context, id int64, version int, party domain.Party) error {
	switch party {
	case domain.PartyCollege, domain.PartyEnterprise, domain.PartyStudent, domain.PartyGuardian:
	default:
		return domain.Invalid("party", "error.agreement.party", "unknown party")
	}
	return s.agreementStep(ctx, id, "approve", domain.AgreementAwaiting, func(tx *sql.Tx, a domain.Agreement) (map[string]any, error) {
		if version != a.Version {
			return nil, errStale
		}
		if party == domain.PartyGuardian && !a.GuardianRequired() {
			return nil, domain.Invalid("party", "error.agreement.guardian_not_needed", "the student is an adult")
		}
		approved, err := s.approvedParties(ctx, tx, id, a.Version)
		if err != nil || approved[party] {
			return nil, err
		}
		var userID int64
		if u := domain.ActorFrom(ctx).User; u != nil {
			userID = u.ID
		}
		name := actorName(ctx)
		if party == domain.PartyGuardian {
			name = a.GuardianName
		}
		now := s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_approvals (agreement_id, party, version, user_id, name, at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, string(party), a.Version, nullID(userID), name, timeParam(now)); err != nil {
			return nil, err
		}
		approved[party] = true
		status := a.Status
		if allApproved(a.RequiredParties(), approved) {
			status = domain.AgreementActive
			// A re-signed agreement keeps the day it first became active:
			// the training has been running since then.
			if _, err := tx.ExecContext(ctx, `UPDATE agreements SET status = 'active', active_on = COALESCE(active_on, $1), updated_at = $2
				WHERE id = $3`, dateParam(domain.DateInKazakhstan(now)), timeParam(now), id); err != nil {
				return nil, err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE students SET enterprise_id = $1 WHERE id = $2`, a.EnterpriseID, a.StudentID); err != nil {
				return nil, err
			}
		}
		return map[string]any{"status": status, "party": party, "version": a.Version, "name": name}, nil
	})
}

// approvedParties are the parties that approved version and were not
// cleared since.
func (s *Store) approvedParties(ctx context.Context, tx *sql.Tx, id int64, version int) (map[domain.Party]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT party FROM agreement_approvals WHERE agreement_id = $1 AND version = $2 AND cleared_at IS NULL`,
		id, version)
	if err != nil {
		return nil, err
	}
	parties, err := collect(rows, func(r interface{ Scan(...any) error }) (string, error) {
		var p string
		return p, r.Scan(&p)
	})
	approved := make(map[domain.Party]bool, len(parties))
	for _, p := range parties {
		approved[domain.Party(p)] = true
	}
	return approved, err
}

func allApproved(required []domain.Party, approved map[domain.Party]bool) bool {
	for _, p := range required {
		if !approved[p] {
			return false
		}
	}
	return true
}

// CompleteAgreement ends an active agreement on or after its last day.
func (s *Store) CompleteAgreement(ctx context.Context, id int64) error {
	return s.agreementStep(ctx, id, "complete", domain.AgreementActive, func(tx *sql.Tx, a domain.Agreement) (map[string]any, error) {
		now := s.Now().UTC()
		today := domain.DateInKazakhstan(now)
		if today.Before(a.EndsOn) {
			return nil, domain.Invalid("ends_on", "error.agreement.not_ended", "the agreement can be completed on or after its end date")
		}
		_, err := tx.ExecContext(ctx, `UPDATE agreements SET status = 'completed', ended_on = $1, updated_at = $2 WHERE id = $3`,
			dateParam(today), timeParam(now), id)
		return map[string]any{"status": domain.AgreementCompleted, "ended_on": dateParam(today)}, err
	})
}

// checkReason trims and checks the reason for ending or changing an
// agreement.
func checkReason(reason *string) error {
	*reason = strings.TrimSpace(*reason)
	switch {
	case *reason == "":
		return domain.Invalid("reason", "error.agreement.reason", "write the reason")
	case len([]rune(*reason)) > 1000:
		return domain.Invalid("reason", "error.text.too_long", "too long").With("max", "1000")
	}
	return nil
}

// TerminateAgreement ends a live agreement early with a reason.
func (s *Store) TerminateAgreement(ctx context.Context, id int64, reason string) error {
	if err := checkReason(&reason); err != nil {
		return err
	}
	return s.lockedAgreement(ctx, id, domain.AgreementStatus.Live, func(tx *sql.Tx, a domain.Agreement) error {
		return s.terminate(ctx, tx, a, reason)
	})
}

// terminate ends the live agreement a today with reason; the student no
// longer trains at its enterprise.
func (s *Store) terminate(ctx context.Context, tx *sql.Tx, a domain.Agreement, reason string) error {
	if !a.Status.Live() {
		return stateError("error.agreement.state", a.Status)
	}
	now := s.Now().UTC()
	today := domain.DateInKazakhstan(now)
	if _, err := tx.ExecContext(ctx, `UPDATE agreements SET status = 'terminated', end_reason = $1, ended_on = $2, updated_at = $3
		WHERE id = $4`, reason, dateParam(today), timeParam(now), a.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE students SET enterprise_id = NULL WHERE id = $1 AND enterprise_id = $2`,
		a.StudentID, a.EnterpriseID); err != nil {
		return err
	}
	return s.agreementChange(ctx, tx, "terminate", a.ID, a.CollegeID, map[string]any{"status": a.Status},
		map[string]any{"status": domain.AgreementTerminated, "reason": reason, "ended_on": dateParam(today)})
}

// recordPartyChange appends a change of mentor or enterprise to the
// student's history.
func (s *Store) recordPartyChange(ctx context.Context, tx *sql.Tx, a domain.Agreement, kind string, from, to int64, reason string, at time.Time) error {
	login := actorName(ctx)
	if u := domain.ActorFrom(ctx).User; u != nil {
		login = u.Login
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO party_changes (agreement_id, student_id, kind, from_id, to_id, reason, at, login)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.ID, a.StudentID, kind, from, to, reason, timeParam(at), login)
	return err
}

// ChangeMentor names another mentor of the agreement's enterprise. The
// approvals stand: the enterprise appoints its mentors.
func (s *Store) ChangeMentor(ctx context.Context, id int64, mentorID int64, reason string) error {
	if err := checkReason(&reason); err != nil {
		return err
	}
	if mentorID <= 0 {
		return domain.Invalid("mentor_id", "error.mentor.required", "name the mentor")
	}
	return s.lockedAgreement(ctx, id, domain.AgreementStatus.Live, func(tx *sql.Tx, a domain.Agreement) error {
		if mentorID == a.MentorID {
			return nil
		}
		if err := s.checkMentor(ctx, tx, mentorID, a.EnterpriseID, a.ID); err != nil {
			return err
		}
		now := s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE agreements SET mentor_id = $1, updated_at = $2 WHERE id = $3`,
			mentorID, timeParam(now), id); err != nil {
			return err
		}
		if err := s.recordPartyChange(ctx, tx, a, domain.ChangeMentor, a.MentorID, mentorID, reason, now); err != nil {
			return err
		}
		return s.agreementChange(ctx, tx, "change_mentor", id, a.CollegeID, map[string]any{"mentor_id": a.MentorID},
			map[string]any{"mentor_id": mentorID, "reason": reason})
	})
}

// ChangeEnterprise moves a student in active training to another
// enterprise: the agreement ends with the reason, and a draft with the new
// enterprise runs from tomorrow to the old end on the same pattern. The
// logbook, hours and assessments belong to the student and stay.
func (s *Store) ChangeEnterprise(ctx context.Context, id int64, enterpriseID, mentorID int64, reason string) (int64, error) {
	if err := checkReason(&reason); err != nil {
		return 0, err
	}
	if enterpriseID <= 0 {
		return 0, domain.Invalid("enterprise_id", "error.enterprise.required", "enterprise is required")
	}
	var next domain.Agreement
	active := func(st domain.AgreementStatus) bool { return st == domain.AgreementActive }
	err := s.lockedAgreement(ctx, id, active, func(tx *sql.Tx, a domain.Agreement) error {
		if enterpriseID == a.EnterpriseID {
			return domain.Invalid("enterprise_id", "error.agreement.same_enterprise", "choose another enterprise")
		}
		if err := s.terminate(ctx, tx, a, reason); err != nil {
			return err
		}
		next = domain.Agreement{StudentID: a.StudentID, EnterpriseID: enterpriseID, MentorID: mentorID, PreviousID: a.ID,
			Position: a.Position, StartsOn: s.today().AddDate(0, 0, 1), EndsOn: a.EndsOn, Weekdays: a.Weekdays,
			HoursPerWeek: a.HoursPerWeek, StipendTenge: a.StipendTenge, MentorPay: a.MentorPay, GuardianName: a.GuardianName}
		if err := s.insertAgreement(ctx, tx, &next); err != nil {
			return err
		}
		return s.recordPartyChange(ctx, tx, a, domain.ChangeEnterprise, a.EnterpriseID, enterpriseID, reason, next.CreatedAt)
	})
	return next.ID, err
}

// PartyChanges lists the changes of a student's mentor and enterprise,
// newest first.
func (s *Store) PartyChanges(ctx context.Context, studentID int64) ([]domain.PartyChange, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, agreement_id, student_id, kind, from_id, to_id, reason, at, login
		FROM party_changes WHERE student_id = $1 ORDER BY at DESC, id DESC`, studentID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.PartyChange, error) {
		var c domain.PartyChange
		err := r.Scan(&c.ID, &c.AgreementID, &c.StudentID, &c.Kind, &c.FromID, &c.ToID, &c.Reason, timeScanner{&c.At}, &c.By)
		return c, err
	})
}

// WorkRecords streams the work-experience records of the agreements that
// became active at some point, in ID order. The end is the day the
// agreement ended, or its planned end while it runs.
func (s *Store) WorkRecords(ctx context.Context, f domain.AgreementFilter, fn func(domain.WorkRecord) error) error {
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	w := agreementWhere(f)
	w.add("a.active_on IS NOT NULL AND a.status IN ('active', 'completed', 'terminated')")
	rows, err := s.read.QueryContext(ctx, `SELECT a.id, s.iin, s.last_name, s.first_name, s.middle_name, e.bin,
		e.name_kk, e.name_ru, e.name_en, a.position, a.starts_on, COALESCE(a.ended_on, a.ends_on), a.status
		FROM agreements a JOIN students s ON s.id = a.student_id JOIN enterprises e ON e.id = a.enterprise_id`+
		w.sql()+` ORDER BY a.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r domain.WorkRecord
		var status string
		if err := rows.Scan(&r.AgreementID, &r.StudentIIN, &r.Student.Last, &r.Student.First, &r.Student.Middle, &r.EnterpriseBIN,
			&r.Enterprise.KK, &r.Enterprise.RU, &r.Enterprise.EN, &r.Position, timeScanner{&r.StartsOn}, timeScanner{&r.EndsOn},
			&status); err != nil {
			return err
		}
		r.Status = domain.AgreementStatus(status)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
