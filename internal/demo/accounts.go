package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// Password is the password of every demo account. It is printed by
// `dualtrack demo` and `dualtrack serve --demo` and written in the README,
// so it protects nothing: the demo accounts are for trying the product on
// generated data, never for a database with real people in it.
const Password = "Demo-2026-dualtrack"

// Login returns the login of the demo account of a role, such as
// college@demo.dualtrack.kz.
func Login(role domain.Role) string { return string(role) + "@demo.dualtrack.kz" }

// ApplicantLogin is the login of the demo's second student account: a
// student of a traditional programme whom the finished allocation round
// placed below their first choice, who declined the place and is ranking
// offers in the open supplementary round (rounds.go).
const ApplicantLogin = "applicant@demo.dualtrack.kz"

// HomeRegion is the region the demo's regional, college, enterprise and
// auditor accounts work in: Almaty, the city (KATO 75). A dataset without a
// dual college there (a small one with another seed) uses the region of
// the college with the most dual students instead.
const HomeRegion = 75

// Loader is what Generate writes through: the registry's bulk loader, the
// applications and changes of party of the chain, and the accounts. The
// store implements it.
type Loader interface {
	domain.RegistryLoader
	// InsertApplications stores applications to offers with their IDs set.
	InsertApplications(ctx context.Context, rows []domain.Application) error
	// InsertPartyChanges stores changes of mentor or enterprise with their
	// IDs set.
	InsertPartyChanges(ctx context.Context, rows []domain.PartyChange) error
	// CreateUser validates and stores a user whose PasswordHash is set.
	CreateUser(ctx context.Context, u *domain.User) error
	// InsertMemoranda stores patronage memoranda with their commitments,
	// whose delivered sums are those of the reports InsertFulfilments
	// writes next.
	InsertMemoranda(ctx context.Context, rows []domain.Memorandum) error
	InsertFulfilments(ctx context.Context, rows []domain.Fulfilment) error
	// InsertGraduates stores graduated students with their IDs and days
	// of graduation set.
	InsertGraduates(ctx context.Context, rows []domain.Graduate) error
	// InsertEmploymentRecords stores contracts of the register of
	// employment contracts.
	InsertEmploymentRecords(ctx context.Context, rows []domain.EmploymentRecord) error
	// RefreshEmploymentOutcomes counts every graduate's employment.
	RefreshEmploymentOutcomes(ctx context.Context) error
	// InsertSeats stores state-funded seats and counts the students
	// already enrolled on them; InsertDiplomas the TVET diplomas people
	// hold.
	InsertSeats(ctx context.Context, rows []domain.StateSeats) error
	InsertDiplomas(ctx context.Context, rows []domain.Diploma) error
	// InsertTrainingOrders stores employers' orders with their IDs set;
	// InsertTargetedContracts the contracts against them, in any state of
	// their obligation, with its history.
	InsertTrainingOrders(ctx context.Context, rows []domain.TrainingOrder) error
	InsertTargetedContracts(ctx context.Context, rows []domain.TargetedContract) error
	// InsertTeacherRecords stores teachers' categories and subjects with
	// their courses and internships; InsertInternational the foreign
	// partners (with their IDs set), agreements, specialists and mobility.
	InsertTeacherRecords(ctx context.Context, rows []domain.TeacherRecords) error
	InsertInternational(ctx context.Context, l domain.InternationalLoad) error
	// SweepObligations raises the obligations' deadline alerts due.
	SweepObligations(ctx context.Context, today time.Time) (domain.SweepResult, error)
}

// accountPlan is which generated records the demo accounts are tied to:
// a college of the home region with dual programmes, the enterprise that
// trains most of its students, the group with most of that enterprise's
// trainees, the teacher who curates that group, and one of those
// trainees. So the college, the teacher, the enterprise, the mentor and
// the student accounts all see that one student, each in its own way.
type accountPlan struct {
	region     int   // region ID
	college    int   // index into plan.colleges
	enterprise int   // index into plan.enterprises
	group      int   // index into plan.groups
	teacherID  int64 // the group's curator
	// teacher and student are filled in as the people are generated.
	teacher domain.Teacher
	student domain.Student
}

// planAccounts chooses the records of the demo accounts. Ties go to the
// lowest ID, so the choice depends on the seed alone.
func (p *plan) planAccounts() {
	dual := make([]int, len(p.colleges)) // students training at an enterprise
	for _, g := range p.groupInfo {
		if g.slot < 0 {
			continue
		}
		ci := p.progInfo[g.programme].college
		for k := range g.size {
			if p.trainees[g.slot+k] >= 0 {
				dual[ci]++
			}
		}
	}
	best := func(n []int, ok func(i int) bool) int {
		b := -1
		for i := range n {
			if n[i] > 0 && ok(i) && (b < 0 || n[i] > n[b]) {
				b = i
			}
		}
		return b
	}
	a := &p.accounts
	a.college = best(dual, func(ci int) bool { return p.colleges[ci].RegionID == HomeRegion })
	if a.college < 0 {
		a.college = best(dual, func(int) bool { return true })
	}
	if a.college < 0 {
		a.college = 0 // no dual student anywhere: cannot happen at the shipped scales
	}
	a.region = p.colleges[a.college].RegionID

	// The college's groups are contiguous, in the order of its programmes.
	info := &p.collegeInfo[a.college]
	groups := [2]int{p.progInfo[info.programmes[0]].groups[0], p.progInfo[info.programmes[1]-1].groups[1]}
	trained := make([]int, len(p.enterprises)) // the college's students at each enterprise
	for gi := groups[0]; gi < groups[1]; gi++ {
		if g := p.groupInfo[gi]; g.slot >= 0 {
			for k := range g.size {
				if e := p.trainees[g.slot+k]; e >= 0 {
					trained[e]++
				}
			}
		}
	}
	a.enterprise = max(0, best(trained, func(int) bool { return true }))

	atEnterprise := make([]int, groups[1]-groups[0]) // trainees of each group there
	for gi := groups[0]; gi < groups[1]; gi++ {
		if g := p.groupInfo[gi]; g.slot >= 0 {
			for k := range g.size {
				if p.trainees[g.slot+k] == int32(a.enterprise) {
					atEnterprise[gi-groups[0]]++
				}
			}
		}
	}
	a.group = groups[0] + max(0, best(atEnterprise, func(int) bool { return true }))
	a.teacherID = p.groups[a.group].CuratorID
}

// watchTeacher passes teachers on to emit, keeping the demo teacher's
// record for the account's name and the names of the dual groups'
// curators, who review their logbooks.
func (a *accountPlan) watchTeacher(p *plan, emit func(domain.Teacher) bool) func(domain.Teacher) bool {
	curators := map[int64]bool{}
	for gi, g := range p.groupInfo {
		if g.slot >= 0 {
			curators[p.groups[gi].CuratorID] = true
		}
	}
	p.chain.curators = map[int64]string{}
	return func(t domain.Teacher) bool {
		if t.ID == a.teacherID {
			a.teacher = t
		}
		if curators[t.ID] {
			p.chain.curators[t.ID] = t.Name.Full()
		}
		return emit(t)
	}
}

// watchStudent passes students on to emit, keeping the demo student (the
// first trainee of the demo enterprise in the demo group), the name and
// birth date of every trainee, for their agreements, and who is away on
// academic leave, who cannot apply to offers.
func (a *accountPlan) watchStudent(p *plan, emit func(domain.Student) bool) func(domain.Student) bool {
	c := &p.chain
	c.people = make([]traineePerson, len(p.trainees))
	last := len(p.groups) - 1
	c.away = make([]bool, c.groupFirst[last]-1+int64(p.groupInfo[last].size))
	c.birth = make([]int32, len(c.away))
	return func(s domain.Student) bool {
		gi := int(s.GroupID) - 1
		if slot := p.groupInfo[gi].slot; slot >= 0 {
			slot += int(s.ID - c.groupFirst[gi])
			c.people[slot] = traineePerson{name: s.Name, birth: s.BirthDate}
			if int32(slot) == c.demoSlot {
				a.student = s
			}
		}
		c.away[s.ID-1] = s.Status != domain.StatusStudying
		c.birth[s.ID-1] = int32(s.BirthDate.Unix() / 86400)
		return emit(s)
	}
}

// keep remembers the demo accounts that approve agreements.
func (u *demoUsers) keep(user domain.User) {
	switch user.Role {
	case domain.RoleCollege:
		u.college = user
	case domain.RoleEnterprise:
		u.enterprise = user
	case domain.RoleStudent:
		u.student = user
	case domain.RoleMentor:
		u.mentor = user
	}
}

// linkMentor makes the demo mentor's record the mentor account's: the
// account signs for it.
func (p *plan) linkMentor() {
	c := &p.chain
	if c.demoMentor < 0 || c.users.mentor.ID == 0 {
		return
	}
	m := &c.mentors[c.demoMentor]
	m.UserID, m.Name = c.users.mentor.ID, c.users.mentor.Name
}

// staff returns the demo accounts of every role but the student's, whose
// record is written after them. The people without a record in the
// registry (officials, HR, the mentor) get names of their own.
func (p *plan) staff() []domain.User {
	a := &p.accounts
	r := newRand(p.seed, streamAccounts)
	l := names()
	person := func() string {
		sex := domain.Male
		if chance(r, 0.5) {
			sex = domain.Female
		}
		return l.kazakhName(r, sex, 0.5).Full()
	}
	college, enterprise := p.colleges[a.college].ID, p.enterprises[a.enterprise].ID
	return []domain.User{
		{Role: domain.RoleMinistry, Name: person()},
		{Role: domain.RoleRegion, Name: person(), RegionID: a.region},
		{Role: domain.RoleCollege, Name: person(), CollegeID: college},
		{Role: domain.RoleTeacher, Name: a.teacher.Name.Full(), CollegeID: college, TeacherID: a.teacherID},
		{Role: domain.RoleEnterprise, Name: person(), EnterpriseID: enterprise},
		{Role: domain.RoleMentor, Name: person(), EnterpriseID: enterprise},
		// An inspection of the region for a year.
		{Role: domain.RoleAuditor, Name: person(), RegionID: a.region, ExpiresAt: p.today.AddDate(1, 0, 0)},
	}
}

// studentAccount is the demo student's account.
func (p *plan) studentAccount() domain.User {
	s := p.accounts.student
	return domain.User{Role: domain.RoleStudent, Name: s.Name.Full(), CollegeID: s.CollegeID, StudentID: s.ID}
}

// applicantAccount is the applicant's account. The student's record is
// generated again, with the rest of their college, for the name: the
// generator keeps no student it has written.
func (p *plan) applicantAccount(id int64) domain.User {
	var s domain.Student
	ci := p.collegeIndexOf(id)
	first := p.chain.groupFirst[p.progInfo[p.collegeInfo[ci].programmes[0]].groups[0]] - 1
	p.collegeStudents(ci, &first, newIINAllocator(p.seed), func(st domain.Student) bool {
		s = st
		return st.ID < id
	})
	return domain.User{Role: domain.RoleStudent, Login: ApplicantLogin, Name: s.Name.Full(), CollegeID: s.CollegeID, StudentID: s.ID}
}

// createAccount stores a demo account with the demo password and, unless
// it has one, the login of its role.
func createAccount(ctx context.Context, loader Loader, u *domain.User) error {
	if u.Login == "" {
		u.Login = Login(u.Role)
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := loader.CreateUser(ctx, u); err != nil {
		return fmt.Errorf("demo: create account %s: %w", u.Login, err)
	}
	return nil
}
