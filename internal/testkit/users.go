package testkit

import (
	"context"
	"testing"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// Password is the password of every user NewUser makes.
const Password = "Тест-құпиясөз-2026"

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
	hash, err := auth.HashPassword(Password)
	if err != nil {
		tb.Fatal(err)
	}
	u.PasswordHash = hash
	if err := st.CreateUser(context.Background(), &u); err != nil {
		tb.Fatalf("create user %s: %v", u.Login, err)
	}
	return u
}

// As returns a context whose actor is u, as a signed-in request would have.
func As(u domain.User) context.Context {
	return domain.WithActor(context.Background(), domain.Actor{User: &u, Address: "127.0.0.1", Via: "session"})
}
