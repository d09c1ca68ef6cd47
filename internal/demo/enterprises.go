package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// sections are the OKED sections in letter order: domain.Industries is a
// map, and generation never ranges over a map.
var sections = []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S"}

// sectionWeight is the national mix of enterprises that train TVET
// students: manufacturing, trade and construction lead; schools,
// kindergartens and hospitals take the pedagogical and medical students.
var sectionWeight = []float64{
	8, 4, 14, 3, 1.5, 11, 13, 7, 6, 4, 2, 1, 4, 2, 1.5, 8, 8, 1, 3,
}

func sectionIndex(letter string) int {
	for i, s := range sections {
		if s == letter {
			if _, ok := domain.Industries[s]; ok {
				return i
			}
		}
	}
	return -1
}

// sectionFactor follows the regional economy: oil and mining companies
// where the oil and ore are, farms in the farming regions, IT and finance
// in the big cities.
func sectionFactor(letter string, e economy) float64 {
	f := 1.0
	switch letter {
	case "A":
		if e.has(farming) {
			f *= 2.2
		}
		if e.has(metropolis) {
			f *= 0.15
		}
	case "B":
		if e.has(oil) {
			f *= 4
		}
		if e.has(mining) {
			f *= 3
		}
		if e.has(metropolis) {
			f *= 0.3
		}
	case "C", "D":
		if e.has(industry) {
			f *= 1.5
		}
	case "J", "K":
		if e.has(metropolis) {
			f *= 2.5
		}
	case "M", "L":
		if e.has(metropolis) {
			f *= 1.8
		}
	case "G", "I":
		if e.has(metropolis) {
			f *= 1.25
		}
	}
	return f
}

func (p *plan) planEnterprises() {
	r := newRand(p.seed, streamEnterprises)
	// Enterprises stand where there are colleges to send them students: in
	// every region at national scale, in the regions of the few colleges at
	// small scale.
	weights := make([]float64, len(p.regions))
	for i, rp := range p.regions {
		if rp.colleges > 0 {
			weights[i] = float64(rp.region.Population)
		}
	}
	counts := largestRemainder(p.params.enterprises, weights)
	n := newEnterpriseNamer()
	for ri, count := range counts {
		if count == 0 {
			continue
		}
		rp := &p.regions[ri]
		sw := make([]float64, len(sections))
		for i, s := range sections {
			if sectionIndex(s) >= 0 {
				sw[i] = sectionWeight[i] * sectionFactor(s, rp.traits.economy)
			}
		}
		pickSection := newCumulative(sw)
		cw := make([]float64, len(rp.cities))
		for k, ci := range rp.cities {
			cw[k] = float64(p.ref.Cities[ci].Population)
		}
		for k, m := range largestRemainder(count, cw) {
			ci := rp.cities[k]
			for range m {
				p.addEnterprise(r, ri, ci, pickSection.pick(r), n)
			}
		}
	}
}

func (p *plan) addEnterprise(r *rand.Rand, ri, ci, sec int, n *enterpriseNamer) {
	rp := &p.regions[ri]
	city := p.ref.Cities[ci]
	letter := sections[sec]
	size := lognormal(r, 40, 1.3)
	if letter == "B" || letter == "D" {
		size *= 3 // mines, oil fields and power plants are big employers
	}
	if rp.traits.economy.has(metropolis) {
		size *= 1.2
	}
	employees := int(math.Min(math.Max(size, 3), 30_000))
	name, kind := n.name(r, letter, employees, city)
	var year int
	switch kind {
	case legalState:
		year = between(r, 1996, 2010)
	case legalJSC:
		year = between(r, 1996, 2012)
	default:
		// Most small firms are young.
		year = max(1998, 2025-int(math.Abs(r.NormFloat64()*8)))
	}
	p.enterprises = append(p.enterprises, domain.Enterprise{
		ID:        int64(len(p.enterprises) + 1),
		BIN:       p.bins.issue(year, between(r, 1, 12)),
		Name:      name,
		RegionID:  rp.region.ID,
		CityID:    city.ID,
		Industry:  letter,
		Employees: employees,
	})
	p.entInfo = append(p.entInfo, enterpriseInfo{
		region: ri, city: ci, section: sec,
		// Bigger enterprises take more trainees, but not in proportion.
		weight: math.Sqrt(float64(min(employees, 2500))),
	})
}

// Legal forms of enterprises.
const (
	legalLLP   = iota // ТОО / ЖШС / LLP
	legalJSC          // АО / АҚ / JSC, for the large ones
	legalState        // state enterprises and institutions
)

// enterpriseNamer makes unique enterprise names.
type enterpriseNamer struct {
	taken map[string]bool
	// numbers holds the last number given to a numbered state body
	// (school №12, polyclinic №3) per town and template.
	numbers map[string]int
}

func newEnterpriseNamer() *enterpriseNamer {
	return &enterpriseNamer{taken: map[string]bool{}, numbers: map[string]int{}}
}

// stateTemplate names a state body in Kazakh, Russian and English, with
// {city}, {n} and {name} to fill in.
type stateTemplate [3]string

var (
	stateBodies = []stateTemplate{
		{"«{city} қаласының білім бөлімі» ММ", "ГУ «Отдел образования города {city}»", "Education Department of {city} (state institution)"},
		{"«{city} қаласының тұрғын үй-коммуналдық шаруашылығы бөлімі» ММ", "ГУ «Отдел жилищно-коммунального хозяйства города {city}»", "Housing and Utilities Department of {city} (state institution)"},
		{"«{city} қаласының экономика және қаржы бөлімі» ММ", "ГУ «Отдел экономики и финансов города {city}»", "Economy and Finance Department of {city} (state institution)"},
		{"«{city} қаласының құрылыс бөлімі» ММ", "ГУ «Отдел строительства города {city}»", "Construction Department of {city} (state institution)"},
		{"«{city} қаласы әкімінің аппараты» ММ", "ГУ «Аппарат акима города {city}»", "Office of the Akim of {city} (state institution)"},
		{"«{city} қаласының халықты жұмыспен қамту орталығы» КММ", "КГУ «Центр занятости населения города {city}»", "Employment Centre of {city} (state institution)"},
		{"«{city} қаласының ауыл шаруашылығы бөлімі» ММ", "ГУ «Отдел сельского хозяйства города {city}»", "Agriculture Department of {city} (state institution)"},
		{"«{city} қаласының төтенше жағдайлар басқармасы» ММ", "ГУ «Управление по чрезвычайным ситуациям города {city}»", "Emergency Situations Department of {city} (state institution)"},
		{"«{city} қаласы бойынша мемлекеттік кірістер басқармасы» РММ", "РГУ «Управление государственных доходов по городу {city}»", "State Revenue Office of {city} (state institution)"},
		{"«{city} қаласының жер қатынастары бөлімі» ММ", "ГУ «Отдел земельных отношений города {city}»", "Land Relations Department of {city} (state institution)"},
		{"«{city} қаласының дене шынықтыру және спорт бөлімі» ММ", "ГУ «Отдел физической культуры и спорта города {city}»", "Physical Culture and Sports Department of {city} (state institution)"},
		{"«{city} қаласының полиция басқармасы» ММ", "ГУ «Управление полиции города {city}»", "Police Department of {city} (state institution)"},
	}
	schools = []stateTemplate{
		{"«{city} қаласының №{n} жалпы білім беретін мектебі» КММ", "КГУ «Общеобразовательная школа №{n}» г. {city}", "Secondary School No. {n}, {city} (state institution)"},
		{"«{city} қаласының №{n} мектеп-гимназиясы» КММ", "КГУ «Школа-гимназия №{n}» г. {city}", "School-Gymnasium No. {n}, {city} (state institution)"},
		{"«{city} қаласының №{n} „{name}“ бөбекжайы» МКҚК", "ГККП «Ясли-сад №{n} „{name}“» г. {city}", "Nursery No. {n} \"{name}\", {city} (state municipal enterprise)"},
	}
	hospitals = []stateTemplate{
		{"«{city} қаласының №{n} қалалық емханасы» ШЖҚ МКК", "ГКП на ПХВ «Городская поликлиника №{n}» г. {city}", "City Polyclinic No. {n}, {city} (state enterprise)"},
		{"«{city} қаласының №{n} қалалық ауруханасы» ШЖҚ МКК", "ГКП на ПХВ «Городская больница №{n}» г. {city}", "City Hospital No. {n}, {city} (state enterprise)"},
		{"«{city} қаласының жедел медициналық жәрдем станциясы» ШЖҚ МКК", "ГКП на ПХВ «Станция скорой медицинской помощи» г. {city}", "Emergency Medical Station, {city} (state enterprise)"},
		{"«{city} қаласының перинаталдық орталығы» ШЖҚ МКК", "ГКП на ПХВ «Перинатальный центр» г. {city}", "Perinatal Centre, {city} (state enterprise)"},
		{"«{city} қаласының көпбейінді ауруханасы» ШЖҚ МКК", "ГКП на ПХВ «Многопрофильная больница» г. {city}", "Multidisciplinary Hospital, {city} (state enterprise)"},
		{"«{city} қаласының балалар ауруханасы» ШЖҚ МКК", "ГКП на ПХВ «Детская больница» г. {city}", "Children's Hospital, {city} (state enterprise)"},
		{"«{city} қаласының стоматологиялық емханасы» ШЖҚ МКК", "ГКП на ПХВ «Стоматологическая поликлиника» г. {city}", "Dental Polyclinic, {city} (state enterprise)"},
	}
)

// name names an enterprise of a section and size in a town, and tells its
// legal form. Public bodies, schools, kindergartens and hospitals are
// mostly state-owned and named by their templates; the rest are companies
// with a brand.
func (n *enterpriseNamer) name(r *rand.Rand, letter string, employees int, city domain.City) (domain.Names, int) {
	var templates []stateTemplate
	switch {
	case letter == "O":
		templates = stateBodies
	case letter == "P" && chance(r, 0.5):
		templates = schools
	case letter == "Q" && chance(r, 0.45):
		templates = hospitals
	}
	for range 4 {
		if len(templates) == 0 {
			break
		}
		if name, ok := n.state(r, pick(r, templates), city); ok {
			return name, legalState
		}
	}
	return n.brand(r, letter, employees, city)
}

func (n *enterpriseNamer) state(r *rand.Rand, t stateTemplate, city domain.City) (domain.Names, bool) {
	number, garden := "", ""
	if strings.Contains(t[1], "{n}") {
		key := strconv.FormatInt(city.ID, 10) + t[1]
		n.numbers[key] += between(r, 1, 4)
		number = strconv.Itoa(n.numbers[key])
	}
	if strings.Contains(t[1], "{name}") {
		garden = pick(r, names().kindergartens)
	}
	fill := func(s, cityName, garden string) string {
		return strings.NewReplacer("{city}", cityName, "{n}", number, "{name}", garden).Replace(s)
	}
	name := domain.Names{
		KK: fill(t[0], city.Name.KK, garden),
		RU: fill(t[1], city.Name.RU, garden),
		EN: fill(t[2], city.Name.EN, transliterate(garden)),
	}
	if n.taken[name.RU] {
		return name, false
	}
	n.taken[name.RU] = true
	return name, true
}

// brandSuffixes lengthen a brand that is taken.
var brandSuffixes = []string{"Групп", "Плюс", "KZ", "Холдинг", "Компани", "Инвест", "Азия", "Орталық", "Сервис", "Трейд"}

// brand names a company: «Алатау Строй», «Қазмұнай Сервис», «Павлодар
// Энерго», in the legal form of its size: ТОО/ЖШС/LLP, or АО/АҚ/JSC for a
// company of a thousand people or more.
func (n *enterpriseNamer) brand(r *rand.Rand, letter string, employees int, city domain.City) (domain.Names, int) {
	l := names()
	words := l.industryWords[letter]
	if len(words) == 0 {
		words = l.industryWords["N"]
	}
	for attempt := 0; ; attempt++ {
		word := pick(r, words)
		var kk, ru, en string
		switch choose(r, 55, 15, 15, 15) {
		case 1:
			if strings.Contains("BCDHJK", letter) && !strings.ContainsAny(word, " ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				// «Қазмұнай», «Қазэнерго», as the national companies of
				// the big industries are named.
				kk = "Қаз" + strings.ToLower(word)
				if chance(r, 0.4) {
					kk += " " + pick(r, []string{"Сервис", "Групп", "Инвест"})
				}
				ru = kk
				break
			}
			fallthrough
		case 0:
			kk = pick(r, l.brandRoots) + " " + word
			ru = kk
		case 2:
			kk, ru, en = city.Name.KK+" "+word, city.Name.RU+" "+word, city.Name.EN+" "+transliterate(word)
		case 3:
			kk = pick(r, l.brandRoots) + " " + word + " " + pick(r, brandSuffixes)
			ru = kk
		}
		if attempt >= 30 {
			// Everything short is taken: number it, as companies do.
			num := " " + strconv.Itoa(attempt-28)
			kk, ru = kk+num, ru+num
			if en != "" {
				en += num
			}
		}
		if en == "" {
			en = transliterate(ru)
		}
		if n.taken[ru] {
			continue
		}
		n.taken[ru] = true
		if employees >= 1000 {
			return domain.Names{KK: "АҚ «" + kk + "»", RU: "АО «" + ru + "»", EN: en + " JSC"}, legalJSC
		}
		return domain.Names{KK: "ЖШС «" + kk + "»", RU: "ТОО «" + ru + "»", EN: en + " LLP"}, legalLLP
	}
}
