package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.OfferService = (*Store)(nil)

const offerColumns = `o.id, o.enterprise_id, COALESCE(o.college_id, 0), o.qualification_code, o.city_id, o.capacity,
	o.starts_on, o.ends_on, o.weekdays, o.hours_per_week, o.requirements, o.stipend_tenge, o.reserved, o.status,
	o.referral_reason, o.created_at, o.updated_at, o.region_id, e.name_kk, e.name_ru, e.name_en, e.bin,
	COALESCE(c.name_kk, ''), COALESCE(c.name_ru, ''), COALESCE(c.name_en, ''), q.name_kk, q.name_ru, q.name_en,
	ci.name_kk, ci.name_ru, ci.name_en, ci.lat, ci.lon,
	(SELECT count(*) FROM applications ap WHERE ap.offer_id = o.id AND ap.status = 'accepted') + ` + acceptedPlacements + `,
	(SELECT count(*) FROM applications ap WHERE ap.offer_id = o.id AND ap.status = 'pending'),
	COALESCE(o.ref, '')`

// acceptedPlacements counts the places of an offer o that students
// accepted in allocation rounds: they are taken as much as those of the
// applications accepted. A placement is at an offer the student ranked, so
// the count goes from the offer's rounds to those who ranked it there, by
// index, rather than through every student of a national round.
const acceptedPlacements = `(SELECT count(*) FROM round_offers xo
		JOIN round_choices xc ON xc.round_id = xo.round_id AND xc.offer_id = xo.offer_id
		JOIN round_students xs ON xs.round_id = xc.round_id AND xs.student_id = xc.student_id
		WHERE xo.offer_id = o.id AND xs.offer_id = o.id AND xs.status = 'accepted')`

const offerFrom = ` FROM offers o
	JOIN enterprises e ON e.id = o.enterprise_id
	LEFT JOIN colleges c ON c.id = o.college_id
	JOIN qualifications q ON q.code = o.qualification_code
	JOIN cities ci ON ci.id = o.city_id`

// place is a point on the Earth in degrees.
type place struct{ lat, lon float64 }

// offerScanner scans an offer row; with from set it fills DistanceKm from
// the site's coordinates, when the city has them.
func offerScanner(from *place) func(r interface{ Scan(...any) error }) (domain.Offer, error) {
	return func(r interface{ Scan(...any) error }) (domain.Offer, error) {
		var o domain.Offer
		var weekdays, status string
		var lat, lon sql.NullFloat64
		err := r.Scan(&o.ID, &o.EnterpriseID, &o.CollegeID, &o.QualificationCode, &o.CityID, &o.Capacity,
			timeScanner{&o.StartsOn}, timeScanner{&o.EndsOn}, &weekdays, &o.HoursPerWeek, &o.Requirements, &o.StipendTenge,
			&o.Reserved, &status, &o.ReferralReason, timeScanner{&o.CreatedAt}, timeScanner{&o.UpdatedAt}, &o.RegionID,
			&o.Enterprise.KK, &o.Enterprise.RU, &o.Enterprise.EN, &o.EnterpriseBIN,
			&o.College.KK, &o.College.RU, &o.College.EN, &o.Qualification.KK, &o.Qualification.RU, &o.Qualification.EN,
			&o.City.KK, &o.City.RU, &o.City.EN, &lat, &lon, &o.Accepted, &o.Applications, &o.Ref)
		if err != nil {
			return o, err
		}
		o.Status = domain.OfferStatus(status)
		if o.Weekdays, err = domain.ParseWeekdays("weekdays", weekdays); err != nil {
			return o, err
		}
		if from != nil && lat.Valid && lon.Valid {
			o.DistanceKm = math.Round(greatCircleKm(*from, place{lat.Float64, lon.Float64})*10) / 10
		}
		return o, nil
	}
}

var scanOffer = offerScanner(nil)

// earthRadiusKm is the mean radius of the Earth.
const earthRadiusKm = 6371.0088

// greatCircleKm is the haversine distance between two places.
func greatCircleKm(a, b place) float64 {
	rad := math.Pi / 180
	dLat, dLon := (b.lat-a.lat)*rad, (b.lon-a.lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.lat*rad)*math.Cos(b.lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// Offers returns a page of offers: newest first, or nearest first from
// f.FromCityID. EINVALID for a bad filter or an unknown FromCityID.
func (s *Store) Offers(ctx context.Context, f domain.OfferFilter) (domain.List[domain.Offer], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Offer]{}, err
	}
	w, from, err := s.offerQuery(ctx, f)
	if err != nil {
		return domain.List[domain.Offer]{}, err
	}
	list := domain.List[domain.Offer]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM offers o`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	order := offerOrder(f, from, w)
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+offerColumns+offerFrom+w.sql()+order+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, offerScanner(from))
	return list, err
}

// offerQuery is the condition of a list of offers, shared by Offers and
// EachOffer, and the place distances are measured from (nil for none).
// EINVALID for an unknown FromCityID. f must be validated.
func (s *Store) offerQuery(ctx context.Context, f domain.OfferFilter) (*where, *place, error) {
	var from *place
	if f.FromCityID != 0 {
		var lat, lon sql.NullFloat64
		err := s.read.QueryRowContext(ctx, `SELECT lat, lon FROM cities WHERE id = $1`, f.FromCityID).Scan(&lat, &lon)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, domain.Invalid("from_city_id", "error.city.unknown", "unknown city")
		}
		if err != nil {
			return nil, nil, err
		}
		// A town without coordinates has no distances: the list stays newest first.
		if lat.Valid && lon.Valid {
			from = &place{lat.Float64, lon.Float64}
		}
	}
	w := &where{}
	if f.Status != "" {
		w.add("o.status = ?", string(f.Status))
	}
	if f.EnterpriseID != 0 {
		w.add("o.enterprise_id = ?", f.EnterpriseID)
	}
	if f.CollegeID != 0 {
		w.add("o.college_id = ?", f.CollegeID)
	}
	if f.RegionID != 0 {
		w.add("o.region_id = ?", f.RegionID)
	}
	if f.CityID != 0 {
		w.add("o.city_id = ?", f.CityID)
	}
	switch q := f.Qualification; {
	case domain.IsSpecialtyCode(q):
		w.add("o.qualification_code IN (SELECT code FROM qualifications WHERE specialty_code = ?)", q)
	case domain.IsQualificationCode(q):
		w.add("o.qualification_code = ?", q)
	}
	return w, from, nil
}

// offerOrder is the ORDER BY of a list of offers; the distance order adds
// its placeholders' values to w, after the condition's.
func offerOrder(f domain.OfferFilter, from *place, w *where) string {
	if f.Sort != domain.SortDistance || from == nil {
		return " ORDER BY o.created_at DESC, o.id DESC"
	}
	// The whole filtered set is ordered in SQL by the equirectangular
	// approximation, plain arithmetic both databases do and, within one
	// country, in the order of the true distance; the haversine figure
	// shown is computed per row. Sites without coordinates come last.
	n := len(w.args)
	w.args = append(w.args, from.lat, from.lon, math.Cos(from.lat*math.Pi/180))
	return fmt.Sprintf(` ORDER BY ci.lat IS NULL, (ci.lat - $%[1]d) * (ci.lat - $%[1]d) +
			(ci.lon - $%[2]d) * (ci.lon - $%[2]d) * $%[3]d * $%[3]d, o.id DESC`, n+1, n+2, n+3)
}

// Offer returns one offer; ENOTFOUND if there is none.
func (s *Store) Offer(ctx context.Context, id int64) (domain.Offer, error) {
	o, err := scanOffer(s.read.QueryRowContext(ctx, `SELECT `+offerColumns+offerFrom+` WHERE o.id = $1`, id))
	return o, notFound(err, "offer")
}

func offerIn(ctx context.Context, tx *sql.Tx, id int64) (domain.Offer, error) {
	o, err := scanOffer(tx.QueryRowContext(ctx, `SELECT `+offerColumns+offerFrom+` WHERE o.id = $1`, id))
	return o, notFound(err, "offer")
}

func offerStateError(status domain.OfferStatus) error {
	return domain.Errorf(domain.ECONFLICT, "error.offer.state", "the offer is %s", status).With("status", string(status))
}

// SaveOffer creates a draft (ID 0) or changes a draft or referred offer;
// the enterprise of an existing offer stays, and the region is the site
// city's. EINVALID for bad input or an unknown city, qualification,
// enterprise or college; ECONFLICT (error.offer.state) when the offer is no
// longer editable; ENOTFOUND for an unknown ID.
func (s *Store) SaveOffer(ctx context.Context, o *domain.Offer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var before domain.Offer
		if o.ID != 0 {
			var err error
			if before, err = offerIn(ctx, tx, o.ID); err != nil {
				return err
			}
			if !before.Editable() {
				return offerStateError(before.Status)
			}
			o.EnterpriseID = before.EnterpriseID
		}
		if err := checkOfferRefs(ctx, tx, o); err != nil {
			return err
		}
		now := s.Now().UTC()
		if o.ID == 0 {
			o.Status, o.ReferralReason, o.CreatedAt, o.UpdatedAt = domain.OfferDraft, "", now, now
			if err := tx.QueryRowContext(ctx, `
				INSERT INTO offers (enterprise_id, college_id, qualification_code, city_id, region_id, capacity, starts_on, ends_on,
					weekdays, hours_per_week, requirements, stipend_tenge, reserved, status, referral_reason, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', $15, $15) RETURNING id`,
				o.EnterpriseID, nullID(o.CollegeID), o.QualificationCode, o.CityID, o.RegionID, o.Capacity,
				dateParam(o.StartsOn), dateParam(o.EndsOn), o.Weekdays.String(), o.HoursPerWeek, o.Requirements,
				o.StipendTenge, o.Reserved, string(o.Status), timeParam(now)).Scan(&o.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "offer", recordID: o.ID, after: o,
				regionID: o.RegionID, collegeID: o.CollegeID})
		}
		// The state is checked again by the update itself: an approver may
		// have acted since the read.
		res, err := tx.ExecContext(ctx, `
			UPDATE offers SET college_id = $2, qualification_code = $3, city_id = $4, region_id = $5, capacity = $6,
				starts_on = $7, ends_on = $8, weekdays = $9, hours_per_week = $10, requirements = $11, stipend_tenge = $12,
				reserved = $13, updated_at = $14
			WHERE id = $1 AND status = $15`,
			o.ID, nullID(o.CollegeID), o.QualificationCode, o.CityID, o.RegionID, o.Capacity,
			dateParam(o.StartsOn), dateParam(o.EndsOn), o.Weekdays.String(), o.HoursPerWeek, o.Requirements,
			o.StipendTenge, o.Reserved, timeParam(now), string(before.Status))
		if err := oneRow(res, err, offerStateError(before.Status)); err != nil {
			return err
		}
		o.Status, o.ReferralReason, o.CreatedAt, o.UpdatedAt = before.Status, before.ReferralReason, before.CreatedAt, now
		return s.audit(ctx, tx, change{action: "update", recordType: "offer", recordID: o.ID, before: before, after: o,
			regionID: o.RegionID, collegeID: o.CollegeID})
	})
}

// oneRow returns conflict unless the statement changed exactly one row.
func oneRow(res sql.Result, err error, conflict error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return conflict
	}
	return nil
}

// checkOfferRefs checks what an offer refers to and sets its region from
// the site city.
func checkOfferRefs(ctx context.Context, tx *sql.Tx, o *domain.Offer) error {
	err := tx.QueryRowContext(ctx, `SELECT region_id FROM cities WHERE id = $1`, o.CityID).Scan(&o.RegionID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Invalid("city_id", "error.city.unknown", "unknown city")
	}
	if err != nil {
		return err
	}
	if err := exists(ctx, tx, `SELECT count(*) FROM qualifications WHERE code = $1`, o.QualificationCode,
		domain.Invalid("qualification_code", "error.qualification.unknown", "the qualification is not in the classifier")); err != nil {
		return err
	}
	if err := exists(ctx, tx, `SELECT count(*) FROM enterprises WHERE id = $1`, o.EnterpriseID,
		domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")); err != nil {
		return err
	}
	if o.CollegeID != 0 {
		return exists(ctx, tx, `SELECT count(*) FROM colleges WHERE id = $1`, o.CollegeID,
			domain.Invalid("college_id", "error.college.unknown", "unknown college"))
	}
	return nil
}

// moveOffer moves an offer from one of the states from to the state to,
// with the referral reason set when reason is valid, and audits it; the
// offer as it was is returned. ECONFLICT (error.offer.state) from any other
// state, ENOTFOUND for an unknown ID.
func (s *Store) moveOffer(ctx context.Context, tx *sql.Tx, id int64, action string, to domain.OfferStatus,
	reason sql.NullString, from ...domain.OfferStatus) (domain.Offer, error) {
	before, err := offerIn(ctx, tx, id)
	if err != nil {
		return before, err
	}
	if !slices.Contains(from, before.Status) {
		return before, offerStateError(before.Status)
	}
	after := before
	after.Status, after.UpdatedAt = to, s.Now().UTC()
	if reason.Valid {
		after.ReferralReason = reason.String
	}
	res, err := tx.ExecContext(ctx, `UPDATE offers SET status = $2, referral_reason = $3, updated_at = $4 WHERE id = $1 AND status = $5`,
		id, string(to), after.ReferralReason, timeParam(after.UpdatedAt), string(before.Status))
	if err := oneRow(res, err, offerStateError(before.Status)); err != nil {
		return before, err
	}
	return before, s.audit(ctx, tx, change{action: action, recordType: "offer", recordID: id, before: before, after: after,
		regionID: before.RegionID, collegeID: before.CollegeID})
}

// SubmitOffer sends a draft or referred offer for approval; the reason of
// an earlier referral stays for the approver to compare.
func (s *Store) SubmitOffer(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.moveOffer(ctx, tx, id, "submit", domain.OfferSubmitted, sql.NullString{}, domain.OfferDraft, domain.OfferReferred)
		return err
	})
}

// ApproveOffer approves a submitted offer, clearing the reason of an
// earlier referral. Who may approve (the partner college, else the site's
// regional department) is the access layer's rule.
func (s *Store) ApproveOffer(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.moveOffer(ctx, tx, id, "approve", domain.OfferApproved, sql.NullString{Valid: true}, domain.OfferSubmitted)
		return err
	})
}

// ReferOffer refers a submitted offer back to the enterprise with a
// reason; EINVALID (error.offer.reason) without one.
func (s *Store) ReferOffer(ctx context.Context, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return domain.Invalid("reason", "error.offer.reason", "write why the offer is referred back")
	case len([]rune(reason)) > 2000:
		return domain.Invalid("reason", "error.text.too_long", "too long").With("max", "2000")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.moveOffer(ctx, tx, id, "refer", domain.OfferReferred, sql.NullString{String: reason, Valid: true}, domain.OfferSubmitted)
		return err
	})
}

// OpenOffer opens an approved offer to applications.
func (s *Store) OpenOffer(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.moveOffer(ctx, tx, id, "open", domain.OfferOpen, sql.NullString{}, domain.OfferApproved)
		return err
	})
}

// offerClosedReason is the reason given to the applications still pending
// when their offer closes.
const offerClosedReason = "offer closed"

// CloseOffer closes an open offer and declines its pending applications.
func (s *Store) CloseOffer(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.moveOffer(ctx, tx, id, "close", domain.OfferClosed, sql.NullString{}, domain.OfferOpen); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+applicationColumns+applicationFrom+` WHERE ap.offer_id = $1 AND ap.status = 'pending'`, id)
		if err != nil {
			return err
		}
		pending, err := collect(rows, scanApplication)
		if err != nil {
			return err
		}
		for _, ap := range pending {
			if err := s.decideApplication(ctx, tx, ap, "decline", domain.ApplicationDeclined, offerClosedReason, 0); err != nil {
				return err
			}
		}
		return nil
	})
}
