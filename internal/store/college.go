package store

import (
	"context"
	"database/sql"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// A college's figures are kept beside it in college_figures by triggers on
// students (migration 00017), so reading them is a primary-key lookup
// rather than a count of the college's students. Every college has its row
// (a trigger on colleges adds it).
const studentCount = `(SELECT f.students FROM college_figures f WHERE f.college_id = c.id)`

// collegeRow is a college's own columns; collegeColumns adds its figures.
const collegeRow = `c.id, c.bin, c.name_kk, c.name_ru, c.name_en, c.region_id, c.city_id, c.ownership, c.address, c.created_at`

const collegeColumns = collegeRow + `, ` + studentCount + `, (SELECT f.dual_students FROM college_figures f WHERE f.college_id = c.id)`

func scanCollege(r interface{ Scan(...any) error }) (domain.College, error) {
	var c domain.College
	err := r.Scan(&c.ID, &c.BIN, &c.Name.KK, &c.Name.RU, &c.Name.EN, &c.RegionID, &c.CityID, &c.Ownership, &c.Address,
		timeScanner{&c.CreatedAt}, &c.Students, &c.DualStudents)
	return c, err
}

// nameColumn picks the name column a list is sorted by.
func nameColumn(alias, lang string) string {
	switch lang {
	case "kk", "en":
		return alias + ".name_" + lang
	}
	return alias + ".name_ru"
}

// Colleges returns a page of colleges.
func (s *Store) Colleges(ctx context.Context, f domain.CollegeFilter) (domain.List[domain.College], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.College]{}, err
	}
	w, order := collegeQuery(f)
	list := domain.List[domain.College]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM colleges c`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+collegeColumns+` FROM colleges c`+w.sql()+` ORDER BY `+order+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanCollege)
	return list, err
}

// collegeQuery is the condition and order of a list of colleges, shared by
// the page (Colleges) and the export (EachCollege) so that both hold the
// same rows in the same order. f must be validated.
func collegeQuery(f domain.CollegeFilter) (w *where, order string) {
	w = &where{}
	if q := domain.SearchKey(f.Query); q != "" {
		if len(q) == 12 && domain.ValidateBIN("", q) == nil {
			w.add("c.bin = ?", q)
		} else {
			w.add(`c.search_key LIKE ? ESCAPE '\'`, containsPattern(q))
		}
	}
	if f.RegionID != 0 {
		w.add("c.region_id = ?", f.RegionID)
	}
	if f.CityID != 0 {
		w.add("c.city_id = ?", f.CityID)
	}
	if f.Ownership != "" {
		w.add("c.ownership = ?", f.Ownership)
	}
	order = map[string]string{
		domain.SortName:         nameColumn("c", f.Lang) + ", c.id",
		domain.SortNameDesc:     nameColumn("c", f.Lang) + " DESC, c.id",
		domain.SortStudents:     studentCount + ", c.id",
		domain.SortStudentsDesc: studentCount + " DESC, c.id",
	}[f.Sort]
	return w, order
}

// College returns one college with its figures; ENOTFOUND if there is none.
func (s *Store) College(ctx context.Context, id int64) (domain.College, error) {
	c, err := scanCollege(s.read.QueryRowContext(ctx, `SELECT `+collegeRow+`, f.students, f.dual_students
		FROM colleges c JOIN college_figures f ON f.college_id = c.id WHERE c.id = $1`, id))
	return c, notFound(err, "college")
}

// CollegeNames returns the colleges of a region (all when regionID is 0)
// without figures, ordered by ID.
func (s *Store) CollegeNames(ctx context.Context, regionID int) ([]domain.College, error) {
	var w where
	if regionID != 0 {
		w.add("region_id = ?", regionID)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, name_kk, name_ru, name_en, region_id, city_id FROM colleges`+w.sql()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.College, error) {
		var c domain.College
		err := r.Scan(&c.ID, &c.Name.KK, &c.Name.RU, &c.Name.EN, &c.RegionID, &c.CityID)
		return c, err
	})
}

// CreateCollege validates and stores a college, setting its ID.
func (s *Store) CreateCollege(ctx context.Context, c *domain.College) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.CreatedAt = s.Now().UTC()
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkCityInRegion(ctx, tx, c.CityID, c.RegionID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO colleges (bin, name_kk, name_ru, name_en, search_key, region_id, city_id, ownership, address, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			c.BIN, c.Name.KK, c.Name.RU, c.Name.EN, domain.SearchKey(c.Name.KK, c.Name.RU, c.Name.EN),
			c.RegionID, c.CityID, c.Ownership, c.Address, timeParam(c.CreatedAt)).Scan(&c.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "college", recordID: c.ID, after: c, regionID: c.RegionID, collegeID: c.ID})
	})
}

// checkCityInRegion rejects a city that lies in another region.
func checkCityInRegion(ctx context.Context, tx *sql.Tx, cityID int64, regionID int) error {
	var region int
	err := tx.QueryRowContext(ctx, `SELECT region_id FROM cities WHERE id = $1`, cityID).Scan(&region)
	if err == sql.ErrNoRows {
		return domain.Invalid("city_id", "error.city.unknown", "unknown city")
	}
	if err != nil {
		return err
	}
	if region != regionID {
		return domain.Invalid("city_id", "error.city.region", "the city is not in the chosen region")
	}
	return nil
}
