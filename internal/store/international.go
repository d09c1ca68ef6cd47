package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.InternationalService = (*Store)(nil)

// International partnerships, foreign specialists and academic mobility
// (migration 00013). An agreement, a specialist and a mobility keep their
// college's region, so the regional and cross-border figures group them
// without a join to the colleges; whether an agreement is in force on a
// day is a comparison of its status and dates, never stored.

// loadRussianRegions upserts the Russian regions on the border (reference
// data, loaded with the rest at every start).
func loadRussianRegions(ctx context.Context, tx *sql.Tx, regions []domain.ForeignRegion) error {
	for _, r := range regions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ru_regions (iso, name_kk, name_ru, name_en, centre, lat, lon)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (iso) DO UPDATE SET name_kk = excluded.name_kk, name_ru = excluded.name_ru, name_en = excluded.name_en,
				centre = excluded.centre, lat = excluded.lat, lon = excluded.lon`,
			r.ISO, r.Name.KK, r.Name.RU, r.Name.EN, r.Centre, r.Lat, r.Lon); err != nil {
			return err
		}
	}
	return nil
}

// RussianRegions returns the Russian regions on the border, west to east
// (by the longitude of the administrative centre).
func (s *Store) RussianRegions(ctx context.Context) ([]domain.ForeignRegion, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT iso, name_kk, name_ru, name_en, centre, lat, lon FROM ru_regions ORDER BY lon, iso`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.ForeignRegion, error) {
		var f domain.ForeignRegion
		err := r.Scan(&f.ISO, &f.Name.KK, &f.Name.RU, &f.Name.EN, &f.Centre, &f.Lat, &f.Lon)
		return f, err
	})
}

const partnerColumns = `p.id, p.kind, p.name, p.country, COALESCE(p.ru_region, ''), p.city, p.created_at, p.updated_at,
	COALESCE(g.name_kk, ''), COALESCE(g.name_ru, ''), COALESCE(g.name_en, '')`

const partnerFrom = ` FROM international_partners p LEFT JOIN ru_regions g ON g.iso = p.ru_region`

func scanPartner(r interface{ Scan(...any) error }) (domain.Partner, error) {
	var p domain.Partner
	var kind string
	err := r.Scan(&p.ID, &kind, &p.Name, &p.Country, &p.RURegion, &p.City, timeScanner{&p.CreatedAt}, timeScanner{&p.UpdatedAt},
		&p.RURegionName.KK, &p.RURegionName.RU, &p.RURegionName.EN)
	p.Kind = domain.PartnerKind(kind)
	return p, err
}

// Partners returns a page of partners by name, each with the number of
// colleges that have an agreement with it.
func (s *Store) Partners(ctx context.Context, f domain.PartnerFilter) (domain.List[domain.Partner], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Partner]{}, err
	}
	w := &where{}
	if q := domain.SearchKey(f.Query); q != "" {
		w.add("p.search_key >= ? AND p.search_key < ?", q, prefixUpper(q))
	}
	if f.Country != "" {
		w.add("p.country = ?", f.Country)
	}
	list := domain.List[domain.Partner]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM international_partners p`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+partnerColumns+`,
		(SELECT count(DISTINCT a.college_id) FROM international_agreements a WHERE a.partner_id = p.id)`+
		partnerFrom+w.sql()+` ORDER BY p.search_key, p.id`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.Partner, error) {
		var p domain.Partner
		var kind string
		err := r.Scan(&p.ID, &kind, &p.Name, &p.Country, &p.RURegion, &p.City, timeScanner{&p.CreatedAt}, timeScanner{&p.UpdatedAt},
			&p.RURegionName.KK, &p.RURegionName.RU, &p.RURegionName.EN, &p.Colleges)
		p.Kind = domain.PartnerKind(kind)
		return p, err
	})
	return list, err
}

// Partner returns one partner; ENOTFOUND if there is none.
func (s *Store) Partner(ctx context.Context, id int64) (domain.Partner, error) {
	p, err := scanPartner(s.read.QueryRowContext(ctx, `SELECT `+partnerColumns+partnerFrom+` WHERE p.id = $1`, id))
	return p, notFound(err, "partner")
}

// SavePartner records (ID 0) or changes a partner, audited. EINVALID for
// bad input or an unknown Russian region; ECONFLICT (error.partner.taken)
// for a name taken in the country; ENOTFOUND for an unknown ID.
func (s *Store) SavePartner(ctx context.Context, p *domain.Partner) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if p.RURegion != "" {
			if err := exists(ctx, tx, `SELECT count(*) FROM ru_regions WHERE iso = $1`, p.RURegion,
				domain.Invalid("ru_region", "error.partner.ru_region_unknown", "choose one of the Russian regions on the border")); err != nil {
				return err
			}
		}
		var taken int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM international_partners WHERE country = $1 AND search_key = $2`,
			p.Country, domain.SearchKey(p.Name)).Scan(&taken)
		if err == nil && taken != p.ID {
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.partner.taken", Field: "name",
				Message: "this partner is registered already", Params: map[string]string{"id": strconv.FormatInt(taken, 10)}}
		}
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		now := s.Now().UTC()
		if p.ID == 0 {
			p.CreatedAt, p.UpdatedAt = now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO international_partners (kind, name, search_key, country, ru_region, city, created_at,
				updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, string(p.Kind), p.Name, domain.SearchKey(p.Name), p.Country,
				nullString(p.RURegion), p.City, timeParam(now)).Scan(&p.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "partner", recordID: p.ID, after: p})
		}
		before, err := scanPartner(tx.QueryRowContext(ctx, `SELECT `+partnerColumns+partnerFrom+` WHERE p.id = $1`, p.ID))
		if err != nil {
			return notFound(err, "partner")
		}
		p.CreatedAt, p.UpdatedAt = before.CreatedAt, now
		if _, err := tx.ExecContext(ctx, `UPDATE international_partners SET kind = $2, name = $3, search_key = $4, country = $5, ru_region = $6,
			city = $7, updated_at = $8 WHERE id = $1`, p.ID, string(p.Kind), p.Name, domain.SearchKey(p.Name), p.Country,
			nullString(p.RURegion), p.City, timeParam(now)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "partner", recordID: p.ID, before: before, after: p})
	})
}

const partnershipColumns = `a.id, a.college_id, a.region_id, a.partner_id, a.kind, a.standard, a.number, a.subject, a.status, a.signed_on,
	a.starts_on, a.ends_on, a.created_at, a.updated_at, c.name_kk, c.name_ru, c.name_en, r.name_kk, r.name_ru, r.name_en,
	p.id, p.kind, p.name, p.country, COALESCE(p.ru_region, ''), p.city, p.created_at, p.updated_at,
	COALESCE(g.name_kk, ''), COALESCE(g.name_ru, ''), COALESCE(g.name_en, '')`

const partnershipFrom = ` FROM international_agreements a JOIN colleges c ON c.id = a.college_id JOIN regions r ON r.id = a.region_id
	JOIN international_partners p ON p.id = a.partner_id LEFT JOIN ru_regions g ON g.iso = p.ru_region`

func scanPartnership(r interface{ Scan(...any) error }, day time.Time) (domain.Partnership, error) {
	var a domain.Partnership
	var kind, status, pkind string
	var signed, ends sql.NullString
	err := r.Scan(&a.ID, &a.CollegeID, &a.RegionID, &a.PartnerID, &kind, &a.Standard, &a.Number, &a.Subject, &status, dateText{&signed},
		timeScanner{&a.StartsOn}, dateText{&ends}, timeScanner{&a.CreatedAt}, timeScanner{&a.UpdatedAt}, &a.College.KK, &a.College.RU,
		&a.College.EN, &a.Region.KK, &a.Region.RU, &a.Region.EN, &a.Partner.ID, &pkind, &a.Partner.Name, &a.Partner.Country,
		&a.Partner.RURegion, &a.Partner.City, timeScanner{&a.Partner.CreatedAt}, timeScanner{&a.Partner.UpdatedAt},
		&a.Partner.RURegionName.KK, &a.Partner.RURegionName.RU, &a.Partner.RURegionName.EN)
	a.Kind, a.Status, a.Partner.Kind = domain.AgreementKind(kind), domain.PartnershipStatus(status), domain.PartnerKind(pkind)
	a.SignedOn, a.EndsOn = parseDay(signed), parseDay(ends)
	a.InForce = a.InForceOn(day)
	return a, err
}

// inForceSQL is the condition of an agreement (alias a) in force on $day.
func inForceSQL(day string) string {
	return "a.status = 'active' AND a.starts_on <= " + day + " AND (a.ends_on IS NULL OR a.ends_on >= " + day + ")"
}

var partnershipOrders = map[string]string{
	"-starts_on": ` ORDER BY a.starts_on DESC, a.id DESC`,
	"country":    ` ORDER BY p.country, p.search_key, a.id`,
	"partner":    ` ORDER BY p.search_key, a.id`,
}

// Partnerships returns a page of agreements, each marked in force today or not.
func (s *Store) Partnerships(ctx context.Context, f domain.PartnershipFilter) (domain.List[domain.Partnership], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Partnership]{}, err
	}
	w := &where{}
	if f.RegionID != 0 {
		w.add("a.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("a.college_id = ?", f.CollegeID)
	}
	if f.PartnerID != 0 {
		w.add("a.partner_id = ?", f.PartnerID)
	}
	if f.Country != "" {
		w.add("p.country = ?", f.Country)
	}
	if f.Kind != "" {
		w.add("a.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.add("a.status = ?", string(f.Status))
	}
	list := domain.List[domain.Partnership]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM international_agreements a JOIN international_partners p ON p.id = a.partner_id`+
		w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+partnershipColumns+partnershipFrom+w.sql()+partnershipOrders[f.Sort]+limit, args...)
	if err != nil {
		return list, err
	}
	day := s.today()
	list.Items, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.Partnership, error) { return scanPartnership(r, day) })
	return list, err
}

// Partnership returns one agreement; ENOTFOUND if there is none.
func (s *Store) Partnership(ctx context.Context, id int64) (domain.Partnership, error) {
	a, err := scanPartnership(s.read.QueryRowContext(ctx, `SELECT `+partnershipColumns+partnershipFrom+` WHERE a.id = $1`, id), s.today())
	return a, notFound(err, "partnership")
}

// collegeRegionTx is a college's region; EINVALID (error.college.unknown)
// for an unknown college.
func collegeRegionTx(ctx context.Context, tx *sql.Tx, collegeID int64) (int, error) {
	var region int
	err := tx.QueryRowContext(ctx, `SELECT region_id FROM colleges WHERE id = $1`, collegeID).Scan(&region)
	if err == sql.ErrNoRows {
		return 0, domain.Invalid("college_id", "error.college.unknown", "unknown college")
	}
	return region, err
}

// SavePartnership records (ID 0) or changes an agreement, audited. The
// college of a stored agreement does not change. EINVALID for bad input
// or an unknown college or partner; ENOTFOUND for an unknown ID.
func (s *Store) SavePartnership(ctx context.Context, a *domain.Partnership) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var before domain.Partnership
		if a.ID != 0 {
			var err error
			before, err = scanPartnership(tx.QueryRowContext(ctx, `SELECT `+partnershipColumns+partnershipFrom+` WHERE a.id = $1`, a.ID), s.today())
			if err != nil {
				return notFound(err, "partnership")
			}
			a.CollegeID = before.CollegeID
		}
		region, err := collegeRegionTx(ctx, tx, a.CollegeID)
		if err != nil {
			return err
		}
		if err := exists(ctx, tx, `SELECT count(*) FROM international_partners WHERE id = $1`, a.PartnerID,
			domain.Invalid("partner_id", "error.partner.unknown", "unknown partner")); err != nil {
			return err
		}
		a.RegionID = region
		if a.Kind != domain.AgreementStandard {
			a.Standard = ""
		}
		now := s.Now().UTC()
		if a.ID == 0 {
			a.CreatedAt, a.UpdatedAt = now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO international_agreements (college_id, region_id, partner_id, kind, standard, number,
				subject, status, signed_on, starts_on, ends_on, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
				a.CollegeID, a.RegionID, a.PartnerID, string(a.Kind), a.Standard, a.Number, a.Subject, string(a.Status),
				nullDate(a.SignedOn), dateParam(a.StartsOn), nullDate(a.EndsOn), timeParam(now)).Scan(&a.ID); err != nil {
				return err
			}
			a.InForce = a.InForceOn(s.today())
			return s.audit(ctx, tx, change{action: "create", recordType: "partnership", recordID: a.ID, after: a,
				regionID: a.RegionID, collegeID: a.CollegeID})
		}
		a.CreatedAt, a.UpdatedAt = before.CreatedAt, now
		if _, err := tx.ExecContext(ctx, `UPDATE international_agreements SET partner_id = $2, kind = $3, standard = $4, number = $5,
			subject = $6, status = $7, signed_on = $8, starts_on = $9, ends_on = $10, updated_at = $11 WHERE id = $1`,
			a.ID, a.PartnerID, string(a.Kind), a.Standard, a.Number, a.Subject, string(a.Status), nullDate(a.SignedOn),
			dateParam(a.StartsOn), nullDate(a.EndsOn), timeParam(now)); err != nil {
			return err
		}
		a.InForce = a.InForceOn(s.today())
		return s.audit(ctx, tx, change{action: "update", recordType: "partnership", recordID: a.ID, before: before, after: a,
			regionID: a.RegionID, collegeID: a.CollegeID})
	})
}

const specialistColumns = `f.id, f.college_id, f.region_id, f.full_name, f.country, f.role, f.position, f.starts_on, f.ends_on,
	f.created_at, f.updated_at, c.name_kk, c.name_ru, c.name_en`

func scanSpecialist(r interface{ Scan(...any) error }) (domain.ForeignSpecialist, error) {
	var f domain.ForeignSpecialist
	var role string
	var ends sql.NullString
	err := r.Scan(&f.ID, &f.CollegeID, &f.RegionID, &f.FullName, &f.Country, &role, &f.Position, timeScanner{&f.StartsOn}, dateText{&ends},
		timeScanner{&f.CreatedAt}, timeScanner{&f.UpdatedAt}, &f.College.KK, &f.College.RU, &f.College.EN)
	f.Role, f.EndsOn = domain.SpecialistRole(role), parseDay(ends)
	return f, err
}

// ForeignSpecialists returns a page of specialists, newest first.
func (s *Store) ForeignSpecialists(ctx context.Context, f domain.SpecialistFilter) (domain.List[domain.ForeignSpecialist], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.ForeignSpecialist]{}, err
	}
	w := &where{}
	if f.RegionID != 0 {
		w.add("f.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("f.college_id = ?", f.CollegeID)
	}
	list := domain.List[domain.ForeignSpecialist]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM foreign_specialists f`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+specialistColumns+` FROM foreign_specialists f JOIN colleges c ON c.id = f.college_id`+
		w.sql()+` ORDER BY f.starts_on DESC, f.id DESC`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanSpecialist)
	return list, err
}

// ForeignSpecialist returns one specialist; ENOTFOUND if there is none.
func (s *Store) ForeignSpecialist(ctx context.Context, id int64) (domain.ForeignSpecialist, error) {
	f, err := scanSpecialist(s.read.QueryRowContext(ctx, `SELECT `+specialistColumns+`
		FROM foreign_specialists f JOIN colleges c ON c.id = f.college_id WHERE f.id = $1`, id))
	return f, notFound(err, "foreign_specialist")
}

// SaveForeignSpecialist records (ID 0) or changes a specialist, audited;
// the college of a stored one does not change. EINVALID for bad input or
// an unknown college; ENOTFOUND for an unknown ID.
func (s *Store) SaveForeignSpecialist(ctx context.Context, f *domain.ForeignSpecialist) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var before domain.ForeignSpecialist
		if f.ID != 0 {
			var err error
			before, err = scanSpecialist(tx.QueryRowContext(ctx, `SELECT `+specialistColumns+`
				FROM foreign_specialists f JOIN colleges c ON c.id = f.college_id WHERE f.id = $1`, f.ID))
			if err != nil {
				return notFound(err, "foreign_specialist")
			}
			f.CollegeID = before.CollegeID
		}
		region, err := collegeRegionTx(ctx, tx, f.CollegeID)
		if err != nil {
			return err
		}
		f.RegionID = region
		now := s.Now().UTC()
		if f.ID == 0 {
			f.CreatedAt, f.UpdatedAt = now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO foreign_specialists (college_id, region_id, full_name, country, role, position,
				starts_on, ends_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
				f.CollegeID, f.RegionID, f.FullName, f.Country, string(f.Role), f.Position, dateParam(f.StartsOn), nullDate(f.EndsOn),
				timeParam(now)).Scan(&f.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "foreign_specialist", recordID: f.ID, after: f,
				regionID: f.RegionID, collegeID: f.CollegeID})
		}
		f.CreatedAt, f.UpdatedAt = before.CreatedAt, now
		if _, err := tx.ExecContext(ctx, `UPDATE foreign_specialists SET full_name = $2, country = $3, role = $4, position = $5,
			starts_on = $6, ends_on = $7, updated_at = $8 WHERE id = $1`, f.ID, f.FullName, f.Country, string(f.Role), f.Position,
			dateParam(f.StartsOn), nullDate(f.EndsOn), timeParam(now)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "foreign_specialist", recordID: f.ID, before: before, after: f,
			regionID: f.RegionID, collegeID: f.CollegeID})
	})
}

const mobilityColumns = `m.id, m.college_id, m.region_id, m.direction, m.participant, COALESCE(m.student_id, 0), COALESCE(m.teacher_id, 0),
	m.person_name, m.country, COALESCE(m.partner_id, 0), m.host, m.starts_on, m.ends_on, m.funding, m.outcome, m.note, m.created_at,
	m.updated_at, c.name_kk, c.name_ru, c.name_en, COALESCE(p.name, ''), COALESCE(p.ru_region, '')`

const mobilityFrom = ` FROM mobility m JOIN colleges c ON c.id = m.college_id LEFT JOIN international_partners p ON p.id = m.partner_id`

func scanMobility(r interface{ Scan(...any) error }) (domain.Mobility, error) {
	var m domain.Mobility
	var direction, participant, funding, outcome string
	err := r.Scan(&m.ID, &m.CollegeID, &m.RegionID, &direction, &participant, &m.StudentID, &m.TeacherID, &m.PersonName, &m.Country,
		&m.PartnerID, &m.Host, timeScanner{&m.StartsOn}, timeScanner{&m.EndsOn}, &funding, &outcome, &m.Note, timeScanner{&m.CreatedAt},
		timeScanner{&m.UpdatedAt}, &m.College.KK, &m.College.RU, &m.College.EN, &m.Partner, &m.RURegion)
	m.Direction, m.Participant = domain.MobilityDirection(direction), domain.Participant(participant)
	m.Funding, m.Outcome = domain.MobilityFunding(funding), domain.MobilityOutcome(outcome)
	return m, err
}

var mobilityOrders = map[string]string{
	"-starts_on": ` ORDER BY m.starts_on DESC, m.id DESC`,
	"country":    ` ORDER BY m.country, m.starts_on DESC, m.id DESC`,
}

// Mobilities returns a page of mobilities.
func (s *Store) Mobilities(ctx context.Context, f domain.MobilityFilter) (domain.List[domain.Mobility], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Mobility]{}, err
	}
	w := &where{}
	if f.RegionID != 0 {
		w.add("m.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("m.college_id = ?", f.CollegeID)
	}
	if f.Direction != "" {
		w.add("m.direction = ?", string(f.Direction))
	}
	if f.Participant != "" {
		w.add("m.participant = ?", string(f.Participant))
	}
	if f.Country != "" {
		w.add("m.country = ?", f.Country)
	}
	list := domain.List[domain.Mobility]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM mobility m`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+mobilityColumns+mobilityFrom+w.sql()+mobilityOrders[f.Sort]+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanMobility)
	return list, err
}

// Mobility returns one mobility; ENOTFOUND if there is none.
func (s *Store) Mobility(ctx context.Context, id int64) (domain.Mobility, error) {
	m, err := scanMobility(s.read.QueryRowContext(ctx, `SELECT `+mobilityColumns+mobilityFrom+` WHERE m.id = $1`, id))
	return m, notFound(err, "mobility")
}

// SaveMobility records (ID 0) or changes a mobility, audited; the college
// of a stored one does not change. An outgoing student or teacher must be
// the college's, and the record's name is theirs. EINVALID for bad input,
// a person not of the college or an unknown partner (whose country must
// be the mobility's); ENOTFOUND for an unknown ID.
func (s *Store) SaveMobility(ctx context.Context, m *domain.Mobility) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var before domain.Mobility
		if m.ID != 0 {
			var err error
			before, err = scanMobility(tx.QueryRowContext(ctx, `SELECT `+mobilityColumns+mobilityFrom+` WHERE m.id = $1`, m.ID))
			if err != nil {
				return notFound(err, "mobility")
			}
			m.CollegeID = before.CollegeID
		}
		region, err := collegeRegionTx(ctx, tx, m.CollegeID)
		if err != nil {
			return err
		}
		m.RegionID = region
		if err := mobilityPerson(ctx, tx, m); err != nil {
			return err
		}
		if m.PartnerID != 0 {
			var country string
			err := tx.QueryRowContext(ctx, `SELECT country, name FROM international_partners WHERE id = $1`, m.PartnerID).Scan(&country, &m.Partner)
			if err == sql.ErrNoRows {
				return domain.Invalid("partner_id", "error.partner.unknown", "unknown partner")
			}
			if err != nil {
				return err
			}
			if country != m.Country {
				return domain.Invalid("country", "error.mobility.partner_country", "the country is not the partner's")
			}
			if m.Host == "" {
				m.Host = m.Partner
			}
		}
		now := s.Now().UTC()
		if m.ID == 0 {
			m.CreatedAt, m.UpdatedAt = now, now
			if err := tx.QueryRowContext(ctx, `INSERT INTO mobility (college_id, region_id, direction, participant, student_id, teacher_id,
				person_name, country, partner_id, host, starts_on, ends_on, funding, outcome, note, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
				m.CollegeID, m.RegionID, string(m.Direction), string(m.Participant), nullID(m.StudentID), nullID(m.TeacherID), m.PersonName,
				m.Country, nullID(m.PartnerID), m.Host, dateParam(m.StartsOn), dateParam(m.EndsOn), string(m.Funding), string(m.Outcome),
				m.Note, timeParam(now)).Scan(&m.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "mobility", recordID: m.ID, after: m,
				regionID: m.RegionID, collegeID: m.CollegeID})
		}
		m.CreatedAt, m.UpdatedAt = before.CreatedAt, now
		if _, err := tx.ExecContext(ctx, `UPDATE mobility SET direction = $2, participant = $3, student_id = $4, teacher_id = $5,
			person_name = $6, country = $7, partner_id = $8, host = $9, starts_on = $10, ends_on = $11, funding = $12, outcome = $13,
			note = $14, updated_at = $15 WHERE id = $1`,
			m.ID, string(m.Direction), string(m.Participant), nullID(m.StudentID), nullID(m.TeacherID), m.PersonName, m.Country,
			nullID(m.PartnerID), m.Host, dateParam(m.StartsOn), dateParam(m.EndsOn), string(m.Funding), string(m.Outcome), m.Note,
			timeParam(now)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "mobility", recordID: m.ID, before: before, after: m,
			regionID: m.RegionID, collegeID: m.CollegeID})
	})
}

// mobilityPerson checks that an outgoing student or teacher is the
// college's and takes the name from the record.
func mobilityPerson(ctx context.Context, tx *sql.Tx, m *domain.Mobility) error {
	var table, field string
	var id int64
	switch {
	case m.StudentID != 0:
		table, field, id = "students", "student_id", m.StudentID
	case m.TeacherID != 0:
		table, field, id = "teachers", "teacher_id", m.TeacherID
	default:
		return nil
	}
	var college int64
	var n domain.PersonName
	err := tx.QueryRowContext(ctx, `SELECT college_id, last_name, first_name, middle_name FROM `+table+` WHERE id = $1`, id).
		Scan(&college, &n.Last, &n.First, &n.Middle)
	if err == sql.ErrNoRows || (err == nil && college != m.CollegeID) {
		return domain.Invalid(field, "error.mobility.not_of_college", "not a student or teacher of the college")
	}
	if err != nil {
		return err
	}
	m.PersonName = n.Full()
	return nil
}

// InternationalFigures counts the scope's internationalisation today: the
// colleges with an agreement in force, their partners and the partners'
// countries, the colleges working with Russia, the agreements by kind,
// the foreign specialists engaged today, and this academic year's
// mobility by direction, participant and country; for the country, a line
// per region.
func (s *Store) InternationalFigures(ctx context.Context, sc domain.CollegeScope) (domain.InternationalFigures, error) {
	day := s.today()
	from, to := domain.AcademicYearOf(day)
	fig := domain.InternationalFigures{Day: day, YearFrom: from, YearTo: to, AgreementsByKind: []domain.KindCount{},
		Countries: []domain.CountryPartners{}, Mobility: []domain.MobilityCount{}, ByCountry: []domain.CountryMobility{}}
	scoped := func(alias string, args ...any) *where {
		w := &where{args: args}
		if sc.RegionID != 0 {
			w.add(alias+".region_id = ?", sc.RegionID)
		}
		if sc.CollegeID != 0 {
			w.add(alias+".college_id = ?", sc.CollegeID)
		}
		return w
	}
	w := scoped("a", dateParam(day))
	w.conds = append(w.conds, inForceSQL("$1"))
	const agreementsFrom = ` FROM international_agreements a JOIN international_partners p ON p.id = a.partner_id`
	if err := s.read.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT a.college_id), count(DISTINCT a.partner_id),
		count(DISTINCT p.country), count(DISTINCT CASE WHEN p.country = 'RU' THEN a.college_id END)`+agreementsFrom+w.sql(), w.args...).
		Scan(&fig.Agreements, &fig.CollegesWithPartners, &fig.Partners, &fig.PartnerCountries, &fig.CollegesWithRussia); err != nil {
		return fig, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT a.kind, count(*)`+agreementsFrom+w.sql()+` GROUP BY a.kind`, w.args...)
	if err != nil {
		return fig, err
	}
	byKind, err := collect(rows, func(r interface{ Scan(...any) error }) (domain.KindCount, error) {
		var k domain.KindCount
		var kind string
		err := r.Scan(&kind, &k.Agreements)
		k.Kind = domain.AgreementKind(kind)
		return k, err
	})
	if err != nil {
		return fig, err
	}
	for _, kind := range domain.AgreementKinds {
		k := domain.KindCount{Kind: kind}
		for _, c := range byKind {
			if c.Kind == kind {
				k.Agreements = c.Agreements
			}
		}
		fig.AgreementsByKind = append(fig.AgreementsByKind, k)
	}
	rows, err = s.read.QueryContext(ctx, `SELECT p.country, count(DISTINCT a.partner_id), count(DISTINCT a.college_id)`+agreementsFrom+w.sql()+
		` GROUP BY p.country`, w.args...)
	if err != nil {
		return fig, err
	}
	if fig.Countries, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.CountryPartners, error) {
		var c domain.CountryPartners
		err := r.Scan(&c.Country, &c.Partners, &c.Colleges)
		return c, err
	}); err != nil {
		return fig, err
	}
	sort.SliceStable(fig.Countries, func(i, j int) bool {
		a, b := fig.Countries[i], fig.Countries[j]
		return a.Colleges > b.Colleges || a.Colleges == b.Colleges && a.Country < b.Country
	})
	ws := scoped("f", dateParam(day))
	ws.conds = append(ws.conds, "f.starts_on <= $1 AND (f.ends_on IS NULL OR f.ends_on >= $1)")
	if err := s.read.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN f.role = 'manager' THEN 1 ELSE 0 END), 0)
		FROM foreign_specialists f`+ws.sql(), ws.args...).Scan(&fig.Specialists, &fig.ForeignManagers); err != nil {
		return fig, err
	}
	wm := scoped("m", dateParam(from), dateParam(to))
	wm.conds = append(wm.conds, "m.starts_on <= $2 AND m.ends_on >= $1")
	rows, err = s.read.QueryContext(ctx, `SELECT m.region_id, m.direction, m.participant, m.country, count(*) FROM mobility m`+wm.sql()+`
		GROUP BY m.region_id, m.direction, m.participant, m.country`, wm.args...)
	if err != nil {
		return fig, err
	}
	type mobilityRow struct {
		region      int
		direction   domain.MobilityDirection
		participant domain.Participant
		country     string
		n           int
	}
	mobility, err := collect(rows, func(r interface{ Scan(...any) error }) (mobilityRow, error) {
		var m mobilityRow
		var d, p string
		err := r.Scan(&m.region, &d, &p, &m.country, &m.n)
		m.direction, m.participant = domain.MobilityDirection(d), domain.Participant(p)
		return m, err
	})
	if err != nil {
		return fig, err
	}
	for _, d := range domain.MobilityDirections {
		for _, p := range domain.Participants {
			fig.Mobility = append(fig.Mobility, domain.MobilityCount{Direction: d, Participant: p})
		}
	}
	countries := map[string]*domain.CountryMobility{}
	for _, m := range mobility {
		for i := range fig.Mobility {
			if fig.Mobility[i].Direction == m.direction && fig.Mobility[i].Participant == m.participant {
				fig.Mobility[i].People += m.n
			}
		}
		c, ok := countries[m.country]
		if !ok {
			c = &domain.CountryMobility{Country: m.country}
			countries[m.country] = c
		}
		if m.direction == domain.MobilityOutgoing {
			c.Outgoing += m.n
		} else {
			c.Incoming += m.n
		}
	}
	for _, c := range countries {
		fig.ByCountry = append(fig.ByCountry, *c)
	}
	sort.Slice(fig.ByCountry, func(i, j int) bool {
		a, b := fig.ByCountry[i], fig.ByCountry[j]
		return a.Outgoing+a.Incoming > b.Outgoing+b.Incoming || a.Outgoing+a.Incoming == b.Outgoing+b.Incoming && a.Country < b.Country
	})
	if sc.RegionID != 0 || sc.CollegeID != 0 {
		return fig, nil
	}
	rows, err = s.read.QueryContext(ctx, `SELECT r.id, r.name_kk, r.name_ru, r.name_en, count(DISTINCT a.college_id), count(DISTINCT p.country),
		count(DISTINCT CASE WHEN p.country = 'RU' THEN a.college_id END)`+agreementsFrom+` JOIN regions r ON r.id = a.region_id`+w.sql()+`
		GROUP BY r.id, r.name_kk, r.name_ru, r.name_en ORDER BY r.id`, w.args...)
	if err != nil {
		return fig, err
	}
	if fig.Regions, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.RegionInternational, error) {
		var ri domain.RegionInternational
		err := r.Scan(&ri.RegionID, &ri.Region.KK, &ri.Region.RU, &ri.Region.EN, &ri.CollegesWithPartners, &ri.PartnerCountries,
			&ri.CollegesWithRussia)
		return ri, err
	}); err != nil {
		return fig, err
	}
	for _, m := range mobility {
		for i := range fig.Regions {
			if fig.Regions[i].RegionID == m.region {
				if m.direction == domain.MobilityOutgoing {
					fig.Regions[i].Outgoing += m.n
				} else {
					fig.Regions[i].Incoming += m.n
				}
			}
		}
	}
	return fig, nil
}

// CrossBorder is the Kazakhstan–Russia view of the scope today: the
// agreements in force with Russian partners and this academic year's
// mobility with Russia, by Kazakh region and the partner's Russian region.
func (s *Store) CrossBorder(ctx context.Context, sc domain.CollegeScope) (domain.CrossBorder, error) {
	day := s.today()
	cb := domain.CrossBorder{Day: day, Cells: []domain.CrossBorderCell{}, Totals: []domain.CrossBorderCell{}, Agreements: []domain.Partnership{}}
	var err error
	if cb.RURegions, err = s.RussianRegions(ctx); err != nil {
		return cb, err
	}
	scoped := func(alias string, args ...any) *where {
		w := &where{args: args}
		if sc.RegionID != 0 {
			w.add(alias+".region_id = ?", sc.RegionID)
		}
		if sc.CollegeID != 0 {
			w.add(alias+".college_id = ?", sc.CollegeID)
		}
		return w
	}
	w := scoped("a", dateParam(day))
	w.conds = append(w.conds, inForceSQL("$1"), "p.country = 'RU'")
	if err := s.read.QueryRowContext(ctx, `SELECT count(DISTINCT a.college_id), count(DISTINCT a.partner_id)
		FROM international_agreements a JOIN international_partners p ON p.id = a.partner_id`+w.sql(), w.args...).
		Scan(&cb.Colleges, &cb.Partners); err != nil {
		return cb, err
	}
	type key struct {
		region int
		ru     string
	}
	cells := map[key]*domain.CrossBorderCell{}
	names := map[int]domain.Names{}
	cell := func(k key) *domain.CrossBorderCell {
		c, ok := cells[k]
		if !ok {
			c = &domain.CrossBorderCell{RegionID: k.region, RURegion: k.ru}
			cells[k] = c
		}
		return c
	}
	rows, err := s.read.QueryContext(ctx, `SELECT a.region_id, r.name_kk, r.name_ru, r.name_en, COALESCE(p.ru_region, ''), count(*),
		count(DISTINCT a.college_id)
		FROM international_agreements a JOIN international_partners p ON p.id = a.partner_id JOIN regions r ON r.id = a.region_id`+w.sql()+`
		GROUP BY a.region_id, r.name_kk, r.name_ru, r.name_en, p.ru_region`, w.args...)
	if err != nil {
		return cb, err
	}
	for rows.Next() {
		var k key
		var n domain.Names
		var agreements, colleges int
		if err := rows.Scan(&k.region, &n.KK, &n.RU, &n.EN, &k.ru, &agreements, &colleges); err != nil {
			rows.Close()
			return cb, err
		}
		names[k.region] = n
		c := cell(k)
		c.Agreements += agreements
		c.Colleges += colleges
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return cb, err
	}
	from, to := domain.AcademicYearOf(day)
	wm := scoped("m", dateParam(from), dateParam(to))
	wm.conds = append(wm.conds, "m.starts_on <= $2 AND m.ends_on >= $1", "m.country = 'RU'")
	rows, err = s.read.QueryContext(ctx, `SELECT m.region_id, r.name_kk, r.name_ru, r.name_en, COALESCE(p.ru_region, ''), m.direction, count(*)
		FROM mobility m JOIN regions r ON r.id = m.region_id LEFT JOIN international_partners p ON p.id = m.partner_id`+wm.sql()+`
		GROUP BY m.region_id, r.name_kk, r.name_ru, r.name_en, p.ru_region, m.direction`, wm.args...)
	if err != nil {
		return cb, err
	}
	for rows.Next() {
		var k key
		var n domain.Names
		var direction string
		var people int
		if err := rows.Scan(&k.region, &n.KK, &n.RU, &n.EN, &k.ru, &direction, &people); err != nil {
			rows.Close()
			return cb, err
		}
		names[k.region] = n
		c := cell(k)
		if direction == string(domain.MobilityOutgoing) {
			c.Outgoing += people
		} else {
			c.Incoming += people
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return cb, err
	}
	totals := map[string]*domain.CrossBorderCell{}
	for k, c := range cells {
		c.Region = names[k.region]
		cb.Cells = append(cb.Cells, *c)
		t, ok := totals[k.ru]
		if !ok {
			t = &domain.CrossBorderCell{RURegion: k.ru}
			totals[k.ru] = t
		}
		t.Agreements += c.Agreements
		t.Colleges += c.Colleges
		t.Outgoing += c.Outgoing
		t.Incoming += c.Incoming
	}
	sort.Slice(cb.Cells, func(i, j int) bool {
		a, b := cb.Cells[i], cb.Cells[j]
		return a.RegionID < b.RegionID || a.RegionID == b.RegionID && a.RURegion < b.RURegion
	})
	for _, r := range append(append([]domain.ForeignRegion{}, cb.RURegions...), domain.ForeignRegion{}) {
		t := domain.CrossBorderCell{RURegion: r.ISO}
		if got, ok := totals[r.ISO]; ok {
			t = *got
		}
		cb.Totals = append(cb.Totals, t)
	}
	limit := &where{args: append([]any{}, w.args...), conds: append([]string{}, w.conds...)}
	rows, err = s.read.QueryContext(ctx, `SELECT `+partnershipColumns+partnershipFrom+limit.sql()+` ORDER BY a.region_id, p.search_key, a.id
		LIMIT 200`, limit.args...)
	if err != nil {
		return cb, err
	}
	cb.Agreements, err = collect(rows, func(r interface{ Scan(...any) error }) (domain.Partnership, error) { return scanPartnership(r, day) })
	return cb, err
}
