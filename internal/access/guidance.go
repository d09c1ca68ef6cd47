package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Career guidance. The test, its results and the recommendations are
// public (auth.TakeGuidance): a test is anonymous, known by its secret key
// to the browser taking it and by its result ID to whoever was given the
// link; nothing in it names anyone.
//
// Class sessions are each counsellor's own (auth.CounselGuidance): a
// counsellor lists, changes and summarises the sessions they created, and
// another's is not found. The summary is anonymous and suppresses groups
// under domain.MinGroupToShow. A pupil joining by code learns only the
// session's title and whether it is open.

// GuidanceItems returns the test's items.
func (r *Registry) GuidanceItems(ctx context.Context) ([]domain.GuidanceItem, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return nil, err
	}
	return r.store.GuidanceItems(ctx)
}

// GuidanceProfiles returns the classifier's interest profiles.
func (r *Registry) GuidanceProfiles(ctx context.Context) ([]domain.GuidanceProfile, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return nil, err
	}
	return r.store.GuidanceProfiles(ctx)
}

// StartGuidance starts an anonymous test.
func (r *Registry) StartGuidance(ctx context.Context, joinCode string, cityID int64) (domain.GuidanceAttempt, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return domain.GuidanceAttempt{}, err
	}
	return r.store.StartGuidance(ctx, joinCode, cityID)
}

// GuidanceAttempt returns a test by its secret key.
func (r *Registry) GuidanceAttempt(ctx context.Context, id string) (domain.GuidanceAttempt, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return domain.GuidanceAttempt{}, err
	}
	return r.store.GuidanceAttempt(ctx, id)
}

// AnswerGuidance records answers of a test in progress.
func (r *Registry) AnswerGuidance(ctx context.Context, id string, answers domain.Answers) (domain.GuidanceAttempt, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return domain.GuidanceAttempt{}, err
	}
	return r.store.AnswerGuidance(ctx, id, answers)
}

// FinishGuidance scores a complete test.
func (r *Registry) FinishGuidance(ctx context.Context, id string) (domain.GuidanceAttempt, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return domain.GuidanceAttempt{}, err
	}
	return r.store.FinishGuidance(ctx, id)
}

// CreateGuidanceResult scores complete answers in one step.
func (r *Registry) CreateGuidanceResult(ctx context.Context, answers domain.Answers, cityID int64) (domain.GuidanceAttempt, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return domain.GuidanceAttempt{}, err
	}
	return r.store.CreateGuidanceResult(ctx, answers, cityID)
}

// GuidanceResult returns finished results by their public ID.
func (r *Registry) GuidanceResult(ctx context.Context, resultID string) (domain.GuidanceAttempt, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return domain.GuidanceAttempt{}, err
	}
	return r.store.GuidanceResult(ctx, resultID)
}

// GuidanceRecommendations ranks the qualifications for scores and a city.
func (r *Registry) GuidanceRecommendations(ctx context.Context, scores domain.Scores, cityID int64) ([]domain.Recommendation, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return nil, err
	}
	return r.store.GuidanceRecommendations(ctx, scores, cityID)
}

// GuidanceSessions lists the actor's own class sessions, whoever ownerID
// names.
func (r *Registry) GuidanceSessions(ctx context.Context, ownerID int64) ([]domain.GuidanceSession, error) {
	actor, err := r.allow(ctx, auth.CounselGuidance)
	if err != nil {
		return nil, err
	}
	return r.store.GuidanceSessions(ctx, actor.User.ID)
}

// GuidanceSession returns one of the actor's sessions; another's is not
// found.
func (r *Registry) GuidanceSession(ctx context.Context, id int64) (domain.GuidanceSession, error) {
	actor, err := r.allow(ctx, auth.CounselGuidance)
	if err != nil {
		return domain.GuidanceSession{}, err
	}
	return r.ownSession(ctx, actor, id)
}

func (r *Registry) ownSession(ctx context.Context, actor domain.Actor, id int64) (domain.GuidanceSession, error) {
	g, err := r.store.GuidanceSession(ctx, id)
	if err != nil {
		return g, err
	}
	if g.OwnerID != actor.User.ID {
		return domain.GuidanceSession{}, notFound("guidance_session")
	}
	return g, nil
}

// GuidanceSessionByCode finds a session by its join code for a pupil:
// only its code, title and whether it is closed.
func (r *Registry) GuidanceSessionByCode(ctx context.Context, joinCode string) (domain.GuidanceSession, error) {
	if _, err := r.allow(ctx, auth.TakeGuidance); err != nil {
		return domain.GuidanceSession{}, err
	}
	g, err := r.store.GuidanceSessionByCode(ctx, joinCode)
	if err != nil {
		return domain.GuidanceSession{}, err
	}
	return domain.GuidanceSession{JoinCode: g.JoinCode, Title: g.Title, Closed: g.Closed}, nil
}

// SaveGuidanceSession creates a session owned by the actor (in their
// college or region, for the audit log's scope), or changes one of theirs.
func (r *Registry) SaveGuidanceSession(ctx context.Context, g *domain.GuidanceSession) error {
	actor, err := r.allow(ctx, auth.CounselGuidance)
	if err != nil {
		return err
	}
	if g.ID != 0 {
		if _, err := r.ownSession(ctx, actor, g.ID); err != nil {
			return err
		}
	}
	g.OwnerID, g.CollegeID, g.RegionID = actor.User.ID, actor.User.CollegeID, actor.User.RegionID
	return r.store.SaveGuidanceSession(ctx, g)
}

// GuidanceSummary is the anonymous summary of one of the actor's sessions.
func (r *Registry) GuidanceSummary(ctx context.Context, sessionID int64) (domain.GuidanceSummary, error) {
	actor, err := r.allow(ctx, auth.CounselGuidance)
	if err != nil {
		return domain.GuidanceSummary{}, err
	}
	if _, err := r.ownSession(ctx, actor, sessionID); err != nil {
		return domain.GuidanceSummary{}, err
	}
	return r.store.GuidanceSummary(ctx, sessionID)
}
