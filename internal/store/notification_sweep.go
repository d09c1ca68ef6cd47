package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The notifications' sweep (internal/notify runs it): find the events due
// and raise one notification per person and event, then hand the e-mails
// still to send to one node at a time.
//
// Each kind is a query of the events due joined to the accounts they
// concern, with the person's choice for the kind and their e-mail
// address, leaving out the notifications already raised; the rows are
// inserted with ON CONFLICT DO NOTHING on (user, kind, event), so a sweep
// that races another on a second node, or runs twice, raises nothing
// twice. Each kind is its own transaction, so SQLite's writer is held for
// one kind's inserts at a time.

// recipient is the part of every kind's query that reads the person's
// choice for the kind ($1) and their e-mail address; its columns come
// first in every row.
const (
	recipientColumns = `u.id, COALESCE(np.in_app, TRUE), COALESCE(np.email, TRUE), COALESCE(ns.email, '')`
	recipientJoins   = ` LEFT JOIN notification_prefs np ON np.user_id = u.id AND np.kind = $1
		LEFT JOIN notification_settings ns ON ns.user_id = u.id`
)

// notRaised leaves out the events already raised for the person; key is
// the SQL of the event's key.
func notRaised(key string) string {
	return ` AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.kind = $1 AND n.event_key = ` + key + `)`
}

// candidate is a notification to raise, before the person's choice is
// applied.
type candidate struct {
	userID         int64
	inApp, email   bool
	address        string
	eventKey, link string
	params         map[string]string
}

// kindQuery is one query of a kind: the SQL (with $1 the kind and $2, $3
// the kind's arguments), the kind's own columns after the recipient's and
// the event's key and link, and how they become the message's params.
type kindQuery struct {
	sql    string
	args   []any
	cols   func() []any
	params func(cols []any) map[string]string
}

// RaiseNotifications raises, as of now, every notification due under
// rules that has not been raised yet, and returns how many of each kind.
// Running it again, or on another node at the same moment, raises nothing
// twice.
func (s *Store) RaiseNotifications(ctx context.Context, rules domain.NotificationRules, now time.Time) (domain.RaiseResult, error) {
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	if a := domain.ActorFrom(ctx); a.User == nil && a.Via == "" {
		ctx = domain.WithActor(ctx, domain.System)
	}
	res := domain.RaiseResult{}
	for _, k := range domain.NotificationKinds {
		n := 0
		for _, q := range s.kindQueries(k, rules, now) {
			got, err := s.raise(ctx, k, q, now)
			if err != nil {
				return res, err
			}
			n += got
		}
		if n > 0 {
			res[k] = n
		}
	}
	if res.Total() == 0 {
		return res, nil
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, change{action: "sweep", recordType: "notifications", recordID: timeParam(now), after: res})
	})
	return res, err
}

// personName is the full name of a person's three name columns.
func personName(cols []any, at int) string {
	return domain.PersonName{Last: *cols[at].(*string), First: *cols[at+1].(*string), Middle: *cols[at+2].(*string)}.Full()
}

// dayIn is the day of an instant in Kazakhstan, as a param.
func dayIn(t time.Time) string { return domain.DateInKazakhstan(t).Format(time.DateOnly) }

func nameCols() []any { return []any{new(string), new(string), new(string)} }

// kindQueries are the queries of kind k as of now.
func (s *Store) kindQueries(k domain.NotificationKind, rules domain.NotificationRules, now time.Time) []kindQuery {
	since := now.Add(-rules.Lookback)
	switch k {
	case domain.NotifyAgreementAwaiting:
		// An agreement awaiting signatures since its last send or edit
		// (updated_at; an approval does not change it) tells each party
		// that has not approved the current version, once per version.
		var qs []kindQuery
		for _, p := range []struct{ party, join string }{
			{"college", "u.role = 'college' AND u.college_id = a.college_id"},
			{"enterprise", "u.role = 'enterprise' AND u.enterprise_id = a.enterprise_id"},
			{"student", "u.role = 'student' AND u.student_id = a.student_id"},
		} {
			key := `'agreement:' || a.id || ':' || a.version`
			qs = append(qs, kindQuery{
				sql: `SELECT ` + recipientColumns + `, ` + key + `, '/agreements/' || a.id, s.last_name, s.first_name, s.middle_name, a.updated_at
					FROM agreements a JOIN students s ON s.id = a.student_id
					JOIN users u ON ` + p.join + ` AND NOT u.disabled` + recipientJoins + `
					WHERE a.status = 'awaiting' AND a.updated_at <= $2
						AND NOT EXISTS (SELECT 1 FROM agreement_approvals ap WHERE ap.agreement_id = a.id AND ap.version = a.version
							AND ap.party = '` + p.party + `' AND ap.cleared_at IS NULL)` + notRaised(key),
				args: []any{timeParam(now.AddDate(0, 0, -rules.AgreementDays))},
				cols: func() []any { return append(nameCols(), new(time.Time)) },
				params: func(c []any) map[string]string {
					return map[string]string{"student": personName(c, 0), "since_on": dayIn(*c[3].(*time.Time))}
				},
			})
		}
		return qs
	case domain.NotifyLogbookWaiting:
		key := `'entry:' || e.id`
		return []kindQuery{{
			sql: `SELECT ` + recipientColumns + `, ` + key + `, '/logbook/' || e.id, s.last_name, s.first_name, s.middle_name,
					e.week_start, e.submitted_at
				FROM logbook_entries e JOIN agreements a ON a.id = e.agreement_id JOIN mentors m ON m.id = a.mentor_id
				JOIN students s ON s.id = e.student_id
				JOIN users u ON u.id = m.user_id AND NOT u.disabled` + recipientJoins + `
				WHERE e.status = 'submitted' AND e.submitted_at <= $2` + notRaised(key),
			args: []any{timeParam(now.AddDate(0, 0, -rules.LogbookDays))},
			cols: func() []any { return append(nameCols(), new(time.Time), new(time.Time)) },
			params: func(c []any) map[string]string {
				return map[string]string{"student": personName(c, 0), "week_on": c[3].(*time.Time).Format(time.DateOnly),
					"since_on": dayIn(*c[4].(*time.Time))}
			},
		}}
	case domain.NotifyObligationMilestone:
		// Every alert of the targeted-training contracts (a change of the
		// obligation's state, a deadline near) tells the college's and the
		// employer's accounts.
		var qs []kindQuery
		for _, join := range []string{
			"u.role = 'college' AND u.college_id = al.college_id",
			"u.role = 'enterprise' AND u.enterprise_id = al.enterprise_id",
		} {
			key := `'alert:' || al.id`
			qs = append(qs, kindQuery{
				sql: `SELECT ` + recipientColumns + `, ` + key + `, '/targeted/contracts/' || al.contract_id,
						s.last_name, s.first_name, s.middle_name, tc.number, al.kind, al.state, al.due_on
					FROM alerts al JOIN targeted_contracts tc ON tc.id = al.contract_id JOIN students s ON s.id = tc.student_id
					JOIN users u ON ` + join + ` AND NOT u.disabled` + recipientJoins + `
					WHERE al.created_at >= $2` + notRaised(key),
				args: []any{timeParam(since)},
				cols: func() []any { return append(nameCols(), new(string), new(string), new(string), new(time.Time)) },
				params: func(c []any) map[string]string {
					p := map[string]string{"student": personName(c, 0), "number": *c[3].(*string), "variant": *c[4].(*string),
						"state": *c[5].(*string)}
					if due := *c[6].(*time.Time); !due.IsZero() {
						p["due_on"] = due.Format(time.DateOnly)
					} else if p["variant"] == "change" {
						p["variant"] = "change_final"
					}
					return p
				},
			})
		}
		return qs
	case domain.NotifyRoundOpened:
		key := `'round:' || r.id || ':opened'`
		roundCols := func() []any { return []any{new(string), new(time.Time)} }
		roundParams := func(c []any) map[string]string {
			return map[string]string{"round": *c[0].(*string), "deadline_on": dayIn(*c[1].(*time.Time))}
		}
		return []kindQuery{{
			sql: `SELECT ` + recipientColumns + `, ` + key + `, '/rounds/' || r.id, r.name, r.deadline
				FROM rounds r JOIN round_students rs ON rs.round_id = r.id
				JOIN users u ON u.role = 'student' AND u.student_id = rs.student_id AND NOT u.disabled` + recipientJoins + `
				WHERE r.status = 'open' AND r.created_at >= $2` + notRaised(key),
			args: []any{timeParam(since)}, cols: roundCols, params: roundParams,
		}, {
			sql: `SELECT ` + recipientColumns + `, ` + key + `, '/rounds/' || r.id, r.name, r.deadline
				FROM rounds r JOIN (SELECT DISTINCT ro.round_id, o.enterprise_id FROM round_offers ro JOIN offers o ON o.id = ro.offer_id
						WHERE ro.round_id IN (SELECT id FROM rounds WHERE status = 'open' AND created_at >= $2)) re ON re.round_id = r.id
				JOIN users u ON u.role = 'enterprise' AND u.enterprise_id = re.enterprise_id AND NOT u.disabled` + recipientJoins + `
				WHERE r.status = 'open'` + notRaised(key),
			args: []any{timeParam(since)}, cols: roundCols, params: roundParams,
		}}
	case domain.NotifyRoundClosing:
		key := `'round:' || r.id || ':closing'`
		return []kindQuery{{
			sql: `SELECT ` + recipientColumns + `, ` + key + `, '/rounds/' || r.id, r.name, r.deadline
				FROM rounds r JOIN round_students rs ON rs.round_id = r.id
				JOIN users u ON u.role = 'student' AND u.student_id = rs.student_id AND NOT u.disabled` + recipientJoins + `
				WHERE r.status = 'open' AND r.deadline > $2 AND r.deadline <= $3` + notRaised(key),
			args: []any{timeParam(now), timeParam(now.AddDate(0, 0, rules.RoundClosingDays))},
			cols: func() []any { return []any{new(string), new(time.Time)} },
			params: func(c []any) map[string]string {
				return map[string]string{"round": *c[0].(*string), "deadline_on": dayIn(*c[1].(*time.Time))}
			},
		}}
	}
	return nil
}

// notificationBatch bounds the rows of one INSERT: 9 parameters each.
const notificationBatch = 500

// raise runs one query of kind k and inserts what it found, in one
// transaction, and returns how many rows were new.
func (s *Store) raise(ctx context.Context, k domain.NotificationKind, q kindQuery, now time.Time) (int, error) {
	var raised int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		raised = 0
		rows, err := tx.QueryContext(ctx, q.sql, append([]any{string(k)}, q.args...)...)
		if err != nil {
			return err
		}
		var found []candidate
		for rows.Next() {
			var c candidate
			own := q.cols()
			dest := []any{&c.userID, &c.inApp, &c.email, &c.address, &c.eventKey, &c.link}
			for _, col := range own {
				if t, ok := col.(*time.Time); ok {
					dest = append(dest, timeScanner{t})
				} else {
					dest = append(dest, col)
				}
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
			c.email = c.email && c.address != ""
			if !c.inApp && !c.email {
				continue // the person wants none of this kind
			}
			c.params = q.params(own)
			found = append(found, c)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		created := timeParam(now)
		for start := 0; start < len(found); start += notificationBatch {
			batch := found[start:min(start+notificationBatch, len(found))]
			var b strings.Builder
			b.WriteString(`INSERT INTO notifications (user_id, kind, event_key, params, link, in_app, email, created_at) VALUES `)
			args := make([]any, 0, 8*len(batch))
			for i, c := range batch {
				params, err := json.Marshal(c.params)
				if err != nil {
					return err
				}
				if i > 0 {
					b.WriteString(", ")
				}
				n := len(args)
				b.WriteString("(")
				for j := 1; j <= 8; j++ {
					if j > 1 {
						b.WriteString(", ")
					}
					b.WriteString("$" + strconv.Itoa(n+j))
				}
				b.WriteString(")")
				args = append(args, c.userID, string(k), c.eventKey, string(params), c.link, c.inApp, c.email, created)
			}
			b.WriteString(` ON CONFLICT (user_id, kind, event_key) DO NOTHING`)
			r, err := tx.ExecContext(ctx, b.String(), args...)
			if err != nil {
				return err
			}
			n, err := r.RowsAffected()
			if err != nil {
				return err
			}
			raised += int(n)
		}
		return nil
	})
	return raised, err
}

// maxEmailAttempts bounds the tries of one e-mail: a person whose server
// refuses it five times still sees the notification in the product.
const maxEmailAttempts = 5

// ClaimEmails claims, as of now, up to limit notifications still to be
// e-mailed and returns them grouped by person, for one message each. Only
// notifications raised within rules.EmailWithin go out, to a person who
// has an address and still wants e-mails of the kind; a claim older than
// retryAfter is taken again (the node that held it failed to send). A
// notification is claimed by one caller however many ask at once: the
// claim is an UPDATE that re-checks it.
func (s *Store) ClaimEmails(ctx context.Context, rules domain.NotificationRules, now time.Time, retryAfter time.Duration,
	limit int) ([]domain.Email, error) {
	var out []domain.Email
	stale := timeParam(now.Add(-retryAfter))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT `+notificationColumns+`, u.name, ns.email, ns.lang
			FROM notifications n JOIN users u ON u.id = n.user_id JOIN notification_settings ns ON ns.user_id = n.user_id
			LEFT JOIN notification_prefs np ON np.user_id = n.user_id AND np.kind = n.kind
			WHERE n.email AND n.emailed_at IS NULL AND n.created_at >= $1
				AND (n.email_claimed_at IS NULL OR n.email_claimed_at < $2) AND n.email_attempts < $3
				AND ns.email <> '' AND COALESCE(np.email, TRUE) AND NOT u.disabled
			ORDER BY n.user_id, n.id LIMIT $4`,
			timeParam(now.Add(-rules.EmailWithin)), stale, maxEmailAttempts, limit)
		if err != nil {
			return err
		}
		type pending struct {
			n                domain.Notification
			name, addr, lang string
		}
		found, err := collect(rows, func(r interface{ Scan(...any) error }) (pending, error) {
			var p pending
			var kind, params string
			err := r.Scan(&p.n.ID, &p.n.UserID, &kind, &p.n.EventKey, &params, &p.n.Link, &p.n.InApp, &p.n.Email,
				timeScanner{&p.n.CreatedAt}, timeScanner{&p.n.ReadAt}, timeScanner{&p.n.EmailedAt}, &p.name, &p.addr, &p.lang)
			if err != nil {
				return p, err
			}
			p.n.Kind = domain.NotificationKind(kind)
			return p, json.Unmarshal([]byte(params), &p.n.Params)
		})
		if err != nil {
			return err
		}
		for _, p := range found {
			r, err := tx.ExecContext(ctx, `UPDATE notifications SET email_claimed_at = $1, email_attempts = email_attempts + 1
				WHERE id = $2 AND emailed_at IS NULL AND (email_claimed_at IS NULL OR email_claimed_at < $3)`,
				timeParam(now), p.n.ID, stale)
			if err != nil {
				return err
			}
			if n, err := r.RowsAffected(); err != nil || n == 0 {
				if err != nil {
					return err
				}
				continue // another node claimed it first
			}
			if len(out) == 0 || out[len(out)-1].UserID != p.n.UserID {
				out = append(out, domain.Email{UserID: p.n.UserID, Name: p.name, To: p.addr, Lang: p.lang})
			}
			last := &out[len(out)-1]
			last.Notifications = append(last.Notifications, p.n)
		}
		return nil
	})
	return out, err
}

// EmailSent records that a person's claimed notifications went out at at,
// with the message in the audit log (to whom, which notifications).
func (s *Store) EmailSent(ctx context.Context, e domain.Email, at time.Time) error {
	if a := domain.ActorFrom(ctx); a.User == nil && a.Via == "" {
		ctx = domain.WithActor(ctx, domain.System)
	}
	ids := make([]int64, 0, len(e.Notifications))
	return s.tx(ctx, func(tx *sql.Tx) error {
		ids = ids[:0]
		for _, n := range e.Notifications {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET emailed_at = $1 WHERE id = $2`, timeParam(at), n.ID); err != nil {
				return err
			}
			ids = append(ids, n.ID)
		}
		return s.audit(ctx, tx, change{action: "email", recordType: "notification", recordID: "user:" + strconv.FormatInt(e.UserID, 10),
			after: map[string]any{"to": e.To, "notifications": ids}})
	})
}
