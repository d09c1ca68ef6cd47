package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// The parts of a workbook are XML, read here by a small scanner rather than
// encoding/xml, which allocates a token per tag and reads a national list
// at a fraction of the speed. The scanner knows only what SpreadsheetML
// uses: start and end tags, attributes, character data with the five
// predefined entities and character references, CDATA sections, comments
// and processing instructions. It does not check that tags nest, resolves
// no namespaces (names are compared without their prefix: some writers
// put every element in an "x:" namespace), and refuses a document type
// declaration, which Excel never writes and which is where entity bombs
// live.

// xmlKind is the kind of an xmlToken.
type xmlKind uint8

const (
	xmlEOF   xmlKind = iota
	xmlStart         // <name attributes> or <name attributes/>
	xmlEnd           // </name>
	xmlText          // character data, entities still escaped
	xmlCDATA         // a CDATA section's literal text
)

// xmlToken is one piece of a part. Its slices point into the scanner's
// buffer and are valid until the next call of next.
type xmlToken struct {
	kind  xmlKind
	name  []byte // of a tag, without its namespace prefix
	attrs []byte // of a start tag, as written
	empty bool   // a start tag that closes itself
	text  []byte // of xmlText and xmlCDATA
}

func (t *xmlToken) is(kind xmlKind, name string) bool {
	return t.kind == kind && string(t.name) == name
}

const (
	xmlBufSize = 64 << 10
	// maxXMLToken bounds one tag or one run of text, so that a part
	// without a '<' cannot make the scanner buffer all of it. A cell holds
	// at most 32,767 characters, a few hundred kilobytes however escaped.
	maxXMLToken = 1 << 20
)

var (
	errTokenTooLong = fmt.Errorf("an XML tag or text longer than %d bytes", maxXMLToken)
	errDoctype      = errors.New("a document type declaration, which a workbook never has")
)

// xmlScanner splits a part into tokens as it is read.
type xmlScanner struct {
	r        io.Reader
	buf      []byte
	pos, end int   // the unread bytes are buf[pos:end]
	rerr     error // the reader's error: io.EOF once the part is read
	tok      xmlToken
}

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, xmlBufSize)}
}

// more reads more of the part, keeping the unread bytes. It returns false
// when nothing more can be had: the part is read (s.rerr is io.EOF), the
// reader failed, or the token being read is longer than maxXMLToken.
func (s *xmlScanner) more() (bool, error) {
	if s.rerr != nil {
		return false, nil
	}
	if s.pos > 0 {
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxXMLToken {
			return false, errTokenTooLong
		}
		grown := make([]byte, min(2*len(s.buf), maxXMLToken))
		copy(grown, s.buf[:s.end])
		s.buf = grown
	}
	for range 100 { // a reader may return nothing without an error, a few times
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.rerr = err
			if err != io.EOF {
				return false, err
			}
			return n > 0, nil
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, io.ErrNoProgress
}

// next returns the next token, a token of kind xmlEOF at the end of the
// part; the token is the scanner's own, overwritten by the next call. A
// tag or section cut off by the end of the part is an error.
func (s *xmlScanner) next() (*xmlToken, error) {
	tok := &s.tok
	for {
		b := s.buf[s.pos:s.end]
		if len(b) == 0 {
			if ok, err := s.more(); !ok {
				if err == nil {
					err = s.readErr()
				}
				*tok = xmlToken{}
				return tok, err
			}
			continue
		}
		if b[0] != '<' {
			i := bytes.IndexByte(b, '<')
			if i < 0 {
				if ok, err := s.more(); ok {
					continue
				} else if err != nil {
					return tok, err
				}
				i = len(b) // text at the end of the part
			}
			s.pos += i
			*tok = xmlToken{kind: xmlText, text: b[:i]}
			return tok, nil
		}
		n, err := scanTag(b, tok)
		if err != nil {
			return tok, err
		}
		if n < 0 { // the tag goes on past the buffer
			if ok, err := s.more(); !ok {
				if err == nil {
					if err = s.readErr(); err == nil {
						err = io.ErrUnexpectedEOF
					}
				}
				return tok, err
			}
			continue
		}
		s.pos += n
		if tok.kind == xmlEOF { // a comment or a processing instruction
			continue
		}
		return tok, nil
	}
}

// value reads, when the part goes on with one, a cell's value in its
// commonest form: "<v>text</v></c>", without a tag in the text. It is how
// most cells of a sheet are read, and reading them without going through
// next makes the whole sheet read about twice as fast.
func (s *xmlScanner) value() ([]byte, bool) {
	b := s.buf[s.pos:s.end]
	if len(b) < 11 || b[0] != '<' || b[1] != 'v' || b[2] != '>' {
		return nil, false
	}
	i := bytes.IndexByte(b[3:], '<')
	if i < 0 || !bytes.HasPrefix(b[3+i:], vcEnd) {
		return nil, false
	}
	s.pos += 3 + i + len(vcEnd)
	return b[3 : 3+i], true
}

var vcEnd = []byte("</v></c>")

// readErr is the reader's error other than the end of the part.
func (s *xmlScanner) readErr() error {
	if s.rerr == io.EOF {
		return nil
	}
	return s.rerr
}

var (
	cdataOpen   = []byte("<![CDATA[")
	cdataClose  = []byte("]]>")
	commentOpen = []byte("<!--")
	commentEnd  = []byte("-->")
	piEnd       = []byte("?>")
)

// scanTag reads into tok the markup at the start of b, which starts with
// '<', and returns its length: -1 when b holds only part of it. Markup to
// skip is a token of kind xmlEOF.
func scanTag(b []byte, tok *xmlToken) (int, error) {
	*tok = xmlToken{}
	if len(b) < 2 {
		return -1, nil
	}
	switch b[1] {
	case '/':
		i := bytes.IndexByte(b, '>')
		if i < 0 {
			return -1, nil
		}
		tok.kind, tok.name = xmlEnd, localName(bytes.TrimSpace(b[2:i]))
		return i + 1, nil
	case '?':
		i := bytes.Index(b[2:], piEnd)
		if i < 0 {
			return -1, nil
		}
		return i + 4, nil
	case '!':
		switch {
		case bytes.HasPrefix(b, commentOpen):
			i := bytes.Index(b[4:], commentEnd)
			if i < 0 {
				return -1, nil
			}
			return i + 7, nil
		case bytes.HasPrefix(b, cdataOpen):
			i := bytes.Index(b[len(cdataOpen):], cdataClose)
			if i < 0 {
				return -1, nil
			}
			tok.kind, tok.text = xmlCDATA, b[len(cdataOpen):len(cdataOpen)+i]
			return len(cdataOpen) + i + len(cdataClose), nil
		case len(b) < len(cdataOpen) && (bytes.HasPrefix(cdataOpen, b) || bytes.HasPrefix(commentOpen, b)):
			return -1, nil
		}
		return 0, errDoctype
	}
	end := tagEnd(b)
	if end < 0 {
		return -1, nil
	}
	inner := b[1:end]
	tok.kind = xmlStart
	if len(inner) > 0 && inner[len(inner)-1] == '/' {
		tok.empty, inner = true, inner[:len(inner)-1]
	}
	n := 0
	for n < len(inner) && !isXMLSpace(inner[n]) {
		n++
	}
	tok.name, tok.attrs = localName(inner[:n]), inner[n:]
	return end + 1, nil
}

// tagEnd is the index of the '>' that ends the start tag at the start of
// b, the first outside quotes (an attribute's value may hold one); -1 when
// b does not hold it.
func tagEnd(b []byte) int {
	var quote byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '>':
			return i
		case '"', '\'':
			quote = c
		}
	}
	return -1
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// localName is a name without its namespace prefix.
func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// nextAttr returns the first attribute of attrs, with its local name and
// its value still escaped, and the attributes after it; ok is false when
// there is none left or the rest does not read as attributes.
func nextAttr(attrs []byte) (name, value, rest []byte, ok bool) {
	i := 0
	for i < len(attrs) && isXMLSpace(attrs[i]) {
		i++
	}
	start := i
	for i < len(attrs) && attrs[i] != '=' && !isXMLSpace(attrs[i]) {
		i++
	}
	name = attrs[start:i]
	for i < len(attrs) && isXMLSpace(attrs[i]) {
		i++
	}
	if len(name) == 0 || i >= len(attrs) || attrs[i] != '=' {
		return nil, nil, nil, false
	}
	i++
	for i < len(attrs) && isXMLSpace(attrs[i]) {
		i++
	}
	if i >= len(attrs) || attrs[i] != '"' && attrs[i] != '\'' {
		return nil, nil, nil, false
	}
	q := attrs[i]
	j := bytes.IndexByte(attrs[i+1:], q)
	if j < 0 {
		return nil, nil, nil, false
	}
	return localName(name), attrs[i+1 : i+1+j], attrs[i+2+j:], true
}

// attr returns the value of the named attribute (by its local name),
// unescaped, and whether the tag has it.
func attr(attrs []byte, name string) (string, bool) {
	for {
		n, v, rest, ok := nextAttr(attrs)
		if !ok {
			return "", false
		}
		if string(n) == name {
			return string(appendUnescaped(nil, v)), true
		}
		attrs = rest
	}
}

// appendUnescaped appends text with its entities and character references
// replaced. An entity that is not one of XML's five is kept as written; a
// reference to a character XML does not allow reads as U+FFFD.
func appendUnescaped(dst, text []byte) []byte {
	for {
		i := bytes.IndexByte(text, '&')
		if i < 0 {
			return append(dst, text...)
		}
		dst = append(dst, text[:i]...)
		text = text[i:]
		j := bytes.IndexByte(text, ';')
		if j < 0 || j > 12 {
			dst = append(dst, '&')
			text = text[1:]
			continue
		}
		ent := text[1:j]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				dst = append(dst, text[:j+1]...)
				text = text[j+1:]
				continue
			}
			dst = utf8.AppendRune(dst, r)
		}
		text = text[j+1:]
	}
}

// charRef reads the inside of a character reference, "#65" or "#x41".
func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	base, digits := 10, ent[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil {
		return 0, false
	}
	if n == 0 || n > utf8.MaxRune || n >= 0xD800 && n < 0xE000 {
		return utf8.RuneError, true
	}
	return rune(n), true
}

// decodeEscapes replaces, in place, the _xHHHH_ escapes by which Office
// writes characters that XML cannot hold (control characters) or that it
// would alter (a carriage return): _x000D_ is a carriage return, and
// _x005F_ an underscore, so that "_x005F_x0041_" reads "_x0041_". A
// surrogate pair of escapes is one character; a lone surrogate is U+FFFD.
func decodeEscapes(b []byte) []byte {
	i := bytes.Index(b, []byte("_x"))
	if i < 0 {
		return b
	}
	out := b[:i]
	for i < len(b) {
		r, ok := escapeAt(b[i:])
		if !ok {
			out = append(out, b[i])
			i++
			continue
		}
		i += 7
		if r >= 0xD800 && r < 0xDC00 {
			if lo, ok := escapeAt(b[i:]); ok && lo >= 0xDC00 && lo < 0xE000 {
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				i += 7
			}
		}
		out = utf8.AppendRune(out, r) // a lone surrogate appends U+FFFD
	}
	return out
}

// escapeAt reads an _xHHHH_ escape at the start of b.
func escapeAt(b []byte) (rune, bool) {
	if len(b) < 7 || b[0] != '_' || b[1] != 'x' || b[6] != '_' {
		return 0, false
	}
	var r rune
	for _, c := range b[2:6] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
