package domain

import (
	"errors"
	"testing"
	"time"
)

func TestParseIIN(t *testing.T) {
	tests := []struct {
		name    string
		iin     string
		wantKey string
		birth   string
		sex     Sex
	}{
		// 1 July 2005, girl (6 = 21st century, female), serial 0012.
		{"valid 21st-century female", mustComplete(t, "05070160012"), "", "2005-07-01", Female},
		// 31 December 1986, man (3 = 20th century, male).
		{"valid 20th-century male", mustComplete(t, "86123130001"), "", "1986-12-31", Male},
		{"valid 19th-century male", mustComplete(t, "99010110001"), "", "1899-01-01", Male},
		{"leap day", mustComplete(t, "08022950001"), "", "2008-02-29", Male},
		{"wrong check digit", flipLast(mustComplete(t, "05070160012")), "error.iin.checksum", "", ""},
		{"impossible date 30 Feb", "050230600120", "error.iin.date", "", ""},
		{"not a leap year", "070229500120", "error.iin.date", "", ""},
		{"month 13", "051301600120", "error.iin.date", "", ""},
		{"day 00", "050700600120", "error.iin.date", "", ""},
		{"century digit 0", "050701000120", "error.iin.century", "", ""},
		{"century digit 7", "050701700120", "error.iin.century", "", ""},
		{"too short", "05070160012", "error.iin.format", "", ""},
		{"letters", "05070160012a", "error.iin.format", "", ""},
		{"empty", "", "error.iin.format", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseIIN("iin", tt.iin)
			if tt.wantKey != "" {
				var e *Error
				if !errors.As(err, &e) || e.Key != tt.wantKey || e.Code != EINVALID || e.Field != "iin" {
					t.Fatalf("ParseIIN(%q) error = %v, want key %s on field iin", tt.iin, err, tt.wantKey)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseIIN(%q): %v", tt.iin, err)
			}
			if d := got.BirthDate.Format(time.DateOnly); d != tt.birth || got.Sex != tt.sex {
				t.Fatalf("ParseIIN(%q) = %s %s, want %s %s", tt.iin, d, got.Sex, tt.birth, tt.sex)
			}
		})
	}
}

// TestCheckDigitSecondWeighting uses numbers whose first weighted sum is 10,
// so the second weighting decides, and numbers where both give 10, which can
// never be valid whatever the last digit.
func TestCheckDigitSecondWeighting(t *testing.T) {
	var secondUsed, bothTen string
	for n := 0; n < 1_000_000 && (secondUsed == "" || bothTen == ""); n++ {
		first11 := "0507016" + pad4(n%10000)
		if n >= 10000 {
			first11 = "8612313" + pad4(n%10000)
		}
		d, _ := digits12(first11 + "0")
		sum := 0
		for i := 0; i < 11; i++ {
			sum += (i + 1) * d[i]
		}
		if sum%11 != 10 {
			continue
		}
		if _, ok := CompleteIdentifier(first11); ok {
			if secondUsed == "" {
				secondUsed = first11
			}
		} else if bothTen == "" {
			bothTen = first11
		}
	}
	if secondUsed == "" || bothTen == "" {
		t.Fatal("did not find both kinds of numbers")
	}
	full, _ := CompleteIdentifier(secondUsed)
	if _, err := ParseIIN("iin", full); err != nil {
		t.Errorf("IIN %s decided by the second weighting should be valid: %v", full, err)
	}
	if err := ValidateBIN("bin", full); err != nil {
		t.Errorf("BIN %s decided by the second weighting should be valid: %v", full, err)
	}
	for last := '0'; last <= '9'; last++ {
		n := bothTen + string(last)
		if _, err := ParseIIN("iin", n); err == nil {
			t.Errorf("IIN %s: both weightings give 10, must be invalid", n)
		}
		if err := ValidateBIN("bin", n); err == nil {
			t.Errorf("BIN %s: both weightings give 10, must be invalid", n)
		}
	}
}

func TestValidateBIN(t *testing.T) {
	good := mustComplete(t, "04084000123") // registered Aug 2004, legal entity
	if err := ValidateBIN("bin", good); err != nil {
		t.Fatalf("ValidateBIN(%s): %v", good, err)
	}
	for _, bad := range []struct{ bin, key string }{
		{flipLast(good), "error.bin.checksum"},
		{"12345", "error.bin.format"},
		{"0408400012x3", "error.bin.format"},
	} {
		var e *Error
		if err := ValidateBIN("bin", bad.bin); !errors.As(err, &e) || e.Key != bad.key {
			t.Errorf("ValidateBIN(%q) = %v, want %s", bad.bin, err, bad.key)
		}
	}
}

// TestKnownIIN checks against a hand-computed number so that the algorithm is
// not only tested against itself: 950315 3 0001 → sum with weights 1..11 is
// 9+10+0+12+5+30+21+0+0+0+11 = 98, 98 mod 11 = 10, so the second weighting:
// 27+20+0+18+7+40+27+0+0+0+2 = 141, 141 mod 11 = 9.
func TestKnownIIN(t *testing.T) {
	if _, err := ParseIIN("iin", "950315300019"); err != nil {
		t.Fatalf("950315300019 should be valid: %v", err)
	}
	if _, err := ParseIIN("iin", "950315300018"); err == nil {
		t.Fatal("950315300018 should be invalid")
	}
}

func TestMaskIIN(t *testing.T) {
	if got := MaskIIN("950315300019"); got != "••••••••0019" {
		t.Fatalf("MaskIIN = %q", got)
	}
}

func TestIINCenturyDigit(t *testing.T) {
	for _, c := range []struct {
		year int
		sex  Sex
		want int
	}{{1899, Male, 1}, {1899, Female, 2}, {1986, Male, 3}, {1986, Female, 4}, {2005, Male, 5}, {2005, Female, 6}} {
		if got := IINCenturyDigit(c.year, c.sex); got != c.want {
			t.Errorf("IINCenturyDigit(%d,%s) = %d, want %d", c.year, c.sex, got, c.want)
		}
	}
}

func mustComplete(t *testing.T, first11 string) string {
	t.Helper()
	s, ok := CompleteIdentifier(first11)
	if !ok {
		t.Fatalf("no check digit exists for %s; pick another serial", first11)
	}
	return s
}

func flipLast(s string) string {
	last := s[11]
	if last == '9' {
		last = '0'
	} else {
		last++
	}
	return s[:11] + string(last)
}

func pad4(n int) string {
	return string([]byte{byte('0' + n/1000%10), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}
