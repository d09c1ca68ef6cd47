package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// recorder is a Loader that keeps a copy of every row and account and
// hashes each table in the order the rows arrive; with next set it also
// passes them on to a real store.
type recorder struct {
	next Loader

	colleges    []domain.College
	enterprises []domain.Enterprise
	programmes  []domain.Programme
	groups      []domain.Group
	teachers    []domain.Teacher
	students    []domain.Student
	users       []domain.User
	finished    bool

	mentors      []domain.Mentor
	competences  []domain.Competence
	offers       []domain.Offer
	applications []domain.Application
	agreements   []domain.Agreement
	changes      []domain.PartyChange
	entries      []domain.LogbookEntry
	assessments  []domain.CompetenceAssessment
	rounds       []domain.Round
	roundOffers  []domain.RoundOffer
	roundResults []domain.RoundResult
	interviews   []domain.Interview
	memoranda    []domain.Memorandum
	fulfilments  []domain.Fulfilment
	contracts    []domain.EmploymentRecord
	counted      bool // RefreshEmploymentOutcomes was called
	seats        []domain.StateSeats
	diplomas     []domain.Diploma
	orders       []domain.TrainingOrder
	targeted     []domain.TargetedContract
	swept        bool // SweepObligations was called
	teacherRecs  []domain.TeacherRecords
	intl         []domain.InternationalLoad

	hashes map[string]hash.Hash
}

func newRecorder(next Loader) *recorder {
	return &recorder{next: next, hashes: map[string]hash.Hash{}}
}

// digest returns the hash of one table's rows as received.
func (r *recorder) digest(table string) string {
	h, ok := r.hashes[table]
	if !ok {
		return ""
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func record[T any](ctx context.Context, r *recorder, table string, dst *[]T, rows []T, pass func(context.Context, []T) error) error {
	h, ok := r.hashes[table]
	if !ok {
		h = sha256.New()
		r.hashes[table] = h
	}
	for _, row := range rows {
		fmt.Fprintf(h, "%+v\n", row)
	}
	// The generator reuses its batch buffers: copy the rows.
	*dst = append(*dst, rows...)
	if r.next == nil {
		return nil
	}
	return pass(ctx, rows)
}

func (r *recorder) InsertColleges(ctx context.Context, rows []domain.College) error {
	return record(ctx, r, "colleges", &r.colleges, rows, r.pass().InsertColleges)
}

func (r *recorder) InsertEnterprises(ctx context.Context, rows []domain.Enterprise) error {
	return record(ctx, r, "enterprises", &r.enterprises, rows, r.pass().InsertEnterprises)
}

func (r *recorder) InsertProgrammes(ctx context.Context, rows []domain.Programme) error {
	return record(ctx, r, "programmes", &r.programmes, rows, r.pass().InsertProgrammes)
}

func (r *recorder) InsertGroups(ctx context.Context, rows []domain.Group) error {
	return record(ctx, r, "groups", &r.groups, rows, r.pass().InsertGroups)
}

func (r *recorder) InsertTeachers(ctx context.Context, rows []domain.Teacher) error {
	return record(ctx, r, "teachers", &r.teachers, rows, r.pass().InsertTeachers)
}

func (r *recorder) InsertStudents(ctx context.Context, rows []domain.Student) error {
	return record(ctx, r, "students", &r.students, rows, r.pass().InsertStudents)
}

func (r *recorder) InsertMentors(ctx context.Context, rows []domain.Mentor) error {
	return record(ctx, r, "mentors", &r.mentors, rows, r.pass().InsertMentors)
}

func (r *recorder) InsertCompetences(ctx context.Context, rows []domain.Competence) error {
	return record(ctx, r, "competences", &r.competences, rows, r.pass().InsertCompetences)
}

func (r *recorder) InsertOffers(ctx context.Context, rows []domain.Offer) error {
	return record(ctx, r, "offers", &r.offers, rows, r.pass().InsertOffers)
}

func (r *recorder) InsertApplications(ctx context.Context, rows []domain.Application) error {
	return record(ctx, r, "applications", &r.applications, rows, r.pass().InsertApplications)
}

func (r *recorder) InsertAgreements(ctx context.Context, rows []domain.Agreement) error {
	return record(ctx, r, "agreements", &r.agreements, rows, r.pass().InsertAgreements)
}

func (r *recorder) InsertPartyChanges(ctx context.Context, rows []domain.PartyChange) error {
	return record(ctx, r, "party_changes", &r.changes, rows, r.pass().InsertPartyChanges)
}

func (r *recorder) InsertEntries(ctx context.Context, rows []domain.LogbookEntry) error {
	return record(ctx, r, "entries", &r.entries, rows, r.pass().InsertEntries)
}

func (r *recorder) InsertAssessments(ctx context.Context, rows []domain.CompetenceAssessment) error {
	return record(ctx, r, "assessments", &r.assessments, rows, r.pass().InsertAssessments)
}

// CreateUser records an account. Without a store behind it, it numbers the
// accounts from 1, as an empty database does.
func (r *recorder) InsertRounds(ctx context.Context, rows []domain.Round) error {
	return record(ctx, r, "rounds", &r.rounds, rows, r.pass().InsertRounds)
}

func (r *recorder) InsertRoundOffers(ctx context.Context, rows []domain.RoundOffer) error {
	return record(ctx, r, "round_offers", &r.roundOffers, rows, r.pass().InsertRoundOffers)
}

func (r *recorder) InsertRoundResults(ctx context.Context, rows []domain.RoundResult) error {
	return record(ctx, r, "round_results", &r.roundResults, rows, r.pass().InsertRoundResults)
}

func (r *recorder) InsertInterviews(ctx context.Context, rows []domain.Interview) error {
	return record(ctx, r, "interviews", &r.interviews, rows, r.pass().InsertInterviews)
}

func (r *recorder) InsertMemoranda(ctx context.Context, rows []domain.Memorandum) error {
	return record(ctx, r, "memoranda", &r.memoranda, rows, r.pass().InsertMemoranda)
}

func (r *recorder) InsertFulfilments(ctx context.Context, rows []domain.Fulfilment) error {
	return record(ctx, r, "fulfilments", &r.fulfilments, rows, r.pass().InsertFulfilments)
}

func (r *recorder) InsertTeacherRecords(ctx context.Context, rows []domain.TeacherRecords) error {
	return record(ctx, r, "teacher records", &r.teacherRecs, rows, r.pass().InsertTeacherRecords)
}

func (r *recorder) InsertInternational(ctx context.Context, l domain.InternationalLoad) error {
	return record(ctx, r, "international", &r.intl, []domain.InternationalLoad{l},
		func(ctx context.Context, rows []domain.InternationalLoad) error {
			return r.pass().InsertInternational(ctx, rows[0])
		})
}

// InsertGraduates records the graduates among the students, as the
// database holds them.
func (r *recorder) InsertGraduates(ctx context.Context, rows []domain.Graduate) error {
	students := make([]domain.Student, len(rows))
	for i, g := range rows {
		students[i] = g.Student
	}
	return record(ctx, r, "students", &r.students, students, func(ctx context.Context, _ []domain.Student) error {
		return r.pass().InsertGraduates(ctx, rows)
	})
}

func (r *recorder) InsertEmploymentRecords(ctx context.Context, rows []domain.EmploymentRecord) error {
	return record(ctx, r, "employment records", &r.contracts, rows, r.pass().InsertEmploymentRecords)
}

func (r *recorder) RefreshEmploymentOutcomes(ctx context.Context) error {
	r.counted = true
	return r.pass().RefreshEmploymentOutcomes(ctx)
}

func (r *recorder) InsertSeats(ctx context.Context, rows []domain.StateSeats) error {
	return record(ctx, r, "seats", &r.seats, rows, r.pass().InsertSeats)
}

func (r *recorder) InsertDiplomas(ctx context.Context, rows []domain.Diploma) error {
	return record(ctx, r, "diplomas", &r.diplomas, rows, r.pass().InsertDiplomas)
}

func (r *recorder) InsertTrainingOrders(ctx context.Context, rows []domain.TrainingOrder) error {
	return record(ctx, r, "training orders", &r.orders, rows, r.pass().InsertTrainingOrders)
}

func (r *recorder) InsertTargetedContracts(ctx context.Context, rows []domain.TargetedContract) error {
	return record(ctx, r, "targeted contracts", &r.targeted, rows, r.pass().InsertTargetedContracts)
}

func (r *recorder) SweepObligations(ctx context.Context, today time.Time) (domain.SweepResult, error) {
	r.swept = true
	return r.pass().SweepObligations(ctx, today)
}

func (r *recorder) CreateUser(ctx context.Context, u *domain.User) error {
	if r.next == nil {
		u.ID = int64(len(r.users) + 1)
	} else if err := r.next.CreateUser(ctx, u); err != nil {
		return err
	}
	h, ok := r.hashes["users"]
	if !ok {
		h = sha256.New()
		r.hashes["users"] = h
	}
	// Not the password hash, whose salt is random.
	fmt.Fprintf(h, "%d %s %s %s %d %d %d %d %d %s\n", u.ID, u.Login, u.Name, u.Role, u.RegionID, u.CollegeID,
		u.EnterpriseID, u.TeacherID, u.StudentID, u.ExpiresAt)
	r.users = append(r.users, *u)
	return nil
}

func (r *recorder) FinishLoad(ctx context.Context) error {
	r.finished = true
	if r.next == nil {
		return nil
	}
	return r.next.FinishLoad(ctx)
}

// pass returns the loader rows go on to, or a stand-in when there is none
// (its methods are never called then).
func (r *recorder) pass() Loader {
	if r.next == nil {
		return discard{}
	}
	return r.next
}

type discard struct{}

func (discard) InsertGraduates(context.Context, []domain.Graduate) error { return nil }
func (discard) InsertEmploymentRecords(context.Context, []domain.EmploymentRecord) error {
	return nil
}
func (discard) RefreshEmploymentOutcomes(context.Context) error { return nil }

func (discard) InsertSeats(context.Context, []domain.StateSeats) error { return nil }
func (discard) InsertDiplomas(context.Context, []domain.Diploma) error { return nil }
func (discard) InsertTrainingOrders(context.Context, []domain.TrainingOrder) error {
	return nil
}
func (discard) InsertTargetedContracts(context.Context, []domain.TargetedContract) error {
	return nil
}
func (discard) SweepObligations(context.Context, time.Time) (domain.SweepResult, error) {
	return domain.SweepResult{}, nil
}

func (discard) InsertMemoranda(context.Context, []domain.Memorandum) error   { return nil }
func (discard) InsertFulfilments(context.Context, []domain.Fulfilment) error { return nil }
func (discard) InsertTeacherRecords(context.Context, []domain.TeacherRecords) error {
	return nil
}
func (discard) InsertInternational(context.Context, domain.InternationalLoad) error { return nil }

func (discard) InsertColleges(context.Context, []domain.College) error       { return nil }
func (discard) InsertRounds(context.Context, []domain.Round) error           { return nil }
func (discard) InsertRoundOffers(context.Context, []domain.RoundOffer) error { return nil }
func (discard) InsertRoundResults(context.Context, []domain.RoundResult) error {
	return nil
}
func (discard) InsertInterviews(context.Context, []domain.Interview) error   { return nil }
func (discard) InsertEnterprises(context.Context, []domain.Enterprise) error { return nil }
func (discard) InsertProgrammes(context.Context, []domain.Programme) error   { return nil }
func (discard) InsertGroups(context.Context, []domain.Group) error           { return nil }
func (discard) InsertTeachers(context.Context, []domain.Teacher) error       { return nil }
func (discard) InsertStudents(context.Context, []domain.Student) error       { return nil }
func (discard) InsertMentors(context.Context, []domain.Mentor) error         { return nil }
func (discard) InsertCompetences(context.Context, []domain.Competence) error { return nil }
func (discard) InsertOffers(context.Context, []domain.Offer) error           { return nil }
func (discard) InsertApplications(context.Context, []domain.Application) error {
	return nil
}
func (discard) InsertAgreements(context.Context, []domain.Agreement) error     { return nil }
func (discard) InsertPartyChanges(context.Context, []domain.PartyChange) error { return nil }
func (discard) InsertEntries(context.Context, []domain.LogbookEntry) error     { return nil }
func (discard) InsertAssessments(context.Context, []domain.CompetenceAssessment) error {
	return nil
}
func (discard) FinishLoad(context.Context) error               { return nil }
func (discard) CreateUser(context.Context, *domain.User) error { return nil }
