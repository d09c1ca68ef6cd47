package domain

import "time"

// Sex as recorded in the IIN's seventh digit.
type Sex string

const (
	Male   Sex = "M"
	Female Sex = "F"
)

// IIN is the decoded content of a valid individual identification number.
type IIN struct {
	BirthDate time.Time
	Sex       Sex
}

// checkDigit computes the check digit of the first 11 digits of a 12-digit
// identifier (IIN or BIN): weights 1..11 mod 11; when that gives 10, weights
// 3..11,1,2 mod 11; when that gives 10 again the number can never be valid,
// which is reported as ok=false.
func checkDigit(d *[12]int) (digit int, ok bool) {
	sum := 0
	for i := 0; i < 11; i++ {
		sum += (i + 1) * d[i]
	}
	if c := sum % 11; c != 10 {
		return c, true
	}
	sum = 0
	for i := 0; i < 11; i++ {
		sum += ((i+2)%11 + 1) * d[i]
	}
	if c := sum % 11; c != 10 {
		return c, true
	}
	return 0, false
}

// digits12 parses exactly 12 ASCII digits.
func digits12(s string) (*[12]int, bool) {
	if len(s) != 12 {
		return nil, false
	}
	var d [12]int
	for i := 0; i < 12; i++ {
		if s[i] < '0' || s[i] > '9' {
			return nil, false
		}
		d[i] = int(s[i] - '0')
	}
	return &d, true
}

// ParseIIN validates an IIN per DOMAIN.md §5 and decodes its birth date and
// sex. It returns EINVALID with a message key that tells what is wrong: the
// format, the century-and-sex digit, the date, or the check digit.
func ParseIIN(field, s string) (IIN, error) {
	d, ok := digits12(s)
	if !ok {
		return IIN{}, Invalid(field, "error.iin.format", "IIN must be 12 digits")
	}
	centuryDigit := d[6]
	if centuryDigit < 1 || centuryDigit > 6 {
		return IIN{}, Invalid(field, "error.iin.century", "IIN century-and-sex digit (7th) must be 1 to 6")
	}
	century := 1800 + 100*((centuryDigit-1)/2)
	year := century + d[0]*10 + d[1]
	month := time.Month(d[2]*10 + d[3])
	day := d[4]*10 + d[5]
	birth := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || birth.Day() != day || birth.Month() != month {
		return IIN{}, Invalid(field, "error.iin.date", "IIN does not start with a real birth date (YYMMDD)")
	}
	c, ok := checkDigit(d)
	if !ok || c != d[11] {
		return IIN{}, Invalid(field, "error.iin.checksum", "IIN check digit is wrong")
	}
	sex := Female
	if centuryDigit%2 == 1 {
		sex = Male
	}
	return IIN{BirthDate: birth, Sex: sex}, nil
}

// ValidateBIN checks a business identification number: 12 digits whose last
// is the check digit computed as for the IIN.
func ValidateBIN(field, s string) error {
	d, ok := digits12(s)
	if !ok {
		return Invalid(field, "error.bin.format", "BIN must be 12 digits")
	}
	c, ok := checkDigit(d)
	if !ok || c != d[11] {
		return Invalid(field, "error.bin.checksum", "BIN check digit is wrong")
	}
	return nil
}

// CompleteIdentifier appends the check digit to 11 digits, giving a valid
// 12-digit IIN or BIN; ok is false when no check digit exists for them (both
// weightings give 10). The demo generator uses it.
func CompleteIdentifier(first11 string) (string, bool) {
	if len(first11) != 11 {
		return "", false
	}
	d, ok := digits12(first11 + "0")
	if !ok {
		return "", false
	}
	c, ok := checkDigit(d)
	if !ok {
		return "", false
	}
	return first11 + string(rune('0'+c)), true
}

// IINCenturyDigit returns the seventh IIN digit for a birth year and sex:
// 1/2 for the 19th century, 3/4 for the 20th, 5/6 for the 21st (odd = male).
func IINCenturyDigit(year int, sex Sex) int {
	d := 1 + 2*((year-1800)/100)
	if sex == Female {
		d++
	}
	return d
}

// MaskIIN hides everything but the last four digits, for lists shown to
// people who do not need the full number.
func MaskIIN(s string) string {
	if len(s) != 12 {
		return "••••"
	}
	return "••••••••" + s[8:]
}
