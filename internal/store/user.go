package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

const userColumns = `u.id, u.login, u.name, u.role, COALESCE(u.region_id, 0), COALESCE(u.college_id, 0), COALESCE(u.enterprise_id, 0),
	COALESCE(u.teacher_id, 0), COALESCE(u.student_id, 0), u.expires_at, u.disabled, u.password_hash, u.created_at,
	u.credentials_changed_at`

func scanUser(r interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	var role string
	err := r.Scan(&u.ID, &u.Login, &u.Name, &role, &u.RegionID, &u.CollegeID, &u.EnterpriseID, &u.TeacherID, &u.StudentID,
		timeScanner{&u.ExpiresAt}, &u.Disabled, &u.PasswordHash, timeScanner{&u.CreatedAt}, timeScanner{&u.CredentialsChangedAt})
	u.Role = domain.Role(role)
	return u, err
}

// nullTime turns a zero time into NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: timeParam(t), Valid: true}
}

// userScope is the region and college a user belongs to, for the audit log.
func userScope(ctx context.Context, tx *sql.Tx, u *domain.User) (int, int64) {
	region, college := u.RegionID, u.CollegeID
	if region == 0 && college != 0 {
		tx.QueryRowContext(ctx, `SELECT region_id FROM colleges WHERE id = $1`, college).Scan(&region)
	}
	if region == 0 && u.EnterpriseID != 0 {
		tx.QueryRowContext(ctx, `SELECT region_id FROM enterprises WHERE id = $1`, u.EnterpriseID).Scan(&region)
	}
	return region, college
}

// checkUserLinks verifies that the records a user's scope names exist and
// agree: a teacher or student account belongs to its record's college.
func checkUserLinks(ctx context.Context, tx *sql.Tx, u *domain.User) error {
	missing := func(field, kind string, id any) error {
		return domain.Invalid(field, "error.user.link", fmt.Sprintf("there is no %s %v", kind, id))
	}
	if u.RegionID != 0 {
		if err := exists(ctx, tx, `SELECT count(*) FROM regions WHERE id = $1`, u.RegionID, missing("region_id", "region", u.RegionID)); err != nil {
			return err
		}
	}
	if u.CollegeID != 0 {
		if err := exists(ctx, tx, `SELECT count(*) FROM colleges WHERE id = $1`, u.CollegeID, missing("college_id", "college", u.CollegeID)); err != nil {
			return err
		}
	}
	if u.EnterpriseID != 0 {
		if err := exists(ctx, tx, `SELECT count(*) FROM enterprises WHERE id = $1`, u.EnterpriseID, missing("enterprise_id", "enterprise", u.EnterpriseID)); err != nil {
			return err
		}
	}
	for _, link := range []struct {
		field, kind, table string
		id                 int64
	}{{"teacher_id", "teacher", "teachers", u.TeacherID}, {"student_id", "student", "students", u.StudentID}} {
		if link.id == 0 {
			continue
		}
		var college int64
		err := tx.QueryRowContext(ctx, `SELECT college_id FROM `+link.table+` WHERE id = $1`, link.id).Scan(&college)
		if err == sql.ErrNoRows {
			return missing(link.field, link.kind, link.id)
		}
		if err != nil {
			return err
		}
		if college != u.CollegeID {
			return domain.Invalid(link.field, "error.user.link",
				fmt.Sprintf("%s %d belongs to college %d, not %d", link.kind, link.id, college, u.CollegeID))
		}
	}
	return nil
}

// CreateUser validates and stores a user whose PasswordHash is set.
func (s *Store) CreateUser(ctx context.Context, u *domain.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return domain.Invalid("password", "error.password.short", "a password is required").With("min", "8")
	}
	u.CreatedAt = s.Now().UTC()
	u.CredentialsChangedAt = u.CreatedAt
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkUserLinks(ctx, tx, u); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO users (login, name, role, region_id, college_id, enterprise_id, teacher_id, student_id, expires_at,
				disabled, password_hash, created_at, updated_at, search_key, credentials_changed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $12) RETURNING id`,
			u.Login, u.Name, string(u.Role), nullID(int64(u.RegionID)), nullID(u.CollegeID), nullID(u.EnterpriseID),
			nullID(u.TeacherID), nullID(u.StudentID), nullTime(u.ExpiresAt), u.Disabled, u.PasswordHash,
			timeParam(u.CreatedAt), domain.SearchKey(u.Login, u.Name)).Scan(&u.ID); err != nil {
			return err
		}
		region, college := userScope(ctx, tx, u)
		return s.audit(ctx, tx, change{action: "create", recordType: "user", recordID: u.ID, after: u, regionID: region, collegeID: college})
	})
}

// User returns one user; ENOTFOUND if there is none.
func (s *Store) User(ctx context.Context, id int64) (domain.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	return u, notFound(err, "user")
}

// UserByLogin returns the user with a login (case-insensitive).
func (s *Store) UserByLogin(ctx context.Context, login string) (domain.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.login = $1`,
		strings.ToLower(strings.TrimSpace(login))))
	return u, notFound(err, "user")
}

// Users returns a page of users ordered by login.
func (s *Store) Users(ctx context.Context, f domain.UserFilter) (domain.List[domain.User], error) {
	if err := f.Page.Normalize(); err != nil {
		return domain.List[domain.User]{}, err
	}
	var w where
	// Compared on a key normalised in Go: SQLite's lower() knows only ASCII.
	if q := domain.SearchKey(f.Query); q != "" {
		w.add(`u.search_key LIKE ? ESCAPE '\'`, containsPattern(q))
	}
	if f.Role != "" {
		w.add("u.role = ?", string(f.Role))
	}
	if len(f.Roles) > 0 {
		marks := make([]string, len(f.Roles))
		args := make([]any, len(f.Roles))
		for i, r := range f.Roles {
			marks[i], args[i] = "?", string(r)
		}
		w.add("u.role IN ("+strings.Join(marks, ", ")+")", args...)
	}
	if f.RegionID != 0 {
		w.add(`(u.region_id = ? OR u.college_id IN (SELECT id FROM colleges WHERE region_id = ?)
			OR u.enterprise_id IN (SELECT id FROM enterprises WHERE region_id = ?))`, f.RegionID, f.RegionID, f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("u.college_id = ?", f.CollegeID)
	}
	if f.EnterpriseID != 0 {
		w.add("u.enterprise_id = ?", f.EnterpriseID)
	}
	list := domain.List[domain.User]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM users u`+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users u`+w.sql()+` ORDER BY u.login`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanUser)
	return list, err
}

// UpdateUser stores a user's name, role, scope, expiry and disabled flag.
func (s *Store) UpdateUser(ctx context.Context, u *domain.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	defer s.tokens.forget() // after the commit: a disabled user's tokens stop here at once (token_cache.go)
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, u.ID))
		if err != nil {
			return notFound(err, "user")
		}
		if err := checkUserLinks(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE users SET name = $2, role = $3, region_id = $4, college_id = $5, enterprise_id = $6, teacher_id = $7,
				student_id = $8, expires_at = $9, disabled = $10, updated_at = $11, search_key = $12 WHERE id = $1`,
			u.ID, u.Name, string(u.Role), nullID(int64(u.RegionID)), nullID(u.CollegeID), nullID(u.EnterpriseID),
			nullID(u.TeacherID), nullID(u.StudentID), nullTime(u.ExpiresAt), u.Disabled, timeParam(s.Now()),
			domain.SearchKey(before.Login, u.Name)); err != nil {
			return err
		}
		u.Login, u.CreatedAt, u.PasswordHash = before.Login, before.CreatedAt, before.PasswordHash
		region, college := userScope(ctx, tx, u)
		return s.audit(ctx, tx, change{action: "update", recordType: "user", recordID: u.ID, before: before, after: u, regionID: region, collegeID: college})
	})
}

// SetPassword stores a new password hash; the audit entry says that the
// password changed, never what it is.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	defer s.tokens.forget() // after the commit (token_cache.go)
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, userID))
		if err != nil {
			return notFound(err, "user")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3, credentials_changed_at = $3 WHERE id = $1`,
			userID, hash, timeParam(s.Now())); err != nil {
			return err
		}
		region, college := userScope(ctx, tx, &u)
		return s.audit(ctx, tx, change{action: "set_password", recordType: "user", recordID: userID, regionID: region, collegeID: college})
	})
}

// RecordSignInFailure notes a failed sign-in.
func (s *Store) RecordSignInFailure(ctx context.Context, login, address string) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO signin_failures (login, address, at) VALUES ($1, $2, $3)`,
		strings.ToLower(strings.TrimSpace(login)), address, timeParam(s.Now()))
	return err
}

// SignInFailures counts failures since a time, by login and by address.
func (s *Store) SignInFailures(ctx context.Context, login, address string, since time.Time) (int, int, error) {
	var byLogin, byAddress int
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM signin_failures WHERE login = $1 AND at >= $3),
		(SELECT count(*) FROM signin_failures WHERE address = $2 AND at >= $3)`,
		strings.ToLower(strings.TrimSpace(login)), address, timeParam(since)).Scan(&byLogin, &byAddress)
	return byLogin, byAddress, err
}

// ClearSignInFailures forgets a login's failures after a successful sign-in.
func (s *Store) ClearSignInFailures(ctx context.Context, login string) error {
	_, err := s.write.ExecContext(ctx, `DELETE FROM signin_failures WHERE login = $1`, strings.ToLower(strings.TrimSpace(login)))
	return err
}

const tokenColumns = `t.id, t.user_id, t.name, t.prefix, t.hash, t.created_at, t.expires_at, t.last_used_at, t.revoked_at`

func scanToken(r interface{ Scan(...any) error }) (domain.Token, error) {
	var t domain.Token
	err := r.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, timeScanner{&t.CreatedAt}, timeScanner{&t.ExpiresAt},
		timeScanner{&t.LastUsedAt}, timeScanner{&t.RevokedAt})
	return t, err
}

// CreateToken stores a token's hash.
func (s *Store) CreateToken(ctx context.Context, t *domain.Token) error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || len(t.Name) > 100 {
		return domain.Invalid("name", "error.token.name", "give the token a name of up to 100 characters")
	}
	t.CreatedAt = s.Now().UTC()
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO api_tokens (user_id, name, prefix, hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			t.UserID, t.Name, t.Prefix, t.Hash, timeParam(t.CreatedAt), nullTime(t.ExpiresAt)).Scan(&t.ID); err != nil {
			return err
		}
		owner, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, t.UserID))
		if err != nil {
			return notFound(err, "user")
		}
		region, college := userScope(ctx, tx, &owner)
		return s.audit(ctx, tx, change{action: "create", recordType: "token", recordID: t.ID,
			after: map[string]any{"user_id": t.UserID, "name": t.Name, "prefix": t.Prefix}, regionID: region, collegeID: college})
	})
}

// TokenByHash returns an unrevoked, unexpired token and its user. What it
// read is reused for up to TokenCacheTTL (token_cache.go): a revocation or
// a change of the user through another node reaches this one within that
// bound, through this Store at once.
func (s *Store) TokenByHash(ctx context.Context, hash string) (domain.Token, domain.User, error) {
	now := s.Now()
	e, ok := s.tokens.get(hash, now)
	if !ok {
		gen := s.tokens.generation()
		var err error
		e.token, e.user, err = scanTokenUser(s.read.QueryRowContext(ctx, `SELECT `+tokenColumns+`, `+userColumns+`
			FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1 AND t.revoked_at IS NULL`, hash))
		if err != nil {
			return e.token, domain.User{}, notFound(err, "token")
		}
		e.read = now
		s.tokens.put(hash, gen, e)
	}
	if !e.token.ExpiresAt.IsZero() && !now.Before(e.token.ExpiresAt) {
		return e.token, domain.User{}, domain.NotFound("token")
	}
	return e.token, e.user, nil
}

// scanTokenUser reads a row of tokenColumns followed by userColumns.
func scanTokenUser(r interface{ Scan(...any) error }) (domain.Token, domain.User, error) {
	var t domain.Token
	var u domain.User
	var role string
	err := r.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, timeScanner{&t.CreatedAt}, timeScanner{&t.ExpiresAt},
		timeScanner{&t.LastUsedAt}, timeScanner{&t.RevokedAt},
		&u.ID, &u.Login, &u.Name, &role, &u.RegionID, &u.CollegeID, &u.EnterpriseID, &u.TeacherID, &u.StudentID,
		timeScanner{&u.ExpiresAt}, &u.Disabled, &u.PasswordHash, timeScanner{&u.CreatedAt}, timeScanner{&u.CredentialsChangedAt})
	u.Role = domain.Role(role)
	return t, u, err
}

// Tokens returns a user's tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]domain.Token, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanToken)
}

// RevokeToken revokes one of a user's tokens.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	defer s.tokens.forget() // after the commit: the token stops here at once (token_cache.go)
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
			tokenID, userID, timeParam(s.Now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound("token")
		}
		owner, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, userID))
		if err != nil {
			return err
		}
		region, college := userScope(ctx, tx, &owner)
		return s.audit(ctx, tx, change{action: "revoke", recordType: "token", recordID: tokenID, regionID: region, collegeID: college})
	})
}

// TouchToken records that a token was used now.
func (s *Store) TouchToken(ctx context.Context, tokenID int64) error {
	now := s.Now()
	_, err := s.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, tokenID, timeParam(now))
	if err == nil {
		s.tokens.touched(tokenID, now)
	}
	return err
}
