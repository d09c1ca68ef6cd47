package store

import (
	"context"
	"database/sql"

	"github.com/dualtrack/dualtrack/internal/domain"
)

const traineeCount = `(SELECT count(*) FROM students s WHERE s.enterprise_id = e.id)`

const enterpriseColumns = `e.id, e.bin, e.name_kk, e.name_ru, e.name_en, e.region_id, e.city_id, e.industry, e.employees, e.created_at, ` + traineeCount

func scanEnterprise(r interface{ Scan(...any) error }) (domain.Enterprise, error) {
	var e domain.Enterprise
	err := r.Scan(&e.ID, &e.BIN, &e.Name.KK, &e.Name.RU, &e.Name.EN, &e.RegionID, &e.CityID, &e.Industry, &e.Employees,
		timeScanner{&e.CreatedAt}, &e.Trainees)
	return e, err
}

// Enterprises returns a page of enterprises.
func (s *Store) Enterprises(ctx context.Context, f domain.EnterpriseFilter) (domain.List[domain.Enterprise], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Enterprise]{}, err
	}
	w, order := enterpriseQuery(f)
	list := domain.List[domain.Enterprise]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM enterprises e`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e`+w.sql()+` ORDER BY `+order+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanEnterprise)
	return list, err
}

// enterpriseQuery is the condition and order of a list of enterprises,
// shared by Enterprises and EachEnterprise. f must be validated.
func enterpriseQuery(f domain.EnterpriseFilter) (w *where, order string) {
	w = &where{}
	if q := domain.SearchKey(f.Query); q != "" {
		if len(q) == 12 && domain.ValidateBIN("", q) == nil {
			w.add("e.bin = ?", q)
		} else {
			w.add(`e.search_key LIKE ? ESCAPE '\'`, containsPattern(q))
		}
	}
	if f.RegionID != 0 {
		w.add("e.region_id = ?", f.RegionID)
	}
	if f.CityID != 0 {
		w.add("e.city_id = ?", f.CityID)
	}
	if f.Industry != "" {
		w.add("e.industry = ?", f.Industry)
	}
	order = map[string]string{
		domain.SortName:         nameColumn("e", f.Lang) + ", e.id",
		domain.SortNameDesc:     nameColumn("e", f.Lang) + " DESC, e.id",
		domain.SortTrainees:     traineeCount + ", e.id",
		domain.SortTraineesDesc: traineeCount + " DESC, e.id",
	}[f.Sort]
	return w, order
}

// Enterprise returns one enterprise; ENOTFOUND if there is none.
func (s *Store) Enterprise(ctx context.Context, id int64) (domain.Enterprise, error) {
	e, err := scanEnterprise(s.read.QueryRowContext(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE e.id = $1`, id))
	return e, notFound(err, "enterprise")
}

// CreateEnterprise validates and stores an enterprise, setting its ID.
func (s *Store) CreateEnterprise(ctx context.Context, e *domain.Enterprise) error {
	if err := e.Validate(); err != nil {
		return err
	}
	e.CreatedAt = s.Now().UTC()
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkCityInRegion(ctx, tx, e.CityID, e.RegionID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO enterprises (bin, name_kk, name_ru, name_en, search_key, region_id, city_id, industry, employees, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			e.BIN, e.Name.KK, e.Name.RU, e.Name.EN, domain.SearchKey(e.Name.KK, e.Name.RU, e.Name.EN),
			e.RegionID, e.CityID, e.Industry, e.Employees, timeParam(e.CreatedAt)).Scan(&e.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "enterprise", recordID: e.ID, after: e, regionID: e.RegionID})
	})
}
