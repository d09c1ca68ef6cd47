package store

// This file holds the dual-training methods not written yet, so the tree
// builds while they are; each is deleted as its real one lands.

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var errPending = &domain.Error{Code: domain.EINTERNAL, Key: "error.internal", Message: "not written yet"}

func (s *Store) DualSettings(ctx context.Context) (domain.DualSettings, error) {
	return domain.DualSettings{}, errPending
}

func (s *Store) UpdateDualSettings(ctx context.Context, settings domain.DualSettings) error {
	return errPending
}

func (s *Store) Mentors(ctx context.Context, f domain.MentorFilter) (domain.List[domain.Mentor], error) {
	return domain.List[domain.Mentor]{}, errPending
}

func (s *Store) Mentor(ctx context.Context, id int64) (domain.Mentor, error) {
	return domain.Mentor{}, errPending
}

func (s *Store) MentorByUser(ctx context.Context, userID int64) (domain.Mentor, error) {
	return domain.Mentor{}, errPending
}

func (s *Store) SaveMentor(ctx context.Context, m *domain.Mentor) error { return errPending }

func (s *Store) Offers(ctx context.Context, f domain.OfferFilter) (domain.List[domain.Offer], error) {
	return domain.List[domain.Offer]{}, errPending
}

func (s *Store) Offer(ctx context.Context, id int64) (domain.Offer, error) {
	return domain.Offer{}, errPending
}

func (s *Store) SaveOffer(ctx context.Context, o *domain.Offer) error { return errPending }

func (s *Store) SubmitOffer(ctx context.Context, id int64) error { return errPending }

func (s *Store) ApproveOffer(ctx context.Context, id int64) error { return errPending }

func (s *Store) ReferOffer(ctx context.Context, id int64, reason string) error { return errPending }

func (s *Store) OpenOffer(ctx context.Context, id int64) error { return errPending }

func (s *Store) CloseOffer(ctx context.Context, id int64) error { return errPending }

func (s *Store) Applications(ctx context.Context, f domain.ApplicationFilter) (domain.List[domain.Application], error) {
	return domain.List[domain.Application]{}, errPending
}

func (s *Store) Application(ctx context.Context, id int64) (domain.Application, error) {
	return domain.Application{}, errPending
}

func (s *Store) Apply(ctx context.Context, a *domain.Application) error { return errPending }

func (s *Store) WithdrawApplication(ctx context.Context, id int64) error { return errPending }

func (s *Store) AcceptApplication(ctx context.Context, id int64) (int64, error) { return 0, errPending }

func (s *Store) DeclineApplication(ctx context.Context, id int64, reason string) error {
	return errPending
}

func (s *Store) Agreements(ctx context.Context, f domain.AgreementFilter) (domain.List[domain.Agreement], error) {
	return domain.List[domain.Agreement]{}, errPending
}

func (s *Store) Agreement(ctx context.Context, id int64) (domain.Agreement, error) {
	return domain.Agreement{}, errPending
}

func (s *Store) CreateAgreement(ctx context.Context, a *domain.Agreement) error { return errPending }

func (s *Store) EditAgreement(ctx context.Context, id int64, version int, t domain.Terms) error {
	return errPending
}

func (s *Store) SendForSignature(ctx context.Context, id int64) error { return errPending }

func (s *Store) ApproveAgreement(ctx context.Context, id int64, version int, party domain.Party) error {
	return errPending
}

func (s *Store) CompleteAgreement(ctx context.Context, id int64) error { return errPending }

func (s *Store) TerminateAgreement(ctx context.Context, id int64, reason string) error {
	return errPending
}

func (s *Store) ChangeMentor(ctx context.Context, id int64, mentorID int64, reason string) error {
	return errPending
}

func (s *Store) ChangeEnterprise(ctx context.Context, id int64, enterpriseID, mentorID int64, reason string) (int64, error) {
	return 0, errPending
}

func (s *Store) PartyChanges(ctx context.Context, studentID int64) ([]domain.PartyChange, error) {
	return nil, errPending
}

func (s *Store) WorkRecords(ctx context.Context, f domain.AgreementFilter, fn func(domain.WorkRecord) error) error {
	return errPending
}

func (s *Store) Entries(ctx context.Context, f domain.EntryFilter) (domain.List[domain.LogbookEntry], error) {
	return domain.List[domain.LogbookEntry]{}, errPending
}

func (s *Store) Entry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	return domain.LogbookEntry{}, errPending
}

func (s *Store) SaveEntry(ctx context.Context, e *domain.LogbookEntry) error { return errPending }

func (s *Store) SubmitEntry(ctx context.Context, id int64) error { return errPending }

func (s *Store) SignEntry(ctx context.Context, id int64) error { return errPending }

func (s *Store) ReturnEntry(ctx context.Context, id int64, comment string) error { return errPending }

func (s *Store) ReviewEntry(ctx context.Context, id int64, comment string) error { return errPending }

func (s *Store) CorrectEntry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	return domain.LogbookEntry{}, errPending
}

func (s *Store) AddPhoto(ctx context.Context, entryID int64, data []byte) (domain.Photo, error) {
	return domain.Photo{}, errPending
}

func (s *Store) Photo(ctx context.Context, id int64) (domain.Photo, []byte, error) {
	return domain.Photo{}, nil, errPending
}

func (s *Store) DeletePhoto(ctx context.Context, id int64) error { return errPending }

func (s *Store) Progress(ctx context.Context, studentID int64) (domain.Progress, error) {
	return domain.Progress{}, errPending
}

func (s *Store) NeedsAttention(ctx context.Context, f domain.AttentionFilter) (domain.List[domain.Progress], error) {
	return domain.List[domain.Progress]{}, errPending
}

func (s *Store) Competences(ctx context.Context, programmeID int64) ([]domain.Competence, error) {
	return nil, errPending
}

func (s *Store) Assessments(ctx context.Context, studentID int64) ([]domain.CompetenceAssessment, error) {
	return nil, errPending
}

func (s *Store) AssessCompetence(ctx context.Context, c *domain.CompetenceAssessment) error {
	return errPending
}

func (s *Store) Admission(ctx context.Context, studentID int64) (domain.Admission, error) {
	return domain.Admission{}, errPending
}

func (s *Store) FinalAssessments(ctx context.Context, studentID int64) ([]domain.FinalAssessment, error) {
	return nil, errPending
}

func (s *Store) RecordFinalAssessment(ctx context.Context, f *domain.FinalAssessment) error {
	return errPending
}

func (s *Store) InsertMentors(ctx context.Context, rows []domain.Mentor) error { return errPending }
func (s *Store) InsertCompetences(ctx context.Context, rows []domain.Competence) error {
	return errPending
}
func (s *Store) InsertOffers(ctx context.Context, rows []domain.Offer) error { return errPending }
func (s *Store) InsertAgreements(ctx context.Context, rows []domain.Agreement) error {
	return errPending
}
func (s *Store) InsertEntries(ctx context.Context, rows []domain.LogbookEntry) error {
	return errPending
}
func (s *Store) InsertAssessments(ctx context.Context, rows []domain.CompetenceAssessment) error {
	return errPending
}
