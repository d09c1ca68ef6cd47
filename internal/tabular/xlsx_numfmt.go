package tabular

import (
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// A workbook stores a number and, apart, the format Excel shows it in: a
// date is a count of days, a code typed as 01140100 in a "00000000" cell
// is the number 1140100. The reader gives values as Excel shows them,
// which is what an administrator sees and what a CSV saved by Excel
// holds, with a few departures that serve an import better than a
// faithful rendering would:
//
//   - every date reads dd.mm.yyyy, as a Kazakh or Russian Excel shows its
//     short date, whatever the format ("15 марта 2007 г." and 2007-03-15
//     alike), with hh:mm (and :ss when the format shows seconds) after it
//     for a date and time, and a time alone as hh:mm or hh:mm:ss;
//   - a number in the General format reads with up to 15 significant
//     digits and never with an exponent below 10²¹ (a BIN stored as a
//     number is 123456789012, not 1.23457E+11 as a narrow column shows);
//   - formats of digits keep their zeros and decimals ("00000000",
//     "0.00", "0%"), but drop thousands separators, literal text and
//     colours, so that a number reads back as a number;
//   - fractions and scientific formats read as General.

// formatKind is how a number format shows a number.
type formatKind uint8

const (
	fmtGeneral  formatKind = iota
	fmtDate                // dd.mm.yyyy
	fmtDateTime            // dd.mm.yyyy hh:mm[:ss]
	fmtTime                // hh:mm[:ss]
	fmtDigits              // zero-padded, fixed decimals, maybe a percentage
)

// numberFormat is what the reader takes from a format code.
type numberFormat struct {
	kind    formatKind
	seconds bool // a time shows seconds
	zeros   int  // fmtDigits: digits shown before the decimal point, at least
	minDec  int  // fmtDigits: decimals always shown ("0" after the point)
	maxDec  int  // fmtDigits: decimals shown at most ("0", "#" or "?")
	percent bool // fmtDigits: the number is shown times 100 with a %
}

// builtinFormats are the format codes that Excel does not write into
// styles.xml: they are known by number (an array, not a map, so that
// nothing is built when the program starts). 27–36 and 50–58 are dates
// and times of East Asian locales.
var builtinFormats = [...]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
	11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "dd.mm.yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "dd.mm.yyyy h:mm",
	27: "yyyy-mm-dd", 28: "yyyy-mm-dd", 29: "yyyy-mm-dd", 30: "yyyy-mm-dd", 31: "yyyy-mm-dd",
	32: "h:mm:ss", 33: "h:mm:ss", 34: "h:mm:ss", 35: "h:mm:ss", 36: "yyyy-mm-dd",
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
	50: "yyyy-mm-dd", 51: "yyyy-mm-dd", 52: "yyyy-mm-dd", 53: "yyyy-mm-dd", 54: "yyyy-mm-dd",
	55: "yyyy-mm-dd", 56: "yyyy-mm-dd", 57: "yyyy-mm-dd", 58: "yyyy-mm-dd",
}

// parseNumberFormat reads a format code. Only its first section, for
// positive numbers, counts; a negative number gets a minus sign.
func parseNumberFormat(code string) numberFormat {
	if i := sectionEnd(code); i >= 0 {
		code = code[:i]
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(code)), "general") {
		return numberFormat{}
	}
	var (
		date, month, clock, seconds, digits, point, other bool
		f                                                 numberFormat
	)
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"': // literal text
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*': // an escaped character, a space as wide as one, a fill
			i++
		case '[': // a colour, a condition, a locale, or an elapsed time: [h], [mm], [ss]
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return f
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if inner != "" && strings.Trim(inner, "hms") == "" {
				clock = true
				seconds = seconds || strings.Contains(inner, "s")
			}
			i += j
		case 'd', 'D', 'y', 'Y', 'e':
			date = true
		case 'm', 'M':
			month = true
		case 'h', 'H':
			clock = true
		case 's', 'S':
			clock, seconds = true, true
		case 'E': // a scientific format: 0.00E+00
			other = true
		case '/': // a fraction, or the slash of a date
			if digits {
				other = true
			}
		case '0':
			digits = true
			if point {
				f.minDec++
				f.maxDec++
			} else {
				f.zeros++
			}
		case '#', '?':
			digits = true
			if point {
				f.maxDec++
			}
		case '.':
			point = true
		case '%':
			f.percent = true
		case '@':
			return numberFormat{}
		}
	}
	switch {
	case date || month && !clock:
		if clock {
			return numberFormat{kind: fmtDateTime, seconds: seconds}
		}
		return numberFormat{kind: fmtDate}
	case clock:
		return numberFormat{kind: fmtTime, seconds: seconds}
	case digits && !other:
		f.kind = fmtDigits
		return f
	}
	return numberFormat{}
}

// sectionEnd is where the first section of a format code ends, -1 when it
// has one: the first ';' outside quotes and brackets.
func sectionEnd(code string) int {
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return -1
			}
			i += j + 1
		case '\\':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return -1
			}
			i += j
		case ';':
			return i
		}
	}
	return -1
}

// maxStyles bounds what is read of styles.xml: Excel allows about 64,000
// cell formats in a workbook. A cell of a style beyond it reads as General.
const maxStyles = 1 << 16

// readStyles returns the number format of each cell style (cellXfs) of
// styles.xml, by the style's index, which a cell's s attribute gives.
func readStyles(r io.Reader) ([]numberFormat, error) {
	sc := newXMLScanner(r)
	custom := map[int]string{}
	var ids []int
	inXfs, inFmts := false, false
	for {
		tok, err := sc.next()
		if err != nil {
			return nil, err
		}
		switch {
		case tok.kind == xmlEOF:
			formats := make([]numberFormat, len(ids))
			parsed := map[int]numberFormat{}
			for i, id := range ids {
				f, ok := parsed[id]
				if !ok {
					code, isCustom := custom[id]
					if !isCustom && id >= 0 && id < len(builtinFormats) {
						code = builtinFormats[id]
					}
					f = parseNumberFormat(code)
					parsed[id] = f
				}
				formats[i] = f
			}
			return formats, nil
		case tok.is(xmlStart, "numFmts"):
			inFmts = !tok.empty
		case tok.is(xmlEnd, "numFmts"):
			inFmts = false
		case inFmts && tok.is(xmlStart, "numFmt") && len(custom) < maxStyles:
			id, _ := attr(tok.attrs, "numFmtId")
			code, _ := attr(tok.attrs, "formatCode")
			if n, err := strconv.Atoi(id); err == nil {
				custom[n] = code
			}
		case tok.is(xmlStart, "cellXfs"):
			inXfs = !tok.empty
		case tok.is(xmlEnd, "cellXfs"):
			inXfs = false
		case inXfs && tok.is(xmlStart, "xf") && len(ids) < maxStyles:
			id, _ := attr(tok.attrs, "numFmtId")
			n, _ := strconv.Atoi(id)
			ids = append(ids, n)
		}
	}
}

// excelEpoch is day 0 of the 1900 date system, as Excel counts from 1
// March 1900 on: it takes 1900 for a leap year, as Lotus 1-2-3 did, so
// its day 60 is a 29 February 1900 that never was.
var (
	excelEpoch = time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)
	epoch1904  = time.Date(1904, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// maxSerial is 31 December 9999, the last day Excel shows (in the 1900
// date system).
const maxSerial = 2958465

// formatNumber shows the number written as raw (a cell's <v>) through f.
// Text that is not a number comes back as it is.
func formatNumber(raw []byte, f numberFormat, date1904 bool) string {
	if f.kind == fmtGeneral && plainInteger(raw) {
		return string(raw) // the common case, without parsing
	}
	v, err := strconv.ParseFloat(string(trimXMLSpace(raw)), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return string(raw)
	}
	switch f.kind {
	case fmtDate, fmtDateTime, fmtTime:
		if s, ok := formatSerial(v, f, date1904); ok {
			return s
		}
	case fmtDigits:
		return formatDigits(v, f)
	}
	return formatGeneral(v)
}

// plainInteger reports whether b is an integer as Excel writes one, which
// General shows as it is: digits without a leading zero, a minus sign
// allowed, at most 15 of them (Excel's precision).
func plainInteger(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 15 || b[0] == '0' && len(b) > 1 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func trimXMLSpace(b []byte) []byte {
	for len(b) > 0 && isXMLSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isXMLSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// formatGeneral shows v as Excel's General format would in a wide enough
// column: 15 significant digits, no exponent between 10⁻⁹ and 10²¹.
func formatGeneral(v float64) string {
	if r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64); err == nil {
		v = r
	}
	if a := math.Abs(v); a != 0 && (a < 1e-9 || a >= 1e21) {
		return strconv.FormatFloat(v, 'E', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// formatDigits shows v with at least f.zeros digits before the point and
// between f.minDec and f.maxDec after it, rounded half away from zero as
// Excel rounds.
func formatDigits(v float64, f numberFormat) string {
	if f.percent {
		v *= 100
	}
	if math.Abs(v) >= 1e21 {
		return formatGeneral(v)
	}
	s := roundDecimal(strconv.FormatFloat(math.Abs(v), 'f', -1, 64), f.maxDec)
	intPart, frac, _ := strings.Cut(s, ".")
	for len(frac) > f.minDec && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for n := len(intPart); n < f.zeros; n++ {
		b.WriteByte('0')
	}
	if intPart != "0" || f.zeros > 0 || frac == "" {
		b.WriteString(intPart)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	if f.percent {
		b.WriteByte('%')
	}
	return b.String()
}

// roundDecimal rounds a non-negative decimal number, written out without
// an exponent, to dec decimals, half away from zero; the result has
// exactly dec decimals.
func roundDecimal(s string, dec int) string {
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) <= dec {
		if dec == 0 {
			return intPart
		}
		return intPart + "." + frac + strings.Repeat("0", dec-len(frac))
	}
	digits := []byte(intPart + frac[:dec])
	if frac[dec] >= '5' {
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		} else {
			digits[i]++
		}
	}
	n := len(digits) - dec
	if dec == 0 {
		return string(digits)
	}
	return string(digits[:n]) + "." + string(digits[n:])
}

// formatSerial shows a date serial number; ok is false for a number that
// is not a date Excel can show (a negative one, or past the year 9999).
func formatSerial(v float64, f numberFormat, date1904 bool) (string, bool) {
	last := float64(maxSerial + 1)
	if date1904 {
		last -= 1462 // the days from 1900 to 1904
	}
	if v < 0 || v >= last {
		return "", false
	}
	days := math.Floor(v)
	secs := int64(math.Round((v - days) * 86400))
	var b []byte
	if f.kind != fmtTime {
		var y, d int
		var m time.Month
		day := func(base time.Time, days int) (int, time.Month, int) {
			return base.AddDate(0, 0, days).Add(time.Duration(secs) * time.Second).Date()
		}
		switch n := int(days); {
		case date1904:
			y, m, d = day(epoch1904, n)
		case n == 0 && secs < 86400:
			y, m, d = 1900, 1, 0 // Excel shows 00.01.1900
		case n == 60:
			y, m, d = 1900, 2, 29
		case n < 60:
			y, m, d = day(excelEpoch, n+1)
		default:
			y, m, d = day(excelEpoch, n)
		}
		b = appendTwo(b, d)
		b = append(b, '.')
		b = appendTwo(b, int(m))
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(y), 10)
		if f.kind == fmtDate {
			return string(b), true
		}
		b = append(b, ' ')
	}
	secs %= 86400
	b = appendTwo(b, int(secs/3600))
	b = append(b, ':')
	b = appendTwo(b, int(secs/60%60))
	if f.seconds {
		b = append(b, ':')
		b = appendTwo(b, int(secs%60))
	}
	return string(b), true
}

// appendTwo appends n as two digits.
func appendTwo(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }

// formatISODate shows the value of a cell of type d, an ISO 8601 date or
// date and time, as a date serial of the same moment would show; text
// that is not such a date comes back as it is.
func formatISODate(raw []byte, f numberFormat) string {
	s := string(trimXMLSpace(raw))
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if f.kind != fmtTime && f.kind != fmtDateTime {
			f = numberFormat{kind: fmtDate, seconds: true}
			if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
				f.kind = fmtDateTime
			}
		}
		y, m, d := t.Date()
		if y < 1 || y > 9999 {
			return s
		}
		b := appendTwo(nil, d)
		b = append(b, '.')
		b = appendTwo(b, int(m))
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(y), 10)
		if f.kind == fmtDate {
			return string(b)
		}
		if f.kind == fmtTime {
			b = b[:0]
		} else {
			b = append(b, ' ')
		}
		b = appendTwo(b, t.Hour())
		b = append(b, ':')
		b = appendTwo(b, t.Minute())
		if f.seconds {
			b = append(b, ':')
			b = appendTwo(b, t.Second())
		}
		return string(b)
	}
	return s
}
