package document_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// pdfFile is a PDF read back just far enough to check what a reader would
// rely on: the cross-reference table points at every object, and the
// streams of the pages and fonts inflate.
type pdfFile struct {
	objects map[int]pdfObject
	root    int
}

type pdfObject struct {
	dict   string
	stream []byte // inflated when the dictionary says FlateDecode
}

var (
	objStart   = regexp.MustCompile(`(?s)^(\d+) 0 obj\s*`)
	lengthKey  = regexp.MustCompile(`/Length (\d+)`)
	refKey     = func(key string) *regexp.Regexp { return regexp.MustCompile(`/` + key + ` (\d+) 0 R`) }
	startxref  = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefHeader = regexp.MustCompile(`^xref\s+0 (\d+)\s+`)
	rootKey    = refKey("Root")
)

// readPDF parses b and fails the test on anything a reader would reject.
func readPDF(t *testing.T, b []byte) *pdfFile {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		t.Fatalf("no PDF header: %q", b[:min(len(b), 16)])
	}
	m := startxref.FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref and end-of-file marker at the end")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at <= 0 || at >= len(b) {
		t.Fatalf("startxref %d is outside the file", at)
	}
	xref := b[at:]
	h := xrefHeader.FindSubmatch(xref)
	if h == nil {
		t.Fatalf("startxref does not point at an xref table: %q", xref[:min(len(xref), 20)])
	}
	n, _ := strconv.Atoi(string(h[1]))
	entries := xref[len(h[0]):]
	f := &pdfFile{objects: map[int]pdfObject{}}
	for i := 1; i < n; i++ {
		e := string(entries[i*20 : i*20+18])
		if !strings.HasSuffix(e, " n") {
			continue
		}
		off, err := strconv.Atoi(e[:10])
		if err != nil || off <= 0 || off >= at {
			t.Fatalf("object %d: bad offset %q", i, e)
		}
		om := objStart.FindSubmatch(b[off:])
		if om == nil || string(om[1]) != strconv.Itoa(i) {
			t.Fatalf("the xref entry of object %d points at %q", i, b[off:min(off+20, len(b))])
		}
		body := b[off+len(om[0]):]
		end := bytes.Index(body, []byte("endobj"))
		if end < 0 {
			t.Fatalf("object %d has no endobj", i)
		}
		obj := pdfObject{dict: string(body[:end])}
		if s := bytes.Index(body[:end], []byte("stream\n")); s >= 0 && bytes.Contains(body[:s], []byte("<<")) {
			obj.dict = string(body[:s])
			lm := lengthKey.FindStringSubmatch(obj.dict)
			if lm == nil {
				t.Fatalf("stream object %d has no direct /Length", i)
			}
			length, _ := strconv.Atoi(lm[1])
			data := body[s+len("stream\n"):]
			if length > len(data) || !bytes.HasPrefix(bytes.TrimLeft(data[length:], "\r\n"), []byte("endstream")) {
				t.Fatalf("stream object %d: /Length %d does not end at endstream", i, length)
			}
			obj.stream = data[:length]
			if strings.Contains(obj.dict, "/FlateDecode") {
				zr, err := zlib.NewReader(bytes.NewReader(obj.stream))
				if err != nil {
					t.Fatalf("stream object %d: %v", i, err)
				}
				if obj.stream, err = io.ReadAll(zr); err != nil {
					t.Fatalf("stream object %d does not inflate: %v", i, err)
				}
			}
		}
		f.objects[i] = obj
	}
	trailer := xref[len(h[0])+(n)*20:]
	rm := rootKey.FindSubmatch(trailer)
	if !bytes.HasPrefix(bytes.TrimSpace(trailer), []byte("trailer")) || rm == nil {
		t.Fatalf("no trailer with /Root after the xref table: %q", trailer[:min(len(trailer), 80)])
	}
	f.root, _ = strconv.Atoi(string(rm[1]))
	if !strings.Contains(f.objects[f.root].dict, "/Type /Catalog") {
		t.Fatalf("/Root %d is not the catalog", f.root)
	}
	return f
}

// ref returns the object a key of o's dictionary refers to.
func (f *pdfFile) ref(t *testing.T, o pdfObject, key string) pdfObject {
	t.Helper()
	m := refKey(key).FindStringSubmatch(o.dict)
	if m == nil {
		t.Fatalf("no /%s in %q", key, o.dict)
	}
	id, _ := strconv.Atoi(m[1])
	r, ok := f.objects[id]
	if !ok {
		t.Fatalf("/%s %d 0 R names no object", key, id)
	}
	return r
}

// pages returns the page objects in object order (fpdf writes them in page
// order).
func (f *pdfFile) pages() []pdfObject {
	ids := make([]int, 0, len(f.objects))
	for id := range f.objects {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var ps []pdfObject
	for _, id := range ids {
		if pageType.MatchString(f.objects[id].dict) {
			ps = append(ps, f.objects[id])
		}
	}
	return ps
}

var pageType = regexp.MustCompile(`/Type\s*/Page[^s]`)

// text decodes the strings shown on each page: fpdf writes text in
// Unicode fonts as UTF-16BE in PDF string literals, one per line of text.
func (f *pdfFile) text(t *testing.T) []string {
	t.Helper()
	var pages []string
	for _, p := range f.pages() {
		content := f.ref(t, p, "Contents").stream
		var lines []string
		for _, s := range literals(content) {
			if len(s)%2 != 0 {
				t.Fatalf("a string of odd length %d is not UTF-16: %q", len(s), s)
			}
			u := make([]uint16, len(s)/2)
			for i := range u {
				u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
			}
			lines = append(lines, string(utf16.Decode(u)))
		}
		pages = append(pages, strings.Join(lines, "\n"))
	}
	return pages
}

// literals returns the (…) strings of a content stream, unescaped.
func literals(content []byte) [][]byte {
	var out [][]byte
	for i := 0; i < len(content); i++ {
		if content[i] != '(' {
			continue
		}
		var s []byte
		depth := 1
		for i++; i < len(content) && depth > 0; i++ {
			c := content[i]
			switch c {
			case '\\':
				i++
				switch e := content[i]; e {
				case 'n':
					s = append(s, '\n')
				case 'r':
					s = append(s, '\r')
				case 't':
					s = append(s, '\t')
				default:
					s = append(s, e)
				}
				continue
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					continue
				}
			}
			s = append(s, c)
		}
		i--
		out = append(out, s)
	}
	return out
}

// unicodeFonts returns the Type0 fonts of the PDF by base name, each with
// its CIDToGIDMap (Unicode code → glyph of the embedded subset) and the
// embedded TrueType file.
func (f *pdfFile) unicodeFonts(t *testing.T) map[string]embeddedFont {
	t.Helper()
	fonts := map[string]embeddedFont{}
	for _, o := range f.objects {
		if !strings.Contains(o.dict, "/Subtype /Type0") {
			continue
		}
		name := regexp.MustCompile(`/BaseFont /(\S+)`).FindStringSubmatch(o.dict)[1]
		desc := regexp.MustCompile(`/DescendantFonts \[(\d+) 0 R\]`).FindStringSubmatch(o.dict)
		id, _ := strconv.Atoi(desc[1])
		cid := f.objects[id]
		file := f.ref(t, f.ref(t, cid, "FontDescriptor"), "FontFile2")
		fonts[name] = embeddedFont{cidToGID: f.ref(t, cid, "CIDToGIDMap").stream, file: file.stream, fileDict: file.dict}
	}
	return fonts
}

type embeddedFont struct {
	cidToGID []byte
	file     []byte
	fileDict string
}

// glyph is the glyph of the embedded subset that prints r; 0 is the
// "missing glyph" box.
func (e embeddedFont) glyph(r rune) int {
	if int(r)*2+1 >= len(e.cidToGID) {
		return 0
	}
	return int(e.cidToGID[2*r])<<8 | int(e.cidToGID[2*r+1])
}

func (e embeddedFont) String() string {
	return fmt.Sprintf("font file of %d bytes", len(e.file))
}
