package auth

import (
	"context"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Sign-in throttling: more failures than this within the window refuse
// further attempts with ETOOMANY, per account (guessing one password) and
// per address (trying many accounts).
const (
	ThrottleWindow     = 15 * time.Minute
	MaxFailuresLogin   = 5
	MaxFailuresAddress = 20
)

// Service signs users in and checks API tokens.
type Service struct {
	Users domain.UserService
	Now   func() time.Time
}

// errSignIn is the one answer to an unknown login, a wrong password and a
// disabled or expired account, so that the answer tells nothing about
// which accounts exist.
var errSignIn = &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.signin.failed", Message: "wrong login or password"}

// SignIn checks a login and password from an address. It returns the user,
// EUNAUTHORIZED (always the same error) or ETOOMANY when throttled. Every
// outcome is audited.
func (s *Service) SignIn(ctx context.Context, login, password, address string) (domain.User, error) {
	now := s.Now()
	byLogin, byAddress, err := s.Users.SignInFailures(ctx, login, address, now.Add(-ThrottleWindow))
	if err != nil {
		return domain.User{}, err
	}
	if byLogin >= MaxFailuresLogin || byAddress >= MaxFailuresAddress {
		s.audit(ctx, "sign_in_throttled", login, address, 0)
		return domain.User{}, &domain.Error{Code: domain.ETOOMANY, Key: "error.signin.throttled",
			Message: "too many failed sign-ins; try again later", Params: map[string]string{"minutes": "15"}}
	}
	u, err := s.Users.UserByLogin(ctx, login)
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		CheckUnknownUser(password)
	case err != nil:
		return domain.User{}, err
	case CheckPassword(u.PasswordHash, password) && u.Active(now):
		if err := s.Users.ClearSignInFailures(ctx, login); err != nil {
			return domain.User{}, err
		}
		s.audit(ctx, "sign_in", u.Login, address, u.ID)
		return u, nil
	}
	if err := s.Users.RecordSignInFailure(ctx, login, address); err != nil {
		return domain.User{}, err
	}
	s.audit(ctx, "sign_in_failed", login, address, 0)
	return domain.User{}, errSignIn
}

// SignedOut records that a user signed out; the caller has destroyed the
// session.
func (s *Service) SignedOut(ctx context.Context, u domain.User, address string) {
	s.audit(ctx, "sign_out", u.Login, address, u.ID)
}

func (s *Service) audit(ctx context.Context, action, login, address string, userID int64) {
	e := domain.AuditEntry{Action: action, RecordType: "session", RecordID: login, Login: login, UserID: userID, Address: address}
	if len(e.Login) > 64 {
		e.Login = e.Login[:64]
		e.RecordID = e.Login
	}
	s.Users.RecordAudit(ctx, e)
}
