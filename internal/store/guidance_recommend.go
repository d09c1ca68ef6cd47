package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Recommendations (issue 9) read a snapshot of what they need from the
// registry — every qualification taught somewhere with its profile, its
// colleges with state-funded seats in the latest intake and their dual
// programmes, the employers offering places for it by city, and each
// region's demand — built by a handful of grouped queries and kept in
// memory. A recommendation is then arithmetic over a hundred-odd
// qualifications and a few colleges each: well under a millisecond,
// however large the registry, where answering from the tables would join
// the national offers, seats and orders on every pupil's page.
//
// The snapshot is GuidanceRefresh old at most: a request that finds it
// older rebuilds it in the background and is answered from the old one
// meanwhile; only the first request after a start waits for it. Seats,
// offers and orders change by the day, so minutes do not matter to a
// pupil choosing a college; RefreshGuidance rebuilds it at once (after the
// demo's load, in tests). Each node keeps its own, as it is derived from
// the shared database.

// GuidanceRefresh is how old the recommendations' snapshot may grow.
const GuidanceRefresh = 10 * time.Minute

// guidanceSnapshot is what the recommendations read.
type guidanceSnapshot struct {
	built   time.Time
	year    int // the latest intake with state-funded seats (0: none on record)
	cities  map[int64]snapCity
	targets []guidanceTarget
	// demand by region and code, and the largest total of each region;
	// region 0 is the country, for a pupil who chose no city.
	demand    map[int]map[string]domain.Demand
	regionMax map[int]int
}

type snapCity struct {
	regionID int
	name     domain.Names
	lat, lon float64
	located  bool
}

// guidanceTarget is a qualification (or a specialty, for programmes that
// name none) that some college teaches, with its profile and the colleges
// teaching it on state-funded seats of the latest intake.
type guidanceTarget struct {
	code, specialtyCode string
	name, specialty     domain.Names
	profile             domain.GuidanceProfile
	colleges            []domain.GuidanceCollege // DistanceKm unset
}

// guidanceCache holds a store's snapshot; see the comment above.
type guidanceCache struct {
	snap     atomic.Pointer[guidanceSnapshot]
	mu       sync.Mutex // one build at a time
	building atomic.Bool
}

func (s *Store) guidanceCache() *guidanceCache { return &s.guidance }

// RefreshGuidance rebuilds the recommendations' snapshot now.
func (s *Store) RefreshGuidance(ctx context.Context) error {
	c := s.guidanceCache()
	c.mu.Lock()
	defer c.mu.Unlock()
	snap, err := s.buildGuidanceSnapshot(ctx)
	if err != nil {
		return err
	}
	c.snap.Store(snap)
	return nil
}

// guidanceSnapshot returns the snapshot, building it on first use and
// starting a background rebuild when it is older than GuidanceRefresh.
func (s *Store) guidanceSnapshot(ctx context.Context) (*guidanceSnapshot, error) {
	c := s.guidanceCache()
	snap := c.snap.Load()
	if snap == nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if snap = c.snap.Load(); snap != nil {
			return snap, nil
		}
		snap, err := s.buildGuidanceSnapshot(ctx)
		if err != nil {
			return nil, err
		}
		c.snap.Store(snap)
		return snap, nil
	}
	if s.Now().Sub(snap.built) > GuidanceRefresh && c.building.CompareAndSwap(false, true) {
		go func() {
			defer c.building.Store(false)
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
			defer cancel()
			// A failed rebuild keeps the old snapshot; the next request
			// after GuidanceRefresh tries again.
			s.RefreshGuidance(ctx)
		}()
	}
	return snap, nil
}

// buildGuidanceSnapshot reads what the recommendations need.
func (s *Store) buildGuidanceSnapshot(ctx context.Context) (*guidanceSnapshot, error) {
	snap := &guidanceSnapshot{built: s.Now(), cities: map[int64]snapCity{}, demand: map[int]map[string]domain.Demand{},
		regionMax: map[int]int{}}
	q := s.read
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(max(year), 0) FROM state_seats`).Scan(&snap.year); err != nil {
		return nil, err
	}
	// Profiles, by code and by ISCED-F field for codes the file lacks.
	profileList, err := s.GuidanceProfiles(ctx)
	if err != nil {
		return nil, err
	}
	profiles, byField := map[string]domain.GuidanceProfile{}, map[string]domain.GuidanceProfile{}
	for _, p := range profileList {
		profiles[p.Code] = p
		if domain.IsSpecialtyCode(p.Code) {
			if _, ok := byField[p.Code[:4]]; !ok {
				byField[p.Code[:4]] = p
			}
		}
	}
	names := map[string]domain.Names{}
	if err := guidanceRows(ctx, q, `SELECT code, name_kk, name_ru, name_en FROM specialties
		UNION ALL SELECT code, name_kk, name_ru, name_en FROM qualifications`, func(r *sql.Rows) error {
		var code string
		var n domain.Names
		err := r.Scan(&code, &n.KK, &n.RU, &n.EN)
		names[code] = n
		return err
	}); err != nil {
		return nil, err
	}
	if err := guidanceRows(ctx, q, `SELECT id, region_id, name_kk, name_ru, name_en, lat, lon FROM cities`, func(r *sql.Rows) error {
		var id int64
		var c snapCity
		var lat, lon sql.NullFloat64
		err := r.Scan(&id, &c.regionID, &c.name.KK, &c.name.RU, &c.name.EN, &lat, &lon)
		c.lat, c.lon, c.located = lat.Float64, lon.Float64, lat.Valid && lon.Valid
		snap.cities[id] = c
		return err
	}); err != nil {
		return nil, err
	}
	type collegeRow struct {
		regionID int
		cityID   int64
		name     domain.Names
	}
	colleges := map[int64]collegeRow{}
	if err := guidanceRows(ctx, q, `SELECT id, region_id, city_id, name_kk, name_ru, name_en FROM colleges`, func(r *sql.Rows) error {
		var id int64
		var c collegeRow
		err := r.Scan(&id, &c.regionID, &c.cityID, &c.name.KK, &c.name.RU, &c.name.EN)
		colleges[id] = c
		return err
	}); err != nil {
		return nil, err
	}
	// The programmes: which codes are taught at all, and at each college
	// what the programme is like (the dual one when a college has both).
	type key struct {
		college int64
		code    string
	}
	type programme struct {
		dual                       bool
		practiceShare, enterprises float64
	}
	programmes := map[key]programme{}
	targets := map[string]*guidanceTarget{}
	if err := guidanceRows(ctx, q, `SELECT college_id, COALESCE(qualification_code, specialty_code), specialty_code, is_dual,
		hours_total, hours_practice, hours_enterprise FROM programmes`, func(r *sql.Rows) error {
		var k key
		var specialty string
		var dual bool
		var total, practice, enterprise int
		if err := r.Scan(&k.college, &k.code, &specialty, &dual, &total, &practice, &enterprise); err != nil {
			return err
		}
		p := programme{dual: dual}
		if total > 0 {
			p.practiceShare = float64(practice) / float64(total)
		}
		if practice > 0 {
			p.enterprises = float64(enterprise) / float64(practice)
		}
		if old, ok := programmes[k]; !ok || (p.dual && !old.dual) {
			programmes[k] = p
		}
		if _, ok := targets[k.code]; !ok {
			profile, ok := domain.GuidanceProfileFor(k.code, profiles, byField)
			if !ok {
				return nil // no profile: not recommended (see GuidanceProfileFor)
			}
			targets[k.code] = &guidanceTarget{code: k.code, specialtyCode: specialty, name: names[k.code], specialty: names[specialty],
				profile: profile}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	addDemand := func(region int, code string, add func(*domain.Demand)) {
		for _, r := range []int{region, 0} {
			m := snap.demand[r]
			if m == nil {
				m = map[string]domain.Demand{}
				snap.demand[r] = m
			}
			d := m[code]
			add(&d)
			m[code] = d
		}
	}
	// Employers offering places now, by city and code, most places first.
	type cityCode struct {
		city int64
		code string
	}
	type employer struct {
		id     int64
		name   domain.Names
		places int
	}
	employers := map[cityCode][]employer{}
	if err := guidanceRows(ctx, q, `SELECT o.region_id, o.city_id, o.qualification_code, o.enterprise_id, e.name_kk, e.name_ru, e.name_en,
		sum(o.capacity) FROM offers o JOIN enterprises e ON e.id = o.enterprise_id WHERE o.status = 'open'
		GROUP BY o.region_id, o.city_id, o.qualification_code, o.enterprise_id, e.name_kk, e.name_ru, e.name_en`, func(r *sql.Rows) error {
		var region int
		var k cityCode
		var e employer
		if err := r.Scan(&region, &k.city, &k.code, &e.id, &e.name.KK, &e.name.RU, &e.name.EN, &e.places); err != nil {
			return err
		}
		employers[k] = append(employers[k], e)
		addDemand(region, k.code, func(d *domain.Demand) { d.OfferPlaces += e.places })
		return nil
	}); err != nil {
		return nil, err
	}
	for _, list := range employers {
		slices.SortFunc(list, func(a, b employer) int { return cmp.Or(b.places-a.places, cmp.Compare(a.id, b.id)) })
	}
	// Employers' orders of graduates still without a contract, for the
	// latest intake and later (the latest order year when no seats exist).
	orderYear := snap.year
	if orderYear == 0 {
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(max(year), 0) FROM training_orders`).Scan(&orderYear); err != nil {
			return nil, err
		}
	}
	if err := guidanceRows(ctx, q, `SELECT region_id, qualification_code, sum(graduates - contracts) FROM training_orders
		WHERE year >= $1 GROUP BY region_id, qualification_code`, func(r *sql.Rows) error {
		var region, open int
		var code string
		if err := r.Scan(&region, &code, &open); err != nil {
			return err
		}
		addDemand(region, code, func(d *domain.Demand) { d.OrderedPlaces += open })
		return nil
	}, orderYear); err != nil {
		return nil, err
	}
	// State-funded seats of the latest intake: each region's demand, and
	// the colleges where a pupil can study on one.
	if err := guidanceRows(ctx, q, `SELECT college_id, qualification_code, sum(seats), sum(filled) FROM state_seats
		WHERE year = $1 GROUP BY college_id, qualification_code`, func(r *sql.Rows) error {
		var k key
		var seats, filled int
		if err := r.Scan(&k.college, &k.code, &seats, &filled); err != nil {
			return err
		}
		c, ok := colleges[k.college]
		if !ok || seats == 0 {
			return nil
		}
		free := max(seats-filled, 0)
		addDemand(c.regionID, k.code, func(d *domain.Demand) { d.Seats += seats; d.FreeSeats += free })
		t, taught := targets[k.code]
		p, ok := programmes[k]
		if !taught || !ok {
			return nil // seats of a programme the college no longer teaches
		}
		gc := domain.GuidanceCollege{CollegeID: k.college, Name: c.name, RegionID: c.regionID, CityID: c.cityID,
			City: snap.cities[c.cityID].name, Seats: seats, FreeSeats: free, Year: snap.year, Dual: p.dual,
			PracticeShare: p.practiceShare, EnterpriseShare: p.enterprises}
		for i, e := range employers[cityCode{c.cityID, k.code}] {
			gc.Employers++
			if i < domain.MaxListedEmployers {
				gc.EmployerNames = append(gc.EmployerNames, e.name)
			}
		}
		t.colleges = append(t.colleges, gc)
		return nil
	}, snap.year); err != nil {
		return nil, err
	}
	for region, m := range snap.demand {
		for _, d := range m {
			snap.regionMax[region] = max(snap.regionMax[region], d.Total())
		}
	}
	for _, t := range targets {
		slices.SortFunc(t.colleges, func(a, b domain.GuidanceCollege) int { return cmp.Compare(a.CollegeID, b.CollegeID) })
		snap.targets = append(snap.targets, *t)
	}
	slices.SortFunc(snap.targets, func(a, b guidanceTarget) int { return cmp.Compare(a.code, b.code) })
	return snap, nil
}

// guidanceRows runs a query on q and calls fn for each row.
func guidanceRows(ctx context.Context, q rowQuerier, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// GuidanceRecommendations ranks the qualifications for the scores and the
// pupil's city: domain.RankScore of the fit (domain.Fit) and the demand in
// the city's region (domain.DemandScore; the country's when no city is
// chosen), at most domain.MaxRecommendations, each with up to
// domain.MaxGuidanceColleges colleges with state-funded seats, nearest to
// the city first (domain.HaversineKm; by seats when there is no city).
// Only qualifications some college teaches are recommended.
func (s *Store) GuidanceRecommendations(ctx context.Context, scores domain.Scores, cityID int64) ([]domain.Recommendation, error) {
	snap, err := s.guidanceSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	return snap.recommend(scores, cityID)
}

func (snap *guidanceSnapshot) recommend(scores domain.Scores, cityID int64) ([]domain.Recommendation, error) {
	city, ok := snap.cities[cityID]
	if cityID != 0 && !ok {
		return nil, domain.Invalid("city_id", "error.guidance.city", "choose a city from the list")
	}
	region := city.regionID // 0, the country, without a city
	demand := snap.demand[region]
	out := make([]domain.Recommendation, 0, len(snap.targets))
	for i := range snap.targets {
		t := &snap.targets[i]
		fit := domain.Fit(scores, t.profile.Interest)
		d := demand[t.code]
		ds := domain.DemandScore(d.Total(), snap.regionMax[region])
		out = append(out, domain.Recommendation{Code: t.code, Name: t.name, SpecialtyCode: t.specialtyCode, Specialty: t.specialty,
			Profile: t.profile, Fit: fit, Demand: d, DemandScore: ds, Score: domain.RankScore(fit, ds)})
	}
	slices.SortFunc(out, func(a, b domain.Recommendation) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Code, b.Code))
	})
	out = out[:min(len(out), domain.MaxRecommendations)]
	byCode := map[string]*guidanceTarget{}
	for i := range snap.targets {
		byCode[snap.targets[i].code] = &snap.targets[i]
	}
	for i := range out {
		cs := slices.Clone(byCode[out[i].Code].colleges)
		for j := range cs {
			cs[j].DistanceKm = -1
			if from, to := city, snap.cities[cs[j].CityID]; cityID != 0 && from.located && to.located {
				cs[j].DistanceKm = domain.HaversineKm(from.lat, from.lon, to.lat, to.lon)
			}
		}
		slices.SortFunc(cs, func(a, b domain.GuidanceCollege) int {
			// Nearest first; colleges without a distance after those with
			// one; then more free seats first.
			da, db := a.DistanceKm, b.DistanceKm
			if (da < 0) != (db < 0) {
				return cmp.Compare(db, da)
			}
			return cmp.Or(cmp.Compare(da, db), cmp.Compare(b.FreeSeats, a.FreeSeats), cmp.Compare(a.CollegeID, b.CollegeID))
		})
		out[i].Colleges = cs[:min(len(cs), domain.MaxGuidanceColleges)]
	}
	return out, nil
}
