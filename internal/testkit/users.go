package testkit

import (
	"context"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// Password is the password of every user NewUser makes.
const Password = "Тест-құпиясөз-2026"

// passwordHash is the hash of Password, made once: an argon2id hash costs
// ~50 ms (~200 ms under the race detector), and fixtures make many users.
// Sharing one salt between test users is harmless.
var passwordHash struct {
	once sync.Once
	hash string
	err  error
}

// NewUser stores u (its role and scope set by the caller) with Password and
// returns it with its ID. The login defaults to the role's name.
func NewUser(tb testing.TB, st *store.Store, u domain.User) domain.User {
	tb.Helper()
	if u.Login == "" {
		u.Login = string(u.Role) + "-user"
	}
	if u.Name == "" {
		u.Name = "Test " + string(u.Role)
	}
	passwordHash.once.Do(func() { passwordHash.hash, passwordHash.err = auth.HashPassword(Password) })
	if passwordHash.err != nil {
		tb.Fatal(passwordHash.err)
	}
	u.PasswordHash = passwordHash.hash
	if err := st.CreateUser(context.Background(), &u); err != nil {
		tb.Fatalf("create user %s: %v", u.Login, err)
	}
	return u
}

// As returns a context whose actor is u, as a signed-in request would have.
func As(u domain.User) context.Context {
	return domain.WithActor(context.Background(), domain.Actor{User: &u, Address: "127.0.0.1", Via: "session"})
}
