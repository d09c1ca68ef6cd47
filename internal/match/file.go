package match

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// The files of the benchmark (../shared/bench/SPEC.md):
//
//	offers.csv        offer_id,enterprise_id,specialty,region,capacity,reserved
//	applications.csv  student_id,rank,offer_id,score
//
// with exactly these headers. Fields are decimal integers without sign,
// spaces or quotes, at most 2147483647. Offer ids run 0, 1, 2, … in file
// order; capacity ≥ 0; reserved is 0 or 1. Applications are sorted by
// student and rank, ranks run 1..k for every student, an offer appears at
// most once in a list. Students are 0..the student of the last line; a
// student without rows has an empty list (ids may skip up to a million
// students, or as many as the file has bytes / 8). Lines end in LF or CRLF,
// the last one may end the file without it, and no line is empty. A UTF-8
// byte order mark is skipped; any other encoding is refused. The specialty
// of an offer becomes its group (see Input): students apply within their
// specialty, so a round splits over cores by specialty.
const (
	offersHeader       = "offer_id,enterprise_id,specialty,region,capacity,reserved"
	applicationsHeader = "student_id,rank,offer_id,score"
)

var offersFields = []string{"offer_id", "enterprise_id", "specialty", "region", "capacity", "reserved"}
var applicationsFields = []string{"student_id", "rank", "offer_id", "score"}

// FileError is invalid input in a file: where (the file as named by the
// caller, the line from 1 and the field) and what.
type FileError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *FileError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// chunkSize is how much of a file one worker parses at a time: small enough
// for the text and the rows it makes to stay in a core's cache (and for the
// workers' buffers to be little fresh memory, which costs on a virtual
// machine), large enough that the hand-over between chunks costs nothing.
// 256 KiB measured as fast as 1 MiB on S4 and faster on S2. A variable so
// that tests can cut files into many tiny chunks.
var chunkSize int64 = 256 << 10

// ReadFiles reads the offers and applications files into an Instance; every
// rule of the format is checked as the files are read, and invalid input is
// a *FileError naming the file, line and field of the first fault in the
// file. Both files are read with positioned reads into small buffers, cut
// into chunks parsed on every core.
//
// (Mapping the files into memory instead, to parse them without a copy, was
// measured slower: on the benchmark's virtual machine the page faults that
// map a cached file cost 10 ms for 100,000 students' 17 MB, copying it 3 to
// 5 ms.)
func ReadFiles(offersPath, applicationsPath string) (*Instance, error) {
	var a arena
	var capacity, group []int32
	var reserved []bool
	err := withFile(offersPath, func(f *os.File, size int64) (err error) {
		capacity, reserved, group, err = readOffers(&a, offersPath, f, size)
		return err
	})
	if err != nil {
		return nil, err
	}
	var in *Instance
	err = withFile(applicationsPath, func(f *os.File, size int64) (err error) {
		in, err = readApplications(&a, applicationsPath, f, size, capacity)
		return err
	})
	if err != nil {
		return nil, err
	}
	in.reserved, in.group = reserved, group
	return in, nil
}

func withFile(path string, read func(*os.File, int64) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return read(f, fi.Size())
}

// readOffers reads an offers file of size bytes from r, taking memory from
// a; name is the file's name in errors. It returns the capacity, the
// reserved flag and the specialty (as the group, see Input) of every offer.
func readOffers(a *arena, name string, r io.ReaderAt, size int64) (capacity []int32, reserved []bool, group []int32, err error) {
	src := &source{name: name, r: r, size: size, fields: offersFields, arena: a}
	if err := src.header(offersHeader); err != nil {
		return nil, nil, nil, err
	}
	// Shortest valid line: "0,0,0,0,0,0\n".
	rowBound := int((size-src.dataStart+1)/12 + 1)
	capacity, group, reserved = take[int32](a, rowBound), take[int32](a, rowBound), take[bool](a, rowBound)
	rows, err := src.run(12, nil, func(w *worker, text []byte, c *chunk, rows int, scratch bool) {
		parseOffers(text, c, rows, scratch, capacity, group, reserved)
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return capacity[:rows:rows], reserved[:rows:rows], group[:rows:rows], nil
}

// readApplications reads an applications file of size bytes from r for
// offers of the given capacities, taking memory from a; name is the file's
// name in errors. The Instance has no reserved offers and no lottery.
func readApplications(a *arena, name string, r io.ReaderAt, size int64, capacity []int32) (*Instance, error) {
	src := &source{name: name, r: r, size: size, fields: applicationsFields, grouped: true, arena: a}
	if err := src.header(applicationsHeader); err != nil {
		return nil, err
	}
	// The shortest valid line is "0,1,0,0\n", so a file cannot hold more
	// rows than this. The slices are allocated at that bound but only the
	// part the rows fill is ever touched, so the rest costs address space,
	// not memory: the rows are written in place by both workers at once,
	// without knowing the total beforehand.
	rowBound := (size-src.dataStart+1)/8 + 1
	if rowBound > 1<<31-2 {
		return nil, fmt.Errorf("%s: too large (more than %d rows possible)", name, 1<<31-2)
	}
	// The start of every list is written in place too, so the number of
	// students is needed beforehand: it is one more than the student of
	// the last line, in a sorted file. (A student without rows has an
	// empty list, so ids may exceed the rows, but not by more than the
	// rows the file could hold or a million, whichever is more, so that a
	// mistyped id cannot ask for gigabytes.) When the last line has no
	// student id, the file has an error somewhere, and the most rows it
	// could hold are room enough to find it.
	maxStudent := rowBound - 1
	lastStudent, err := src.lastStudent()
	if err != nil {
		return nil, err
	}
	if lastStudent >= 0 {
		maxStudent = min(lastStudent, max(rowBound, 1<<20)-1)
	}
	in := &Instance{capacity: capacity, start: take[int32](a, int(maxStudent)+2), shift: offerBits(len(capacity))}
	// Most instances fit an application in 32 bits; one that does not
	// is found by a score too large for it, and read again in 64.
	narrow := &appsParse[uint32]{nOffers: int32(len(capacity)), shift: in.shift, apps: take[uint32](a, int(rowBound)), start: in.start, lastStudent: lastStudent}
	rows, err := src.run(8, narrow.join, narrow.parse)
	if err == errWide {
		in.shift = 32
		wide := &appsParse[uint64]{nOffers: int32(len(capacity)), shift: 32, apps: take[uint64](a, int(rowBound)), start: in.start, lastStudent: lastStudent}
		rows, err = src.run(8, wide.join, wide.parse)
		in.start, in.wide = in.start[:wide.students+1:wide.students+1], wide.apps[:rows:rows]
	} else {
		in.start, in.narrow = in.start[:narrow.students+1:narrow.students+1], narrow.apps[:rows:rows]
	}
	if err != nil {
		return nil, err
	}
	return in, nil
}

// source is one file being read.
type source struct {
	name      string
	r         io.ReaderAt
	size      int64
	fields    []string
	grouped   bool   // chunks may only split between students
	arena     *arena // for the workers' buffers
	dataStart int64  // offset of the first row
	buf       []byte // for the reads of the searches for boundaries
	window    []byte // what buf holds of the file, from windowOff
	windowOff int64
}

// rowError is invalid input at the line that starts at byte off.
type rowError struct {
	off   int64
	field string
	msg   string
}

// chunk is a range of whole lines (of whole students, for applications)
// parsed by one worker. Its rows go to base…base+rows of the output, where
// base is the sum of the rows of the chunks before it: every worker counts
// the lines of its chunk before parsing them, publishes the base of the next
// chunk and only then parses, so the other worker waits at most for a line
// count, never for a parse.
type chunk struct {
	lo, hi int64
	ready  chan struct{} // closed when base and rows are set
	base   int
	rows   int
	err    *rowError
	// first and last student of the chunk, -1 when it has no rows
	first, last int32
	// wide is set when a score does not fit in a 32-bit application
	wide bool
	// The chunk may write the start of lists for students in
	// (after, upTo]: after is the largest student on the last line of an
	// earlier chunk, upTo the student on its own last line. In a sorted
	// file that is every student of the chunk; in another, it keeps two
	// chunks from ever writing the same entry, and the file has an error
	// that the chunk or join reports.
	after, upTo int64
}

// errWide asks for the applications to be read again with 64-bit words.
var errWide = errors.New("a score does not fit in 32 bits beside the offer")

// worker holds what a goroutine reuses from chunk to chunk.
type worker struct {
	buf []byte
	// seen marks the offers of the current student when her list is too
	// long to look for a repeated offer by comparing with each other one.
	seen []uint32
	gen  uint32
}

// header checks the first line and sets dataStart.
func (src *source) header(want string) error {
	buf := make([]byte, min(src.size, int64(len(want)+256)))
	n, err := src.r.ReadAt(buf, 0)
	if err != nil && err != io.EOF {
		return fmt.Errorf("%s: %w", src.name, err)
	}
	buf = buf[:n]
	fail := func(msg string) error { return &FileError{File: src.name, Line: 1, Field: "header", Msg: msg} }
	switch {
	case bytes.HasPrefix(buf, []byte{0xFF, 0xFE}), bytes.HasPrefix(buf, []byte{0xFE, 0xFF}):
		return &FileError{File: src.name, Line: 1, Field: "encoding", Msg: "the file is UTF-16; save it as UTF-8"}
	case len(buf) == 0:
		return fail(fmt.Sprintf("empty file; expected the header %q", want))
	}
	skip := 0
	if bytes.HasPrefix(buf, []byte{0xEF, 0xBB, 0xBF}) {
		skip = 3 // UTF-8 byte order mark, as spreadsheets write it
	}
	line := buf[skip:]
	end := bytes.IndexByte(line, '\n')
	if end < 0 {
		if int64(len(buf)) < src.size {
			return fail(fmt.Sprintf("expected %q, got a longer first line", want))
		}
		end = len(line)
		src.dataStart = src.size
	} else {
		src.dataStart = int64(skip + end + 1)
	}
	got := bytes.TrimSuffix(line[:end], []byte{'\r'})
	if string(got) != want {
		msg := fmt.Sprintf("expected %q, got %q", want, truncate(got, 80))
		if bytes.IndexByte(got, 0) >= 0 {
			msg += " (NUL bytes: is the file UTF-16? save it as UTF-8)"
		} else if !utf8.Valid(got) {
			msg += " (not UTF-8 text)"
		}
		return fail(msg)
	}
	return nil
}

// run cuts the data into chunks, parses them on every core, calls join (if
// not nil) on the chunks in order, and returns the number of rows or the
// first error in the file. join looks for errors across chunks and, when
// told the chunks are all valid, completes what they made.
func (src *source) run(minLine int, join func(chunks []chunk, valid bool) *rowError, parse parseFunc) (int, error) {
	bounds, err := src.boundaries()
	if err != nil {
		return 0, err
	}
	chunks := make([]chunk, len(bounds)-1)
	for k := range chunks {
		chunks[k] = chunk{lo: bounds[k], hi: bounds[k+1], ready: make(chan struct{}), first: -1, last: -1}
	}
	// Every worker reads its chunks into one buffer, taken before they
	// start: room for the longest chunk and the 8 zero bytes after it that
	// let the parsers load 8 bytes at any offset in the text.
	var longest int64
	for k := range chunks {
		longest = max(longest, chunks[k].hi-chunks[k].lo)
	}
	workers := make([]worker, min(runtime.GOMAXPROCS(0), len(chunks)))
	for i := range workers {
		workers[i].buf = take[byte](src.arena, int(longest)+8)
	}
	var next atomic.Int64
	var ioErr error
	var ioOnce sync.Once
	work := func(w *worker) {
		for {
			k := int(next.Add(1) - 1)
			if k >= len(chunks) {
				return
			}
			c := &chunks[k]
			n := int(c.hi - c.lo)
			text := w.buf[:n]
			clear(w.buf[n : n+8])
			if got, err := src.r.ReadAt(text, c.lo); err != nil && !(err == io.EOF && got == n) {
				ioOnce.Do(func() { ioErr = fmt.Errorf("%s: %w", src.name, err) })
				text, n = text[:0], 0
			}
			rows := countLines(text)
			// Every valid line is at least minLine bytes (the last
			// may lack its newline): more lines than that means a
			// short line, which is an error, and its rows must not
			// take room that the bound did not reserve. Parse such
			// a chunk into a scratch area, only to find the error.
			limit := n / minLine
			if n > 0 && text[n-1] != '\n' {
				limit = (n + 1) / minLine // the last line, unended
			}
			scratch := rows > limit
			c.upTo = lastLineInt(text)
			c.after = -1
			if k > 0 {
				<-chunks[k-1].ready
				prev := &chunks[k-1]
				c.base = prev.base + prev.rows
				c.after = max(prev.after, prev.upTo)
			}
			if !scratch {
				c.rows = rows
			}
			close(c.ready)
			if len(text) == 0 {
				continue
			}
			parse(w, text, c, rows, scratch)
			if scratch && c.err == nil {
				c.err = &rowError{off: c.lo, field: src.fields[0], msg: "internal error: short line not found"}
			}
		}
	}
	var wg sync.WaitGroup
	for i := 1; i < len(workers); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); work(&workers[i]) }()
	}
	if len(workers) > 0 {
		work(&workers[0])
	}
	wg.Wait()
	if ioErr != nil {
		return 0, ioErr
	}
	var first *rowError
	for k := range chunks {
		if e := chunks[k].err; e != nil && (first == nil || e.off < first.off) {
			first = e
		}
	}
	for k := range chunks {
		if chunks[k].wide {
			return 0, errWide
		}
	}
	if join != nil {
		// An error between chunks is at the first line of one, and
		// there it comes before that line's own: a line out of
		// order is reported as such, not for its rank.
		if e := join(chunks, first == nil); e != nil && (first == nil || e.off <= first.off) {
			first = e
		}
	}
	if first != nil {
		return 0, src.fileError(first)
	}
	if len(chunks) == 0 {
		return 0, nil
	}
	last := chunks[len(chunks)-1]
	return last.base + last.rows, nil
}

// parseFunc parses the text of chunk c, rows lines, and sets c.err on the
// first invalid line. With scratch it writes its rows to a private area: the
// chunk has lines too short to be valid, so only its error matters.
type parseFunc func(w *worker, text []byte, c *chunk, rows int, scratch bool)

// lastLineInt returns the integer that starts the last line of text when a
// comma follows it, -1 for no text, and the largest int64 otherwise, so that
// a chunk whose last line has no student is taken to cover every id.
func lastLineInt(text []byte) int64 {
	text = bytes.TrimSuffix(text, []byte{'\n'})
	if len(text) == 0 {
		return -1
	}
	line := text[bytes.LastIndexByte(text, '\n')+1:]
	comma := bytes.IndexByte(line, ',')
	if comma < 1 {
		return math.MaxInt64
	}
	v, ok := parseField(line[:comma])
	if !ok {
		return math.MaxInt64
	}
	return int64(v)
}

// countLines counts the lines of text, the last one with or without its
// newline.
func countLines(text []byte) int {
	n := bytes.Count(text, []byte{'\n'})
	if len(text) > 0 && text[len(text)-1] != '\n' {
		n++
	}
	return n
}

// boundaries returns the offsets where chunks start, then the file size.
// Chunks start at a line; for applications, at a line whose student differs
// from the line before, so that no student's list is split.
func (src *source) boundaries() ([]int64, error) {
	bounds := []int64{src.dataStart}
	for p := src.dataStart + chunkSize; p < src.size; p += chunkSize {
		b, err := src.boundaryAfter(p)
		if err != nil {
			return nil, err
		}
		if b > bounds[len(bounds)-1] && b < src.size {
			bounds = append(bounds, b)
		}
		if b > p {
			p = b - (b-src.dataStart)%chunkSize // skip nominal points inside a long run
		}
	}
	return append(bounds, src.size), nil
}

// boundaryAfter returns the first chunk start at or after p.
func (src *source) boundaryAfter(p int64) (int64, error) {
	ls, err := src.lineStart(p)
	if err != nil || !src.grouped || ls >= src.size {
		return ls, err
	}
	prev, err := src.lineStartBefore(ls - 1)
	if err != nil {
		return 0, err
	}
	want, err := src.leadingInt(prev)
	if err != nil || want < 0 {
		return ls, err
	}
	for ls < src.size {
		s, err := src.leadingInt(ls)
		if err != nil || s != want {
			return ls, err
		}
		if ls, err = src.lineStart(ls + 1); err != nil {
			return 0, err
		}
	}
	return ls, nil
}

// The searches for boundaries look at the file a few bytes at a time (the
// start of a line, of the line before, of each line of a student's list)
// through a window of it: a read each would be a system call each, 900 of
// them for 100,000 students (1.7 ms), made before any core starts parsing.
const (
	scanStep   = 512  // the most bytes a search asks for at once
	windowSize = 4096 // the bytes read when it asks for others
)

// bytesAt returns the bytes of the file from off, n of them or fewer at its
// end, from the window, which is read again around them when it does not
// hold them. They are valid until the next call.
func (src *source) bytesAt(off int64, n int) ([]byte, error) {
	end := min(off+int64(n), src.size)
	if off < src.windowOff || end > src.windowOff+int64(len(src.window)) {
		if src.buf == nil {
			src.buf = make([]byte, windowSize)
		}
		lo := max(0, min(off-int64(windowSize-n)/2, src.size-windowSize))
		got, err := src.r.ReadAt(src.buf[:min(windowSize, src.size-lo)], lo)
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s: %w", src.name, err)
		}
		src.window, src.windowOff = src.buf[:got], lo
		end = min(end, lo+int64(got))
	}
	return src.window[off-src.windowOff : end-src.windowOff], nil
}

// lineStart returns the start of the first line at or after p (the size at
// the end of the file).
func (src *source) lineStart(p int64) (int64, error) {
	if p <= src.dataStart {
		return src.dataStart, nil
	}
	for q := p - 1; q < src.size; {
		b, err := src.bytesAt(q, scanStep)
		if err != nil {
			return 0, err
		}
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return q + int64(i) + 1, nil
		}
		if len(b) == 0 {
			break
		}
		q += int64(len(b))
	}
	return src.size, nil
}

// lineStartBefore returns the start of the line that holds byte p: just
// after the last newline before p.
func (src *source) lineStartBefore(p int64) (int64, error) {
	for hi := p; hi > src.dataStart; {
		lo := max(src.dataStart, hi-scanStep)
		b, err := src.bytesAt(lo, int(hi-lo))
		if err != nil {
			return 0, err
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return lo + int64(i) + 1, nil
		}
		hi = lo
	}
	return src.dataStart, nil
}

// leadingInt returns the integer at the start of the line at p when it is
// followed by a comma, or -1.
func (src *source) leadingInt(p int64) (int64, error) {
	b, err := src.bytesAt(p, 16)
	if err != nil {
		return 0, err
	}
	var v int64
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
		case c == ',' && i > 0:
			return v, nil
		default:
			return -1, nil
		}
	}
	return -1, nil
}

// lastStudent returns the student id that starts the last line, or -1 when
// there is none.
func (src *source) lastStudent() (int64, error) {
	end := src.size
	if end > src.dataStart {
		b, err := src.bytesAt(end-1, 1)
		if err != nil {
			return 0, err
		}
		if len(b) == 1 && b[0] == '\n' {
			end--
		}
	}
	if end <= src.dataStart {
		return -1, nil
	}
	ls, err := src.lineStartBefore(end)
	if err != nil {
		return 0, err
	}
	return src.leadingInt(ls)
}

// fileError turns a row error into a FileError with its line number, counted
// only now that it is needed.
func (src *source) fileError(e *rowError) error {
	line := 1
	if src.dataStart > 0 {
		line = 2
	}
	buf := make([]byte, min(1<<20, max(e.off-src.dataStart, 1)))
	for q := src.dataStart; q < e.off; {
		n, err := src.r.ReadAt(buf[:min(int64(len(buf)), e.off-q)], q)
		line += bytes.Count(buf[:n], []byte{'\n'})
		q += int64(n)
		if err != nil || n == 0 {
			break
		}
	}
	return &FileError{File: src.name, Line: line, Field: e.field, Msg: e.msg}
}

// lineError describes what is wrong with a line the fast parser stopped at
// for its syntax: the field count or the first field that is not an integer.
// It is the slow path; the fast parsers only know that something is wrong.
func lineError(fields []string, line []byte, off int64) *rowError {
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
	if len(line) == 0 {
		return &rowError{off: off, field: fields[0], msg: "empty line"}
	}
	parts := bytes.Split(line, []byte{','})
	for i, f := range parts {
		if i >= len(fields) {
			break
		}
		if _, ok := parseField(f); !ok {
			return &rowError{off: off, field: fields[i], msg: describeBadInt(f)}
		}
	}
	if len(parts) != len(fields) {
		return &rowError{off: off, field: fields[min(len(parts), len(fields)-1)],
			msg: fmt.Sprintf("%d fields, expected %d (%s)", len(parts), len(fields), joinNames(fields))}
	}
	return &rowError{off: off, field: fields[0], msg: "invalid line"}
}

func joinNames(fields []string) string {
	var b bytes.Buffer
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f)
	}
	return b.String()
}

// parseField parses a field as the fast parsers do, for the slow path.
func parseField(f []byte) (int32, bool) {
	if len(f) == 0 || len(f) > 10 {
		return 0, false
	}
	var v int64
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if v > 1<<31-1 {
		return 0, false
	}
	return int32(v), true
}

func describeBadInt(f []byte) string {
	switch {
	case len(f) == 0:
		return "empty; expected an integer"
	case !utf8.Valid(f):
		return fmt.Sprintf("%q is not UTF-8 text; expected an integer", truncate(f, 40))
	case f[0] == '-':
		if _, err := strconv.Atoi(string(f)); err == nil {
			return fmt.Sprintf("%s is negative", f)
		}
	}
	if _, err := strconv.ParseUint(string(f), 10, 64); err == nil {
		return fmt.Sprintf("%s is too large (at most %d)", f, 1<<31-1)
	}
	return fmt.Sprintf("%q is not an integer", truncate(f, 40))
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// lineAt returns the line of text that starts at i.
func lineAt(text []byte, i int) []byte {
	if j := bytes.IndexByte(text[i:], '\n'); j >= 0 {
		return text[i : i+j]
	}
	return text[i:]
}
