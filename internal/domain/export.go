package domain

import "context"

// Exporter streams whole lists for export: the rows a list page shows
// under the same filter and in the same order, without its paging, handed
// to fn one at a time as the database yields them, so that a national list
// is never held in memory. The filter's Page is ignored. Each method
// returns EINVALID for a bad filter (as the list does), and stops with the
// first error fn returns.
type Exporter interface {
	EachCollege(ctx context.Context, f CollegeFilter, fn func(College) error) error
	EachEnterprise(ctx context.Context, f EnterpriseFilter, fn func(Enterprise) error) error
	EachStudent(ctx context.Context, f StudentFilter, fn func(Student) error) error
	EachOffer(ctx context.Context, f OfferFilter, fn func(Offer) error) error
	EachApplication(ctx context.Context, f ApplicationFilter, fn func(Application) error) error
	// EachAgreement hands over agreements without their approvals, which
	// are a list of their own per agreement.
	EachAgreement(ctx context.Context, f AgreementFilter, fn func(Agreement) error) error
	EachMentor(ctx context.Context, f MentorFilter, fn func(Mentor) error) error
	EachAuditEntry(ctx context.Context, f AuditFilter, fn func(AuditEntry) error) error
}
