package demo

import (
	"cmp"
	"math"
	"slices"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// regionTraits are what makes one region's data look different from
// another's. They are estimates for a demo, not statistics.
type regionTraits struct {
	// kazakhGroups is the share of study groups taught in Kazakh; the
	// national figure comes out near 65 %.
	kazakhGroups float64
	// russianNames is the share of students from Russian-speaking families
	// (Russian, Ukrainian, German surnames): high in the north and east,
	// near zero in the south and west.
	russianNames float64
	// kazakhPatronymics is the share of Kazakh patronymics written
	// -ұлы/-қызы rather than -ович/-овна.
	kazakhPatronymics float64
	economy           economy
}

// economy is a set of flags for the branches a region lives on.
type economy uint8

const (
	oil        economy = 1 << iota // oil and gas: the west and Kyzylorda
	mining                         // ores and coal: the centre, north-east and east
	industry                       // metallurgy and machine building
	farming                        // grain, livestock, cotton, orchards
	metropolis                     // the three cities of republican significance
)

func (e economy) has(f economy) bool { return e&f != 0 }

// traitsByKATO holds the traits of the 20 regions by their KATO code.
var traitsByKATO = map[int]regionTraits{
	10: {0.78, 0.14, 0.50, mining | farming},            // Abai
	11: {0.50, 0.30, 0.30, farming},                     // Akmola
	15: {0.75, 0.08, 0.55, oil | mining | industry},     // Aktobe
	19: {0.72, 0.08, 0.55, farming},                     // Almaty Region
	23: {0.88, 0.03, 0.65, oil},                         // Atyrau
	27: {0.75, 0.13, 0.55, oil | farming},               // West Kazakhstan
	31: {0.75, 0.06, 0.60, farming | industry},          // Jambyl
	33: {0.75, 0.10, 0.55, farming},                     // Jetisu
	35: {0.45, 0.30, 0.35, mining | industry},           // Karaganda
	39: {0.40, 0.35, 0.30, farming | mining},            // Kostanay
	43: {0.90, 0.01, 0.70, oil | farming},               // Kyzylorda
	47: {0.88, 0.03, 0.65, oil},                         // Mangystau
	55: {0.45, 0.32, 0.30, industry | mining | farming}, // Pavlodar
	59: {0.35, 0.40, 0.25, farming},                     // North Kazakhstan
	61: {0.85, 0.01, 0.70, farming},                     // Turkistan
	62: {0.80, 0.08, 0.50, mining | industry},           // Ulytau
	63: {0.40, 0.35, 0.30, mining | industry},           // East Kazakhstan
	71: {0.58, 0.12, 0.45, metropolis},                  // Astana
	75: {0.42, 0.15, 0.45, metropolis},                  // Almaty
	79: {0.80, 0.03, 0.65, metropolis | industry},       // Shymkent
}

// defaultTraits serve a region the table does not know (a changed
// administrative division, or test data).
var defaultTraits = regionTraits{0.65, 0.12, 0.50, farming}

func traitsOf(regionID int) regionTraits {
	if t, ok := traitsByKATO[regionID]; ok {
		return t
	}
	return defaultTraits
}

// regionPlan is a region that can hold colleges: one with a population and
// at least one city.
type regionPlan struct {
	region domain.Region
	traits regionTraits
	cities []int // indices into plan.cities, largest first
	centre int   // index into plan.cities of the administrative centre
	// colleges is how many colleges the region gets.
	colleges int
	// near lists the other regions with colleges, nearest first; dual
	// students may train at an enterprise in one of the nearest.
	near []int
}

// planRegions keeps the regions that can hold colleges, in the order of the
// reference data, with their cities ordered largest first.
func planRegions(ref domain.ReferenceData) []regionPlan {
	var out []regionPlan
	for _, reg := range ref.Regions {
		if reg.Population <= 0 {
			continue
		}
		rp := regionPlan{region: reg, traits: traitsOf(reg.ID), centre: -1}
		for i, c := range ref.Cities {
			if c.RegionID == reg.ID {
				rp.cities = append(rp.cities, i)
			}
		}
		if len(rp.cities) == 0 {
			continue
		}
		slices.SortStableFunc(rp.cities, func(a, b int) int {
			if c := cmp.Compare(ref.Cities[b].Population, ref.Cities[a].Population); c != 0 {
				return c
			}
			return cmp.Compare(ref.Cities[a].ID, ref.Cities[b].ID)
		})
		for _, i := range rp.cities {
			if ref.Cities[i].IsAdminCentre {
				rp.centre = i
				break
			}
		}
		if rp.centre < 0 {
			rp.centre = rp.cities[0]
		}
		out = append(out, rp)
	}
	return out
}

// distanceKm is the great-circle distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earth = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earth * math.Asin(math.Sqrt(a))
}

// linkNeighbours fills near for the regions with colleges, by the distance
// between their administrative centres.
func linkNeighbours(regions []regionPlan) {
	for i := range regions {
		if regions[i].colleges == 0 {
			continue
		}
		var near []int
		for j := range regions {
			if j != i && regions[j].colleges > 0 {
				near = append(near, j)
			}
		}
		a := regions[i].region
		slices.SortStableFunc(near, func(x, y int) int {
			bx, by := regions[x].region, regions[y].region
			return cmp.Compare(distanceKm(a.Lat, a.Lon, bx.Lat, bx.Lon), distanceKm(a.Lat, a.Lon, by.Lat, by.Lon))
		})
		regions[i].near = near
	}
}
