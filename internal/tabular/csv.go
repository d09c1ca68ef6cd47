package tabular

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

const (
	// bufSize is the read buffer, and how much of the text the delimiter
	// and the encoding are judged on.
	bufSize = 64 << 10
	// maxRecord bounds a record. A cell of Excel holds at most 32,767
	// characters; a record longer than a megabyte is a file that is not a
	// table, or a quotation mark that is never closed and would otherwise
	// swallow the rest of the file into memory.
	maxRecord = 1 << 20
)

// errTooLong is a line longer than maxRecord.
var errTooLong = errors.New("line too long")

// csvSource parses CSV as it is read: RFC 4180 fields, quoted ones holding
// delimiters, doubled quotes and line breaks, as Excel writes them; and,
// as people write them by hand, spaces around a quoted field. Lines end in
// LF or CR LF; a CR LF inside a quoted field reads as LF.
type csvSource struct {
	br        *bufio.Reader
	comma     byte
	encoding  string
	checkUTF8 bool // the text is the file's bytes as they are, which must be UTF-8
	cp1251    bool // the text was decoded from Windows-1251, where U+FFFD is a byte it does not define
	line      int  // physical lines read so far
	done      bool

	long  []byte   // a line longer than the buffer
	field []byte   // the fields of the record, unquoted, one after another
	ends  []int    // where each field ends in field
	cells []string // the fields, returned by next
}

// openCSV detects the encoding and the delimiter of a CSV file and
// positions a source at its first line. A byte-order mark decides the
// encoding; without one, the file is UTF-8 when its text is (see
// looksUTF8), and otherwise Windows-1251, the "ANSI" code page of Russian
// and Kazakh Windows, in which any byte sequence is valid, so the order of
// the checks matters. Windows-1251 has no Kazakh letters (ә, ғ, қ, ң, ө,
// ұ, ү, һ, і): a Kazakh text is always UTF-8 or UTF-16.
func openCSV(name string, ra io.ReaderAt, size int64) (*csvSource, error) {
	head := make([]byte, min(size, bufSize))
	n, err := ra.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	s := &csvSource{}
	var text io.Reader
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		text, s.encoding, s.checkUTF8 = io.NewSectionReader(ra, 3, size-3), "utf-8 bom", true
	case bytes.HasPrefix(head, bomUTF16LE):
		text = transform.NewReader(io.NewSectionReader(ra, 2, size-2), unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
		s.encoding = "utf-16le"
	case bytes.HasPrefix(head, bomUTF16BE):
		text = transform.NewReader(io.NewSectionReader(ra, 2, size-2), unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
		s.encoding = "utf-16be"
	case bytes.IndexByte(head, 0) >= 0:
		// Text in a single-byte encoding or UTF-8 never holds a zero byte;
		// a PDF, a Word document or an image does.
		return nil, NewErrors([]*Error{fileError(name, 0, "", "error.file.not_table",
			"the file is neither an Excel workbook (.xlsx) nor a CSV text: save the list as .xlsx or CSV UTF-8")}, 0)
	default:
		isUTF8, err := looksUTF8(ra, size)
		if err != nil {
			return nil, err
		}
		if isUTF8 {
			text, s.encoding, s.checkUTF8 = io.NewSectionReader(ra, 0, size), "utf-8", true
		} else {
			text, s.encoding, s.cp1251 = transform.NewReader(io.NewSectionReader(ra, 0, size), charmap.Windows1251.NewDecoder()), "windows-1251", true
		}
	}
	s.br = bufio.NewReaderSize(text, bufSize)
	sample, err := s.br.Peek(bufSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	if d := sepLine(sample); d != 0 {
		// Excel's "sep=;" line names the delimiter; it is read and skipped
		// here so that line numbers stay those of the file.
		s.comma = d
		if _, err := s.readLine(); err != nil {
			return nil, err
		}
	} else {
		s.comma = sniffDelimiter(sample, len(sample) == bufSize)
	}
	return s, nil
}

// looksUTF8 tells UTF-8 from Windows-1251 by the text from the first
// non-ASCII byte on (a list often starts with ASCII codes and numbers).
// Text valid as UTF-8 is UTF-8. Otherwise the counts decide: Cyrillic in
// Windows-1251 is almost never valid UTF-8 (a lower-case letter is a lead
// byte that another letter cannot follow), so UTF-8 characters outnumbering
// the bytes that are not UTF-8 is a UTF-8 file with a few broken bytes,
// which the reader then reports where they are rather than garbling the
// whole file. A file with nothing but ASCII is UTF-8.
func looksUTF8(ra io.ReaderAt, size int64) (bool, error) {
	buf := make([]byte, min(size, bufSize))
	for off := int64(0); off < size; {
		n, err := ra.ReadAt(buf, off)
		if err != nil && err != io.EOF {
			return false, err
		}
		if n == 0 {
			break
		}
		i := 0
		for i < n && buf[i] < utf8.RuneSelf {
			i++
		}
		if i == n {
			off += int64(n)
			continue
		}
		if i > 0 {
			off += int64(i)
			if n, err = ra.ReadAt(buf, off); err != nil && err != io.EOF {
				return false, err
			}
		}
		w, complete := buf[:n], off+int64(n) >= size
		valid, invalid := 0, 0
		for j := 0; j < len(w); {
			if w[j] < utf8.RuneSelf {
				j++
				continue
			}
			r, width := utf8.DecodeRune(w[j:])
			if r == utf8.RuneError && width == 1 {
				if !complete && !utf8.FullRune(w[j:]) {
					break // cut by the window, not broken
				}
				invalid++
				j++
				continue
			}
			valid++
			j += width
		}
		return invalid == 0 || valid > invalid, nil
	}
	return true, nil
}

// sepLine returns the delimiter named by a "sep=;" first line, with which
// Excel marks the delimiter of a CSV, or 0.
func sepLine(text []byte) byte {
	first, _, _ := bytes.Cut(text, []byte("\n"))
	first = bytes.TrimSuffix(first, []byte("\r"))
	if len(first) == len("sep=;") && strings.EqualFold(string(first[:4]), "sep=") {
		if d := first[4]; d == ',' || d == ';' || d == '\t' || d == '|' {
			return d
		}
	}
	return 0
}

// sniffSample is how many records the delimiter is judged on.
const sniffSample = 50

// sniffDelimiter picks the delimiter that splits the first records into the
// same number of fields most often, quotes respected. Names contain commas
// and the odd semicolon, but not on every line and not the same number of
// times, while the real delimiter recurs identically: consistency beats
// count. A candidate whose quotes do not parse loses. Ties go to tab, then
// semicolon (the Excel default where the decimal separator is a comma, as
// in Kazakhstan and Russia), then comma. A truncated sample is judged up to
// its last whole line.
func sniffDelimiter(sample []byte, truncated bool) byte {
	if i := bytes.LastIndexByte(sample, '\n'); truncated && i >= 0 {
		sample = sample[:i+1]
	}
	type score struct{ parses, freq, fields int }
	better := func(a, b score) bool {
		if a.parses != b.parses {
			return a.parses > b.parses
		}
		if a.freq != b.freq {
			return a.freq > b.freq
		}
		return a.fields > b.fields
	}
	best, bestScore := byte('\t'), score{}
	for i, d := range []byte{'\t', ';', ','} {
		s := &csvSource{br: bufio.NewReader(bytes.NewReader(sample)), comma: d}
		sc := score{parses: 1}
		counts := map[int]int{}
		for n := 0; n < sniffSample; n++ {
			rec, err := s.next()
			if err == io.EOF {
				break
			}
			if p, ok := err.(*problem); ok {
				// A quote left open at the end of a truncated sample may
				// close after it.
				if !(truncated && p.err.Key == "error.file.unclosed_quote") {
					sc.parses = 0
				}
				break
			}
			if len(rec.cells) > 1 {
				counts[len(rec.cells)]++
			}
		}
		for fields, freq := range counts {
			if freq > sc.freq || freq == sc.freq && fields > sc.fields {
				sc.freq, sc.fields = freq, fields
			}
		}
		if i == 0 || better(sc, bestScore) {
			best, bestScore = d, sc
		}
	}
	return best
}

// readLine returns the next line without its line break, counting it.
func (s *csvSource) readLine() ([]byte, error) {
	line, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.long = append(s.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(s.long) > maxRecord {
				return nil, errTooLong
			}
			line, err = s.br.ReadSlice('\n')
			s.long = append(s.long, line...)
		}
		line = s.long
	}
	if err == io.EOF && len(line) > 0 {
		err = nil // a last line without a line break
	}
	if err != nil {
		return nil, err
	}
	s.line++
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// next parses the next record, skipping empty lines.
func (s *csvSource) next() (record, error) {
	if s.done {
		return record{}, io.EOF
	}
	line, err := s.readLine()
	for err == nil && len(line) == 0 {
		line, err = s.readLine()
	}
	if err != nil {
		return record{}, s.stop(err, s.line+1)
	}
	start := s.line
	invalid := s.checkUTF8 && !utf8.Valid(line)
	s.field, s.ends = s.field[:0], s.ends[:0]
	var prob *problem
	pos := 0
fields:
	for {
		q := s.skipSpace(line, pos)
		if q < len(line) && line[q] == '"' {
			quoteLine := s.line
			pos = q + 1
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					// The field goes on past the line break.
					s.field = append(s.field, line[pos:]...)
					s.field = append(s.field, '\n')
					if len(s.field) > maxRecord {
						err = errTooLong
					} else {
						line, err = s.readLine()
					}
					if err != nil {
						if err == io.EOF || err == errTooLong {
							s.done = true
							return record{}, &problem{line: quoteLine, pos: len(s.ends), err: domain.Errorf(domain.EINVALID, "error.file.unclosed_quote",
								`a quoted field starting on this line is not closed: check its quotation marks (inner ones are doubled: "")`)}
						}
						return record{}, s.stop(err, s.line+1)
					}
					invalid = invalid || s.checkUTF8 && !utf8.Valid(line)
					pos = 0
					continue
				}
				s.field = append(s.field, line[pos:pos+i]...)
				pos += i + 1
				if pos < len(line) && line[pos] == '"' {
					s.field = append(s.field, '"')
					pos++
					continue
				}
				// The closing quote: spaces may follow, then the delimiter
				// or the end of the line.
				e := s.skipSpace(line, pos)
				if e == len(line) {
					s.ends = append(s.ends, len(s.field))
					break fields
				}
				if line[e] == s.comma {
					s.ends = append(s.ends, len(s.field))
					pos = e + 1
					continue fields
				}
				// Text after the closing quote: the quote was meant
				// literally. Report it, and read on to the delimiter as
				// written so that the next records are not thrown off.
				if prob == nil {
					prob = s.quoteProblem(start, len(s.ends), line, pos-1)
				}
				s.field = append(s.field, '"')
				break
			}
		}
		i := bytes.IndexByte(line[pos:], s.comma)
		f := line[pos:]
		if i >= 0 {
			f = line[pos : pos+i]
		}
		if j := bytes.IndexByte(f, '"'); j >= 0 && prob == nil {
			prob = s.quoteProblem(start, len(s.ends), line, pos+j)
		}
		s.field = append(s.field, f...)
		s.ends = append(s.ends, len(s.field))
		if i < 0 {
			break
		}
		pos += i + 1
	}

	text := string(s.field)
	s.cells = s.cells[:0]
	prev := 0
	for _, e := range s.ends {
		s.cells = append(s.cells, text[prev:e])
		prev = e
	}
	rec := record{line: start, cells: s.cells}
	if prob == nil && invalid {
		prob = s.encodingProblem(start, utf8.ValidString, "error.file.encoding",
			"the file starts as UTF-8 but has bytes that are not UTF-8 here: save it again as CSV UTF-8")
	}
	// (strings.ContainsRune would decode every rune: it also finds the
	// invalid bytes that decode as U+FFFD, which the text cannot have.)
	if prob == nil && s.cp1251 && strings.Contains(text, "\uFFFD") {
		prob = s.encodingProblem(start, func(c string) bool { return !strings.Contains(c, "\uFFFD") }, "error.file.cp1251",
			"the file reads as Windows-1251 but has a byte here that is not a character in it: save it again as CSV UTF-8")
	}
	if prob != nil {
		return rec, prob
	}
	return rec, nil
}

// skipSpace returns the position of the first byte from pos on that is not
// a space (nor a tab, unless tab is the delimiter).
func (s *csvSource) skipSpace(line []byte, pos int) int {
	for pos < len(line) && (line[pos] == ' ' || line[pos] == '\t' && s.comma != '\t') {
		pos++
	}
	return pos
}

// stop ends the reading: at the end of the file, on a line too long to be
// a record, or on an I/O error.
func (s *csvSource) stop(err error, line int) error {
	s.done = true
	if err == errTooLong {
		return &problem{line: line, pos: -1, err: domain.Errorf(domain.EINVALID, "error.file.line_too_long",
			"the line is longer than a megabyte: the file is not a table saved as CSV")}
	}
	return err
}

// quoteProblem is a quotation mark inside a field that is not quoted, or
// after the closing one. The message gives the character on the line, as
// a text editor counts it (a Cyrillic letter takes two bytes).
func (s *csvSource) quoteProblem(start, field int, line []byte, at int) *problem {
	char := utf8.RuneCount(line[:at]) + 1
	de := domain.Errorf(domain.EINVALID, "error.file.quote",
		`misplaced quotation mark at line %d, character %d: a field with quotation marks or delimiters must be enclosed in quotes, with inner quotes doubled ("")`,
		s.line, char).With("line", strconv.Itoa(s.line)).With("char", strconv.Itoa(char))
	return &problem{line: start, pos: field, err: de}
}

// encodingProblem places a text that is not in the file's encoding at the
// first field of the record for which ok is false.
func (s *csvSource) encodingProblem(start int, ok func(string) bool, key, msg string) *problem {
	p := &problem{line: start, pos: -1, err: domain.Errorf(domain.EINVALID, key, "%s", msg)}
	for i, c := range s.cells {
		if !ok(c) {
			p.pos = i
			break
		}
	}
	return p
}

func (s *csvSource) close() error { return nil }
