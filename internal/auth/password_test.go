package auth

import (
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
)

func TestHashAndCheckPassword(t *testing.T) {
	h, err := HashPassword("Жаңа-құпиясөз-2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash format: %s", h)
	}
	if !CheckPassword(h, "Жаңа-құпиясөз-2026") {
		t.Fatal("the right password does not match")
	}
	if CheckPassword(h, "жаңа-құпиясөз-2026") {
		t.Fatal("a different password matches")
	}
	h2, _ := HashPassword("Жаңа-құпиясөз-2026")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$bcrypt$x$y$z$w"} {
		if CheckPassword(bad, "x") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
	if CheckUnknownUser("anything") {
		t.Fatal("unknown user must never match")
	}
}

func TestValidatePassword(t *testing.T) {
	for _, c := range []struct {
		pw, key string
	}{
		{"short7!", "error.password.short"},
		{"Құпия12", "error.password.short"}, // 7 characters though 11 bytes
		{strings.Repeat("a", 129), "error.password.long"},
		{"password", "error.password.common"},
		{"Qwerty123", "error.password.common"},
		{"iloveyou", "error.password.common"},
		{"Құпия123", ""}, // 8 characters
		{strings.Repeat("ab", 32) + "!", ""},
		{"correct horse battery staple", ""},
	} {
		err := ValidatePassword(c.pw)
		if c.key == "" {
			if err != nil {
				t.Errorf("%q rejected: %v", c.pw, err)
			}
			continue
		}
		if e, ok := err.(*domain.Error); !ok || e.Key != c.key || e.Field != "password" {
			t.Errorf("%q: got %v, want %s", c.pw, err, c.key)
		}
	}
	if len(commonPasswords()) < 10000 {
		t.Fatalf("common password list has only %d entries", len(commonPasswords()))
	}
}
