package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Specialties returns every specialty ordered by code.
func (s *Store) Specialties(ctx context.Context) ([]domain.Specialty, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT code, isced_code, name_kk, name_ru, name_en FROM specialties ORDER BY code`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSpecialty)
}

func scanSpecialty(r interface{ Scan(...any) error }) (domain.Specialty, error) {
	var sp domain.Specialty
	err := r.Scan(&sp.Code, &sp.ISCEDCode, &sp.Name.KK, &sp.Name.RU, &sp.Name.EN)
	return sp, err
}

// Specialty returns one specialty; ENOTFOUND if there is none.
func (s *Store) Specialty(ctx context.Context, code string) (domain.Specialty, error) {
	sp, err := scanSpecialty(s.read.QueryRowContext(ctx, `SELECT code, isced_code, name_kk, name_ru, name_en FROM specialties WHERE code = $1`, code))
	return sp, notFound(err, "specialty")
}

func scanQualification(r interface{ Scan(...any) error }) (domain.Qualification, error) {
	var q domain.Qualification
	err := r.Scan(&q.Code, &q.SpecialtyCode, &q.Level, &q.Name.KK, &q.Name.RU, &q.Name.EN)
	return q, err
}

// Qualifications returns the qualifications of a specialty (all when
// specialtyCode is empty) ordered by code.
func (s *Store) Qualifications(ctx context.Context, specialtyCode string) ([]domain.Qualification, error) {
	var w where
	if specialtyCode != "" {
		w.add("specialty_code = ?", specialtyCode)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT code, specialty_code, level, name_kk, name_ru, name_en FROM qualifications`+w.sql()+` ORDER BY code`, w.args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanQualification)
}

// Qualification returns one qualification; ENOTFOUND if there is none.
func (s *Store) Qualification(ctx context.Context, code string) (domain.Qualification, error) {
	q, err := scanQualification(s.read.QueryRowContext(ctx, `SELECT code, specialty_code, level, name_kk, name_ru, name_en FROM qualifications WHERE code = $1`, code))
	return q, notFound(err, "qualification")
}

// UpsertClassifier inserts or updates specialties and qualifications by code
// in one transaction and reports what changed.
func (s *Store) UpsertClassifier(ctx context.Context, specialties []domain.Specialty, qualifications []domain.Qualification) (domain.ClassifierChange, error) {
	var ch domain.ClassifierChange
	for i := range specialties {
		if err := specialties[i].Validate(); err != nil {
			return ch, err
		}
	}
	for i := range qualifications {
		if err := qualifications[i].Validate(); err != nil {
			return ch, err
		}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ch = domain.ClassifierChange{}
		for _, sp := range specialties {
			old := domain.Specialty{Code: sp.Code}
			err := tx.QueryRowContext(ctx, `SELECT name_kk, name_ru, name_en, isced_code FROM specialties WHERE code = $1`, sp.Code).
				Scan(&old.Name.KK, &old.Name.RU, &old.Name.EN, &old.ISCEDCode)
			switch {
			case err == sql.ErrNoRows:
				ch.SpecialtiesAdded++
			case err != nil:
				return err
			case old.Name == sp.Name && old.ISCEDCode == sp.ISCEDCode:
				ch.SpecialtiesUnchanged++
				continue
			default:
				ch.SpecialtiesUpdated++
				ch.Changed = append(ch.Changed, sp.Code)
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO specialties (code, isced_code, name_kk, name_ru, name_en) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (code) DO UPDATE SET isced_code = excluded.isced_code,
					name_kk = excluded.name_kk, name_ru = excluded.name_ru, name_en = excluded.name_en`,
				sp.Code, sp.ISCEDCode, sp.Name.KK, sp.Name.RU, sp.Name.EN); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, upsertChange("specialty", sp.Code, old, sp, old.ISCEDCode == "")); err != nil {
				return err
			}
		}
		for _, q := range qualifications {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM specialties WHERE code = $1`, q.SpecialtyCode).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				e := domain.Invalid("specialty_code", "error.qualification.no_specialty",
					fmt.Sprintf("qualification %s: specialty %s is neither in the file nor in the registry", q.Code, q.SpecialtyCode))
				return e.With("code", q.Code).With("specialty", q.SpecialtyCode)
			}
			old := domain.Qualification{Code: q.Code}
			err := tx.QueryRowContext(ctx, `SELECT name_kk, name_ru, name_en, specialty_code FROM qualifications WHERE code = $1`, q.Code).
				Scan(&old.Name.KK, &old.Name.RU, &old.Name.EN, &old.SpecialtyCode)
			switch {
			case err == sql.ErrNoRows:
				ch.QualificationsAdded++
			case err != nil:
				return err
			case old.Name == q.Name && old.SpecialtyCode == q.SpecialtyCode:
				ch.QualificationsUnchanged++
				continue
			default:
				ch.QualificationsUpdated++
				ch.Changed = append(ch.Changed, q.Code)
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO qualifications (code, specialty_code, level, name_kk, name_ru, name_en) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (code) DO UPDATE SET specialty_code = excluded.specialty_code, level = excluded.level,
					name_kk = excluded.name_kk, name_ru = excluded.name_ru, name_en = excluded.name_en`,
				q.Code, q.SpecialtyCode, q.Level, q.Name.KK, q.Name.RU, q.Name.EN); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, upsertChange("qualification", q.Code, old, q, old.SpecialtyCode == "")); err != nil {
				return err
			}
		}
		return nil
	})
	return ch, err
}

// upsertChange is the audit entry of an upserted classifier row: a create
// when it was new, otherwise an update with the old names.
func upsertChange(recordType, code string, before, after any, isNew bool) change {
	if isNew {
		return change{action: "create", recordType: recordType, recordID: code, after: after}
	}
	return change{action: "update", recordType: recordType, recordID: code, before: before, after: after}
}
