package access

// This file holds the allocation-round methods not written yet, so the tree
// builds while they are; each is deleted as its real one lands.

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var errRoundPending = &domain.Error{Code: domain.EINTERNAL, Key: "error.internal", Message: "not written yet"}

func (r *Registry) Rounds(ctx context.Context, f domain.RoundFilter) (domain.List[domain.Round], error) {
	return domain.List[domain.Round]{}, errRoundPending
}

func (r *Registry) Round(ctx context.Context, id int64) (domain.Round, error) {
	return domain.Round{}, errRoundPending
}

func (r *Registry) OpenRound(ctx context.Context, round *domain.Round) error { return errRoundPending }

func (r *Registry) RoundOffers(ctx context.Context, roundID int64, page domain.Page) (domain.List[domain.RoundOffer], error) {
	return domain.List[domain.RoundOffer]{}, errRoundPending
}

func (r *Registry) SetChoices(ctx context.Context, roundID, studentID int64, offerIDs []int64) error {
	return errRoundPending
}

func (r *Registry) SetInterview(ctx context.Context, iv domain.Interview) error {
	return errRoundPending
}

func (r *Registry) RunRound(ctx context.Context, roundID int64) error { return errRoundPending }

func (r *Registry) PublishRound(ctx context.Context, roundID int64) error { return errRoundPending }

func (r *Registry) CloseRound(ctx context.Context, roundID int64) error { return errRoundPending }

func (r *Registry) Result(ctx context.Context, roundID, studentID int64) (domain.RoundResult, error) {
	return domain.RoundResult{}, errRoundPending
}

func (r *Registry) Results(ctx context.Context, roundID int64, f domain.ResultFilter) (domain.List[domain.RoundResult], error) {
	return domain.List[domain.RoundResult]{}, errRoundPending
}

func (r *Registry) AcceptPlacement(ctx context.Context, roundID, studentID int64) (int64, error) {
	return 0, errRoundPending
}

func (r *Registry) DeclinePlacement(ctx context.Context, roundID, studentID int64) error {
	return errRoundPending
}
