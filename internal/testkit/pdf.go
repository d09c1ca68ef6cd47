package testkit

import (
	"bytes"
	"compress/zlib"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
)

// PDFText returns the text a PDF written by internal/document shows, for
// tests that check a download's words and figures the way a reader would
// see them: every content stream inflated, and each string literal in it
// decoded from the UTF-16BE fpdf writes with Unicode fonts, one line each.
// It fails the test on a body that is not such a PDF.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) {
		t.Fatalf("not a PDF: %q…", pdf[:min(len(pdf), 16)])
	}
	var lines []string
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			break
		}
		rest = rest[i+len("stream\n"):]
		end := bytes.Index(rest, []byte("endstream"))
		if end < 0 {
			t.Fatal("a stream without endstream")
		}
		zr, err := zlib.NewReader(bytes.NewReader(rest[:end]))
		if err != nil {
			rest = rest[end+len("endstream"):]
			continue // not compressed: fonts' metrics and the like
		}
		content, err := io.ReadAll(zr)
		if err != nil || !bytes.Contains(content, []byte(")Tj")) {
			rest = rest[end+len("endstream"):]
			continue // a font file or an image, not a page
		}
		for _, s := range pdfLiterals(content) {
			if len(s)%2 != 0 {
				continue
			}
			u := make([]uint16, len(s)/2)
			for k := range u {
				u[k] = uint16(s[2*k])<<8 | uint16(s[2*k+1])
			}
			lines = append(lines, string(utf16.Decode(u)))
		}
		rest = rest[end+len("endstream"):]
	}
	return strings.Join(lines, "\n")
}

// pdfLiterals returns the (…) strings of a content stream, unescaped.
func pdfLiterals(content []byte) [][]byte {
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
