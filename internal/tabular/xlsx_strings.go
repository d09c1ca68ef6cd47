package tabular

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxSharedStrings bounds the memory a workbook's shared-string table
// (xl/sharedStrings.xml: every distinct text of the workbook, which cells
// refer to by number) may take: its text, plus 16 bytes a string. The
// table is read whole before the sheet, since a cell may refer to any
// string. A national list of 560,000 students takes 29 MB; a workbook
// beyond the bound is refused rather than let grow without end (a ZIP of
// a few megabytes can unpack to gigabytes of text).
const maxSharedStrings = 256 << 20

// stringArenaChunk is the size of the blocks the strings are copied into:
// a value read from the table is a slice of a block, so reading a cell
// that refers to the table allocates nothing (and a value the caller keeps
// keeps its block).
const stringArenaChunk = 1 << 20

// readSharedStrings reads the shared-string table, failing when it takes
// more than limit bytes (see maxSharedStrings). A string is the text of its
// <t>, or of the <t> of each run of rich text, one after another; phonetic
// readings (<rPh>, East Asian) are left out.
func readSharedStrings(r io.Reader, limit int) ([]string, error) {
	sc := newXMLScanner(r)
	var (
		list    []string
		block   strings.Builder
		text    []byte // the string being read
		size    int    // the memory taken so far
		inSI    bool
		inT     bool
		phonDep int // depth inside <rPh>
	)
	add := func(b []byte) error {
		size += len(b) + 16
		if size > limit {
			return fmt.Errorf("the shared-string table takes more than %d MB", limit>>20)
		}
		b = decodeEscapes(b)
		if len(b) == 0 {
			list = append(list, "")
			return nil
		}
		if !utf8.Valid(b) {
			b = []byte(strings.ToValidUTF8(string(b), "\uFFFD"))
		}
		if block.Cap()-block.Len() < len(b) {
			block = strings.Builder{} // the strings taken from the old block keep it
			block.Grow(max(stringArenaChunk, len(b)))
		}
		start := block.Len()
		block.Write(b)
		list = append(list, block.String()[start:])
		return nil
	}
	for {
		tok, err := sc.next()
		if err != nil {
			return nil, err
		}
		switch tok.kind {
		case xmlEOF:
			return list, nil
		case xmlStart:
			switch string(tok.name) {
			case "sst":
				// The count is only a hint, and may lie.
				if v, ok := attr(tok.attrs, "uniqueCount"); ok && list == nil {
					if n, err := strconv.Atoi(v); err == nil && n > 0 {
						list = make([]string, 0, min(n, 1<<20))
					}
				}
			case "si":
				if tok.empty {
					if err := add(nil); err != nil {
						return nil, err
					}
					continue
				}
				inSI, inT, phonDep, text = true, false, 0, text[:0]
			case "rPh":
				if !tok.empty {
					phonDep++
				}
			case "t":
				inT = inSI && phonDep == 0 && !tok.empty
			}
		case xmlEnd:
			switch string(tok.name) {
			case "si":
				if inSI {
					if err := add(text); err != nil {
						return nil, err
					}
				}
				inSI = false
			case "rPh":
				phonDep = max(phonDep-1, 0)
			case "t":
				inT = false
			}
		case xmlText:
			if inT {
				text = appendUnescaped(text, tok.text)
			}
		case xmlCDATA:
			if inT {
				text = append(text, tok.text...)
			}
		}
		if len(text) > maxXMLToken {
			return nil, errTokenTooLong
		}
	}
}
