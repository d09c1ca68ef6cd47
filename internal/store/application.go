package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

const applicationColumns = `ap.id, ap.offer_id, ap.student_id, ap.status, ap.note, ap.reason, COALESCE(ap.agreement_id, 0),
	ap.created_at, ap.decided_at, s.last_name, s.first_name, s.middle_name, s.college_id, c.region_id,
	c.name_kk, c.name_ru, c.name_en, e.name_kk, e.name_ru, e.name_en, q.name_kk, q.name_ru, q.name_en`

const applicationFrom = ` FROM applications ap
	JOIN offers o ON o.id = ap.offer_id
	JOIN students s ON s.id = ap.student_id
	JOIN colleges c ON c.id = s.college_id
	JOIN enterprises e ON e.id = o.enterprise_id
	JOIN qualifications q ON q.code = o.qualification_code`

// application is an application with the student's college and its
// region, the scope its audit entries are filed under.
type application struct {
	domain.Application
	collegeID int64
	regionID  int
}

func scanApplication(r interface{ Scan(...any) error }) (application, error) {
	var a application
	var status string
	err := r.Scan(&a.ID, &a.OfferID, &a.StudentID, &status, &a.Note, &a.Reason, &a.AgreementID,
		timeScanner{&a.CreatedAt}, timeScanner{&a.DecidedAt}, &a.Student.Last, &a.Student.First, &a.Student.Middle,
		&a.collegeID, &a.regionID, &a.College.KK, &a.College.RU, &a.College.EN,
		&a.Enterprise.KK, &a.Enterprise.RU, &a.Enterprise.EN, &a.Qualification.KK, &a.Qualification.RU, &a.Qualification.EN)
	a.Status = domain.ApplicationStatus(status)
	return a, err
}

// Applications returns a page of applications, newest first.
func (s *Store) Applications(ctx context.Context, f domain.ApplicationFilter) (domain.List[domain.Application], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Application]{}, err
	}
	w := applicationWhere(f)
	list := domain.List[domain.Application]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM applications ap`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+applicationColumns+applicationFrom+w.sql()+applicationOrder+limit, args...)
	if err != nil {
		return list, err
	}
	items, err := collect(rows, scanApplication)
	list.Items = make([]domain.Application, len(items))
	for i, a := range items {
		list.Items[i] = a.Application
	}
	return list, err
}

// applicationOrder is newest first.
const applicationOrder = ` ORDER BY ap.created_at DESC, ap.id DESC`

// applicationWhere is the condition of a list of applications, shared by
// Applications and EachApplication. f must be validated.
func applicationWhere(f domain.ApplicationFilter) *where {
	w := &where{}
	if f.OfferID != 0 {
		w.add("ap.offer_id = ?", f.OfferID)
	}
	if f.StudentID != 0 {
		w.add("ap.student_id = ?", f.StudentID)
	}
	if f.EnterpriseID != 0 {
		w.add("ap.offer_id IN (SELECT id FROM offers WHERE enterprise_id = ?)", f.EnterpriseID)
	}
	if f.CollegeID != 0 {
		w.add("ap.student_id IN (SELECT id FROM students WHERE college_id = ?)", f.CollegeID)
	}
	if f.RegionID != 0 {
		// A regional department follows both its region's students and the
		// placements at sites in its region.
		w.add(`(ap.offer_id IN (SELECT id FROM offers WHERE region_id = ?)
			OR ap.student_id IN (SELECT st.id FROM students st JOIN colleges co ON co.id = st.college_id WHERE co.region_id = ?))`,
			f.RegionID, f.RegionID)
	}
	if f.Status != "" {
		w.add("ap.status = ?", string(f.Status))
	}
	return w
}

// Application returns one application; ENOTFOUND if there is none.
func (s *Store) Application(ctx context.Context, id int64) (domain.Application, error) {
	a, err := scanApplication(s.read.QueryRowContext(ctx, `SELECT `+applicationColumns+applicationFrom+` WHERE ap.id = $1`, id))
	return a.Application, notFound(err, "application")
}

func applicationIn(ctx context.Context, tx *sql.Tx, id int64) (application, error) {
	a, err := scanApplication(tx.QueryRowContext(ctx, `SELECT `+applicationColumns+applicationFrom+` WHERE ap.id = $1`, id))
	return a, notFound(err, "application")
}

func applicationStateError(status domain.ApplicationStatus) error {
	return domain.Errorf(domain.ECONFLICT, "error.application.state", "the application is %s", status).With("status", string(status))
}

// Apply records a student's application to an open offer and sets its ID
// and state. ENOTFOUND for an unknown offer or student; EINVALID for a note
// too long; ECONFLICT when the offer is not open (error.offer.state), the
// student is not studying (error.application.student), the offer is
// reserved for the holders of its employer's targeted-training contracts
// and the student holds none (error.application.reserved), the
// student's programme leads to another qualification
// (error.application.qualification) or the student applied before
// (error.application.duplicate).
func (s *Store) Apply(ctx context.Context, a *domain.Application) error {
	a.Note = strings.TrimSpace(a.Note)
	if len([]rune(a.Note)) > 2000 {
		return domain.Invalid("note", "error.text.too_long", "too long").With("max", "2000")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var studentStatus, qualification string
		var collegeID, contractWith int64
		var regionID int
		err := tx.QueryRowContext(ctx, `
			SELECT s.status, `+contractEmployer+`, COALESCE(p.qualification_code, ''), s.college_id, c.region_id
			FROM students s JOIN programmes p ON p.id = s.programme_id JOIN colleges c ON c.id = s.college_id
			WHERE s.id = $1`, a.StudentID).Scan(&studentStatus, &contractWith, &qualification, &collegeID, &regionID)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("student")
		}
		if err != nil {
			return err
		}
		o, err := offerIn(ctx, tx, a.OfferID)
		if err != nil {
			return err
		}
		switch {
		case o.Status != domain.OfferOpen:
			return offerStateError(o.Status)
		case studentStatus != domain.StatusStudying:
			return domain.Errorf(domain.ECONFLICT, "error.application.student", "only a student who is studying can apply")
		case o.Reserved && contractWith != o.EnterpriseID:
			return domain.Errorf(domain.ECONFLICT, "error.application.reserved", "the offer is reserved for targeted training")
		case qualification != o.QualificationCode:
			return domain.Errorf(domain.ECONFLICT, "error.application.qualification",
				"the offer is for %s, the student's programme for %q", o.QualificationCode, qualification)
		}
		a.Status, a.Reason, a.AgreementID = domain.ApplicationPending, "", 0
		a.CreatedAt, a.DecidedAt = s.Now().UTC(), time.Time{}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO applications (offer_id, student_id, status, note, reason, created_at) VALUES ($1, $2, $3, $4, '', $5)
			ON CONFLICT (offer_id, student_id) DO NOTHING RETURNING id`,
			a.OfferID, a.StudentID, string(a.Status), a.Note, timeParam(a.CreatedAt)).Scan(&a.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ECONFLICT, "error.application.duplicate", "the student already applied to this offer")
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "application", recordID: a.ID, after: a,
			regionID: regionID, collegeID: collegeID})
	})
}

// decideApplication moves a pending application to the state to, with a
// reason and the agreement made of it, and audits it; ECONFLICT (error.application.state) if it is no
// longer pending.
func (s *Store) decideApplication(ctx context.Context, tx *sql.Tx, before application, action string,
	to domain.ApplicationStatus, reason string, agreementID int64) error {
	if before.Status != domain.ApplicationPending {
		return applicationStateError(before.Status)
	}
	after := before.Application
	after.Status, after.Reason, after.AgreementID, after.DecidedAt = to, reason, agreementID, s.Now().UTC()
	res, err := tx.ExecContext(ctx, `
		UPDATE applications SET status = $2, reason = $3, agreement_id = $4, decided_at = $5 WHERE id = $1 AND status = 'pending'`,
		before.ID, string(to), reason, nullID(after.AgreementID), timeParam(after.DecidedAt))
	if err := oneRow(res, err, applicationStateError(before.Status)); err != nil {
		return err
	}
	return s.audit(ctx, tx, change{action: action, recordType: "application", recordID: before.ID,
		before: before.Application, after: after, regionID: before.regionID, collegeID: before.collegeID})
}

// WithdrawApplication lets the student take back a pending application;
// ECONFLICT (error.application.state) once it is decided.
func (s *Store) WithdrawApplication(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		a, err := applicationIn(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.decideApplication(ctx, tx, a, "withdraw", domain.ApplicationWithdrawn, "", 0)
	})
}

// DeclineApplication declines a pending application with a reason;
// EINVALID (error.application.reason) without one, ECONFLICT once decided.
func (s *Store) DeclineApplication(ctx context.Context, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return domain.Invalid("reason", "error.application.reason", "write the reason for declining")
	case len([]rune(reason)) > 2000:
		return domain.Invalid("reason", "error.text.too_long", "too long").With("max", "2000")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		a, err := applicationIn(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.decideApplication(ctx, tx, a, "decline", domain.ApplicationDeclined, reason, 0)
	})
}

// AcceptApplication accepts a pending application and creates the draft
// agreement from its offer, in one transaction, returning the agreement's
// ID. ECONFLICT when the application is decided (error.application.state),
// the offer is not open (error.offer.state) or full (error.offer.full: its
// places taken by applications and round placements accepted), or
// the student already has a live agreement (error.agreement.live).
func (s *Store) AcceptApplication(ctx context.Context, id int64) (int64, error) {
	var agreementID int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Two acceptances for one offer must not both see a free place:
		// touching the offer row first makes the second wait on
		// PostgreSQL until the first commits (SQLite has one writer).
		if _, err := tx.ExecContext(ctx, `UPDATE offers SET updated_at = updated_at
			WHERE id = (SELECT offer_id FROM applications WHERE id = $1)`, id); err != nil {
			return err
		}
		ap, err := applicationIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if ap.Status != domain.ApplicationPending {
			return applicationStateError(ap.Status)
		}
		o, err := offerIn(ctx, tx, ap.OfferID)
		if err != nil {
			return err
		}
		if o.Status != domain.OfferOpen {
			return offerStateError(o.Status)
		}
		// Accepted counts the placements accepted in rounds too: a seat a
		// round gave is as taken as one an application got.
		if o.Accepted >= o.Capacity {
			return domain.Errorf(domain.ECONFLICT, "error.offer.full", "all %d places of the offer are taken", o.Capacity)
		}
		a := domain.Agreement{StudentID: ap.StudentID, EnterpriseID: o.EnterpriseID, OfferID: o.ID,
			Position: positionFor(o), StartsOn: o.StartsOn, EndsOn: o.EndsOn, Weekdays: o.Weekdays,
			HoursPerWeek: o.HoursPerWeek, StipendTenge: o.StipendTenge, Status: domain.AgreementDraft, Version: 1}
		if err := s.insertAgreement(ctx, tx, &a); err != nil {
			return err
		}
		agreementID = a.ID
		return s.decideApplication(ctx, tx, ap, "accept", domain.ApplicationAccepted, "", a.ID)
	})
	if err != nil {
		return 0, err
	}
	return agreementID, nil
}

// positionFor is the trainee's position written into the draft agreement:
// the qualification the offer trains for, named in Russian as the standard
// agreement form is; the parties may edit it before signing.
func positionFor(o domain.Offer) string {
	for _, name := range []string{o.Qualification.RU, o.Qualification.KK, o.Qualification.EN} {
		if name = strings.TrimSpace(name); name != "" {
			if r := []rune(name); len(r) > 200 {
				name = string(r[:200])
			}
			return name
		}
	}
	return o.QualificationCode
}
