package access

import (
	"context"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Agreements are read (auth.ReadAgreements) within scope: a student their
// own, a mentor those naming them, a teacher those of the students of the
// groups they supervise, a college coordinator the college's, enterprise HR
// the enterprise's, a regional department those of its colleges, the
// ministry all, an auditor those of its scope. Without students.personal
// the student's IIN is masked, on agreements and on work records alike.
//
// Writing (auth.WriteAgreements) is for the college and the enterprise that
// are parties to the agreement; completing it and moving the student to
// another enterprise are the college's. Each party approves as itself
// (auth.ApproveAgreements); the college also records the guardian's
// approval, given in person.

// Agreements lists the agreements within the actor's scope.
func (r *Registry) Agreements(ctx context.Context, f domain.AgreementFilter) (domain.List[domain.Agreement], error) {
	actor, err := r.allow(ctx, auth.ReadAgreements)
	if err != nil {
		return domain.List[domain.Agreement]{}, err
	}
	if narrowAgreements(&f, scopeOf(actor)) {
		if err := f.Validate(); err != nil {
			return domain.List[domain.Agreement]{}, err
		}
		return domain.List[domain.Agreement]{Items: []domain.Agreement{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	list, err := r.store.Agreements(ctx, f)
	if err != nil {
		return list, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		for i := range list.Items {
			maskAgreement(&list.Items[i])
		}
	}
	return list, nil
}

// narrowAgreements narrows f to the scope; true when nothing can match.
// The scope-only fields (a teacher's groups, a mentor's trainees) are set
// from the scope whatever the caller put there.
func narrowAgreements(f *domain.AgreementFilter, sc scope) (empty bool) {
	f.CuratorID, f.MentorUserID = sc.curatorID, sc.mentorID
	return narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) ||
		narrow(&f.EnterpriseID, sc.placement()) || narrow(&f.StudentID, sc.studentID)
}

// Agreement returns one agreement within scope; ENOTFOUND otherwise.
func (r *Registry) Agreement(ctx context.Context, id int64) (domain.Agreement, error) {
	actor, err := r.allow(ctx, auth.ReadAgreements)
	if err != nil {
		return domain.Agreement{}, err
	}
	a, err := r.agreement(ctx, actor, id)
	if err != nil {
		return domain.Agreement{}, err
	}
	if !auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		maskAgreement(&a)
	}
	return a, nil
}

// agreement loads an agreement and checks it is within the actor's scope.
func (r *Registry) agreement(ctx context.Context, actor domain.Actor, id int64) (domain.Agreement, error) {
	a, err := r.store.Agreement(ctx, id)
	if err != nil {
		return domain.Agreement{}, err
	}
	ok, err := r.agreementInScope(ctx, scopeOf(actor), &a)
	if err != nil {
		return domain.Agreement{}, err
	}
	if !ok {
		return domain.Agreement{}, notFound("agreement")
	}
	return a, nil
}

func (r *Registry) agreementInScope(ctx context.Context, sc scope, a *domain.Agreement) (bool, error) {
	switch {
	case sc.studentID != 0:
		return a.StudentID == sc.studentID, nil
	case sc.mentorID != 0:
		if a.MentorID == 0 {
			return false, nil
		}
		m, err := r.store.Mentor(ctx, a.MentorID)
		return err == nil && m.UserID == sc.mentorID, err
	case sc.enterpriseID != 0:
		return a.EnterpriseID == sc.enterpriseID, nil
	case sc.curatorID != 0:
		if a.CollegeID != sc.collegeID {
			return false, nil
		}
		s, err := r.store.Student(ctx, a.StudentID)
		if err != nil {
			return false, err
		}
		g, err := r.store.Group(ctx, s.GroupID)
		return err == nil && g.CuratorID == sc.curatorID, err
	}
	return r.collegeInScope(ctx, sc, a.CollegeID)
}

// maskAgreement hides the student's IIN and birth date. The birth year
// stays, moved to 1 January or 31 December so that whether the guardian
// must sign comes out as before: the list of parties is no secret to
// anyone who may read the agreement.
func maskAgreement(a *domain.Agreement) {
	a.StudentIIN = domain.MaskIIN(a.StudentIIN)
	if !a.StudentBirth.IsZero() {
		year := a.StudentBirth.Year()
		if a.GuardianRequired() {
			a.StudentBirth = time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
		} else {
			a.StudentBirth = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	a.Masked = true
}

// CreateAgreement drafts an agreement: a college coordinator for a student
// of the college, with any enterprise; enterprise HR for its own enterprise,
// with a student who trains there or applied to one of its offers. Another
// student is EINVALID (error.agreement.student), whether or not they exist;
// so is an offer of another enterprise (error.agreement.offer).
func (r *Registry) CreateAgreement(ctx context.Context, a *domain.Agreement) error {
	actor, err := r.allow(ctx, auth.WriteAgreements)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	if actor.Role() == domain.RoleEnterprise {
		a.EnterpriseID = sc.enterpriseID
	}
	ok, err := r.mayContract(ctx, actor, a.StudentID)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Invalid("student_id", "error.agreement.student", "choose a student of your college, or one who applied to your enterprise")
	}
	if a.OfferID != 0 {
		// The placement it rests on must be the enterprise's own; any other
		// offer, seen or not, is the same mistake.
		o, err := r.store.Offer(ctx, a.OfferID)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			return err
		}
		if err != nil || o.EnterpriseID != a.EnterpriseID {
			return domain.Invalid("offer_id", "error.agreement.offer", "the offer must be one of the agreement's enterprise")
		}
	}
	return r.store.CreateAgreement(ctx, a)
}

// mayContract reports whether the actor may draft an agreement for a
// student.
func (r *Registry) mayContract(ctx context.Context, actor domain.Actor, studentID int64) (bool, error) {
	s, err := r.store.Student(ctx, studentID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	sc := scopeOf(actor)
	switch actor.Role() {
	case domain.RoleCollege:
		return s.CollegeID == sc.collegeID, nil
	case domain.RoleEnterprise:
		if s.EnterpriseID == sc.enterpriseID {
			return true, nil
		}
		l, err := r.store.Applications(ctx, domain.ApplicationFilter{StudentID: studentID, EnterpriseID: sc.enterpriseID, Page: domain.Page{Size: 1}})
		return l.Total > 0, err
	}
	return false, nil
}

// partyAgreement checks that the actor writes for a party to the
// agreement: the college or the enterprise (the college only, when
// collegeOnly). Someone else's agreement is not found.
func (r *Registry) partyAgreement(ctx context.Context, id int64, collegeOnly bool) error {
	actor, err := r.allow(ctx, auth.WriteAgreements)
	if err != nil {
		return err
	}
	// The policy leaves only college coordinators and enterprise HR here,
	// whose scope over agreements is exactly their own party's.
	if _, err := r.agreement(ctx, actor, id); err != nil {
		return err
	}
	if collegeOnly && actor.Role() != domain.RoleCollege {
		return forbidden()
	}
	return nil
}

// EditAgreement changes the terms, by the college or the enterprise.
func (r *Registry) EditAgreement(ctx context.Context, id int64, version int, t domain.Terms) error {
	if err := r.partyAgreement(ctx, id, false); err != nil {
		return err
	}
	return r.store.EditAgreement(ctx, id, version, t)
}

// SendForSignature sends a draft for signature, by the college or the
// enterprise.
func (r *Registry) SendForSignature(ctx context.Context, id int64) error {
	if err := r.partyAgreement(ctx, id, false); err != nil {
		return err
	}
	return r.store.SendForSignature(ctx, id)
}

// TerminateAgreement ends a live agreement, by the college or the
// enterprise.
func (r *Registry) TerminateAgreement(ctx context.Context, id int64, reason string) error {
	if err := r.partyAgreement(ctx, id, false); err != nil {
		return err
	}
	return r.store.TerminateAgreement(ctx, id, reason)
}

// CompleteAgreement completes an active agreement: the college only.
func (r *Registry) CompleteAgreement(ctx context.Context, id int64) error {
	if err := r.partyAgreement(ctx, id, true); err != nil {
		return err
	}
	return r.store.CompleteAgreement(ctx, id)
}

// ChangeMentor names another mentor, by the enterprise or the college; the
// store checks that the mentor works at the agreement's enterprise.
func (r *Registry) ChangeMentor(ctx context.Context, id int64, mentorID int64, reason string) error {
	if err := r.partyAgreement(ctx, id, false); err != nil {
		return err
	}
	return r.store.ChangeMentor(ctx, id, mentorID, reason)
}

// ChangeEnterprise moves the student to another enterprise: the college
// only, the student's own college keeping the record of the move.
func (r *Registry) ChangeEnterprise(ctx context.Context, id int64, enterpriseID, mentorID int64, reason string) (int64, error) {
	if err := r.partyAgreement(ctx, id, true); err != nil {
		return 0, err
	}
	return r.store.ChangeEnterprise(ctx, id, enterpriseID, mentorID, reason)
}

// ApproveAgreement records the actor's approval as its own party: a college
// coordinator for the college or the guardian, enterprise HR for the
// enterprise, a student for themself. Any other party is EFORBIDDEN
// (error.agreement.party).
func (r *Registry) ApproveAgreement(ctx context.Context, id int64, version int, party domain.Party) error {
	actor, err := r.allow(ctx, auth.ApproveAgreements)
	if err != nil {
		return err
	}
	if _, err := r.agreement(ctx, actor, id); err != nil {
		return err
	}
	switch party {
	case domain.PartyCollege, domain.PartyEnterprise, domain.PartyStudent, domain.PartyGuardian:
	default:
		return domain.Invalid("party", "error.agreement.party", "unknown party")
	}
	if !signsFor(actor.Role(), party) {
		return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.agreement.party", Field: "party", Message: "you cannot sign for this party"}
	}
	return r.store.ApproveAgreement(ctx, id, version, party)
}

// signsFor reports whether a role approves an agreement as party.
func signsFor(role domain.Role, party domain.Party) bool {
	switch role {
	case domain.RoleCollege:
		return party == domain.PartyCollege || party == domain.PartyGuardian
	case domain.RoleEnterprise:
		return party == domain.PartyEnterprise
	case domain.RoleStudent:
		return party == domain.PartyStudent
	}
	return false
}

// PartyChanges lists the changes of mentor and enterprise of a student the
// actor may read.
func (r *Registry) PartyChanges(ctx context.Context, studentID int64) ([]domain.PartyChange, error) {
	actor, err := r.allow(ctx, auth.ReadAgreements)
	if err != nil {
		return nil, err
	}
	if _, err := r.scopedStudent(ctx, actor, studentID); err != nil {
		return nil, err
	}
	return r.store.PartyChanges(ctx, studentID)
}

// WorkRecords streams the work-experience records of the agreements within
// the actor's scope, the IIN masked without students.personal.
func (r *Registry) WorkRecords(ctx context.Context, f domain.AgreementFilter, fn func(domain.WorkRecord) error) error {
	actor, err := r.allow(ctx, auth.ReadAgreements)
	if err != nil {
		return err
	}
	if narrowAgreements(&f, scopeOf(actor)) {
		return f.Validate()
	}
	if auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		return r.store.WorkRecords(ctx, f, fn)
	}
	return r.store.WorkRecords(ctx, f, func(w domain.WorkRecord) error {
		w.StudentIIN = domain.MaskIIN(w.StudentIIN)
		return fn(w)
	})
}
