package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.GuidanceService = (*Store)(nil)

// Career guidance (migration 00012): the test's items and the classifier's
// interest profiles as reference data, anonymous tests, and counsellors'
// class sessions. The recommendations read a snapshot built from the
// registry (guidance_recommend.go).

// loadGuidanceReference replaces the test's items and the interest
// profiles with the shipped ones; reference data without them (a test's
// own) leaves the tables as they are.
func loadGuidanceReference(ctx context.Context, tx *sql.Tx, ref domain.ReferenceData) error {
	if len(ref.GuidanceItems) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM guidance_items`); err != nil {
			return err
		}
		for _, it := range ref.GuidanceItems {
			if _, err := tx.ExecContext(ctx, `INSERT INTO guidance_items (id, position, area, text_kk, text_ru, text_en)
				VALUES ($1, $2, $3, $4, $5, $6)`, it.ID, it.Position, it.Area.String(), it.Text.KK, it.Text.RU, it.Text.EN); err != nil {
				return err
			}
		}
	}
	if len(ref.GuidanceProfiles) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM guidance_profiles`); err != nil {
			return err
		}
		for _, p := range ref.GuidanceProfiles {
			if err := p.Validate(); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO guidance_profiles (code, isco_code, isco_title, interest, rationale, isco_rationale)
				VALUES ($1, $2, $3, $4, $5, $6)`, p.Code, p.ISCOCode, p.ISCOTitle, p.Interest, p.Rationale, p.ISCORationale); err != nil {
				return err
			}
		}
	}
	return nil
}

// GuidanceItems returns the 60 items in the order of the test.
func (s *Store) GuidanceItems(ctx context.Context) ([]domain.GuidanceItem, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, position, area, text_kk, text_ru, text_en FROM guidance_items ORDER BY position`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.GuidanceItem, error) {
		var it domain.GuidanceItem
		var area string
		err := r.Scan(&it.ID, &it.Position, &area, &it.Text.KK, &it.Text.RU, &it.Text.EN)
		if area != "" {
			it.Area = domain.Area(area[0])
		}
		return it, err
	})
}

// GuidanceProfiles returns the shipped (or loaded) profiles by code.
func (s *Store) GuidanceProfiles(ctx context.Context) ([]domain.GuidanceProfile, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT code, isco_code, isco_title, interest, rationale, isco_rationale
		FROM guidance_profiles ORDER BY code`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (domain.GuidanceProfile, error) {
		var p domain.GuidanceProfile
		err := r.Scan(&p.Code, &p.ISCOCode, &p.ISCOTitle, &p.Interest, &p.Rationale, &p.ISCORationale)
		return p, err
	})
}

// opaqueID draws 128 random bits written in 26 lower-case base32
// characters: a test's key and its results' ID, which nobody can guess or
// count through.
func opaqueID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// joinCode draws a class session's join code.
func joinCode() string {
	var b [domain.JoinCodeLength]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = domain.JoinCodeAlphabet[int(b[i])%len(domain.JoinCodeAlphabet)]
	}
	return string(b[:])
}

const attemptColumns = `id, COALESCE(result_id, ''), COALESCE(session_id, 0), COALESCE(city_id, 0), answers,
	score_r, score_i, score_a, score_s, score_e, score_c, code, created_at, updated_at, finished_at`

func scanAttempt(r interface{ Scan(...any) error }) (domain.GuidanceAttempt, error) {
	var a domain.GuidanceAttempt
	var answers string
	sc := &a.Scores
	err := r.Scan(&a.ID, &a.ResultID, &a.SessionID, &a.CityID, &answers, &sc[0], &sc[1], &sc[2], &sc[3], &sc[4], &sc[5], &a.Code,
		timeScanner{&a.CreatedAt}, timeScanner{&a.UpdatedAt}, timeScanner{&a.FinishedAt})
	if err != nil {
		return a, err
	}
	a.Answers, err = domain.ParseAnswers(answers)
	return a, err
}

// checkCity returns EINVALID for a city the registry does not have.
func checkCity(ctx context.Context, q rowQuerier, cityID int64) error {
	if cityID == 0 {
		return nil
	}
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM cities WHERE id = $1`, cityID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Invalid("city_id", "error.guidance.city", "choose a city from the list")
	}
	return err
}

// StartGuidance starts a test, through a class session when joinCode is
// given.
func (s *Store) StartGuidance(ctx context.Context, code string, cityID int64) (domain.GuidanceAttempt, error) {
	a := domain.GuidanceAttempt{ID: opaqueID(), CityID: cityID}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkCity(ctx, tx, cityID); err != nil {
			return err
		}
		if code != "" {
			sess, err := s.sessionByCode(ctx, tx, code)
			if err != nil {
				return err
			}
			if sess.Closed {
				return domain.Invalid("join_code", "error.guidance.session_closed", "this class session is closed").With("code", sess.JoinCode)
			}
			a.SessionID = sess.ID
		}
		now := s.Now().UTC()
		a.CreatedAt, a.UpdatedAt = now, now
		_, err := tx.ExecContext(ctx, `INSERT INTO guidance_attempts (id, session_id, city_id, answers, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5)`, a.ID, nullID(a.SessionID), nullID(cityID), a.Answers.String(), timeParam(now))
		return err
	})
	return a, err
}

// GuidanceAttempt returns a test by its secret ID.
func (s *Store) GuidanceAttempt(ctx context.Context, id string) (domain.GuidanceAttempt, error) {
	a, err := scanAttempt(s.read.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM guidance_attempts WHERE id = $1`, id))
	return a, notFound(err, "guidance_test")
}

// attemptForUpdate reads a test inside a write transaction, taking its row
// on PostgreSQL so that two saves of one test (two tabs) see each other.
func (s *Store) attemptForUpdate(ctx context.Context, tx *sql.Tx, id string) (domain.GuidanceAttempt, error) {
	lock := ""
	if s.dialect.name == "postgres" {
		lock = " FOR UPDATE"
	}
	a, err := scanAttempt(tx.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM guidance_attempts WHERE id = $1`+lock, id))
	return a, notFound(err, "guidance_test")
}

// AnswerGuidance merges answers into a test in progress.
func (s *Store) AnswerGuidance(ctx context.Context, id string, answers domain.Answers) (domain.GuidanceAttempt, error) {
	var a domain.GuidanceAttempt
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = s.attemptForUpdate(ctx, tx, id); err != nil {
			return err
		}
		if a.Finished() {
			return domain.Invalid("answers", "error.guidance.finished", "this test is finished; its results are kept")
		}
		for i := range domain.GuidanceItems {
			if v, ok := answers.Answer(i); ok {
				a.Answers.Set(i, v)
			}
		}
		a.UpdatedAt = s.Now().UTC()
		_, err = tx.ExecContext(ctx, `UPDATE guidance_attempts SET answers = $2, updated_at = $3 WHERE id = $1`,
			id, a.Answers.String(), timeParam(a.UpdatedAt))
		return err
	})
	return a, err
}

// FinishGuidance scores a complete test and gives it its result ID.
func (s *Store) FinishGuidance(ctx context.Context, id string) (domain.GuidanceAttempt, error) {
	var a domain.GuidanceAttempt
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = s.attemptForUpdate(ctx, tx, id); err != nil || a.Finished() {
			return err
		}
		if a.Scores, err = domain.Score(a.Answers); err != nil {
			return err
		}
		a.Code, a.ResultID = a.Scores.Code(), opaqueID()
		now := s.Now().UTC()
		a.UpdatedAt, a.FinishedAt = now, now
		sc := a.Scores
		_, err = tx.ExecContext(ctx, `UPDATE guidance_attempts SET result_id = $2, score_r = $3, score_i = $4, score_a = $5,
			score_s = $6, score_e = $7, score_c = $8, code = $9, updated_at = $10, finished_at = $10 WHERE id = $1`,
			id, a.ResultID, sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], a.Code, timeParam(now))
		return err
	})
	return a, err
}

// CreateGuidanceResult scores complete answers and keeps the result.
func (s *Store) CreateGuidanceResult(ctx context.Context, answers domain.Answers, cityID int64) (domain.GuidanceAttempt, error) {
	a := domain.GuidanceAttempt{ID: opaqueID(), ResultID: opaqueID(), Answers: answers, CityID: cityID}
	var err error
	if a.Scores, err = domain.Score(answers); err != nil {
		return a, err
	}
	a.Code = a.Scores.Code()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkCity(ctx, tx, cityID); err != nil {
			return err
		}
		now := s.Now().UTC()
		a.CreatedAt, a.UpdatedAt, a.FinishedAt = now, now, now
		sc := a.Scores
		_, err := tx.ExecContext(ctx, `INSERT INTO guidance_attempts (id, result_id, city_id, answers, score_r, score_i, score_a,
			score_s, score_e, score_c, code, created_at, updated_at, finished_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12)`,
			a.ID, a.ResultID, nullID(cityID), answers.String(), sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], a.Code, timeParam(now))
		return err
	})
	return a, err
}

// GuidanceResult returns a finished test by its public result ID.
func (s *Store) GuidanceResult(ctx context.Context, resultID string) (domain.GuidanceAttempt, error) {
	if resultID == "" {
		return domain.GuidanceAttempt{}, domain.NotFound("guidance_result")
	}
	a, err := scanAttempt(s.read.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM guidance_attempts WHERE result_id = $1`, resultID))
	return a, notFound(err, "guidance_result")
}

// Class sessions.

const sessionColumns = `g.id, g.join_code, g.title, g.owner_id, COALESCE(g.college_id, 0), COALESCE(g.region_id, 0), g.closed,
	g.created_at, g.updated_at,
	(SELECT count(*) FROM guidance_attempts a WHERE a.session_id = g.id),
	(SELECT count(*) FROM guidance_attempts a WHERE a.session_id = g.id AND a.finished_at IS NOT NULL)`

func scanSession(r interface{ Scan(...any) error }) (domain.GuidanceSession, error) {
	var g domain.GuidanceSession
	err := r.Scan(&g.ID, &g.JoinCode, &g.Title, &g.OwnerID, &g.CollegeID, &g.RegionID, &g.Closed, timeScanner{&g.CreatedAt},
		timeScanner{&g.UpdatedAt}, &g.Started, &g.Finished)
	return g, err
}

// GuidanceSessions returns a counsellor's sessions, newest first.
func (s *Store) GuidanceSessions(ctx context.Context, ownerID int64) ([]domain.GuidanceSession, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+sessionColumns+` FROM guidance_sessions g WHERE g.owner_id = $1
		ORDER BY g.created_at DESC, g.id DESC`, ownerID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSession)
}

// GuidanceSession returns one session.
func (s *Store) GuidanceSession(ctx context.Context, id int64) (domain.GuidanceSession, error) {
	g, err := scanSession(s.read.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM guidance_sessions g WHERE g.id = $1`, id))
	return g, notFound(err, "guidance_session")
}

// GuidanceSessionByCode finds a session by its join code, as typed.
func (s *Store) GuidanceSessionByCode(ctx context.Context, code string) (domain.GuidanceSession, error) {
	return s.sessionByCode(ctx, s.read, code)
}

func (s *Store) sessionByCode(ctx context.Context, q rowQuerier, typed string) (domain.GuidanceSession, error) {
	code, ok := domain.NormalizeJoinCode(typed)
	if !ok {
		return domain.GuidanceSession{}, &domain.Error{Code: domain.ENOTFOUND, Key: "error.guidance.session_unknown", Field: "join_code",
			Params: map[string]string{"code": code}, Message: "no class session has this code"}
	}
	g, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM guidance_sessions g WHERE g.join_code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return g, &domain.Error{Code: domain.ENOTFOUND, Key: "error.guidance.session_unknown", Field: "join_code",
			Params: map[string]string{"code": code}, Message: "no class session has this code"}
	}
	return g, err
}

// SaveGuidanceSession creates a session with a fresh join code, or changes
// its title and whether it is closed; each change is audited.
func (s *Store) SaveGuidanceSession(ctx context.Context, g *domain.GuidanceSession) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.Now().UTC()
		if g.ID == 0 {
			g.CreatedAt, g.UpdatedAt, g.Started, g.Finished = now, now, 0, 0
			// A clash of join codes is one in 887 million per pair of
			// sessions; a few draws make it vanish.
			for range 5 {
				g.JoinCode = joinCode()
				var taken int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM guidance_sessions WHERE join_code = $1`, g.JoinCode).Scan(&taken); err != nil {
					return err
				}
				if taken == 0 {
					break
				}
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO guidance_sessions (join_code, title, owner_id, college_id, region_id, closed,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
				g.JoinCode, g.Title, g.OwnerID, nullID(g.CollegeID), nullID(int64(g.RegionID)), g.Closed, timeParam(now)).Scan(&g.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "guidance_session", recordID: g.ID, after: g,
				regionID: g.RegionID, collegeID: g.CollegeID})
		}
		before, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM guidance_sessions g WHERE g.id = $1`, g.ID))
		if err != nil {
			return notFound(err, "guidance_session")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE guidance_sessions SET title = $2, closed = $3, updated_at = $4 WHERE id = $1`,
			g.ID, g.Title, g.Closed, timeParam(now)); err != nil {
			return err
		}
		g.JoinCode, g.OwnerID, g.CollegeID, g.RegionID = before.JoinCode, before.OwnerID, before.CollegeID, before.RegionID
		g.CreatedAt, g.UpdatedAt, g.Started, g.Finished = before.CreatedAt, now, before.Started, before.Finished
		return s.audit(ctx, tx, change{action: "update", recordType: "guidance_session", recordID: g.ID, before: before, after: g,
			regionID: g.RegionID, collegeID: g.CollegeID})
	})
}

// GuidanceSummary reads a session's finished tests and summarises them
// (domain.Summarize suppresses small groups).
func (s *Store) GuidanceSummary(ctx context.Context, sessionID int64) (domain.GuidanceSummary, error) {
	g, err := s.GuidanceSession(ctx, sessionID)
	if err != nil {
		return domain.GuidanceSummary{}, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT code, score_r, score_i, score_a, score_s, score_e, score_c
		FROM guidance_attempts WHERE session_id = $1 AND finished_at IS NOT NULL`, sessionID)
	if err != nil {
		return domain.GuidanceSummary{}, err
	}
	defer rows.Close()
	var scores []domain.Scores
	var codes []string
	for rows.Next() {
		var c string
		var sc domain.Scores
		if err := rows.Scan(&c, &sc[0], &sc[1], &sc[2], &sc[3], &sc[4], &sc[5]); err != nil {
			return domain.GuidanceSummary{}, err
		}
		scores, codes = append(scores, sc), append(codes, c)
	}
	if err := rows.Err(); err != nil {
		return domain.GuidanceSummary{}, err
	}
	return domain.Summarize(g, scores, codes), nil
}
