package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// loadReference upserts regions, cities and ISCED-F fields, adds the
// shipped classifier rows that are missing and replaces the published
// employment rates, in one transaction.
func (s *Store) loadReference(ctx context.Context, ref domain.ReferenceData) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range ref.Regions {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO regions (id, iso_code, kind, name_kk, name_ru, name_en, centre_kk, centre_ru, centre_en, lat, lon, population)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
				ON CONFLICT (id) DO UPDATE SET iso_code = excluded.iso_code, kind = excluded.kind,
					name_kk = excluded.name_kk, name_ru = excluded.name_ru, name_en = excluded.name_en,
					centre_kk = excluded.centre_kk, centre_ru = excluded.centre_ru, centre_en = excluded.centre_en,
					lat = excluded.lat, lon = excluded.lon, population = excluded.population`,
				r.ID, r.ISO, r.Kind, r.Name.KK, r.Name.RU, r.Name.EN, r.Centre.KK, r.Centre.RU, r.Centre.EN, r.Lat, r.Lon, r.Population); err != nil {
				return err
			}
		}
		for _, c := range ref.Cities {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO cities (id, region_id, name_kk, name_ru, name_en, lat, lon, population, is_admin_centre)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				ON CONFLICT (id) DO UPDATE SET region_id = excluded.region_id, name_kk = excluded.name_kk,
					name_ru = excluded.name_ru, name_en = excluded.name_en, lat = excluded.lat, lon = excluded.lon,
					population = excluded.population, is_admin_centre = excluded.is_admin_centre`,
				c.ID, c.RegionID, c.Name.KK, c.Name.RU, c.Name.EN, c.Lat, c.Lon, c.Population, c.IsAdminCentre); err != nil {
				return err
			}
		}
		for _, f := range ref.ISCEDFields {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO isced_fields (code, level, name_en, parent_code) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code) DO UPDATE SET level = excluded.level, name_en = excluded.name_en, parent_code = excluded.parent_code`,
				f.Code, f.Level, f.Name.EN, f.ParentCode); err != nil {
				return err
			}
		}
		for _, sp := range ref.Specialties {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO specialties (code, isced_code, name_kk, name_ru, name_en) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (code) DO NOTHING`,
				sp.Code, sp.ISCEDCode, sp.Name.KK, sp.Name.RU, sp.Name.EN); err != nil {
				return err
			}
		}
		for _, q := range ref.Qualifications {
			if err := q.Validate(); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO qualifications (code, specialty_code, level, name_kk, name_ru, name_en) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (code) DO NOTHING`,
				q.Code, q.SpecialtyCode, q.Level, q.Name.KK, q.Name.RU, q.Name.EN); err != nil {
				return err
			}
		}
		if err := loadPublishedEmployment(ctx, tx, ref.PublishedEmployment); err != nil {
			return err
		}
		if err := loadGuidanceReference(ctx, tx, ref); err != nil {
			return err
		}
		if err := loadRussianRegions(ctx, tx, ref.RussianRegions); err != nil {
			return err
		}
		return loadOfficialFigures(ctx, tx, ref.Official)
	})
}

const regionColumns = `id, iso_code, kind, name_kk, name_ru, name_en, centre_kk, centre_ru, centre_en, lat, lon, population`

func scanRegion(row interface{ Scan(...any) error }) (domain.Region, error) {
	var r domain.Region
	err := row.Scan(&r.ID, &r.ISO, &r.Kind, &r.Name.KK, &r.Name.RU, &r.Name.EN,
		&r.Centre.KK, &r.Centre.RU, &r.Centre.EN, &r.Lat, &r.Lon, &r.Population)
	return r, err
}

// Regions returns all regions ordered by KATO code.
func (s *Store) Regions(ctx context.Context) ([]domain.Region, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+regionColumns+` FROM regions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanRegion)
}

// Region returns one region; ENOTFOUND if there is none.
func (s *Store) Region(ctx context.Context, id int) (domain.Region, error) {
	r, err := scanRegion(s.read.QueryRowContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE id = $1`, id))
	return r, notFound(err, "region")
}

const cityColumns = `id, region_id, name_kk, name_ru, name_en, lat, lon, population, is_admin_centre`

func scanCity(row interface{ Scan(...any) error }) (domain.City, error) {
	var c domain.City
	err := row.Scan(&c.ID, &c.RegionID, &c.Name.KK, &c.Name.RU, &c.Name.EN, &c.Lat, &c.Lon, &c.Population, &c.IsAdminCentre)
	return c, err
}

// Cities returns the cities of a region (all when regionID is 0), largest first.
func (s *Store) Cities(ctx context.Context, regionID int) ([]domain.City, error) {
	var w where
	if regionID != 0 {
		w.add("region_id = ?", regionID)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+cityColumns+` FROM cities`+w.sql()+` ORDER BY population DESC, id`, w.args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanCity)
}

// City returns one city; ENOTFOUND if there is none.
func (s *Store) City(ctx context.Context, id int64) (domain.City, error) {
	c, err := scanCity(s.read.QueryRowContext(ctx, `SELECT `+cityColumns+` FROM cities WHERE id = $1`, id))
	return c, notFound(err, "city")
}

// ISCEDFields returns the ISCED-F 2013 fields ordered by code.
func (s *Store) ISCEDFields(ctx context.Context) ([]domain.ISCEDField, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT code, level, name_en, parent_code FROM isced_fields ORDER BY code`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.ISCEDField, error) {
		var f domain.ISCEDField
		err := r.Scan(&f.Code, &f.Level, &f.Name.EN, &f.ParentCode)
		return f, err
	})
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// notFound turns sql.ErrNoRows into ENOTFOUND for a kind of record.
func notFound(err error, kind string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound(kind)
	}
	return err
}
