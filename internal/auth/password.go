// Package auth holds who may do what in dualtrack: password hashing and
// rules, the policy table of roles, actions and scopes, and access tokens.
package auth

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Argon2id parameters: OWASP's Password Storage Cheat Sheet recommends
// m=19 MiB, t=2, p=1 as a minimum; they cost ~30 ms here, which is what a
// sign-in can afford and an attacker with a stolen table cannot.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// Password length limits (ASVS 5.0 V6.2: at least 8, and at least 64 must be
// allowed). The upper bound keeps a hash request from becoming a DoS.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 128
)

//go:embed common_passwords.txt
var commonPasswordsFile []byte

// commonPasswords are the 8+ character entries of zxcvbn-ts's list of the
// most common passwords (MIT), lower-cased, plus a few local ones. The set
// is built on first use, not at start-up: it takes 5 to 8 ms, which every
// command would otherwise pay, dualtrack match among them.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 20000)
	sc := bufio.NewScanner(bytes.NewReader(commonPasswordsFile))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			m[w] = struct{}{}
		}
	}
	return m
})

// ValidatePassword checks a new password against the rules: length in
// characters (not bytes, so Kazakh passwords are not penalised) and not a
// commonly used password. It returns EINVALID on the "password" field.
func ValidatePassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		return domain.Invalid("password", "error.password.short", "password must have at least 8 characters").With("min", fmt.Sprint(MinPasswordLength))
	}
	if n > MaxPasswordLength {
		return domain.Invalid("password", "error.password.long", "password must have at most 128 characters").With("max", fmt.Sprint(MaxPasswordLength))
	}
	if _, common := commonPasswords()[strings.ToLower(pw)]; common {
		return domain.Invalid("password", "error.password.common", "this password is among the most common ones")
	}
	return nil
}

// HashPassword returns the argon2id hash of pw in the PHC string format,
// with a random salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash, comparing in constant time.
// A malformed hash never matches.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, iterations uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &iterations, &threads); err != nil {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, iterations, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is compared against when a sign-in names an unknown user, so
// that the answer takes as long as for a wrong password and timing does not
// reveal which accounts exist. It is made on first use, not at start-up:
// an argon2id hash costs about 100 ms, which every command (dualtrack match
// among them) would otherwise pay.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("dummy password for unknown users")
	if err != nil {
		panic(err)
	}
	return h
})

// CheckUnknownUser spends the time of one password check and fails.
func CheckUnknownUser(pw string) bool {
	CheckPassword(dummyHash(), pw)
	return false
}
