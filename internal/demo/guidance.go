package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Career guidance: the demo college's coordinator counsels two classes of
// a school nearby. The first took the test — 24 pupils, each with an
// interest profile of one of a few kinds (things and machines, people,
// numbers and documents, art, business) and the noise of real answers —
// so its summary shows; in the second only three have finished, fewer
// than the five a summary needs, and one is half-way through.

// streamGuidance draws the pupils' answers.
const streamGuidance uint64 = 400

// guidanceLoader is what the demo needs to write class sessions and tests
// the way pupils make them; the store has it, a loader without it gets no
// guidance data.
type guidanceLoader interface {
	SaveGuidanceSession(ctx context.Context, s *domain.GuidanceSession) error
	StartGuidance(ctx context.Context, joinCode string, cityID int64) (domain.GuidanceAttempt, error)
	AnswerGuidance(ctx context.Context, id string, answers domain.Answers) (domain.GuidanceAttempt, error)
	FinishGuidance(ctx context.Context, id string) (domain.GuidanceAttempt, error)
}

// pupilKinds are the mean answers per area (R, I, A, S, E, C) of the kinds
// of pupils the demo's classes hold.
var pupilKinds = [][6]float64{
	{3.4, 2.4, 0.8, 1.2, 1.4, 2.0}, // things and machines
	{1.0, 1.6, 2.2, 3.4, 2.2, 1.4}, // people
	{1.4, 2.0, 0.8, 1.6, 2.4, 3.2}, // numbers and documents
	{1.6, 1.4, 3.5, 2.2, 1.8, 0.8}, // art
	{1.2, 1.4, 1.6, 2.2, 3.4, 2.4}, // business
}

// pupilAnswers draws a pupil's 60 answers around a kind's means.
func pupilAnswers(r *rand.Rand, kind [6]float64) domain.Answers {
	var a domain.Answers
	for i := range domain.GuidanceItems {
		v := kind[i/domain.ItemsPerArea] + r.NormFloat64()*0.9
		a.Set(i, min(max(int(v+0.5), 0), domain.MaxAnswer))
	}
	return a
}

// writeGuidance writes the demo college coordinator's class sessions and
// their pupils' tests, as the coordinator and as the pupils.
func writeGuidance(ctx context.Context, loader Loader, p *plan, sum *Summary) error {
	gl, ok := loader.(guidanceLoader)
	coordinator := p.chain.users.college
	if !ok || coordinator.ID == 0 {
		return nil
	}
	r := newRand(p.seed, streamGuidance)
	var city int64
	for _, c := range p.colleges {
		if c.ID == coordinator.CollegeID {
			city = c.CityID
		}
	}
	counsel := domain.WithActor(ctx, domain.Actor{User: &coordinator, Via: "demo"})
	for _, class := range []struct {
		title            string
		finished, midway int
	}{
		{"9 «А», № 25 мектеп-гимназия", 24, 0},
		{"9 «Б», № 25 мектеп-гимназия", 3, 1},
	} {
		g := domain.GuidanceSession{Title: class.title, OwnerID: coordinator.ID, CollegeID: coordinator.CollegeID}
		if err := gl.SaveGuidanceSession(counsel, &g); err != nil {
			return fmt.Errorf("demo: guidance session: %w", err)
		}
		sum.GuidanceSessions++
		for n := range class.finished + class.midway {
			a, err := gl.StartGuidance(ctx, g.JoinCode, city)
			if err != nil {
				return fmt.Errorf("demo: guidance test: %w", err)
			}
			answers := pupilAnswers(r, pupilKinds[r.IntN(len(pupilKinds))])
			if n >= class.finished {
				for i := range domain.GuidanceItems / 2 {
					answers[domain.ItemAtPosition(domain.GuidanceItems/2+i)] = 0 // the second half not yet answered
				}
			}
			if _, err := gl.AnswerGuidance(ctx, a.ID, answers); err != nil {
				return fmt.Errorf("demo: guidance answers: %w", err)
			}
			if n < class.finished {
				if _, err := gl.FinishGuidance(ctx, a.ID); err != nil {
					return fmt.Errorf("demo: guidance finish: %w", err)
				}
				sum.GuidanceResults++
			}
		}
	}
	return nil
}
