package domain

import "context"

// Counts are live totals of the registry, shown on the home page.
type Counts struct {
	Regions        int `json:"regions"`
	Cities         int `json:"cities"`
	Colleges       int `json:"colleges"`
	Enterprises    int `json:"enterprises"`
	Programmes     int `json:"programmes"`
	Groups         int `json:"groups"`
	Students       int `json:"students"`
	DualStudents   int `json:"dual_students"`
	Teachers       int `json:"teachers"`
	Specialties    int `json:"specialties"`
	Qualifications int `json:"qualifications"`
}

// Registry is everything the web pages and the API read and write about the
// national registry. The store implements it.
type Registry interface {
	RegionService
	ClassifierService
	CollegeService
	EnterpriseService
	ProgrammeService
	PersonService
	DualTraining
	RoundService
	PatronageService
	GraduationService
	SeatService
	TargetedService
	TeacherDevelopmentService
	InternationalService
	AnalyticsService
	GuidanceService
	JobService
	// Counts returns live totals.
	Counts(ctx context.Context) (Counts, error)
	// Ping reports whether the database answers; EUNAVAILABLE if not.
	Ping(ctx context.Context) error
}

// RegistryLoader writes many rows at once whose IDs the caller has already
// set, for the demo generator and bulk imports into an empty registry. Each
// call validates every row and writes all of them or none.
type RegistryLoader interface {
	InsertColleges(ctx context.Context, rows []College) error
	InsertEnterprises(ctx context.Context, rows []Enterprise) error
	InsertProgrammes(ctx context.Context, rows []Programme) error
	InsertGroups(ctx context.Context, rows []Group) error
	InsertTeachers(ctx context.Context, rows []Teacher) error
	InsertStudents(ctx context.Context, rows []Student) error
	InsertMentors(ctx context.Context, rows []Mentor) error
	InsertCompetences(ctx context.Context, rows []Competence) error
	InsertOffers(ctx context.Context, rows []Offer) error
	// InsertAgreements writes agreements with their Approvals.
	InsertAgreements(ctx context.Context, rows []Agreement) error
	InsertEntries(ctx context.Context, rows []LogbookEntry) error
	InsertAssessments(ctx context.Context, rows []CompetenceAssessment) error
	// InsertRounds writes allocation rounds in any state; their figures
	// (offers, seats, students, placed) are counted from what
	// InsertRoundOffers and InsertRoundResults write for them afterwards.
	InsertRounds(ctx context.Context, rows []Round) error
	// InsertRoundOffers writes the offers of rounds with their seats and,
	// for a round that has run, the seats filled and the cutoff.
	InsertRoundOffers(ctx context.Context, rows []RoundOffer) error
	// InsertRoundResults writes the students of rounds: the lottery number,
	// the ranked offers (Choices' Rank and OfferID) and, for a round that
	// has run, the placement (OfferID, Status, AgreementID).
	InsertRoundResults(ctx context.Context, rows []RoundResult) error
	// InsertInterviews writes enterprises' interview scores.
	InsertInterviews(ctx context.Context, rows []Interview) error
	// FinishLoad brings the database up to date after a bulk load: it moves
	// ID sequences past the loaded IDs and refreshes planner statistics.
	FinishLoad(ctx context.Context) error
}
