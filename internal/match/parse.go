package match

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// The parsers below are the hot path of reading: every byte of the files
// passes through them once. They parse integers by hand from the chunk's
// bytes, with no strings, no allocation and one pass, and check the rules
// of the format as they go. On a line they cannot parse they hand over to
// lineError, which works out what to say.

// uint31 parses the unsigned decimal at text[i:], returning it and the index
// of the byte after it; ok is false unless it has 1 to 10 digits and is at
// most MaxInt32.
func uint31(text []byte, i int) (v int32, j int, ok bool) {
	var u uint64
	j = i
	for j < len(text) {
		d := text[j] - '0'
		if d > 9 {
			break
		}
		u = u*10 + uint64(d)
		j++
	}
	return int32(u), j, uint(j-i-1) < 10 && u <= math.MaxInt32
}

// number is uint31 with one 8-byte load from buf, text and the 8 zero bytes
// after it, when the number has 1 to 7 digits, as those of offers.csv have.
func number(buf, text []byte, j int) (v int32, end int, ok bool) {
	u := le64(buf, j)
	if n, ok := digitCount(u); ok {
		return int32(digitValue(u, n)), j + int(n), true
	}
	return uint31(text, j)
}

// endOfLine returns the start of the next line if text[j:] begins with the
// end of a line (LF, CRLF, or the end of the text), else -1.
func endOfLine(text []byte, j int) int {
	switch {
	case j == len(text):
		return j
	case text[j] == '\n':
		return j + 1
	case text[j] == '\r' && (j+1 == len(text) || text[j+1] == '\n'):
		return min(j+2, len(text))
	}
	return -1
}

// parseOffers parses offers.csv lines: the capacity, reserved flag and
// specialty of offer base+i go to capacity, resv and group at base+i.
func parseOffers(text []byte, c *chunk, rows int, scratch bool, capacity, group []int32, resv []bool) {
	var capOut, groupOut []int32
	var resvOut []bool
	if scratch {
		capOut, groupOut, resvOut = make([]int32, rows), make([]int32, rows), make([]bool, rows)
	} else {
		capOut, groupOut, resvOut = capacity[c.base:c.base+rows], group[c.base:c.base+rows], resv[c.base:c.base+rows]
	}
	// buf is text and the 8 zero bytes after it, for 8-byte loads.
	buf := text[:len(text)+8]
	row := 0
	fail := func(ls int, field, format string, args ...any) {
		c.err = &rowError{off: c.lo + int64(ls), field: field, msg: fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(text); row++ {
		ls := i
		var f [6]int32
		ok := true
		j := i
		for k := range f {
			var good bool
			f[k], j, good = number(buf, text, j)
			if k < len(f)-1 {
				good = good && j < len(text) && text[j] == ','
				j++
			}
			ok = ok && good
			if !ok {
				break
			}
		}
		next := -1
		if ok {
			next = endOfLine(text, j)
		}
		if next < 0 {
			c.err = lineError(offersFields, lineAt(text, ls), c.lo+int64(ls))
			return
		}
		if want := c.base + row; int(f[0]) != want {
			fail(ls, "offer_id", "expected %d: offer ids run 0, 1, 2, … in file order", want)
			return
		}
		if f[5] > 1 {
			fail(ls, "reserved", "%d; expected 0 or 1", f[5])
			return
		}
		capOut[row] = f[4]
		groupOut[row] = f[2]
		resvOut[row] = f[5] == 1
		i = next
	}
}

// appsParse parses applications.csv into shared slices: the rows of a chunk
// go to apps from the chunk's base, and start[s] is set for every student s
// of the chunk (and for the students without rows between two of its
// students). join then checks the order across chunks and fills in the rest
// of start.
type appsParse[W uint32 | uint64] struct {
	nOffers  int32
	shift    uint
	apps     []W
	start    []int32
	students int // set by join
	// lastStudent is the student of the last line, or -1; no student
	// may come after it in a sorted file.
	lastStudent int64
}

func (p *appsParse[W]) parse(w *worker, text []byte, c *chunk, rows int, scratch bool) {
	var apps []W
	start := p.start
	if scratch {
		apps, start = make([]W, rows), nil
	} else {
		apps = p.apps[c.base : c.base+rows]
	}
	// buf is text and the 8 zero bytes after it, for 8-byte loads.
	buf := text[:len(text)+8]
	base := int32(c.base)
	nOffers, shift, mask := p.nOffers, p.shift, W(1)<<p.shift-1
	scoreLimit := uint64(1) << (32 - shift)
	if shift == 32 {
		scoreLimit = 1 << 32
	}
	// The largest student id there is room for: the last line's (see
	// readApplications).
	maxStudent := int32(len(p.start) - 2)
	fail := func(ls int, field, format string, args ...any) {
		c.err = &rowError{off: c.lo + int64(ls), field: field, msg: fmt.Sprintf(format, args...)}
	}
	cur, rank, first := int32(-1), int32(0), 0
	// The student field of the last line parsed fast, as it appears in
	// the text (digits and comma, in the low sameLen bytes of sameWord):
	// a line that starts with the same bytes is the same student, which
	// one comparison tells.
	var sameWord, sameMask uint64
	sameLen, sameOK := 0, false
	var listBits uint64 // offer ids modulo 64 of the current student's list
	row := 0
	for i := 0; i < len(text); row++ {
		ls := i
		// The fast path reads each field with one 8-byte load (see
		// digitCount) and takes lines of the usual shape: four fields of
		// 1 to 7 digits, separated by commas, ended by LF or CRLF;
		// the student is usually the one of the line before and the
		// rank one digit. It stops at the first field that is not so,
		// before reading past it.
		var s, r, o, sc int32
		j, fast := i, false
		u := le64(buf, j)
		if sameOK && u&sameMask == sameWord {
			s, j, fast = cur, j+sameLen, true
		} else if n, ok := digitCount(u); ok && byte(u>>(8*n)) == ',' {
			s, j, fast = int32(digitValue(u, n)), j+int(n)+1, true
			sameLen, sameMask = int(n)+1, uint64(1)<<(8*(n+1))-1
			sameWord, sameOK = u&sameMask, true
		}
		if fast {
			u = le64(buf, j)
			if d := byte(u) - '0'; d < 10 && byte(u>>8) == ',' {
				r, j = int32(d), j+2
			} else if n, ok := digitCount(u); ok && byte(u>>(8*n)) == ',' {
				r, j = int32(digitValue(u, n)), j+int(n)+1
			} else {
				fast = false
			}
		}
		if fast {
			u = le64(buf, j)
			if n, ok := digitCount(u); ok && byte(u>>(8*n)) == ',' {
				o, j = int32(digitValue(u, n)), j+int(n)+1
			} else {
				fast = false
			}
		}
		if fast {
			u = le64(buf, j)
			n, ok := digitCount(u)
			switch end := byte(u >> (8 * n)); {
			case ok && end == '\n':
				sc, j = int32(digitValue(u, n)), j+int(n)+1
			case ok && end == '\r' && n < 7 && byte(u>>(8*(n+1))) == '\n':
				sc, j = int32(digitValue(u, n)), j+int(n)+2
			default:
				fast = false
			}
		}
		i = j
		if !fast {
			// Anything else: long numbers, the end of the text
			// without a newline, or an error.
			s, r, o, sc, i = scalarRow(text, ls)
			if i < 0 {
				c.err = lineError(applicationsFields, lineAt(text, ls), c.lo+int64(ls))
				return
			}
			sameOK = false
		}

		if cur < 0 {
			c.first = s // for join, even if this row is invalid
		}
		if s != cur {
			switch {
			case s < cur:
				fail(ls, "student_id", "%d after %d: rows must be sorted by student_id", s, cur)
				return
			case s > maxStudent && int64(s) > p.lastStudent && p.lastStudent >= 0:
				fail(ls, "student_id", "%d, after which the last line has student %d: rows must be sorted by student_id", s, p.lastStudent)
				return
			case s > maxStudent:
				fail(ls, "student_id", "%d is too large: student ids run from 0, and a file of this size may have at most %d students", s, maxStudent+1)
				return
			case r != 1:
				fail(ls, "rank", "%d for the first row of student %d; ranks run 1, 2, 3, …", r, s)
				return
			}
			if start != nil && (int64(s) <= c.after || int64(s) > c.upTo) {
				start = nil // the file is not sorted; see chunk
			}
			if start != nil {
				if cur < 0 {
					start[s] = base + int32(row)
				} else {
					for t := cur + 1; t <= s; t++ {
						start[t] = base + int32(row)
					}
				}
			}
			cur, rank, first = s, 1, row
		} else {
			if r != rank+1 {
				fail(ls, "rank", "%d after rank %d of student %d; ranks run 1, 2, 3, … without gaps", r, rank, s)
				return
			}
			rank = r
		}
		if o >= nOffers {
			fail(ls, "offer_id", "unknown offer %d (offer ids run 0..%d)", o, nOffers-1)
			return
		}
		if uint64(sc) >= scoreLimit {
			c.wide = true
			return
		}
		// A repeated offer: a bit per offer id modulo 64 tells in one
		// test that most offers are new to the list; the others are
		// compared with the student's earlier rows, which are in
		// cache. A list longer than any policy allows switches to
		// marking offers, which stays linear.
		bit := uint64(1) << (o & 63)
		if row == first {
			listBits = 0
		}
		if n := row - first; n < 32 {
			if listBits&bit != 0 {
				for t := first; t < row; t++ {
					if apps[t]&mask == W(o) {
						fail(ls, "offer_id", "offer %d is ranked twice by student %d (ranks %d and %d)", o, s, t-first+1, r)
						return
					}
				}
			}
			listBits |= bit
		} else {
			if w.seen == nil {
				w.seen = make([]uint32, nOffers)
			}
			if n == 32 {
				w.gen++
				for t := first; t < row; t++ {
					w.seen[apps[t]&mask] = w.gen
				}
			}
			if w.seen[o] == w.gen {
				for t := first; t < row; t++ {
					if apps[t]&mask == W(o) {
						fail(ls, "offer_id", "offer %d is ranked twice by student %d (ranks %d and %d)", o, s, t-first+1, r)
						return
					}
				}
			}
			w.seen[o] = w.gen
		}
		apps[row] = W(o) | W(sc)<<shift
	}
	c.last = cur
}

// scalarRow parses the applications line at text[i:] byte by byte, taking
// what the fast path leaves: numbers of up to 10 digits, CRLF, a last line
// without a newline. next is the start of the next line, or -1 when the line
// is invalid.
func scalarRow(text []byte, i int) (s, r, o, sc int32, next int) {
	var ok bool
	if s, i, ok = uint31(text, i); !ok || i >= len(text) || text[i] != ',' {
		return 0, 0, 0, 0, -1
	}
	if r, i, ok = uint31(text, i+1); !ok || i >= len(text) || text[i] != ',' {
		return 0, 0, 0, 0, -1
	}
	if o, i, ok = uint31(text, i+1); !ok || i >= len(text) || text[i] != ',' {
		return 0, 0, 0, 0, -1
	}
	if sc, i, ok = uint31(text, i+1); !ok {
		return 0, 0, 0, 0, -1
	}
	return s, r, o, sc, endOfLine(text, i)
}

// le64 loads the 8 bytes at b[i:], the first in the low byte.
func le64(b []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(b[i : i+8])
}

// ones and highs repeat a byte in every byte of a word.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// digitCount and digitValue parse the decimal number at the start of u, 8
// bytes of text with the first in the low byte, without a loop: n is the
// number of digits before the first byte below '0' (a comma, a newline, the
// zero padding), ok reports 1 to 7 digits and no other byte among them, and
// digitValue gives their value. Lines of the benchmark have fields of 1 to 7
// digits; anything else goes to the byte-by-byte parser. (Two functions, each
// small enough to be inlined.)
func digitCount(u uint64) (n uint, ok bool) {
	// The high bit of a byte of (u - '0'…) &^ u is set for a byte below
	// '0' (and, through borrows, possibly above one, which does not
	// matter: only the first counts).
	n = uint(bits.TrailingZeros64((u-ones*'0')&^u&highs)) >> 3
	// Bytes above '9', including non-ASCII ones, among the first n.
	above := (u + ones*(0x7F-'9') | u) & highs
	return n, n-1 < 7 && above&(1<<(8*n)-1) == 0
}

// digitValue aligns the n digits at the start of u to the top and adds them
// up in pairs, fours and eights with three multiplications.
func digitValue(u uint64, n uint) uint32 {
	x := (u - ones*'0') << (64 - 8*n)
	x = x*10 + x>>8
	x = ((x&0x000000FF000000FF)*(100+1000000<<32) + (x>>16&0x000000FF000000FF)*(1+10000<<32)) >> 32
	return uint32(x)
}

// join checks that students increase across chunks, up to the first chunk
// with an error (later errors do not matter). When all chunks are valid, it
// gives the students with no rows between chunks an empty list and closes
// start.
func (p *appsParse[W]) join(chunks []chunk, valid bool) *rowError {
	last := int32(-1)
	for k := range chunks {
		c := &chunks[k]
		if c.first >= 0 && c.first <= last {
			return &rowError{off: c.lo, field: "student_id", msg: fmt.Sprintf("%d after %d: rows must be sorted by student_id", c.first, last)}
		}
		if c.err != nil {
			return nil
		}
		if c.first >= 0 {
			last = c.last
		}
	}
	if !valid {
		return nil
	}
	last = -1
	total := 0
	for k := range chunks {
		c := &chunks[k]
		total = c.base + c.rows
		if c.first < 0 {
			continue
		}
		for t := last + 1; t < c.first; t++ {
			p.start[t] = int32(c.base)
		}
		last = c.last
	}
	p.students = int(last) + 1
	p.start[p.students] = int32(total)
	return nil
}
