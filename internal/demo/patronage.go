package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Patronage: about 4,000 enterprises patron about 600 colleges (85 % of
// them) by tripartite memoranda with the colleges' regional education
// departments — most patrons work in the college's region, some national
// companies patron colleges elsewhere, and one patron in ten has a second
// memorandum. A memorandum runs two to five years, most of them in force
// "today", a tenth ended already. Its commitments (two to five of practice
// places, mentors, equipment with its value, hires and scholarships) were
// delivered partly: each memorandum's enterprise keeps ahead of the rule,
// keeps to it, or falls behind, so the pages show every state; deliveries
// come in one to three reports with their documents, and the colleges
// confirmed most of the older ones.
//
// The demo accounts' enterprise patrons the demo college (the first
// memorandum, in force, with a commitment behind, equipment partly
// delivered and a delivery waiting for the college's confirmation), so the
// region, college and enterprise accounts each have something to do.

// More streams of random numbers (see sample.go).
const (
	streamPatronage uint64 = iota + 300
	streamPatronageMemo
)

// Shares of patronage, at national scale.
const (
	nationalPatrons        = 4_000
	sharePatronedColleges  = 0.85
	sharePatronElsewhere   = 0.15 // patrons of a college in another region
	sharePatronTwice       = 0.10 // patrons with a second memorandum
	sharePatronageEnded    = 0.10 // memoranda whose period ended before "today"
	sharePatronageDone     = 0.12 // enterprises that delivered everything already
	sharePatronageAhead    = 0.30 // and those that deliver ahead of the rule (these included)
	sharePatronageBehind   = 0.30 // and those that fall behind
	sharePatronageConfirms = 0.75 // reports older than a month the college confirmed
)

// patronagePlan is every row of patronage to write.
type patronagePlan struct {
	memoranda   []domain.Memorandum
	fulfilments []domain.Fulfilment
	patrons     int
	colleges    int
}

// planPatronage chooses the patrons and colleges and generates the
// memoranda with their deliveries.
func (p *plan) planPatronage() patronagePlan {
	r := newRand(p.seed, streamPatronage)
	var pp patronagePlan
	nColleges := len(p.colleges)
	nPatrons := min(len(p.enterprises)*2/3, int(math.Round(nationalPatrons*float64(len(p.enterprises))/float64(national.enterprises))))
	if nColleges == 0 || nPatrons == 0 {
		return pp
	}

	// The colleges under patronage: the demo college and a random 85 %.
	home, homeEnt := p.accounts.college, p.accounts.enterprise
	order := r.Perm(nColleges)
	patroned := make([]bool, nColleges)
	patroned[home] = true
	for _, ci := range order[:max(1, int(float64(nColleges)*sharePatronedColleges))] {
		patroned[ci] = true
	}
	byRegion := map[int][]int{} // the patroned colleges of each region, in index order
	var all []int
	for ci, ok := range patroned {
		if ok {
			byRegion[p.colleges[ci].RegionID] = append(byRegion[p.colleges[ci].RegionID], ci)
			all = append(all, ci)
		}
	}

	// The patrons: the demo enterprise first, then enterprises drawn by
	// their size, those with trainees first among equals.
	weights := make([]float64, len(p.enterprises))
	for ei, e := range p.entInfo {
		weights[ei] = e.weight * (1 + float64(min(e.trainees, 20))/10)
	}
	weights[homeEnt] = 0
	picker := newCumulative(weights)
	chosen := map[int]bool{homeEnt: true}
	patrons := []int{homeEnt}
	for tries := 0; len(patrons) < nPatrons && tries < 20*nPatrons; tries++ {
		ei := picker.pick(r)
		if ei < 0 {
			break
		}
		if !chosen[ei] {
			chosen[ei] = true
			patrons = append(patrons, ei)
		}
	}

	// Every patroned college gets a patron of its region first, where the
	// region has one left; the other patrons go to a college of their own
	// region (or, some, anywhere), weighted by the colleges' size.
	type pair struct{ college, enterprise int }
	pairs := []pair{{home, homeEnt}}
	taken := map[pair]bool{{home, homeEnt}: true}
	free := map[int][]int{} // unassigned patrons by region
	for _, ei := range patrons[1:] {
		rid := p.enterprises[ei].RegionID
		free[rid] = append(free[rid], ei)
	}
	assigned := map[int]bool{homeEnt: true}
	for _, ci := range all {
		if ci == home {
			continue
		}
		rid := p.colleges[ci].RegionID
		if list := free[rid]; len(list) > 0 {
			ei := list[len(list)-1]
			free[rid] = list[:len(list)-1]
			pairs = append(pairs, pair{ci, ei})
			taken[pair{ci, ei}], assigned[ei] = true, true
		}
	}
	collegeOf := func(ei int) int {
		list := byRegion[p.enterprises[ei].RegionID]
		if len(list) == 0 || chance(r, sharePatronElsewhere) {
			list = all
		}
		w := make([]float64, len(list))
		for i, ci := range list {
			w[i] = p.collegeInfo[ci].weight
		}
		return list[max(0, newCumulative(w).pick(r))]
	}
	for _, ei := range patrons[1:] {
		n := 0
		if !assigned[ei] {
			n = 1
		}
		if chance(r, sharePatronTwice) {
			n++
		}
		for range n {
			ci := collegeOf(ei)
			if !taken[pair{ci, ei}] {
				pairs = append(pairs, pair{ci, ei})
				taken[pair{ci, ei}] = true
			}
		}
	}

	seq := map[int]int{} // memoranda numbered per region
	var commitmentID, fulfilmentID int64
	colleges, enterprises := map[int]bool{}, map[int]bool{}
	for i, pr := range pairs {
		c, e := p.colleges[pr.college], p.enterprises[pr.enterprise]
		seq[c.RegionID]++
		mr := newRand(p.seed, streamPatronageMemo<<32+uint64(i))
		m := p.memorandum(mr, int64(i+1), c, e, seq[c.RegionID], i == 0)
		for j := range m.Commitments {
			commitmentID++
			m.Commitments[j].ID, m.Commitments[j].MemorandumID = commitmentID, m.ID
		}
		reports := p.deliver(mr, &m, i == 0)
		for k := range reports {
			fulfilmentID++
			reports[k].ID = fulfilmentID
		}
		pp.memoranda = append(pp.memoranda, m)
		pp.fulfilments = append(pp.fulfilments, reports...)
		colleges[pr.college], enterprises[pr.enterprise] = true, true
	}
	pp.patrons, pp.colleges = len(enterprises), len(colleges)
	return pp
}

// memorandum draws a memorandum of college c and enterprise e with its
// period and commitments; the demo accounts' one runs three years from
// last September and promises a bit of everything.
func (p *plan) memorandum(r *rand.Rand, id int64, c domain.College, e domain.Enterprise, n int, home bool) domain.Memorandum {
	var starts time.Time
	years := between(r, 2, 5)
	switch {
	case home:
		starts, years = time.Date(p.yearStart-1, time.September, 1, 0, 0, 0, 0, time.UTC), 3
	case chance(r, sharePatronageEnded):
		years = between(r, 2, 3)
		starts = p.today.AddDate(-years, 0, -between(r, 30, 700))
	default:
		starts = p.today.AddDate(0, 0, -between(r, 20, 365*min(years, 3)))
	}
	signed := starts.AddDate(0, 0, -between(r, 0, 40))
	m := domain.Memorandum{
		ID: id, Number: fmt.Sprintf("%d-%04d/%d", c.RegionID, n, signed.Year()), RegionID: c.RegionID, CollegeID: c.ID,
		EnterpriseID: e.ID, SignedOn: signed, StartsOn: starts, EndsOn: starts.AddDate(years, 0, 0),
		CreatedAt: signed.Add(time.Duration(between(r, 9, 17)) * time.Hour), Note: pick(r, patronageNotes),
	}
	m.UpdatedAt = m.CreatedAt
	if home {
		m.Commitments = []domain.Commitment{
			{Kind: domain.CommitPracticePlaces, Description: "Производственная практика по профилю колледжа", Quantity: 30},
			{Kind: domain.CommitMentors, Description: "Наставники из числа ведущих специалистов", Quantity: 6},
			{Kind: domain.CommitEquipment, Description: "Токарный станок с ЧПУ", Quantity: 3, Value: 54_000_000},
			{Kind: domain.CommitHires, Description: "Трудоустройство выпускников", Quantity: 15},
			{Kind: domain.CommitScholarships, Description: "Именная стипендия предприятия", Quantity: 6},
		}
		return m
	}
	for _, k := range domain.CommitmentKinds {
		if !chance(r, commitmentShare[k]) {
			continue
		}
		c := domain.Commitment{Kind: k}
		switch k {
		case domain.CommitPracticePlaces:
			c.Quantity, c.Description = 5*between(r, 1, 8), pick(r, placeDescriptions)
		case domain.CommitMentors:
			c.Quantity, c.Description = between(r, 2, 10), "Наставники из числа специалистов предприятия"
		case domain.CommitEquipment:
			item := pick(r, equipmentItems)
			c.Quantity, c.Description = between(r, 1, item.most), item.name
			c.Value = int64(c.Quantity) * roundTenge(lognormal(r, item.price, 0.35))
		case domain.CommitHires:
			c.Quantity, c.Description = between(r, 3, 30), "Трудоустройство выпускников"
		case domain.CommitScholarships:
			c.Quantity, c.Description = between(r, 2, 12), "Именная стипендия предприятия"
		}
		m.Commitments = append(m.Commitments, c)
	}
	if len(m.Commitments) == 0 {
		m.Commitments = []domain.Commitment{{Kind: domain.CommitPracticePlaces, Quantity: 5 * between(r, 1, 8), Description: pick(r, placeDescriptions)}}
	}
	return m
}

// commitmentShare is the chance a memorandum has a commitment of a kind.
var commitmentShare = map[domain.CommitmentKind]float64{
	domain.CommitPracticePlaces: 0.85, domain.CommitMentors: 0.5, domain.CommitEquipment: 0.6,
	domain.CommitHires: 0.55, domain.CommitScholarships: 0.3,
}

// roundTenge rounds a price to thousands of tenge.
func roundTenge(x float64) int64 { return int64(math.Round(x/1000)) * 1000 }

// deliver decides what the enterprise delivered of each commitment by
// "today", sets the commitments' sums and returns the reports. How
// diligent the enterprise is holds for the whole memorandum.
func (p *plan) deliver(r *rand.Rand, m *domain.Memorandum, home bool) []domain.Fulfilment {
	last := p.today
	if m.EndsOn.Before(last) {
		last = m.EndsOn
	}
	diligence := r.Float64()
	var reports []domain.Fulfilment
	for j := range m.Commitments {
		c := &m.Commitments[j]
		expected := domain.ExpectedUnits(c.Quantity, m.StartsOn, m.EndsOn, p.today)
		var units int
		switch {
		case home:
			// Places on track, mentors done, a lathe of three with one
			// delivery unconfirmed, hires behind, scholarships on track.
			units = map[domain.CommitmentKind]int{domain.CommitPracticePlaces: expected + 2, domain.CommitMentors: c.Quantity,
				domain.CommitEquipment: 1, domain.CommitHires: max(0, expected-2), domain.CommitScholarships: expected}[c.Kind]
		case diligence < sharePatronageDone:
			units = c.Quantity
		case diligence < sharePatronageAhead:
			units = min(c.Quantity, expected+between(r, 1, max(1, c.Quantity/3)))
		case diligence < 1-sharePatronageBehind:
			units = min(c.Quantity, expected+between(r, 0, 1))
		default:
			units = int(float64(expected) * (0.2 + 0.6*r.Float64()))
		}
		units = min(max(units, 0), c.Quantity)
		if units == 0 || !last.After(m.SignedOn) {
			continue
		}
		unitValue := 0.0
		if c.Kind == domain.CommitEquipment {
			unitValue = float64(c.Value) / float64(c.Quantity)
		}
		parts := min(units, between(r, 1, 3))
		days := max(1, int(last.Sub(m.StartsOn).Hours()/24))
		on := m.StartsOn
		for k := range parts {
			n := units / parts
			if k < units%parts {
				n++
			}
			// Spread over the period so far, in order.
			on = m.StartsOn.AddDate(0, 0, days*(k+1)/(parts+1)+between(r, 0, max(0, days/(parts+1)-1)))
			if on.After(last) {
				on = last
			}
			if home && c.Kind == domain.CommitEquipment {
				on = p.today.AddDate(0, 0, -9)
			}
			f := domain.Fulfilment{MemorandumID: m.ID, CommitmentID: c.ID, Quantity: n, DeliveredOn: on,
				Document: fmt.Sprintf(documentFormats[c.Kind], between(r, 3, 480)), Description: pick(r, deliveryNotes[c.Kind]),
				ReportedAt: on.AddDate(0, 0, between(r, 0, 6)).Add(time.Duration(between(r, 9, 18)) * time.Hour)}
			if f.ReportedAt.After(p.today) {
				f.ReportedAt = p.today.Add(9 * time.Hour)
			}
			if unitValue > 0 {
				f.Value = roundTenge(unitValue * float64(n) * (0.9 + 0.2*r.Float64()))
				c.DeliveredValue += f.Value
			}
			old := p.today.Sub(on) > 30*24*time.Hour
			if !(home && c.Kind == domain.CommitEquipment) && (old && chance(r, sharePatronageConfirms) || !old && chance(r, 0.3)) {
				f.ConfirmedAt = f.ReportedAt.AddDate(0, 0, between(r, 1, 20))
				if f.ConfirmedAt.After(p.today) {
					f.ConfirmedAt = p.today.Add(10 * time.Hour)
				}
				c.ConfirmedValue += f.Value
			}
			c.Delivered += n
			reports = append(reports, f)
		}
	}
	slices.SortStableFunc(reports, func(a, b domain.Fulfilment) int { return a.DeliveredOn.Compare(b.DeliveredOn) })
	return reports
}

// summarize adds patronage to the summary.
func (pp *patronagePlan) summarize(s *Summary) {
	s.Memoranda = len(pp.memoranda)
	s.Fulfilments = len(pp.fulfilments)
	s.Patrons = pp.patrons
	s.PatronedColleges = pp.colleges
	for _, m := range pp.memoranda {
		s.Commitments += len(m.Commitments)
	}
}

// writePatronage plans patronage and writes the memoranda, then the
// reports against their commitments.
func writePatronage(w *writer, loader Loader, p *plan, sum *Summary) error {
	pp := p.planPatronage()
	before := sum.Rows()
	pp.summarize(sum)
	w.total += sum.Rows() - before
	w.report()
	// A memorandum carries its commitments: a fifth of a batch.
	if err := writeRowsBatch(w, "memoranda", max(1, w.batch/5), pp.memoranda, loader.InsertMemoranda); err != nil {
		return err
	}
	return writeRows(w, "fulfilments", pp.fulfilments, loader.InsertFulfilments)
}

// writeRowsBatch is writeRows with batches of batch rows.
func writeRowsBatch[T any](w *writer, table string, batch int, rows []T, insert func(context.Context, []T) error) error {
	saved := w.batch
	w.batch = batch
	defer func() { w.batch = saved }()
	return writeRows(w, table, rows, insert)
}

type equipmentItem struct {
	name  string
	price float64 // tenge per item, the median
	most  int     // items a memorandum promises at most
}

// equipmentItems are what patrons equip colleges with, at prices of the
// Kazakh market.
var equipmentItems = []equipmentItem{
	{"Токарный станок с ЧПУ", 18_000_000, 3},
	{"Фрезерный станок с ЧПУ", 22_000_000, 2},
	{"Сварочный аппарат инверторный", 450_000, 10},
	{"Сварочный тренажёр виртуальный", 9_000_000, 2},
	{"Учебный стенд «Электромонтаж и наладка»", 3_500_000, 6},
	{"Стенд релейной защиты и автоматики", 6_000_000, 3},
	{"Компьютерный класс (15 рабочих мест)", 9_500_000, 2},
	{"Промышленный 3D-принтер", 4_000_000, 3},
	{"Комплект диагностического оборудования для автомобилей", 5_500_000, 3},
	{"Лабораторный комплекс «Гидравлика и пневматика»", 7_000_000, 2},
	{"Тренажёр-симулятор машиниста локомотива", 35_000_000, 1},
	{"Тренажёр оператора буровой установки", 40_000_000, 1},
	{"Учебный трактор", 25_000_000, 2},
	{"Комплект оборудования для швейного цеха", 6_500_000, 2},
	{"Оборудование учебной кухни", 8_000_000, 2},
	{"Медицинский симулятор-манекен", 3_000_000, 4},
}

var placeDescriptions = []string{
	"Производственная практика студентов",
	"Места для дуального обучения",
	"Профессиональная практика выпускных курсов",
	"Учебная практика на производстве",
}

var patronageNotes = []string{
	"", "", "",
	"Шефская помощь в рамках программы развития региона",
	"Совместная подготовка кадров для предприятия",
	"Обновление материально-технической базы колледжа",
}

// documentFormats are the documents that prove a delivery of each kind.
var documentFormats = map[domain.CommitmentKind]string{
	domain.CommitPracticePlaces: "Договор о практике № %d",
	domain.CommitMentors:        "Приказ о назначении наставников № %d",
	domain.CommitEquipment:      "Акт приёма-передачи № %d",
	domain.CommitHires:          "Приказ о приёме на работу № %d-к",
	domain.CommitScholarships:   "Приказ о назначении стипендии № %d",
}

var deliveryNotes = map[domain.CommitmentKind][]string{
	domain.CommitPracticePlaces: {"Студенты приняты на практику", "Места практики в основном цехе", ""},
	domain.CommitMentors:        {"Наставники закреплены за группами", ""},
	domain.CommitEquipment:      {"Оборудование передано на баланс колледжа", "Установлено в учебной мастерской", ""},
	domain.CommitHires:          {"Выпускники приняты на постоянную работу", ""},
	domain.CommitScholarships:   {"Стипендия выплачивается ежемесячно", ""},
}
