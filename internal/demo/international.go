package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Teachers' qualification and internationalisation (issue 10).
//
// Every teacher gets a qualification category at the published share —
// 91.6 % of teachers and 72.5 % of masters of industrial training hold one
// (BNS 2024-25, teachers_highest_category and masters_highest_category of
// kz_tvet_statistics.csv) —, spread over the five categories of the scheme
// in proportions of our own (the bureau does not publish them): most are
// педагог-модератор or педагог-эксперт, few педагог-мастер, and teachers
// hired in the last two years are mostly педагог. The latest course ended
// within the three years for most, close to its due date for some, and
// more than three years ago for about one in ten, so the college's page
// has teachers overdue and due soon; 45 % had an industry internship at
// an enterprise of their region within the three years.
//
// Internationalisation reproduces the published picture at national scale
// (DOMAIN.md §1): 62 colleges with agreements in force with partners in 30
// countries, 9 of them with Russian colleges and enterprises — most of
// these in the regions on the Russian border, with partners in the
// bordering Russian regions —, some agreements under negotiation or ended,
// foreign specialists at some of the colleges and this academic year's
// mobility. The demo college is one of the nine. At small scale the
// counts shrink with the colleges, to at least three with partners.

// Streams of random numbers (see sample.go).
const (
	streamTeacherRecords = 30 << 32 // + teacher ID
	streamInternational  = 31 << 32 // + college index
)

// Shares and counts at national scale.
const (
	shareCategorisedTeachers = 0.916
	shareCategorisedMasters  = 0.725
	shareInternship          = 0.45 // within the three years
	shareOldInternship       = 0.08 // more than three years ago only
	shareOverdue             = 0.10
	shareDueSoon             = 0.06
	nationalPartnerColleges  = 62
	nationalRussianColleges  = 9
	nationalSpecialists      = 45
	mobilityPerCollege       = 11 // a year, at a college with partners
)

// categoryWeights spread the categorised teachers over the scheme's
// categories, lowest first (pedagogue, moderator, expert, researcher,
// master).
var (
	categoryCodes   = []string{"pedagogue", "moderator", "expert", "researcher", "master"}
	categoryWeights = []float64{22, 33, 27, 12, 6}
)

// teacherPlan collects the teachers' qualification records as the
// teachers are generated, and the names of the teachers of the colleges
// with foreign partners (for their mobility).
type teacherPlan struct {
	p        *plan
	records  []domain.TeacherRecords
	byRegion map[int][]int64 // enterprise IDs per region ID
	intl     *intlPlan
}

func newTeacherPlan(p *plan, intl *intlPlan) *teacherPlan {
	tp := &teacherPlan{p: p, byRegion: map[int][]int64{}, intl: intl}
	for _, e := range p.enterprises {
		tp.byRegion[e.RegionID] = append(tp.byRegion[e.RegionID], e.ID)
	}
	return tp
}

// watch passes the teachers on to emit, keeping each one's records.
func (tp *teacherPlan) watch(emit func(domain.Teacher) bool) func(domain.Teacher) bool {
	return func(t domain.Teacher) bool {
		tp.records = append(tp.records, tp.recordsOf(t))
		if ci, ok := tp.intl.index[t.CollegeID]; ok && len(tp.intl.teachers[ci]) < 8 && t.Position != domain.PositionHead {
			tp.intl.teachers[ci] = append(tp.intl.teachers[ci], person{id: t.ID, name: t.Name.Full()})
		}
		return emit(t)
	}
}

var (
	courseTitles = []string{"Цифровые технологии в образовательном процессе ТиПО", "Дуальное обучение: организация и наставничество",
		"Обновлённое содержание образования в колледже", "Методика преподавания специальных дисциплин", "Инклюзивное образование в ТиПО",
		"Стандарты WorldSkills в подготовке кадров", "Кредитно-модульная технология обучения", "Оценивание результатов обучения по модулям",
		"Кәсіптік білім берудегі цифрлық құзыреттер", "Өндірістік оқыту шеберінің кәсіби құзыреттері"}
	courseProviders = []string{"НАО «Talap»", "АО НЦПК «Өрлеу»", "ИПК ТиПО", "НАО «Холдинг «Кәсіпқор»", "Академия «Bilim Innovation»"}
	internshipNotes = []string{"Освоение нового оборудования цеха", "Наладка и техническое обслуживание линии", "Работа с системой управления производством",
		"Изучение технологического процесса", "Цифровые системы учёта на предприятии", "Требования охраны труда на участке"}
	subjectsTeacher = []string{"Математика", "Физика", "Информатика", "Казахский язык", "Русский язык и литература", "Английский язык",
		"История Казахстана", "Электротехника", "Материаловедение", "Инженерная графика", "Охрана труда", "Экономика отрасли",
		"Основы права", "Технология отрасли", "Метрология и стандартизация"}
	subjectsMaster = []string{"Производственное обучение", "Учебная практика", "Слесарное дело", "Электромонтажные работы", "Сварочное дело"}
)

// recordsOf draws one teacher's category, subjects, courses and internships.
func (tp *teacherPlan) recordsOf(t domain.Teacher) domain.TeacherRecords {
	r := newRand(tp.p.seed, streamTeacherRecords+uint64(t.ID))
	today := tp.p.today
	rec := domain.TeacherRecords{Profile: domain.TeacherProfile{TeacherID: t.ID}}
	share := shareCategorisedTeachers
	if t.Position == domain.PositionMaster {
		share = shareCategorisedMasters
	}
	if chance(r, share) {
		c := choose(r, categoryWeights...)
		if t.HiredOn.After(today.AddDate(-2, 0, 0)) && chance(r, 0.8) {
			c = 0
		}
		rec.Profile.Category = categoryCodes[c]
	}
	pool := subjectsTeacher
	if t.Position == domain.PositionMaster {
		pool = subjectsMaster
	}
	for range 1 + r.IntN(2) {
		if s := pick(r, pool); !slices.Contains(rec.Profile.Subjects, s) {
			rec.Profile.Subjects = append(rec.Profile.Subjects, s)
		}
	}
	// The latest course: overdue, due soon or current.
	const span = 3 * 365
	var ends time.Time
	switch u := r.Float64(); {
	case u < shareOverdue:
		ends = today.AddDate(-3, 0, -1-r.IntN(700))
	case u < shareOverdue+shareDueSoon:
		ends = today.AddDate(-3, 0, 1+r.IntN(85))
	default:
		ends = today.AddDate(0, 0, -1-r.IntN(span-100))
	}
	if !ends.Before(t.HiredOn) && (t.HiredOn.Before(today.AddDate(-1, 0, 0)) || chance(r, 0.5)) {
		rec.Courses = append(rec.Courses, course(r, t.ID, ends))
		if earlier := ends.AddDate(-3, 0, -r.IntN(200)); chance(r, 0.4) && earlier.After(t.HiredOn) {
			rec.Courses = append(rec.Courses, course(r, t.ID, earlier))
		}
	}
	enterprises := tp.byRegion[tp.p.colleges[collegeIndex(tp.p, t.CollegeID)].RegionID]
	if len(enterprises) > 0 {
		var ends time.Time
		switch u := r.Float64(); {
		case u < shareInternship:
			ends = today.AddDate(0, 0, -7-r.IntN(span-10))
		case u < shareInternship+shareOldInternship:
			ends = today.AddDate(-3, 0, -10-r.IntN(900))
		}
		if !ends.IsZero() && ends.After(t.HiredOn) {
			days := []int{5, 10, 20}[r.IntN(3)]
			rec.Internships = append(rec.Internships, domain.Internship{TeacherID: t.ID, EnterpriseID: pick(r, enterprises), Hours: days * 8 * 9 / 10,
				StartsOn: ends.AddDate(0, 0, -days-days/5), EndsOn: ends, Note: pick(r, internshipNotes)})
		}
	}
	return rec
}

// collegeIndex is the index of a college by its ID (IDs are 1…n).
func collegeIndex(_ *plan, id int64) int { return int(id - 1) }

func course(r *rand.Rand, teacher int64, ends time.Time) domain.Course {
	days := 5 + r.IntN(16)
	return domain.Course{TeacherID: teacher, Course: pick(r, courseTitles), Provider: pick(r, courseProviders), Hours: []int{36, 72, 72, 80, 108}[r.IntN(5)],
		Certificate: fmt.Sprintf("№ %d-%05d", ends.Year(), r.IntN(100_000)), StartsOn: ends.AddDate(0, 0, -days), EndsOn: ends}
}

// writeTeacherRecords writes the records, a fifth of a batch a call (a
// row carries its courses and internships).
func writeTeacherRecords(w *writer, loader Loader, tp *teacherPlan, sum *Summary) error {
	before := sum.Rows()
	sum.TeacherProfiles = len(tp.records)
	for _, rec := range tp.records {
		sum.TeacherCourses += len(rec.Courses)
		sum.TeacherInternships += len(rec.Internships)
	}
	w.total += sum.Rows() - before
	w.report()
	return writeRowsBatch(w, "teacher records", max(1, w.batch/5), tp.records, loader.InsertTeacherRecords)
}

// person is a student or teacher a mobility names.
type person struct {
	id   int64
	name string
}

// intlPlan is the colleges with foreign partners, chosen before the
// people are generated, and what they need of them.
type intlPlan struct {
	colleges []int         // college indices with agreements in force
	russian  map[int]bool  // of them, those with Russian partners
	index    map[int64]int // college ID → position in colleges
	students [][]person    // per position: studying students for outgoing mobility
	teachers [][]person
}

// bordering are the Kazakh regions on the Russian border.
var bordering = []int{27, 15, 23, 39, 59, 55, 63, 10, 11}

func newIntlPlan(p *plan) *intlPlan {
	ip := &intlPlan{russian: map[int]bool{}, index: map[int64]int{}}
	n := len(p.colleges)
	if n == 0 {
		return ip
	}
	scale := float64(n) / float64(national.colleges)
	want := min(n, max(3, int(math.Round(nationalPartnerColleges*scale))))
	wantRU := min(want, max(1, int(math.Round(nationalRussianColleges*scale))))
	r := newRand(p.seed, streamInternational)
	order := r.Perm(n)
	// The demo college works with Russia; then colleges of the border
	// regions, then any.
	home := p.accounts.college
	chosen := []int{home}
	ip.russian[home] = true
	for _, border := range []bool{true, false} {
		for _, ci := range order {
			if len(ip.russian) >= wantRU {
				break
			}
			if !ip.russian[ci] && slices.Contains(bordering, p.colleges[ci].RegionID) == border {
				ip.russian[ci] = true
				chosen = append(chosen, ci)
			}
		}
	}
	for _, ci := range order {
		if len(chosen) >= want {
			break
		}
		if !slices.Contains(chosen, ci) {
			chosen = append(chosen, ci)
		}
	}
	slices.Sort(chosen)
	ip.colleges = chosen
	for i, ci := range chosen {
		ip.index[p.colleges[ci].ID] = i
	}
	ip.students = make([][]person, len(chosen))
	ip.teachers = make([][]person, len(chosen))
	return ip
}

// watchStudent keeps a few studying students of the colleges with partners.
func (ip *intlPlan) watchStudent(emit func(domain.Student) bool) func(domain.Student) bool {
	return func(s domain.Student) bool {
		if i, ok := ip.index[s.CollegeID]; ok && len(ip.students[i]) < 30 && s.Status == domain.StatusStudying {
			ip.students[i] = append(ip.students[i], person{id: s.ID, name: s.Name.Full()})
		}
		return emit(s)
	}
}

// foreignPartner is a partner of the demo: its country, kind, name and
// city (and Russian region).
type foreignPartner struct {
	country, region, city, name string
	kind                        domain.PartnerKind
}

// russianPartners are the Russian partners, in the bordering regions but
// one; the names are the demo's, not real organisations'.
var russianPartners = []foreignPartner{
	{"RU", "RU-ORE", "Оренбург", "Оренбургский колледж энергетики и автоматики", domain.PartnerCollege},
	{"RU", "RU-ORE", "Орск", "Орский индустриальный колледж", domain.PartnerCollege},
	{"RU", "RU-OMS", "Омск", "Омский колледж транспорта и логистики", domain.PartnerCollege},
	{"RU", "RU-CHE", "Челябинск", "Челябинский колледж машиностроения", domain.PartnerCollege},
	{"RU", "RU-NVS", "Новосибирск", "Новосибирский технический колледж", domain.PartnerCollege},
	{"RU", "RU-ALT", "Барнаул", "Алтайский аграрный колледж", domain.PartnerCollege},
	{"RU", "RU-SAR", "Саратов", "Саратовский колледж нефти и газа", domain.PartnerCollege},
	{"RU", "RU-SAM", "Самара", "ООО «Самарский завод промышленного оборудования»", domain.PartnerEnterprise},
	{"RU", "RU-AST", "Астрахань", "Астраханский морской колледж", domain.PartnerCollege},
	{"RU", "RU-KGN", "Курган", "Курганский технологический колледж", domain.PartnerCollege},
	{"RU", "RU-TYU", "Тюмень", "Тюменский университет прикладных наук", domain.PartnerUniversity},
	{"RU", "", "Казань", "Казанский колледж информационных технологий", domain.PartnerCollege},
}

// otherCountries are the 29 other partner countries, each with a city.
var otherCountries = []struct{ code, city string }{
	{"CN", "Urumqi"}, {"DE", "Stuttgart"}, {"KR", "Busan"}, {"TR", "Ankara"}, {"UZ", "Tashkent"}, {"KG", "Bishkek"},
	{"BY", "Minsk"}, {"FI", "Tampere"}, {"AT", "Linz"}, {"CH", "Winterthur"}, {"GB", "Sheffield"}, {"US", "Pittsburgh"},
	{"FR", "Lyon"}, {"IT", "Turin"}, {"ES", "Bilbao"}, {"PL", "Wrocław"}, {"CZ", "Brno"}, {"LT", "Kaunas"}, {"LV", "Riga"},
	{"EE", "Tallinn"}, {"HU", "Győr"}, {"JP", "Nagoya"}, {"SG", "Singapore"}, {"MY", "Penang"}, {"IN", "Pune"},
	{"AE", "Dubai"}, {"AZ", "Baku"}, {"GE", "Tbilisi"}, {"NL", "Eindhoven"},
}

// foreignNames are names of foreign guests and specialists.
var foreignNames = []string{"Jürgen Weber", "Anna Schmidt", "Li Wei", "Zhang Min", "Kim Min-jun", "Park Ji-woo", "Mehmet Yılmaz",
	"Ayşe Kaya", "Matti Virtanen", "Emma Novak", "Tomasz Nowak", "Jan Dvořák", "Marco Rossi", "Laura García", "John Miller",
	"Sarah Brown", "Alisher Karimov", "Nodira Yusupova", "Aibek Toktogulov", "Ivan Petrov", "Olga Smirnova", "Sergei Ivanov"}

// planInternational generates the partners, agreements, specialists and
// mobility (after the people, whose records the mobility names).
func (p *plan) planInternational(ip *intlPlan) domain.InternationalLoad {
	var l domain.InternationalLoad
	if len(ip.colleges) == 0 {
		return l
	}
	r := newRand(p.seed, streamInternational+1)
	today := p.today
	partnerOf := map[string]int64{}
	addPartner := func(fp foreignPartner) int64 {
		if id, ok := partnerOf[fp.name]; ok {
			return id
		}
		id := int64(len(l.Partners) + 1)
		l.Partners = append(l.Partners, domain.Partner{ID: id, Kind: fp.kind, Name: fp.name, Country: fp.country, RURegion: fp.region, City: fp.city})
		partnerOf[fp.name] = id
		return id
	}
	foreign := func(i int) foreignPartner {
		c := otherCountries[i%len(otherCountries)]
		kinds := []domain.PartnerKind{domain.PartnerCollege, domain.PartnerUniversity, domain.PartnerEnterprise}
		k := kinds[(i/len(otherCountries))%3]
		name := map[domain.PartnerKind]string{domain.PartnerCollege: "%s Vocational College", domain.PartnerUniversity: "%s University of Applied Sciences",
			domain.PartnerEnterprise: "%s Industrial Training Centre"}[k]
		return foreignPartner{country: c.code, city: c.city, name: fmt.Sprintf(name, c.city), kind: k}
	}
	kinds := []domain.AgreementKind{domain.AgreementJointProgramme, domain.AgreementStandard, domain.AgreementDoubleDiploma, domain.AgreementMobility}
	standards := []string{"WorldSkills", "WorldSkills", "WorldSkills", "Festo MPS", "Cisco Networking Academy"}
	agreement := func(ci int, partner int64, inForce bool) domain.Partnership {
		a := domain.Partnership{CollegeID: p.colleges[ci].ID, PartnerID: partner, Kind: kinds[choose(r, 30, 25, 15, 30)],
			Number: fmt.Sprintf("МС-%d/%d", ci+1, len(l.Partnerships)+1), Status: domain.PartnershipActive}
		if a.Kind == domain.AgreementStandard {
			a.Standard = pick(r, standards)
		}
		a.Subject = map[domain.AgreementKind]string{
			domain.AgreementJointProgramme: "Совместная образовательная программа по специальности колледжа",
			domain.AgreementStandard:       "Внедрение международного стандарта в подготовку по специальности",
			domain.AgreementDoubleDiploma:  "Программа двойного диплома",
			domain.AgreementMobility:       "Обмен студентами и преподавателями, стажировки",
		}[a.Kind]
		a.SignedOn = today.AddDate(0, 0, -30-r.IntN(6*365))
		a.StartsOn = a.SignedOn.AddDate(0, 0, r.IntN(30))
		if inForce {
			if chance(r, 0.8) {
				a.EndsOn = maxTime(a.StartsOn.AddDate(3+r.IntN(3), 0, 0), today.AddDate(0, 2+r.IntN(30), 0))
			}
			return a
		}
		switch chance(r, 0.6) {
		case true: // under negotiation
			a.Status, a.SignedOn, a.StartsOn = domain.PartnershipNegotiation, time.Time{}, today.AddDate(0, 1+r.IntN(8), 0)
		default: // ended
			a.EndsOn = a.StartsOn.AddDate(1+r.IntN(2), 0, 0)
			if !a.EndsOn.Before(today) {
				a.EndsOn = today.AddDate(0, 0, -1)
			}
			if a.EndsOn.Before(a.StartsOn) {
				a.StartsOn = a.EndsOn
			}
			a.Status = domain.PartnershipTerminated
		}
		return a
	}
	next := 0 // the next country of otherCountries, so that every one is used
	ru := 0
	partners := make([][]int64, len(ip.colleges)) // per position: the partners in force
	for i, ci := range ip.colleges {
		if ip.russian[ci] {
			fp := russianPartners[ru%len(russianPartners)]
			if region := p.colleges[ci].RegionID; (region == 27 || region == 15) && ru >= len(russianPartners) {
				fp = russianPartners[0]
			}
			ru++
			id := addPartner(fp)
			l.Partnerships = append(l.Partnerships, agreement(ci, id, true))
			partners[i] = append(partners[i], id)
		}
		for range r.IntN(3) + boolInt(!ip.russian[ci]) {
			id := addPartner(foreign(next))
			next++
			l.Partnerships = append(l.Partnerships, agreement(ci, id, true))
			partners[i] = append(partners[i], id)
		}
		if chance(r, 0.3) {
			l.Partnerships = append(l.Partnerships, agreement(ci, addPartner(foreign(r.IntN(len(otherCountries)*3))), false))
		}
	}
	byID := func(id int64) domain.Partner { return l.Partners[id-1] }
	// Foreign specialists at some of the colleges.
	nSpecialists := max(2, int(math.Round(nationalSpecialists*float64(len(p.colleges))/float64(national.colleges))))
	roles := []domain.SpecialistRole{domain.SpecialistManager, domain.SpecialistTeacher, domain.SpecialistMaster, domain.SpecialistExpert}
	positions := map[domain.SpecialistRole]string{domain.SpecialistManager: "Заместитель директора по международному сотрудничеству",
		domain.SpecialistTeacher: "Преподаватель специальных дисциплин", domain.SpecialistMaster: "Мастер производственного обучения",
		domain.SpecialistExpert: "Эксперт WorldSkills"}
	for range nSpecialists {
		i := r.IntN(len(ip.colleges))
		country := byID(pick(r, partners[i])).Country
		role := roles[choose(r, 20, 40, 15, 25)]
		s := domain.ForeignSpecialist{CollegeID: p.colleges[ip.colleges[i]].ID, FullName: pick(r, foreignNames), Country: country, Role: role,
			Position: positions[role], StartsOn: today.AddDate(0, 0, -30-r.IntN(900))}
		if chance(r, 0.3) {
			s.EndsOn = today.AddDate(0, 1+r.IntN(12), 0)
		}
		l.Specialists = append(l.Specialists, s)
	}
	// This academic year's mobility, and some of the last.
	yearStart, _ := domain.AcademicYearOf(today)
	fundings := domain.MobilityFundings
	for i, ci := range ip.colleges {
		perCollege := mobilityPerCollege
		if len(p.colleges) < national.colleges/10 {
			perCollege = 4
		}
		for k := range perCollege + r.IntN(4) {
			partner := byID(pick(r, partners[i]))
			m := domain.Mobility{CollegeID: p.colleges[ci].ID, Country: partner.Country, PartnerID: partner.ID, Host: partner.Name,
				Funding: fundings[choose(r, 25, 20, 25, 20, 10)]}
			switch choose(r, 55, 20, 10, 15) {
			case 0:
				m.Direction, m.Participant = domain.MobilityOutgoing, domain.ParticipantStudent
				if len(ip.students[i]) == 0 {
					continue
				}
				s := ip.students[i][k%len(ip.students[i])]
				m.StudentID, m.PersonName = s.id, s.name
			case 1:
				m.Direction, m.Participant = domain.MobilityOutgoing, domain.ParticipantTeacher
				if len(ip.teachers[i]) == 0 {
					continue
				}
				t := ip.teachers[i][k%len(ip.teachers[i])]
				m.TeacherID, m.PersonName = t.id, t.name
			case 2:
				m.Direction, m.Participant, m.PersonName = domain.MobilityIncoming, domain.ParticipantStudent, pick(r, foreignNames)
			default:
				m.Direction, m.Participant, m.PersonName = domain.MobilityIncoming, domain.ParticipantTeacher, pick(r, foreignNames)
			}
			if chance(r, 0.8) {
				m.StartsOn = yearStart.AddDate(0, 0, r.IntN(int(today.Sub(yearStart).Hours()/24)+60))
			} else {
				m.StartsOn = yearStart.AddDate(-1, 0, r.IntN(300))
			}
			m.EndsOn = m.StartsOn.AddDate(0, 0, 14+r.IntN(100))
			if m.EndsOn.Before(today) {
				m.Outcome = domain.MobilityOutcomes[choose(r, 35, 35, 25, 5)]
			}
			l.Mobility = append(l.Mobility, m)
		}
	}
	return l
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// writeInternational plans and writes internationalisation in one call.
func writeInternational(w *writer, loader Loader, p *plan, ip *intlPlan, sum *Summary) error {
	l := p.planInternational(ip)
	before := sum.Rows()
	sum.Partners, sum.Partnerships, sum.ForeignSpecialists, sum.Mobility = len(l.Partners), len(l.Partnerships), len(l.Specialists), len(l.Mobility)
	today := p.today
	colleges, countries, russian := map[int64]bool{}, map[string]bool{}, map[int64]bool{}
	for _, a := range l.Partnerships {
		if a.InForceOn(today) {
			colleges[a.CollegeID] = true
			partner := l.Partners[a.PartnerID-1]
			countries[partner.Country] = true
			if partner.Country == domain.Russia {
				russian[a.CollegeID] = true
			}
		}
	}
	sum.PartnerColleges, sum.PartnerCountries, sum.RussianPartnerColleges = len(colleges), len(countries), len(russian)
	n := int64(sum.Rows() - before)
	w.total += n
	w.report()
	if err := loader.InsertInternational(w.ctx, l); err != nil {
		return fmt.Errorf("demo: write international: %w", err)
	}
	w.done += n
	w.report()
	return nil
}
