package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestTokenChecksReused covers what a node remembers of the tokens it
// checked: a token's expiry still counts to the second, a revocation by
// another node counts within store.TokenCacheTTL, and a token's use is
// still recorded at most once a minute — the remembered token learns of
// the record, so it is not written again on every request.
func TestTokenChecksReused(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			dsn := db.DSN(t)
			node, other := testkit.OpenStore(t, dsn), testkit.OpenStore(t, dsn)
			start := time.Now().UTC().Truncate(time.Second)
			var elapsed atomic.Int64
			clock := func() time.Time { return start.Add(time.Duration(elapsed.Load())) }
			advance := func(d time.Duration) { elapsed.Add(int64(d)) }
			node.Now, other.Now = clock, clock
			authn := &auth.Service{Users: node, Now: clock}
			f := newFixture(t, node)
			u := domain.User{Login: "reporting", Name: "Reporting", Role: domain.RoleCollege, CollegeID: f.college.ID, PasswordHash: "$argon2id$x"}
			if err := node.CreateUser(ctx, &u); err != nil {
				t.Fatal(err)
			}
			newToken := func(name string, expires time.Time) (string, domain.Token) {
				secret, tok, err := auth.NewToken(u.ID, name)
				if err != nil {
					t.Fatal(err)
				}
				tok.ExpiresAt = expires
				if err := node.CreateToken(ctx, &tok); err != nil {
					t.Fatal(err)
				}
				return secret, tok
			}
			works := func(secret string) bool {
				t.Helper()
				_, err := authn.Authenticate(ctx, secret)
				if err != nil && domain.ErrorCode(err) != domain.EUNAUTHORIZED {
					t.Fatal(err)
				}
				return err == nil
			}
			lastUsed := func(id int64) time.Time {
				t.Helper()
				tokens, err := node.Tokens(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, tok := range tokens {
					if tok.ID == id {
						return tok.LastUsedAt
					}
				}
				t.Fatalf("no token %d", id)
				return time.Time{}
			}

			// Expiry: to the second, though the token was read a moment ago.
			shortSecret, _ := newToken("short", start.Add(2*time.Second))
			if !works(shortSecret) {
				t.Fatal("a token before its expiry refused")
			}
			advance(2 * time.Second)
			if works(shortSecret) {
				t.Error("a token past its expiry still works")
			}

			// Use recorded once a minute.
			secret, tok := newToken("script", time.Time{})
			if !works(secret) {
				t.Fatal("a fresh token refused")
			}
			first := lastUsed(tok.ID)
			if !first.Equal(clock()) {
				t.Fatalf("first use recorded at %s, want %s", first, clock())
			}
			advance(time.Second)
			works(secret)
			if got := lastUsed(tok.ID); !got.Equal(first) {
				t.Errorf("a second use within the minute was recorded: %s, then %s", first, got)
			}
			advance(time.Minute)
			works(secret)
			if got := lastUsed(tok.ID); !got.Equal(clock()) {
				t.Errorf("a use a minute later recorded at %s, want %s", got, clock())
			}

			// Revoked on another node: refused here within the bound.
			if !works(secret) {
				t.Fatal("the token refused before its revocation")
			}
			if err := other.RevokeToken(ctx, u.ID, tok.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := other.TokenByHash(ctx, auth.HashToken(secret)); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("the revoking node still has the token: %v", err)
			}
			advance(store.TokenCacheTTL)
			if works(secret) {
				t.Errorf("the token revoked on another node still works here after %s", store.TokenCacheTTL)
			}
		})
	}
}
