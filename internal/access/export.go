package access

import (
	"context"
	"encoding/json"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Exports stream whole lists under exactly the checks of the lists: the
// same action, the filter narrowed by the same helpers, each row masked as
// the list masks it. A signed-in user's export is recorded in the audit log
// (action export_list, the record type of the list, the narrowed filter as
// "after") before the first row leaves; if the entry cannot be written,
// nothing is exported. The public's exports of the public registry are not
// recorded: they would only fill the log.

var _ domain.Exporter = (*Registry)(nil)

// recordExport audits an export by a signed-in actor under the actor's
// scope, so that those who oversee the scope see it.
func (r *Registry) recordExport(ctx context.Context, actor domain.Actor, recordType string, filter any) error {
	if actor.User == nil {
		return nil
	}
	b, err := json.Marshal(filter)
	if err != nil {
		return err
	}
	sc := scopeOf(actor)
	e := domain.AuditEntry{Action: "export_list", RecordType: recordType, After: string(b), RegionID: sc.regionID, CollegeID: sc.collegeID}
	if sc.collegeID != 0 && sc.regionID == 0 {
		if e.RegionID, err = r.collegeRegion(ctx, sc.collegeID); err != nil {
			return err
		}
	}
	return r.store.RecordAudit(ctx, e)
}

// EachCollege streams colleges: the public registry.
func (r *Registry) EachCollege(ctx context.Context, f domain.CollegeFilter, fn func(domain.College) error) error {
	actor, err := r.allow(ctx, auth.ReadRegistry)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	if err := r.recordExport(ctx, actor, "college", f); err != nil {
		return err
	}
	return r.store.EachCollege(ctx, f, fn)
}

// EachEnterprise streams enterprises: the public registry.
func (r *Registry) EachEnterprise(ctx context.Context, f domain.EnterpriseFilter, fn func(domain.Enterprise) error) error {
	actor, err := r.allow(ctx, auth.ReadRegistry)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	if err := r.recordExport(ctx, actor, "enterprise", f); err != nil {
		return err
	}
	return r.store.EachEnterprise(ctx, f, fn)
}

// EachStudent streams the students Students would list, personal data
// masked unless the role needs it.
func (r *Registry) EachStudent(ctx context.Context, f domain.StudentFilter, fn func(domain.Student) error) error {
	actor, err := r.allow(ctx, auth.ReadStudents)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	empty := narrowStudents(&f, scopeOf(actor))
	if err := f.Validate(); err != nil {
		return err
	}
	if err := r.recordExport(ctx, actor, "student", f); err != nil || empty {
		return err
	}
	if auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		return r.store.EachStudent(ctx, f, fn)
	}
	return r.store.EachStudent(ctx, f, func(s domain.Student) error {
		maskStudent(&s)
		return fn(s)
	})
}

// EachOffer streams the offers Offers would list.
func (r *Registry) EachOffer(ctx context.Context, f domain.OfferFilter, fn func(domain.Offer) error) error {
	actor, err := r.allow(ctx, auth.ReadOffers)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	empty := narrowOffers(&f, actor)
	if err := r.recordExport(ctx, actor, "offer", f); err != nil || empty {
		return err
	}
	return r.store.EachOffer(ctx, f, fn)
}

// EachApplication streams the applications Applications would list;
// EFORBIDDEN for the roles that take no part in placements.
func (r *Registry) EachApplication(ctx context.Context, f domain.ApplicationFilter, fn func(domain.Application) error) error {
	actor, err := r.allow(ctx, auth.ReadOffers)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	empty, err := narrowApplications(&f, actor)
	if err != nil {
		return err
	}
	if err := r.recordExport(ctx, actor, "application", f); err != nil || empty {
		return err
	}
	return r.store.EachApplication(ctx, f, fn)
}

// EachAgreement streams the agreements Agreements would list, without
// approvals, the student's IIN and birth date masked without
// students.personal.
func (r *Registry) EachAgreement(ctx context.Context, f domain.AgreementFilter, fn func(domain.Agreement) error) error {
	actor, err := r.allow(ctx, auth.ReadAgreements)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	empty := narrowAgreements(&f, scopeOf(actor))
	if err := f.Validate(); err != nil {
		return err
	}
	if err := r.recordExport(ctx, actor, "agreement", f); err != nil || empty {
		return err
	}
	if auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		return r.store.EachAgreement(ctx, f, fn)
	}
	return r.store.EachAgreement(ctx, f, func(a domain.Agreement) error {
		maskAgreement(&a)
		return fn(a)
	})
}

// EachMentor streams the mentors Mentors would list; EINVALID when a
// college-scoped reader names no enterprise.
func (r *Registry) EachMentor(ctx context.Context, f domain.MentorFilter, fn func(domain.Mentor) error) error {
	actor, err := r.allow(ctx, auth.ReadMentors)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	if err := f.Validate(); err != nil {
		return err
	}
	empty, err := r.narrowMentors(ctx, &f, scopeOf(actor))
	if err != nil {
		return err
	}
	if err := r.recordExport(ctx, actor, "mentor", f); err != nil || empty {
		return err
	}
	return r.store.EachMentor(ctx, f, fn)
}

// EachAuditEntry streams the audit log within the actor's scope, personal
// data in before and after masked as Audit masks it.
func (r *Registry) EachAuditEntry(ctx context.Context, f domain.AuditFilter, fn func(domain.AuditEntry) error) error {
	actor, err := r.allow(ctx, auth.ReadAudit)
	if err != nil {
		return err
	}
	f.Page = domain.Page{}
	empty := narrowAudit(&f, scopeOf(actor))
	if err := r.recordExport(ctx, actor, "audit_log", f); err != nil || empty {
		return err
	}
	if auth.Allowed(actor.Role(), auth.ReadStudentPersonal) {
		return r.store.EachAuditEntry(ctx, f, fn)
	}
	return r.store.EachAuditEntry(ctx, f, func(e domain.AuditEntry) error {
		maskAuditEntry(&e)
		return fn(e)
	})
}
