package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// collegeKind is a profile of college as the real ones are named: its name
// in the three languages and the fields of its programmes.
type collegeKind struct {
	key string
	// kk is the Kazakh attribute before "колледжі" ("политехникалық").
	kk string
	// ruAdj is the Russian adjective before "колледж" ("политехнический"),
	// ruNoun the genitive after it ("транспорта и коммуникаций").
	ruAdj, ruNoun string
	// enAdj goes before "College" ("Polytechnic"), enOf after "College of".
	enAdj, enOf string
	// fields are the specialty code prefixes (ISCED-F detailed fields) the
	// college teaches; empty for a multidisciplinary college.
	fields []string
	weight float64 // how common the kind is
	higher float64 // share of state ones that are "higher colleges"
	// private is how much more often a private college is of this kind.
	private float64
	// dual is how likely such a college runs dual programmes.
	dual float64
}

var collegeKinds = []collegeKind{
	{key: "polytechnic", kk: "политехникалық", ruAdj: "политехнический", enAdj: "Polytechnic",
		fields: []string{"0713", "0714", "0715", "0716", "0732", "0612", "0613", "0711"}, weight: 14, higher: 0.3, private: 0.5, dual: 1.4},
	{key: "industrial", kk: "индустриалды-техникалық", ruAdj: "индустриально-технический", enAdj: "Industrial and Technical",
		fields: []string{"0713", "0715", "0716", "0711", "0714", "0722"}, weight: 7, higher: 0.15, private: 0.2, dual: 1.4},
	{key: "technical", kk: "техникалық", ruAdj: "технический", enAdj: "Technical",
		fields: []string{"0713", "0715", "0716", "0612", "0732"}, weight: 4, higher: 0.1, private: 0.5, dual: 1.3},
	{key: "technology", kk: "технологиялық", ruAdj: "технологический", enOf: "Technology",
		fields: []string{"0721", "0711", "0723", "0722", "0613"}, weight: 3, higher: 0.1, private: 0.4, dual: 1.2},
	{key: "construction", kk: "құрылыс", ruAdj: "строительный", enAdj: "Construction",
		fields: []string{"0731", "0732", "0713", "0715", "0722"}, weight: 5, higher: 0.15, private: 0.3, dual: 1.3},
	{key: "transport", kk: "көлік және коммуникациялар", ruNoun: "транспорта и коммуникаций", enOf: "Transport and Communications",
		fields: []string{"0716", "1041", "0714", "0732"}, weight: 5, higher: 0.15, private: 0.2, dual: 1.4},
	{key: "energy", kk: "энергетикалық", ruAdj: "энергетический", enAdj: "Energy",
		fields: []string{"0713", "0714", "0715", "0711"}, weight: 2, higher: 0.2, private: 0.1, dual: 1.4},
	{key: "mining", kk: "тау-кен техникалық", ruAdj: "горно-технический", enAdj: "Mining and Technical",
		fields: []string{"0711", "0713", "0715", "0716", "1032", "0732"}, weight: 2, higher: 0.2, private: 0.1, dual: 1.5},
	{key: "oil", kk: "мұнай және газ", ruNoun: "нефти и газа", enOf: "Oil and Gas",
		fields: []string{"0711", "0713", "0715", "0714", "0732", "1032"}, weight: 1, higher: 0.3, private: 0.3, dual: 1.5},
	{key: "medical", kk: "медициналық", ruAdj: "медицинский", enAdj: "Medical",
		fields: []string{"0913", "0912", "0914", "0916", "0911", "0923"}, weight: 9, higher: 0.35, private: 3, dual: 1.0},
	{key: "pedagogical", kk: "педагогикалық", ruAdj: "педагогический", enAdj: "Pedagogical",
		fields: []string{"0112", "0114", "0231", "0211"}, weight: 6, higher: 0.3, private: 1.5, dual: 0.8},
	{key: "humanitarian", kk: "гуманитарлық-техникалық", ruAdj: "гуманитарно-технический", enAdj: "Humanitarian and Technical",
		fields: []string{"0114", "0231", "0421", "0411", "0613", "0923"}, weight: 4, higher: 0.1, private: 3, dual: 0.8},
	{key: "agrarian", kk: "аграрлық", ruAdj: "аграрный", enAdj: "Agrarian",
		fields: []string{"0821", "0841", "0721", "0715", "0716", "0713"}, weight: 5, higher: 0.15, private: 0.2, dual: 1.2},
	{key: "agrotechnical", kk: "аграрлық-техникалық", ruAdj: "аграрно-технический", enAdj: "Agrarian and Technical",
		fields: []string{"0716", "0715", "0841", "0821", "0713", "0721"}, weight: 5, higher: 0.1, private: 0.2, dual: 1.2},
	{key: "service", kk: "сервис және технологиялар", ruNoun: "сервиса и технологий", enOf: "Service and Technology",
		fields: []string{"1013", "1012", "1015", "0721", "0723", "0212"}, weight: 5, higher: 0.1, private: 1.5, dual: 1.1},
	{key: "catering", kk: "сервис және тамақтану", ruNoun: "сервиса и питания", enOf: "Service and Catering",
		fields: []string{"1013", "0721", "1015", "1012"}, weight: 3, higher: 0.05, private: 1.5, dual: 1.1},
	{key: "tourism", kk: "туризм және қонақжайлылық", ruNoun: "туризма и гостеприимства", enOf: "Tourism and Hospitality",
		fields: []string{"1015", "1013", "0231", "0414"}, weight: 2, higher: 0.1, private: 1.5, dual: 1.0},
	{key: "economics", kk: "экономикалық", ruAdj: "экономический", enOf: "Economics",
		fields: []string{"0411", "0412", "0413", "0414", "0421", "0613"}, weight: 4, higher: 0.2, private: 4, dual: 0.7},
	{key: "business", kk: "экономика, бизнес және құқық", ruNoun: "экономики, бизнеса и права", enOf: "Economics, Business and Law",
		fields: []string{"0411", "0421", "0413", "0412", "0414", "0613"}, weight: 3, higher: 0.1, private: 5, dual: 0.7},
	{key: "it", kk: "ақпараттық технологиялар", ruNoun: "информационных технологий", enOf: "Information Technology",
		fields: []string{"0613", "0612", "0714", "0211"}, weight: 3, higher: 0.35, private: 2, dual: 1.1},
	{key: "arts", kk: "өнер", ruNoun: "искусств", enOf: "Arts",
		fields: []string{"0211", "0212", "0723", "0114"}, weight: 2, higher: 0.1, private: 0.5, dual: 0.5},
	{key: "light", kk: "жеңіл өнеркәсіп және сервис", ruNoun: "лёгкой промышленности и сервиса", enOf: "Light Industry and Service",
		fields: []string{"0723", "0212", "1012", "0721"}, weight: 2, higher: 0.05, private: 0.5, dual: 1.0},
	{key: "multi", kk: "көпсалалы", ruAdj: "многопрофильный", enAdj: "Multidisciplinary",
		weight: 8, higher: 0.3, private: 3, dual: 1.0},
}

// regionalFactor makes the kinds follow the regional economy: agrarian
// colleges in farming regions, oil and mining colleges where oil and ore
// are, IT colleges in the big cities.
func (k *collegeKind) regionalFactor(e economy) float64 {
	switch k.key {
	case "agrarian", "agrotechnical":
		if e.has(metropolis) {
			return 0.05
		}
		if e.has(farming) {
			return 2
		}
	case "mining":
		if e.has(mining) {
			return 4
		}
		return 0.2
	case "oil":
		if e.has(oil) {
			return 6
		}
		return 0.1
	case "energy", "industrial":
		if e.has(industry) {
			return 1.8
		}
	case "it", "business", "tourism":
		if e.has(metropolis) {
			return 2.5
		}
	}
	return 1
}

// privateShare is the share of private colleges outside the big cities;
// in the three big cities it is higher, giving about 20 % overall.
const privateShare = 0.175

// withMinimum splits total in proportion to weights after giving each
// index its minimum.
func withMinimum(total int, weights []float64, minimum []int) []int {
	rest := total
	for _, m := range minimum {
		rest -= m
	}
	if rest < 0 {
		return largestRemainder(total, weights)
	}
	out := largestRemainder(rest, weights)
	for i, m := range minimum {
		out[i] += m
	}
	return out
}

func (p *plan) planColleges() {
	r := newRand(p.seed, streamColleges)
	weights := make([]float64, len(p.regions))
	minimum := make([]int, len(p.regions))
	for i, rp := range p.regions {
		weights[i] = float64(rp.region.Population)
		if p.params.colleges >= len(p.regions) {
			minimum[i] = 1 // every region has colleges
		}
	}
	counts := withMinimum(p.params.colleges, weights, minimum)
	taken := map[string]bool{}
	for ri := range p.regions {
		rp := &p.regions[ri]
		rp.colleges = counts[ri]
		if rp.colleges == 0 {
			continue
		}
		// Within the region, colleges follow the population of its towns,
		// and the administrative centre always has one.
		cw := make([]float64, len(rp.cities))
		cm := make([]int, len(rp.cities))
		for k, ci := range rp.cities {
			cw[k] = float64(p.ref.Cities[ci].Population)
			if ci == rp.centre {
				cm[k] = 1
			}
		}
		for k, n := range withMinimum(rp.colleges, cw, cm) {
			for range n {
				p.addCollege(r, ri, rp.cities[k], taken)
			}
		}
	}
	linkNeighbours(p.regions)
}

func (p *plan) addCollege(r *rand.Rand, ri, ci int, taken map[string]bool) {
	rp := &p.regions[ri]
	city := p.ref.Cities[ci]
	share := privateShare
	if rp.traits.economy.has(metropolis) {
		share *= 1.6
	}
	private := chance(r, share)
	weights := make([]float64, len(collegeKinds))
	for i := range collegeKinds {
		k := &collegeKinds[i]
		weights[i] = k.weight * k.regionalFactor(rp.traits.economy)
		if private {
			weights[i] *= k.private
		}
	}
	kind := &collegeKinds[choose(r, weights...)]
	c := domain.College{
		ID:        int64(len(p.colleges) + 1),
		RegionID:  rp.region.ID,
		CityID:    city.ID,
		Ownership: domain.OwnershipState,
		Address:   p.address(r, city, rp.traits),
	}
	if private {
		c.Ownership = domain.OwnershipPrivate
		c.Name = collegeNamePrivate(r, kind, city, taken)
		c.BIN = p.bins.issue(between(r, 2000, 2019), between(r, 1, 12))
	} else {
		c.Name = collegeNameState(r, kind, city, chance(r, kind.higher), taken)
		// Most state colleges were re-registered as legal entities in the
		// late 1990s and 2000s.
		c.BIN = p.bins.issue(between(r, 1997, 2012), between(r, 1, 12))
	}
	weight := lognormal(r, 1, 0.35)
	if ci == rp.centre {
		weight *= 1.2 // colleges of regional centres are bigger
	}
	p.colleges = append(p.colleges, c)
	p.collegeInfo = append(p.collegeInfo, collegeInfo{region: ri, city: ci, kind: kind, weight: weight})
}

// address writes a street address in Kazakh or Russian, as the college
// would on its letterhead.
func (p *plan) address(r *rand.Rand, city domain.City, t regionTraits) string {
	street := pick(r, names().streets)
	house := strconv.Itoa(between(r, 1, 180))
	if chance(r, t.kazakhGroups) {
		return city.Name.KK + " қ., " + street[0] + ", " + house
	}
	return "г. " + city.Name.RU + ", " + street[1] + ", " + house
}

// collegeNameState names a state college after its town, in the forms the
// real ones use: «Карагандинский высший политехнический колледж»,
// «Қарағанды жоғары политехникалық колледжі», «Karaganda Higher Polytechnic
// College». A second college of the same kind in a town is named after a
// person («… имени Абая»), and a number comes last.
func collegeNameState(r *rand.Rand, k *collegeKind, city domain.City, higher bool, taken map[string]bool) domain.Names {
	l := names()
	try := func(v stateVariant) (domain.Names, bool) {
		n := stateName(k, city, l.cityAdjective[city.Name.RU], v)
		if taken[n.RU] || taken[n.KK] || taken[n.EN] {
			return n, false
		}
		taken[n.RU], taken[n.KK], taken[n.EN] = true, true, true
		return n, true
	}
	for _, v := range []stateVariant{{higher: higher}, {higher: !higher}, {public: true}} {
		if n, ok := try(v); ok {
			return n
		}
	}
	for range 6 {
		e := pick(r, l.eponyms)
		if n, ok := try(stateVariant{higher: higher, eponym: &e}); ok {
			return n
		}
	}
	for number := 2; ; number++ {
		if n, ok := try(stateVariant{higher: higher, number: number}); ok {
			return n
		}
	}
}

// stateVariant is what tells apart state colleges of one kind in one
// town: «высший», «государственный», a person's name, a number.
type stateVariant struct {
	higher, public bool
	eponym         *[3]string
	number         int
}

func stateName(k *collegeKind, city domain.City, cityAdj string, v stateVariant) domain.Names {
	higher, eponym, number := v.higher, v.eponym, v.number
	var ru, kk, en []string
	if cityAdj != "" {
		ru = append(ru, cityAdj)
	}
	if higher {
		ru = append(ru, "высший")
	}
	if v.public {
		ru = append(ru, "государственный")
	}
	if k.ruAdj != "" {
		ru = append(ru, k.ruAdj)
	}
	ru = append(ru, "колледж")
	if k.ruNoun != "" {
		ru = append(ru, k.ruNoun)
	}
	if number > 0 {
		ru = append(ru, "№"+strconv.Itoa(number))
	}
	if eponym != nil {
		ru = append(ru, "имени", eponym[1])
	}
	if cityAdj == "" {
		ru = append(ru, "г.", city.Name.RU)
	}

	if eponym != nil {
		kk = append(kk, eponym[0], "атындағы")
	}
	if number > 0 {
		kk = append(kk, "№"+strconv.Itoa(number))
	}
	kk = append(kk, city.Name.KK)
	if higher {
		kk = append(kk, "жоғары")
	}
	if v.public {
		kk = append(kk, "мемлекеттік")
	}
	kk = append(kk, k.kk, "колледжі")

	en = append(en, city.Name.EN)
	if higher {
		en = append(en, "Higher")
	}
	if v.public {
		en = append(en, "State")
	}
	if k.enAdj != "" {
		en = append(en, k.enAdj)
	}
	en = append(en, "College")
	if k.enOf != "" {
		en = append(en, "of", k.enOf)
	}
	if number > 0 {
		en = append(en, "No.", strconv.Itoa(number))
	}
	if eponym != nil {
		en = append(en, "named after", eponym[2])
	}
	return domain.Names{
		KK: strings.Join(kk, " "),
		RU: capitalise(strings.Join(ru, " ")),
		EN: strings.Join(en, " "),
	}
}

// collegeNamePrivate names a private college by its brand: «Медицинский
// колледж «Авиценна»», «Колледж «Болашақ»». A brand already used elsewhere
// gets the town in brackets, as branches of private colleges do.
func collegeNamePrivate(r *rand.Rand, k *collegeKind, city domain.City, taken map[string]bool) domain.Names {
	l := names()
	generic := k.key == "multi" && chance(r, 0.6)
	var brands []string
	for _, b := range l.collegeBrands {
		if b.only == "" || b.only == k.key {
			brands = append(brands, b.name)
		}
	}
	for attempt := 0; ; attempt++ {
		brand := pick(r, brands)
		var where string
		switch {
		case attempt >= 40:
			where = fmt.Sprintf(" %d", attempt-38)
			fallthrough
		case attempt >= 12:
			n := privateName(k, brand, generic)
			n.KK += " (" + city.Name.KK + where + ")"
			n.RU += " (" + city.Name.RU + where + ")"
			n.EN += " (" + city.Name.EN + where + ")"
			if !taken[n.RU] {
				taken[n.RU], taken[n.KK], taken[n.EN] = true, true, true
				return n
			}
		default:
			n := privateName(k, brand, generic)
			if !taken[n.RU] {
				taken[n.RU], taken[n.KK], taken[n.EN] = true, true, true
				return n
			}
		}
	}
}

func privateName(k *collegeKind, brand string, generic bool) domain.Names {
	q := "«" + brand + "»"
	en := transliterate(brand)
	switch {
	case generic:
		return domain.Names{KK: q + " колледжі", RU: "Колледж " + q, EN: en + " College"}
	case k.ruAdj != "":
		n := domain.Names{KK: q + " " + k.kk + " колледжі", RU: capitalise(k.ruAdj) + " колледж " + q}
		if k.enAdj != "" {
			n.EN = en + " " + k.enAdj + " College"
		} else {
			n.EN = en + " College of " + k.enOf
		}
		return n
	default:
		return domain.Names{KK: q + " " + k.kk + " колледжі", RU: "Колледж " + k.ruNoun + " " + q, EN: en + " College of " + k.enOf}
	}
}
