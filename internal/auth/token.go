package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// TokenPrefix starts every personal access token, so a leaked one is easy
// to recognise in logs and by secret scanners.
const TokenPrefix = "dt_"

// NewToken makes a token secret for a user: the secret to show once, and the
// domain.Token (prefix and hash) to store.
func NewToken(userID int64, name string) (secret string, t domain.Token, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", t, err
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, domain.Token{UserID: userID, Name: name, Prefix: secret[:len(TokenPrefix)+6], Hash: HashToken(secret)}, nil
}

// HashToken is what is stored of a token: its SHA-256. A token has 256 bits
// of entropy, so a fast hash is enough (unlike a password).
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

var errBadToken = &domain.Error{Code: domain.EUNAUTHORIZED, Key: "error.token.invalid", Message: "invalid or revoked token"}

// Authenticate returns the active user of a bearer token, or EUNAUTHORIZED.
func (s *Service) Authenticate(ctx context.Context, secret string) (domain.User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 100 {
		return domain.User{}, errBadToken
	}
	t, u, err := s.Users.TokenByHash(ctx, HashToken(secret))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return domain.User{}, errBadToken
	}
	if err != nil {
		return domain.User{}, err
	}
	if !u.Active(s.Now()) {
		return domain.User{}, errBadToken
	}
	// Record use at most once a minute: on SQLite every write queues on the
	// single writer, and "last used" needs no finer grain.
	if now := s.Now(); now.Sub(t.LastUsedAt) > time.Minute {
		s.Users.TouchToken(ctx, t.ID)
	}
	return u, nil
}
