package store

import (
	"context"
	"database/sql"
	"iter"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Colleges and enterprises name their region by KATO code, ISO code or
// name, and their city by name, in any of the three languages and with or
// without "область", "қаласы" and the like. The names are folded in Go
// (domain.PlaceKeys: SQLite's lower() knows only ASCII) into two small
// temporary tables of keys, and the staged rows are resolved against them
// in SQL. A key that fits two places (Алматы: the city or the region) is
// kept with a NULL place, so the row is told to write the code instead.

// stagePlaces fills import_region_keys and import_city_keys.
func (s *Store) stagePlaces(ctx context.Context, tx *sql.Tx) error {
	suffix := ""
	if s.dialect.name == "postgres" {
		suffix = " ON COMMIT DROP"
	}
	for _, q := range []string{
		"DROP TABLE IF EXISTS import_region_keys",
		"DROP TABLE IF EXISTS import_city_keys",
		"CREATE TEMP TABLE import_region_keys (key TEXT PRIMARY KEY, region_id INTEGER)" + suffix,
		"CREATE TEMP TABLE import_city_keys (region_id INTEGER NOT NULL, key TEXT NOT NULL, city_id BIGINT, PRIMARY KEY (region_id, key))" + suffix,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	regions := placeKeys{}
	rows, err := tx.QueryContext(ctx, `SELECT id, iso_code, name_kk, name_ru, name_en FROM regions`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var iso, kk, ru, en string
		if err := rows.Scan(&id, &iso, &kk, &ru, &en); err != nil {
			rows.Close()
			return err
		}
		regions.add(0, id, strconv.FormatInt(id, 10), domain.SearchKey(iso), kk, ru, en)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cities := placeKeys{}
	rows, err = tx.QueryContext(ctx, `SELECT id, region_id, name_kk, name_ru, name_en FROM cities`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, region int64
		var kk, ru, en string
		if err := rows.Scan(&id, &region, &kk, &ru, &en); err != nil {
			rows.Close()
			return err
		}
		cities.add(region, id, "", "", kk, ru, en)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for k, id := range regions.resolve() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_region_keys (key, region_id) VALUES ($1, $2)`, k.key, id); err != nil {
			return err
		}
	}
	for k, id := range cities.resolve() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_city_keys (region_id, key, city_id) VALUES ($1, $2, $3)`, k.within, k.key, id); err != nil {
			return err
		}
	}
	return nil
}

// placeKey is a key within a region (0 for the regions themselves).
type placeKey struct {
	within int64
	key    string
}

// placeKeys collects the places each key fits: a name's full key first,
// and its key without words like "область" after.
type placeKeys struct {
	full, short map[placeKey]map[int64]bool
}

func (p *placeKeys) add(within, id int64, code, iso string, names ...string) {
	if p.full == nil {
		p.full, p.short = map[placeKey]map[int64]bool{}, map[placeKey]map[int64]bool{}
	}
	put := func(m map[placeKey]map[int64]bool, key string) {
		if key == "" {
			return
		}
		k := placeKey{within, key}
		if m[k] == nil {
			m[k] = map[int64]bool{}
		}
		m[k][id] = true
	}
	put(p.full, code)
	put(p.full, iso)
	for _, n := range names {
		full, short := domain.PlaceKeys(n)
		put(p.full, full)
		put(p.short, short)
	}
}

// resolve yields every key with its place, or NULL when it fits several: a
// full name wins over a short one.
func (p *placeKeys) resolve() iter.Seq2[placeKey, sql.NullInt64] {
	return func(yield func(placeKey, sql.NullInt64) bool) {
		one := func(ids map[int64]bool) sql.NullInt64 {
			if len(ids) != 1 {
				return sql.NullInt64{}
			}
			for id := range ids {
				return sql.NullInt64{Int64: id, Valid: true}
			}
			return sql.NullInt64{}
		}
		for k, ids := range p.full {
			if !yield(k, one(ids)) {
				return
			}
		}
		for k, ids := range p.short {
			if _, ok := p.full[k]; ok {
				continue
			}
			if !yield(k, one(ids)) {
				return
			}
		}
	}
}

// placeColumns are the staging columns of a row's region and city: as
// written (for messages) and as keys.
var placeColumns = []stagingColumn{
	{"region", "text"}, {"region_key", "text"}, {"region_short", "text"},
	{"city", "text"}, {"city_key", "text"}, {"city_short", "text"},
}

var placeResolved = []stagingColumn{{"region_id", "int"}, {"city_id", "int"}}

// placeValues appends the place columns of a row.
func placeValues(v []any, region, city string) []any {
	rk, rs := domain.PlaceKeys(region)
	ck, cs := domain.PlaceKeys(city)
	return append(v, region, rk, rs, city, ck, cs)
}

// resolvePlaces sets region_id and city_id of the staged rows: a full key
// that fits is taken even when a short one would fit too; without a city,
// the city of republican significance that is its own region.
func resolvePlaces(staging string) []string {
	return []string{
		`UPDATE ` + staging + ` SET region_id = COALESCE(
			(SELECT k.region_id FROM import_region_keys k WHERE k.key = ` + staging + `.region_key),
			(SELECT k.region_id FROM import_region_keys k WHERE k.key = ` + staging + `.region_short
				AND NOT EXISTS (SELECT 1 FROM import_region_keys f WHERE f.key = ` + staging + `.region_key)))`,
		`UPDATE ` + staging + ` SET city_id = CASE WHEN city_key = '' THEN
				(SELECT c.id FROM cities c JOIN regions r ON r.id = c.region_id
				 WHERE c.region_id = ` + staging + `.region_id AND r.kind = 'city' AND c.is_admin_centre)
			ELSE COALESCE(
				(SELECT k.city_id FROM import_city_keys k WHERE k.region_id = ` + staging + `.region_id AND k.key = ` + staging + `.city_key),
				(SELECT k.city_id FROM import_city_keys k WHERE k.region_id = ` + staging + `.region_id AND k.key = ` + staging + `.city_short
					AND NOT EXISTS (SELECT 1 FROM import_city_keys f WHERE f.region_id = ` + staging + `.region_id AND f.key = ` + staging + `.city_key)))
			END
		WHERE region_id IS NOT NULL`,
	}
}

// placeChecks report the regions and cities that fit no place or several.
func placeChecks(staging string) []importCheck {
	matches := `EXISTS (SELECT 1 FROM import_region_keys k WHERE k.key IN (s.region_key, s.region_short))`
	return []importCheck{
		{column: "region", key: "error.import.region_unknown", params: []string{"value"},
			message: "no region %q: write its two-digit KATO code (75 for Almaty) or its name",
			query:   `SELECT s.line, s.region FROM ` + staging + ` s WHERE s.region_id IS NULL AND NOT ` + matches},
		{column: "region", key: "error.import.region_ambiguous", params: []string{"value"},
			message: "%q names more than one region: write its two-digit KATO code",
			query:   `SELECT s.line, s.region FROM ` + staging + ` s WHERE s.region_id IS NULL AND ` + matches},
		{column: "city", key: "error.import.city_required", params: []string{"region"},
			message: "write the city: %s is a region, not a city of republican significance",
			query:   `SELECT s.line, s.region FROM ` + staging + ` s WHERE s.region_id IS NOT NULL AND s.city_id IS NULL AND s.city_key = ''`},
		{column: "city", key: "error.import.city_unknown", params: []string{"value", "region"},
			message: "no city %q in %s",
			query:   `SELECT s.line, s.city, s.region FROM ` + staging + ` s WHERE s.region_id IS NOT NULL AND s.city_id IS NULL AND s.city_key <> ''`},
	}
}

// duplicateCheck reports every row whose key is on an earlier row too.
func duplicateCheck(staging, column string, key string) importCheck {
	return importCheck{column: column, key: "error.import.duplicate_key", params: []string{"value", "row"},
		message: "%s is also on row %s: keep one of the two rows",
		query: `SELECT s.line, s.` + key + `, d.first FROM ` + staging + ` s
			JOIN (SELECT ` + key + `, min(line) AS first FROM ` + staging + ` GROUP BY ` + key + ` HAVING count(*) > 1) d ON d.` + key + ` = s.` + key + `
			WHERE s.line > d.first`}
}

// placeScopeChecks keep a regional department to its region: the row's
// region, and the region of the record the row would change. A college
// coordinator changes no college but their own, and no enterprise.
func placeScopeChecks(staging, table string) []importCheck {
	return []importCheck{
		{column: "region", key: "error.import.scope", message: "this row is outside your scope",
			scope: func(sc domain.ImportScope) (string, []any) {
				if sc.RegionID == 0 {
					return "", nil
				}
				return `SELECT s.line FROM ` + staging + ` s WHERE s.region_id <> $1`, []any{sc.RegionID}
			}},
		{column: "bin", key: "error.import.scope_stored", params: []string{"value"},
			message: "%s is registered outside your scope: it can be changed only there",
			scope: func(sc domain.ImportScope) (string, []any) {
				if sc.RegionID == 0 {
					return "", nil
				}
				return `SELECT s.line, s.bin FROM ` + staging + ` s JOIN ` + table + ` t ON t.bin = s.bin WHERE t.region_id <> $1`, []any{sc.RegionID}
			}},
		{column: "bin", key: "error.import.scope", message: "this row is outside your scope",
			scope: func(sc domain.ImportScope) (string, []any) {
				switch {
				case sc.CollegeID == 0:
					return "", nil
				case table == "colleges":
					return `SELECT s.line FROM ` + staging + ` s
						WHERE NOT EXISTS (SELECT 1 FROM colleges c WHERE c.bin = s.bin AND c.id = $1)`, []any{sc.CollegeID}
				}
				return `SELECT s.line FROM ` + staging + ` s`, nil
			}},
	}
}

var collegeImport = &importKind{
	kind: domain.ImportColleges, table: "colleges", recordType: "college", key: []string{"bin"},
	staging: "import_colleges",
	columns: append([]stagingColumn{{"bin", "text"}, {"name_kk", "text"}, {"name_ru", "text"}, {"name_en", "text"},
		{"search_key", "text"}, {"ownership", "text"}, {"address", "text"}}, placeColumns...),
	resolved: placeResolved, places: true, prepare: resolvePlaces("import_colleges"),
	checks: append(append([]importCheck{duplicateCheck("import_colleges", "bin", "bin")},
		placeChecks("import_colleges")...), placeScopeChecks("import_colleges", "colleges")...),
	source: `SELECT s.bin, s.name_kk, s.name_ru, s.name_en, s.search_key, s.region_id, s.city_id, s.ownership, s.address, {now}
		FROM import_colleges s WHERE true`,
	insert:       []string{"bin", "name_kk", "name_ru", "name_en", "search_key", "region_id", "city_id", "ownership", "address", "created_at"},
	update:       []string{"name_kk", "name_ru", "name_en", "search_key", "region_id", "city_id", "ownership", "address"},
	optional:     map[string]string{"name_en": "name_en", "address": "address"},
	quiet:        map[string]bool{"search_key": true},
	auditRegion:  "src.region_id",
	auditCollege: "t.id",
}

// ImportColleges upserts colleges by BIN; see domain.ImportService.
func (s *Store) ImportColleges(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.CollegeRow, error]) (domain.ImportResult, error) {
	return runImport(ctx, s, collegeImport, req, rows, func(r *domain.CollegeRow, v []any) []any {
		v = append(v, r.Line, r.BIN, r.Name.KK, r.Name.RU, r.Name.EN, domain.SearchKey(r.Name.KK, r.Name.RU, r.Name.EN),
			r.Ownership, r.Address)
		return placeValues(v, r.Region, r.City)
	})
}

var enterpriseImport = &importKind{
	kind: domain.ImportEnterprises, table: "enterprises", recordType: "enterprise", key: []string{"bin"},
	staging: "import_enterprises",
	columns: append([]stagingColumn{{"bin", "text"}, {"name_kk", "text"}, {"name_ru", "text"}, {"name_en", "text"},
		{"search_key", "text"}, {"industry", "text"}, {"employees", "int"}}, placeColumns...),
	resolved: placeResolved, places: true, prepare: resolvePlaces("import_enterprises"),
	checks: append(append([]importCheck{duplicateCheck("import_enterprises", "bin", "bin")},
		placeChecks("import_enterprises")...), placeScopeChecks("import_enterprises", "enterprises")...),
	source: `SELECT s.bin, s.name_kk, s.name_ru, s.name_en, s.search_key, s.region_id, s.city_id, s.industry, s.employees, {now}
		FROM import_enterprises s WHERE true`,
	insert:       []string{"bin", "name_kk", "name_ru", "name_en", "search_key", "region_id", "city_id", "industry", "employees", "created_at"},
	update:       []string{"name_kk", "name_ru", "name_en", "search_key", "region_id", "city_id", "industry", "employees"},
	optional:     map[string]string{"name_kk": "name_kk", "name_ru": "name_ru", "name_en": "name_en", "employees": "employees"},
	quiet:        map[string]bool{"search_key": true},
	auditRegion:  "src.region_id",
	auditCollege: "CAST(NULL AS BIGINT)",
}

// ImportEnterprises upserts enterprises by BIN; see domain.ImportService.
func (s *Store) ImportEnterprises(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.EnterpriseRow, error]) (domain.ImportResult, error) {
	return runImport(ctx, s, enterpriseImport, req, rows, func(r *domain.EnterpriseRow, v []any) []any {
		v = append(v, r.Line, r.BIN, r.Name.KK, r.Name.RU, r.Name.EN, domain.SearchKey(r.Name.KK, r.Name.RU, r.Name.EN),
			r.Industry, int64(r.Employees))
		return placeValues(v, r.Region, r.City)
	})
}
