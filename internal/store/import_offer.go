package store

import (
	"context"
	"iter"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Placement offers are keyed by the enterprise and the enterprise's own
// reference for the offer (offers.ref, migration 00006): its list of
// vacancies, imported again, finds the offers it brought in before. A new
// offer comes in as a draft, which the enterprise submits for approval as
// it would one made on the page; a draft or an offer referred back is
// updated in place (a referred one stays referred, with the approver's
// reason, until the enterprise submits it again). An offer past that
// (submitted, approved, open, closed) is no longer the enterprise's to
// change: a row that would change one is a problem of the file, and a row
// that repeats it as it is counts as unchanged, so that an enterprise can
// keep one growing list and import it whole each time.
//
// The site is named by its city, looked up in the whole country by the
// same keys as the other kinds' cities (domain.PlaceKeys); the offer's
// region is the city's. The optional columns (the partner college, the
// requirements, the stipend, the reservation) keep an existing offer's
// values when the file lacks them: the rows are staged with NULL for an
// absent column and completed from the stored offer before the checks, so
// that the checks compare what the merge would write.

// offerTerms are the columns an import sets on an existing offer, and
// compares to tell whether it changes.
var offerTerms = []string{"college_id", "qualification_code", "city_id", "region_id", "capacity", "starts_on", "ends_on",
	"weekdays", "hours_per_week", "requirements", "stipend_tenge", "reserved"}

// offerLocked are the states in which an offer no longer changes from a
// file, each with its message.
var offerLocked = []struct {
	status  domain.OfferStatus
	key     string
	message string
}{
	{domain.OfferSubmitted, "error.import.offer_submitted", "offer %s is awaiting approval: it can change only after the approver refers it back"},
	{domain.OfferApproved, "error.import.offer_approved", "offer %s is approved and can no longer change: give changed terms a new reference, as a new offer"},
	{domain.OfferOpen, "error.import.offer_open", "offer %s is open for applications and can no longer change: close it and give changed terms a new reference"},
	{domain.OfferClosed, "error.import.offer_closed", "offer %s is closed and can no longer change: give new terms a new reference"},
}

var offerImport = &importKind{
	kind: domain.ImportOffers, table: "offers", recordType: "offer", key: []string{"enterprise_id", "ref"},
	staging: "import_offers",
	columns: []stagingColumn{{"enterprise_bin", "text"}, {"ref", "text"}, {"college_bin", "text"}, {"qualification_code", "text"},
		{"city", "text"}, {"city_key", "text"}, {"city_short", "text"}, {"capacity", "int"}, {"starts_on", "date"},
		{"ends_on", "date"}, {"weekdays", "text"}, {"hours_per_week", "int"}, {"requirements", "text"},
		{"stipend_tenge", "int"}, {"reserved", "int"}},
	resolved: []stagingColumn{{"enterprise_id", "int"}, {"college_id", "int"}, {"city_id", "int"}, {"region_id", "int"},
		{"offer_id", "int"}},
	// The city keys of stagePlaces, looked up by key alone here.
	places: true,
	prepare: []string{
		`CREATE INDEX import_city_keys_key ON import_city_keys (key)`,
		// A key that fits cities in two regions, or two cities of one
		// (a NULL city), fits none.
		`UPDATE import_offers SET city_id = COALESCE(
			(SELECT CASE WHEN count(*) = 1 THEN max(k.city_id) END FROM import_city_keys k WHERE k.key = import_offers.city_key),
			(SELECT CASE WHEN count(*) = 1 THEN max(k.city_id) END FROM import_city_keys k WHERE k.key = import_offers.city_short
				AND NOT EXISTS (SELECT 1 FROM import_city_keys f WHERE f.key = import_offers.city_key)))`,
		`UPDATE import_offers SET region_id = (SELECT c.region_id FROM cities c WHERE c.id = import_offers.city_id),
			enterprise_id = (SELECT e.id FROM enterprises e WHERE e.bin = import_offers.enterprise_bin),
			college_id = (SELECT c.id FROM colleges c WHERE c.bin = import_offers.college_bin)`,
		// The stored offer, and its values of the columns the file lacks.
		`UPDATE import_offers SET offer_id = t.id,
			college_id = CASE WHEN import_offers.college_bin IS NULL THEN t.college_id ELSE import_offers.college_id END,
			requirements = COALESCE(import_offers.requirements, t.requirements),
			stipend_tenge = COALESCE(import_offers.stipend_tenge, t.stipend_tenge),
			reserved = COALESCE(import_offers.reserved, CASE WHEN t.reserved THEN 1 ELSE 0 END)
		FROM offers t WHERE t.enterprise_id = import_offers.enterprise_id AND t.ref = import_offers.ref`,
		`UPDATE import_offers SET requirements = COALESCE(requirements, ''), stipend_tenge = COALESCE(stipend_tenge, 0),
			reserved = COALESCE(reserved, 0)`,
	},
	checks: append(append([]importCheck{
		{column: "ref", key: "error.import.duplicate_offer", params: []string{"value", "row"},
			message: "offer %s of this enterprise is also on row %s: keep one of the two rows",
			query: `SELECT s.line, s.ref, d.first FROM import_offers s
				JOIN (SELECT enterprise_bin, ref, min(line) AS first FROM import_offers
					GROUP BY enterprise_bin, ref HAVING count(*) > 1) d
				ON d.enterprise_bin = s.enterprise_bin AND d.ref = s.ref
				WHERE s.line > d.first`},
		{column: "enterprise_bin", key: "error.import.enterprise_unknown", params: []string{"value"},
			message: "no enterprise with BIN %s in the registry",
			query:   `SELECT s.line, s.enterprise_bin FROM import_offers s WHERE s.enterprise_id IS NULL`},
		{column: "college_bin", key: "error.import.college_unknown", params: []string{"value"},
			message: "no college with BIN %s in the registry",
			query:   `SELECT s.line, s.college_bin FROM import_offers s WHERE s.college_bin <> '' AND s.college_id IS NULL`},
		{column: "qualification_code", key: "error.import.code_unknown", params: []string{"value"},
			message: "no code %s in the classifier",
			query: `SELECT s.line, s.qualification_code FROM import_offers s
				WHERE NOT EXISTS (SELECT 1 FROM qualifications q WHERE q.code = s.qualification_code)`},
		{column: "city", key: "error.import.offer_city_unknown", params: []string{"value"},
			message: "no city %q in the registry: write the name of the city or town of the site",
			query: `SELECT s.line, s.city FROM import_offers s WHERE s.city_id IS NULL
				AND NOT EXISTS (SELECT 1 FROM import_city_keys k WHERE k.key IN (s.city_key, s.city_short))`},
		{column: "city", key: "error.import.offer_city_ambiguous", params: []string{"value"},
			message: "%q fits more than one city: write the city's full name",
			query: `SELECT s.line, s.city FROM import_offers s WHERE s.city_id IS NULL
				AND EXISTS (SELECT 1 FROM import_city_keys k WHERE k.key IN (s.city_key, s.city_short))`},
	}, offerLockedChecks()...), offerScopeChecks()...),
	source: `SELECT s.enterprise_id, s.ref, s.college_id, s.qualification_code, s.city_id, s.region_id, s.capacity,
			s.starts_on, s.ends_on, s.weekdays, s.hours_per_week, s.requirements, s.stipend_tenge, (s.reserved <> 0) AS reserved,
			'draft' AS status, '' AS referral_reason, {now} AS created_at, {now} AS updated_at
		FROM import_offers s WHERE true`,
	insert: []string{"enterprise_id", "ref", "college_id", "qualification_code", "city_id", "region_id", "capacity",
		"starts_on", "ends_on", "weekdays", "hours_per_week", "requirements", "stipend_tenge", "reserved",
		"status", "referral_reason", "created_at", "updated_at"},
	update:       append(append([]string(nil), offerTerms...), "updated_at"),
	quiet:        map[string]bool{"updated_at": true},
	auditRegion:  "src.region_id",
	auditCollege: "src.college_id",
}

// offerLockedChecks report the rows that would change an offer no longer
// editable: the terms compared as the merge compares them.
func offerLockedChecks() []importCheck {
	changed := make([]string, len(offerTerms))
	for i, c := range offerTerms {
		staged := "s." + c
		if c == "reserved" {
			staged = "(s.reserved <> 0)" // staged as 0 or 1, stored as a boolean
		}
		changed[i] = "t." + c + " IS DISTINCT FROM " + staged
	}
	out := make([]importCheck, len(offerLocked))
	for i, l := range offerLocked {
		out[i] = importCheck{column: "ref", key: l.key, params: []string{"value"}, message: l.message,
			query: `SELECT s.line, s.ref FROM import_offers s JOIN offers t ON t.id = s.offer_id
				WHERE t.status = '` + string(l.status) + `' AND (` + strings.Join(changed, " OR ") + `)`}
	}
	return out
}

// offerScopeChecks keep an enterprise to its own offers and a regional
// department to the offers at sites in its region, as it sees them
// (access: offers by the site's region); a college coordinator imports no
// offers.
func offerScopeChecks() []importCheck {
	return []importCheck{
		{column: "enterprise_bin", key: "error.import.scope", message: "this row is outside your scope",
			scope: func(sc domain.ImportScope) (string, []any) {
				switch {
				case sc.EnterpriseID != 0:
					return `SELECT s.line FROM import_offers s WHERE s.enterprise_id <> $1`, []any{sc.EnterpriseID}
				case sc.CollegeID != 0:
					return `SELECT s.line FROM import_offers s`, nil
				}
				return "", nil
			}},
		{column: "city", key: "error.import.scope", message: "this row is outside your scope",
			scope: func(sc domain.ImportScope) (string, []any) {
				if sc.RegionID == 0 {
					return "", nil
				}
				return `SELECT s.line FROM import_offers s WHERE s.region_id <> $1`, []any{sc.RegionID}
			}},
		{column: "ref", key: "error.import.offer_scope_stored", params: []string{"value"},
			message: "offer %s is at a site outside your scope: it can be changed only there",
			scope: func(sc domain.ImportScope) (string, []any) {
				if sc.RegionID == 0 {
					return "", nil
				}
				// A row outside the region is told so by the check above.
				return `SELECT s.line, s.ref FROM import_offers s JOIN offers t ON t.id = s.offer_id
					WHERE s.region_id = $1 AND t.region_id <> $1`, []any{sc.RegionID}
			}},
	}
}

// ImportOffers upserts placement offers by the enterprise's BIN and its
// reference for the offer; see domain.ImportService and the rules above.
func (s *Store) ImportOffers(ctx context.Context, req domain.ImportRequest, rows iter.Seq2[domain.OfferRow, error]) (domain.ImportResult, error) {
	// A column the file lacks is staged as NULL: the stored value stays.
	hasCollege, hasRequirements, hasStipend, hasReserved := req.Has("college_bin"), req.Has("requirements"),
		req.Has("stipend_tenge"), req.Has("reserved")
	return runImport(ctx, s, offerImport, req, rows, func(r *domain.OfferRow, v []any) []any {
		cityKey, cityShort := domain.PlaceKeys(r.City)
		var college, requirements, stipend, reserved any
		if hasCollege {
			college = r.CollegeBIN
		}
		if hasRequirements {
			requirements = r.Requirements
		}
		if hasStipend {
			stipend = int64(r.StipendTenge)
		}
		if hasReserved {
			reserved = int64(0)
			if r.Reserved {
				reserved = int64(1)
			}
		}
		return append(v, r.Line, r.EnterpriseBIN, r.Ref, college, r.QualificationCode, r.City, cityKey, cityShort,
			int64(r.Capacity), r.StartsOn, r.EndsOn, r.Weekdays.String(), int64(r.HoursPerWeek), requirements, stipend, reserved)
	})
}
