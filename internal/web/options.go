package web

import (
	"context"
	"slices"
	"strconv"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// option is one entry of a filter's select.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// optgroup is a labelled group of options (cities of a region,
// qualifications of a specialty).
type optgroup struct {
	Label   string
	Options []option
}

// sortByLabel orders options alphabetically in the page's language (ә after
// а in Kazakh, ё with е in Russian), not by byte values.
func sortByLabel(lang string, opts []option) {
	c := collate.New(language.Make(lang))
	slices.SortStableFunc(opts, func(a, b option) int { return c.CompareString(a.Label, b.Label) })
}

// places are the regions and cities, loaded per request for the filters and
// for naming the region and city of each row. They are small (20 and ~90
// rows) and can change when the reference data is reloaded.
type places struct {
	regions map[int]domain.Region
	cities  map[int64]domain.City
	order   []domain.Region
	byCity  []domain.City
}

func (h *Web) loadPlaces(ctx context.Context) (places, error) {
	regions, err := h.reg.Regions(ctx)
	if err != nil {
		return places{}, err
	}
	cities, err := h.reg.Cities(ctx, 0)
	if err != nil {
		return places{}, err
	}
	p := places{regions: map[int]domain.Region{}, cities: map[int64]domain.City{}, order: regions, byCity: cities}
	for _, r := range regions {
		p.regions[r.ID] = r
	}
	for _, c := range cities {
		p.cities[c.ID] = c
	}
	return p, nil
}

// region validates a region filter: it must be a region of the registry.
func (p places) region(q *query) int {
	id := q.number("region")
	if id == 0 {
		return 0
	}
	if id < 0 || id > 1<<31 {
		q.fail(domain.Invalid("region", "error.region.unknown", "unknown region"))
		return 0
	}
	if _, ok := p.regions[int(id)]; !ok {
		q.fail(domain.Invalid("region", "error.region.unknown", "unknown region"))
		return 0
	}
	return int(id)
}

// city validates a city filter: it must be a city of the registry.
func (p places) city(q *query) int64 {
	id := q.number("city")
	if id == 0 {
		return 0
	}
	if _, ok := p.cities[id]; !ok {
		q.fail(domain.Invalid("city", "error.city.unknown", "unknown city"))
		return 0
	}
	return id
}

// regionOptions lists the regions alphabetically.
func (p places) regionOptions(lang string, selected int) []option {
	opts := make([]option, 0, len(p.order))
	for _, r := range p.order {
		opts = append(opts, option{Value: strconv.Itoa(r.ID), Label: r.Name.In(lang), Selected: r.ID == selected})
	}
	sortByLabel(lang, opts)
	return opts
}

// cityGroups lists the cities grouped by region, both alphabetically; with
// a region chosen, only that region's cities, so the select stays short.
func (p places) cityGroups(lang string, region int, selected int64) []optgroup {
	groups := map[int]*optgroup{}
	for _, c := range p.byCity {
		if region != 0 && c.RegionID != region {
			continue
		}
		g, ok := groups[c.RegionID]
		if !ok {
			g = &optgroup{Label: p.regions[c.RegionID].Name.In(lang)}
			groups[c.RegionID] = g
		}
		g.Options = append(g.Options, option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name.In(lang), Selected: c.ID == selected})
	}
	out := make([]optgroup, 0, len(groups))
	for _, g := range groups {
		sortByLabel(lang, g.Options)
		out = append(out, *g)
	}
	c := collate.New(language.Make(lang))
	slices.SortFunc(out, func(a, b optgroup) int { return c.CompareString(a.Label, b.Label) })
	return out
}

// regionName and cityName name a row's place; "—" if it is unknown.
func (p places) regionName(lang string, id int) string {
	if r, ok := p.regions[id]; ok {
		return r.Name.In(lang)
	}
	return "—"
}

func (p places) cityName(lang string, id int64) string {
	if c, ok := p.cities[id]; ok {
		return c.Name.In(lang)
	}
	return "—"
}

// choices turns fixed values into options labelled by catalog keys
// prefix+value, in the given order.
func choices(v *view, prefix string, values []string, selected string) []option {
	opts := make([]option, 0, len(values))
	for _, val := range values {
		opts = append(opts, option{Value: val, Label: v.T(prefix + val), Selected: val == selected})
	}
	return opts
}

// perPageChoices are the page sizes offered; a size typed into the URL is
// added so that the select shows what the list uses.
func perPageChoices(v *view, size int) []option {
	sizes := []int{10, domain.DefaultPageSize, 50, 100}
	if !slices.Contains(sizes, size) {
		sizes = append(sizes, size)
		slices.Sort(sizes)
	}
	opts := make([]option, 0, len(sizes))
	for _, s := range sizes {
		opts = append(opts, option{Value: strconv.Itoa(s), Label: v.Number(s), Selected: s == size})
	}
	return opts
}

// industryOptions lists the OKED sections by letter with their names.
func industryOptions(lang, selected string) []option {
	letters := make([]string, 0, len(domain.Industries))
	for l := range domain.Industries {
		letters = append(letters, l)
	}
	slices.Sort(letters)
	opts := make([]option, 0, len(letters))
	for _, l := range letters {
		opts = append(opts, option{Value: l, Label: l + " — " + domain.Industries[l].In(lang), Selected: l == selected})
	}
	return opts
}

// industryName names an OKED section in lang.
func industryName(lang, letter string) string {
	if n, ok := domain.Industries[letter]; ok {
		return letter + " — " + n.In(lang)
	}
	return letter
}
