package match

import (
	"encoding/binary"
	"strconv"
	"testing"
)

func TestDigits8(t *testing.T) {
	for _, tc := range []string{"0,", "7\n", "12,", "999\n", "1234567,", "12345678", "1a,", "\xff1,", ",", "01,", "9999999\n", "0000000,", "5\x00\x00", ":,", "/,"} {
		var b [8]byte
		copy(b[:], tc)
		u := binary.LittleEndian.Uint64(b[:])
		n, ok := digitCount(u)
		v := digitValue(u, n)
		// reference
		m := 0
		for m < len(tc) && tc[m] >= '0' && tc[m] <= '9' {
			m++
		}
		wantOK := m >= 1 && m <= 7 && (m == len(tc) || tc[m] < '0')
		if m < len(tc) && tc[m] >= 0x80 {
			wantOK = false
		}
		if ok != wantOK {
			t.Errorf("%q: ok %v, want %v (n %d)", tc, ok, wantOK, n)
			continue
		}
		if ok {
			want, _ := strconv.Atoi(tc[:m])
			if int(v) != want || int(n) != m {
				t.Errorf("%q: %d,%d want %d,%d", tc, v, n, want, m)
			}
		}
	}
}
