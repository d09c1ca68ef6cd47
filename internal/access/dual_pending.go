package access

// This file holds the dual-training methods not written yet, so the tree
// builds while they are; each is deleted as its real one lands.

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var errPending = &domain.Error{Code: domain.EINTERNAL, Key: "error.internal", Message: "not written yet"}

func (r *Registry) DualSettings(ctx context.Context) (domain.DualSettings, error) {
	return domain.DualSettings{}, errPending
}

func (r *Registry) UpdateDualSettings(ctx context.Context, s domain.DualSettings) error {
	return errPending
}

func (r *Registry) Mentors(ctx context.Context, f domain.MentorFilter) (domain.List[domain.Mentor], error) {
	return domain.List[domain.Mentor]{}, errPending
}

func (r *Registry) Mentor(ctx context.Context, id int64) (domain.Mentor, error) {
	return domain.Mentor{}, errPending
}

func (r *Registry) MentorByUser(ctx context.Context, userID int64) (domain.Mentor, error) {
	return domain.Mentor{}, errPending
}

func (r *Registry) SaveMentor(ctx context.Context, m *domain.Mentor) error { return errPending }

func (r *Registry) Offers(ctx context.Context, f domain.OfferFilter) (domain.List[domain.Offer], error) {
	return domain.List[domain.Offer]{}, errPending
}

func (r *Registry) Offer(ctx context.Context, id int64) (domain.Offer, error) {
	return domain.Offer{}, errPending
}

func (r *Registry) SaveOffer(ctx context.Context, o *domain.Offer) error { return errPending }

func (r *Registry) SubmitOffer(ctx context.Context, id int64) error { return errPending }

func (r *Registry) ApproveOffer(ctx context.Context, id int64) error { return errPending }

func (r *Registry) ReferOffer(ctx context.Context, id int64, reason string) error { return errPending }

func (r *Registry) OpenOffer(ctx context.Context, id int64) error { return errPending }

func (r *Registry) CloseOffer(ctx context.Context, id int64) error { return errPending }

func (r *Registry) Applications(ctx context.Context, f domain.ApplicationFilter) (domain.List[domain.Application], error) {
	return domain.List[domain.Application]{}, errPending
}

func (r *Registry) Application(ctx context.Context, id int64) (domain.Application, error) {
	return domain.Application{}, errPending
}

func (r *Registry) Apply(ctx context.Context, a *domain.Application) error { return errPending }

func (r *Registry) WithdrawApplication(ctx context.Context, id int64) error { return errPending }

func (r *Registry) AcceptApplication(ctx context.Context, id int64) (int64, error) {
	return 0, errPending
}

func (r *Registry) DeclineApplication(ctx context.Context, id int64, reason string) error {
	return errPending
}

func (r *Registry) Agreements(ctx context.Context, f domain.AgreementFilter) (domain.List[domain.Agreement], error) {
	return domain.List[domain.Agreement]{}, errPending
}

func (r *Registry) Agreement(ctx context.Context, id int64) (domain.Agreement, error) {
	return domain.Agreement{}, errPending
}

func (r *Registry) CreateAgreement(ctx context.Context, a *domain.Agreement) error { return errPending }

func (r *Registry) EditAgreement(ctx context.Context, id int64, version int, t domain.Terms) error {
	return errPending
}

func (r *Registry) SendForSignature(ctx context.Context, id int64) error { return errPending }

func (r *Registry) ApproveAgreement(ctx context.Context, id int64, version int, party domain.Party) error {
	return errPending
}

func (r *Registry) CompleteAgreement(ctx context.Context, id int64) error { return errPending }

func (r *Registry) TerminateAgreement(ctx context.Context, id int64, reason string) error {
	return errPending
}

func (r *Registry) ChangeMentor(ctx context.Context, id int64, mentorID int64, reason string) error {
	return errPending
}

func (r *Registry) ChangeEnterprise(ctx context.Context, id int64, enterpriseID, mentorID int64, reason string) (int64, error) {
	return 0, errPending
}

func (r *Registry) PartyChanges(ctx context.Context, studentID int64) ([]domain.PartyChange, error) {
	return nil, errPending
}

func (r *Registry) WorkRecords(ctx context.Context, f domain.AgreementFilter, fn func(domain.WorkRecord) error) error {
	return errPending
}

func (r *Registry) Entries(ctx context.Context, f domain.EntryFilter) (domain.List[domain.LogbookEntry], error) {
	return domain.List[domain.LogbookEntry]{}, errPending
}

func (r *Registry) Entry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	return domain.LogbookEntry{}, errPending
}

func (r *Registry) SaveEntry(ctx context.Context, e *domain.LogbookEntry) error { return errPending }

func (r *Registry) SubmitEntry(ctx context.Context, id int64) error { return errPending }

func (r *Registry) SignEntry(ctx context.Context, id int64) error { return errPending }

func (r *Registry) ReturnEntry(ctx context.Context, id int64, comment string) error {
	return errPending
}

func (r *Registry) ReviewEntry(ctx context.Context, id int64, comment string) error {
	return errPending
}

func (r *Registry) CorrectEntry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	return domain.LogbookEntry{}, errPending
}

func (r *Registry) AddPhoto(ctx context.Context, entryID int64, data []byte) (domain.Photo, error) {
	return domain.Photo{}, errPending
}

func (r *Registry) Photo(ctx context.Context, id int64) (domain.Photo, []byte, error) {
	return domain.Photo{}, nil, errPending
}

func (r *Registry) DeletePhoto(ctx context.Context, id int64) error { return errPending }

func (r *Registry) Progress(ctx context.Context, studentID int64) (domain.Progress, error) {
	return domain.Progress{}, errPending
}

func (r *Registry) NeedsAttention(ctx context.Context, f domain.AttentionFilter) (domain.List[domain.Progress], error) {
	return domain.List[domain.Progress]{}, errPending
}

func (r *Registry) Competences(ctx context.Context, programmeID int64) ([]domain.Competence, error) {
	return nil, errPending
}

func (r *Registry) Assessments(ctx context.Context, studentID int64) ([]domain.CompetenceAssessment, error) {
	return nil, errPending
}

func (r *Registry) AssessCompetence(ctx context.Context, c *domain.CompetenceAssessment) error {
	return errPending
}

func (r *Registry) Admission(ctx context.Context, studentID int64) (domain.Admission, error) {
	return domain.Admission{}, errPending
}

func (r *Registry) FinalAssessments(ctx context.Context, studentID int64) ([]domain.FinalAssessment, error) {
	return nil, errPending
}

func (r *Registry) RecordFinalAssessment(ctx context.Context, f *domain.FinalAssessment) error {
	return errPending
}
