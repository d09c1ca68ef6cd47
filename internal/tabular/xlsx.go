package tabular

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// An XLSX workbook is a ZIP archive of XML parts: xl/workbook.xml lists
// the sheets, each a part of its own found through the workbook's
// relationships (xl/_rels/workbook.xml.rels); xl/sharedStrings.xml holds
// the texts that cells refer to by number, and xl/styles.xml the number
// formats that make a number show as a date or keep a code's zeros. The
// reader reads the sheet's XML as it unzips it, one row at a time, and
// holds only the shared strings (see maxSharedStrings) and one row.
//
// Uploads are untrusted: every size the archive declares is checked
// against the file (checkArchive), every token and row is bounded, and a
// malformed part is a workbook that cannot be read (error.file.xlsx), not
// a crash.

const (
	// xlsxMaxRow and xlsxMaxColumn are the size of an Excel sheet.
	xlsxMaxRow    = 1 << 20
	xlsxMaxColumn = 1 << 14
	// maxRowBytes bounds the text of one row: sixteen columns of Excel's
	// longest cell take about two megabytes.
	maxRowBytes = 32 << 20
	// maxPartBytes bounds the unzipped size of the workbook's small parts
	// (the list of sheets, the relationships, the styles).
	maxPartBytes = 64 << 20
)

// xlsxSource reads one sheet of a workbook. Values come as Excel displays
// them (see numberFormat): a code kept as text or shown through a
// "00000000" format keeps its zeros; a code stored as a plain number has
// lost them, which Options.Digits repairs.
type xlsxSource struct {
	sheet    string
	part     io.ReadCloser
	sc       *xmlScanner
	strings  []string
	styles   []numberFormat
	date1904 bool

	inData bool // the scanner is inside <sheetData>
	n      int  // the row number of the last record
	ahead  int  // the number of a row whose <row> tag is read, 0 for none
	empty  bool // that <row/> has no cells
	done   bool

	cells []string
	text  []byte // the value of the cell being read
	inl   []byte // the inline string of the cell being read
}

// openXLSX opens the workbook and the sheet to read: want, compared as
// Excel compares sheet names, or the first visible sheet.
func openXLSX(name string, ra io.ReaderAt, size int64, want string) (*xlsxSource, error) {
	zr, err := checkArchive(ra, size)
	if err != nil {
		return nil, NewErrors([]*Error{notWorkbook(name, 0, err)}, 0)
	}
	wb, err := readWorkbook(zr)
	if err != nil {
		return nil, NewErrors([]*Error{notWorkbook(name, 0, err)}, 0)
	}
	sheet, err := pickSheet(name, wb.sheets, want)
	if err != nil {
		return nil, err
	}
	x := &xlsxSource{sheet: sheet.name, date1904: wb.date1904}
	if err := x.open(wb, sheet); err != nil {
		return nil, NewErrors([]*Error{notWorkbook(name, 0, err)}, 0)
	}
	return x, nil
}

// open reads the styles and the shared strings, and opens the sheet.
func (x *xlsxSource) open(wb *workbook, sheet workbookSheet) (err error) {
	part := wb.parts[strings.ToLower(sheet.part)]
	if part == nil {
		return fmt.Errorf("the part of sheet %q is missing", sheet.name)
	}
	if f := wb.parts[strings.ToLower(wb.styles)]; f != nil {
		if x.styles, err = readPart(f, maxPartBytes, readStyles); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if f := wb.parts[strings.ToLower(wb.sharedStrings)]; f != nil {
		read := func(r io.Reader) ([]string, error) { return readSharedStrings(r, maxSharedStrings) }
		if x.strings, err = readPart(f, -1, read); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if x.part, err = part.Open(); err != nil {
		return err
	}
	x.sc = newXMLScanner(x.part)
	return nil
}

// readPart opens a part and reads it with read, failing past limit bytes
// (-1 for none).
func readPart[T any](f *zip.File, limit int64, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	rc, err := f.Open()
	if err != nil {
		return zero, err
	}
	defer rc.Close()
	var r io.Reader = rc
	if limit >= 0 {
		r = &limitedReader{r: rc, n: limit}
	}
	return read(r)
}

// limitedReader fails, rather than ending quietly as io.LimitReader does,
// when the part is longer than allowed.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errors.New("the part is larger than a workbook's part can be")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// maxDeflateRatio is the most that deflate can expand: a 258-byte match
// in two bits.
const maxDeflateRatio = 1032

// checkArchive opens the ZIP and refuses one whose directory claims more
// than its data can hold: stored entries are as long as their data,
// deflated ones at most maxDeflateRatio times, and the entries' data must
// fit in the file without overlapping. archive/zip checks as it unzips
// that an entry is as long as declared, so a part's declared size bounds
// what reading it can cost.
func checkArchive(ra io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, err
	}
	var total uint64
	for _, f := range zr.File {
		limit := f.CompressedSize64*maxDeflateRatio + 1024
		if f.Method == zip.Store {
			limit = f.CompressedSize64
		}
		if total += f.CompressedSize64; total > uint64(size) || f.UncompressedSize64 > limit {
			return nil, fmt.Errorf("%s: %d bytes declared for %d compressed: %w", f.Name, f.UncompressedSize64, f.CompressedSize64, zip.ErrFormat)
		}
	}
	return zr, nil
}

// workbook is what xl/workbook.xml and its relationships tell.
type workbook struct {
	parts         map[string]*zip.File // by name in lower case: part names ignore case
	sheets        []workbookSheet
	date1904      bool
	sharedStrings string // the part names, "" for none
	styles        string
}

// workbookSheet is one sheet of the workbook.
type workbookSheet struct {
	name      string
	hidden    bool   // hidden or "very hidden"
	part      string // its part, "" when the workbook does not say
	worksheet bool   // a sheet of cells, not of a chart
}

const (
	relOfficeDocument = "/officeDocument"
	relWorksheet      = "/worksheet"
	relSharedStrings  = "/sharedStrings"
	relStyles         = "/styles"
)

// readWorkbook reads the list of sheets and finds the parts. The parts
// are where the relationships say (Excel's places are only the usual
// ones), relationship types compared by their last segment, which is the
// same in the transitional and the strict namespaces.
func readWorkbook(zr *zip.Reader) (*workbook, error) {
	wb := &workbook{parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		// Some writers separate folders with backslashes.
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if _, dup := wb.parts[name]; !dup {
			wb.parts[name] = f
		}
	}
	main := "xl/workbook.xml"
	if f := wb.parts["_rels/.rels"]; f != nil {
		rels, err := readPart(f, maxPartBytes, readRelationships)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		for _, r := range rels {
			if strings.HasSuffix(r.typ, relOfficeDocument) {
				main = resolvePart("", r.target)
				break
			}
		}
	}
	f := wb.parts[strings.ToLower(main)]
	if f == nil {
		return nil, errors.New("the archive has no workbook part")
	}
	sheets, err := readPart(f, maxPartBytes, func(r io.Reader) ([]sheetEntry, error) { return readSheetList(r, wb) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	dir, file := path.Split(main)
	byID := map[string]relationship{}
	if f := wb.parts[strings.ToLower(dir+"_rels/"+file+".rels")]; f != nil {
		rels, err := readPart(f, maxPartBytes, readRelationships)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		for _, r := range rels {
			r.target = resolvePart(dir, r.target)
			byID[r.id] = r
			switch {
			case strings.HasSuffix(r.typ, relSharedStrings) && wb.sharedStrings == "":
				wb.sharedStrings = r.target
			case strings.HasSuffix(r.typ, relStyles) && wb.styles == "":
				wb.styles = r.target
			}
		}
	}
	// Without relationships, the parts are where Excel puts them.
	if wb.sharedStrings == "" {
		wb.sharedStrings = dir + "sharedStrings.xml"
	}
	if wb.styles == "" {
		wb.styles = dir + "styles.xml"
	}
	for i, s := range sheets {
		ws := workbookSheet{name: s.name, hidden: s.state == "hidden" || s.state == "veryHidden"}
		if r, ok := byID[s.rid]; ok {
			ws.part, ws.worksheet = r.target, strings.HasSuffix(r.typ, relWorksheet)
		} else if len(byID) == 0 {
			ws.part, ws.worksheet = fmt.Sprintf("%sworksheets/sheet%d.xml", dir, i+1), true
		}
		wb.sheets = append(wb.sheets, ws)
	}
	return wb, nil
}

// resolvePart is the part a relationship's target names, from the folder
// of the part that has the relationship.
func resolvePart(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}

// sheetEntry is a <sheet> of xl/workbook.xml.
type sheetEntry struct{ name, state, rid string }

// maxSheets bounds the list of sheets read; Excel has no limit but memory.
const maxSheets = 1 << 12

// readSheetList reads the sheets of xl/workbook.xml, and whether dates
// count from 1904 (a workbook made on an old Mac).
func readSheetList(r io.Reader, wb *workbook) ([]sheetEntry, error) {
	sc := newXMLScanner(r)
	var sheets []sheetEntry
	for {
		tok, err := sc.next()
		if err != nil {
			return nil, err
		}
		switch {
		case tok.kind == xmlEOF:
			return sheets, nil
		case tok.is(xmlStart, "workbookPr"):
			v, _ := attr(tok.attrs, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case tok.is(xmlStart, "sheet") && len(sheets) < maxSheets:
			var s sheetEntry
			for attrs := tok.attrs; ; {
				name, value, rest, ok := nextAttr(attrs)
				if !ok {
					break
				}
				v := validUTF8(appendUnescaped(nil, value))
				switch string(name) {
				case "name":
					s.name = v
				case "state":
					s.state = v
				case "id":
					s.rid = v
				}
				attrs = rest
			}
			sheets = append(sheets, s)
		}
	}
}

// relationship is one <Relationship> of a .rels part.
type relationship struct{ id, typ, target string }

func readRelationships(r io.Reader) ([]relationship, error) {
	sc := newXMLScanner(r)
	var rels []relationship
	for {
		tok, err := sc.next()
		if err != nil {
			return nil, err
		}
		if tok.kind == xmlEOF {
			return rels, nil
		}
		if !tok.is(xmlStart, "Relationship") || len(rels) >= maxSheets*4 {
			continue
		}
		if mode, _ := attr(tok.attrs, "TargetMode"); mode == "External" {
			continue
		}
		var rel relationship
		rel.id, _ = attr(tok.attrs, "Id")
		rel.typ, _ = attr(tok.attrs, "Type")
		rel.target, _ = attr(tok.attrs, "Target")
		rels = append(rels, rel)
	}
}

// pickSheet returns the sheet asked for (compared as Excel does, ignoring
// case) or the first visible sheet of cells.
func pickSheet(name string, sheets []workbookSheet, want string) (workbookSheet, error) {
	names := make([]string, len(sheets))
	for i, s := range sheets {
		names[i] = s.name
		if want != "" && strings.EqualFold(s.name, want) || want == "" && !s.hidden && s.worksheet {
			return s, nil
		}
	}
	if want == "" {
		return workbookSheet{}, NewErrors([]*Error{fileError(name, 0, "", "error.file.empty", "the file has no header row")}, 0)
	}
	de := domain.Errorf(domain.EINVALID, "error.file.sheet", "the workbook has no sheet %q; its sheets are: %s", want, strings.Join(names, ", ")).
		With("sheet", want).With("sheets", strings.Join(names, ", "))
	return workbookSheet{}, NewErrors([]*Error{{File: name, Err: de}}, 0)
}

func (x *xlsxSource) next() (record, error) {
	for !x.done {
		if x.ahead == 0 {
			if err := x.seekRow(); err != nil {
				x.done = true
				return record{}, &problem{line: x.n + 1, pos: -1, err: xlsxError(err)}
			}
			continue
		}
		if x.ahead > x.n+1 { // a row the file leaves out is blank
			x.n++
			return record{line: x.n}, nil
		}
		x.n, x.ahead = x.ahead, 0
		cells, pos, err := x.readRow()
		if err != nil {
			return record{line: x.n, cells: cells}, &problem{line: x.n, pos: pos, err: xlsxError(err)}
		}
		return record{line: x.n, cells: cells}, nil
	}
	return record{}, io.EOF
}

// seekRow reads as far as the next <row> and sets x.ahead to its number,
// or x.done at the end of the sheet's data.
func (x *xlsxSource) seekRow() error {
	for {
		tok, err := x.sc.next()
		if err != nil {
			return err
		}
		switch {
		case tok.kind == xmlEOF:
			x.done = true
			return nil
		case !x.inData:
			if tok.is(xmlStart, "sheetData") {
				if tok.empty {
					x.done = true
					return nil
				}
				x.inData = true
			}
		case tok.is(xmlEnd, "sheetData"):
			x.done = true
			return nil
		case tok.is(xmlStart, "row"):
			n := x.n + 1
			if v, ok := attr(tok.attrs, "r"); ok {
				if n, err = strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 || n > xlsxMaxRow {
					return fmt.Errorf("row number %q", v)
				}
				if n <= x.n {
					return fmt.Errorf("row %d after row %d", n, x.n)
				}
			}
			if n > xlsxMaxRow {
				return fmt.Errorf("more than %d rows", xlsxMaxRow)
			}
			x.ahead, x.empty = n, tok.empty
			return nil
		}
	}
}

// readRow reads the cells of the row whose <row> tag seekRow read, up to
// its </row>. A cell that cannot be read is an error at its position
// (pos), and the row's other cells are still read; a broken part ends
// the sheet.
func (x *xlsxSource) readRow() (cells []string, pos int, err error) {
	cells = x.cells[:0]
	defer func() { x.cells = cells[:0] }()
	if x.empty {
		return cells, -1, nil
	}
	var (
		col      = -1 // of the last cell
		rowBytes int
		bad      error // the first cell that cannot be read
		badPos   = -1
	)
	for {
		tok, err := x.sc.next()
		if err != nil {
			x.done = true
			return cells, -1, err
		}
		switch {
		case tok.kind == xmlEOF:
			x.done = true
			return cells, -1, io.ErrUnexpectedEOF
		case tok.is(xmlEnd, "row"):
			return cells, badPos, bad
		case tok.is(xmlEnd, "sheetData"):
			// A row left open: what follows is the end of the data.
			x.done = true
			return cells, badPos, bad
		case tok.is(xmlStart, "c"):
			c := cellTag{col: col + 1}
			c.parse(tok.attrs)
			if c.col >= xlsxMaxColumn {
				x.done = true
				return cells, -1, fmt.Errorf("a cell beyond column %s", columnLetter(xlsxMaxColumn-1))
			}
			col = c.col
			if tok.empty {
				continue
			}
			v, err := x.readCell(c)
			if err != nil {
				if x.done {
					return cells, -1, err
				}
				if bad == nil {
					bad, badPos = err, c.col
				}
				continue
			}
			if v == "" {
				continue
			}
			if rowBytes += len(v); rowBytes > maxRowBytes {
				x.done = true
				return cells, -1, fmt.Errorf("a row of more than %d MB", maxRowBytes>>20)
			}
			for len(cells) <= c.col {
				cells = append(cells, "")
			}
			cells[c.col] = v
		}
	}
}

// cellTag is what a <c> tag says of its cell.
type cellTag struct {
	col   int // 0-based
	typ   cellType
	style int // s: the index of its style
}

// cellType is a cell's t attribute.
type cellType uint8

const (
	typeNumber      cellType = iota // n, the default
	typeShared                      // s: a string of the shared-string table
	typeFormulaText                 // str: the text a formula gave
	typeInline                      // inlineStr
	typeBool                        // b
	typeError                       // e: #N/A, #DIV/0! and the like
	typeDate                        // d: an ISO 8601 date
)

func parseCellType(t []byte) cellType {
	switch string(t) {
	case "s":
		return typeShared
	case "str":
		return typeFormulaText
	case "inlineStr":
		return typeInline
	case "b":
		return typeBool
	case "e":
		return typeError
	case "d":
		return typeDate
	}
	return typeNumber
}

func (c *cellTag) parse(attrs []byte) {
	for {
		name, value, rest, ok := nextAttr(attrs)
		if !ok {
			return
		}
		switch string(name) {
		case "r":
			if col, ok := columnOf(value); ok {
				c.col = col
			}
		case "t":
			c.typ = parseCellType(value) // the value is gone once the scanner reads on
		case "s":
			c.style = atoi(value)
		}
		attrs = rest
	}
}

// columnOf reads the column of a cell reference such as "AB12", 0-based;
// ok is false when it does not start with letters.
func columnOf(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if col = col*26 + int(c-'a'+1); col > xlsxMaxColumn {
			return xlsxMaxColumn, true
		}
	}
	return col - 1, i > 0
}

// atoi reads a non-negative decimal number; -1 when b is not one or is
// too large to be an index.
func atoi(b []byte) int {
	b = trimXMLSpace(b)
	if len(b) == 0 || len(b) > 9 {
		return -1
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// readCell reads a cell up to its </c> and returns its value as Excel
// shows it: a formula's last result, a number through its format.
func (x *xlsxSource) readCell(c cellTag) (string, error) {
	x.text, x.inl = x.text[:0], x.inl[:0]
	if v, ok := x.sc.value(); ok {
		x.text = appendUnescaped(x.text, v)
		return x.cellValue(c)
	}
	var inV, inT, inIS bool
	phonDep, formula := 0, 0
	for {
		tok, err := x.sc.next()
		if err != nil {
			x.done = true
			return "", err
		}
		switch tok.kind {
		case xmlEOF:
			x.done = true
			return "", io.ErrUnexpectedEOF
		case xmlStart:
			switch string(tok.name) {
			case "v":
				inV = !tok.empty
			case "is":
				inIS = !tok.empty
			case "t":
				inT = !tok.empty
			case "rPh":
				if !tok.empty {
					phonDep++
				}
			case "f":
				if !tok.empty {
					formula++
				}
			}
		case xmlEnd:
			switch string(tok.name) {
			case "c":
				return x.cellValue(c)
			case "v":
				inV = false
			case "is":
				inIS = false
			case "t":
				inT = false
			case "rPh":
				phonDep = max(phonDep-1, 0)
			case "f":
				formula = max(formula-1, 0)
			case "row", "sheetData":
				x.done = true
				return "", errors.New("a cell left open")
			}
		case xmlText, xmlCDATA:
			if formula > 0 {
				continue
			}
			var dst *[]byte
			switch {
			case inV:
				dst = &x.text
			case inIS && inT && phonDep == 0:
				dst = &x.inl
			default:
				continue
			}
			if tok.kind == xmlText {
				*dst = appendUnescaped(*dst, tok.text)
			} else {
				*dst = append(*dst, tok.text...)
			}
			if len(*dst) > maxXMLToken {
				x.done = true
				return "", errTokenTooLong
			}
		}
	}
}

// cellValue is the value of the cell read into x.text (its <v>) and x.inl
// (its inline string).
func (x *xlsxSource) cellValue(c cellTag) (string, error) {
	switch c.typ {
	case typeShared:
		if len(x.text) == 0 {
			return "", nil
		}
		i := atoi(x.text)
		if i < 0 || i >= len(x.strings) {
			return "", fmt.Errorf("a cell refers to shared string %q of %d", x.text, len(x.strings))
		}
		return x.strings[i], nil
	case typeInline:
		if len(x.inl) == 0 {
			return x.textValue(x.text), nil
		}
		return x.textValue(x.inl), nil
	case typeFormulaText:
		return x.textValue(x.text), nil
	case typeBool:
		switch string(trimXMLSpace(x.text)) {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
		return validUTF8(x.text), nil
	case typeError:
		return validUTF8(x.text), nil
	case typeDate:
		return formatISODate(x.text, x.style(c.style)), nil
	}
	if len(x.text) == 0 {
		return "", nil
	}
	return formatNumber(x.text, x.style(c.style), x.date1904), nil
}

// style is the number format of a style index, General for one the
// workbook does not define.
func (x *xlsxSource) style(i int) numberFormat {
	if i < 0 || i >= len(x.styles) {
		return numberFormat{}
	}
	return x.styles[i]
}

// textValue is a text of the sheet, its _xHHHH_ escapes decoded.
func (x *xlsxSource) textValue(b []byte) string { return validUTF8(decodeEscapes(b)) }

// validUTF8 makes a string of text from a part, whose bytes a broken
// workbook may not have in UTF-8.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func (x *xlsxSource) close() error {
	if x.part == nil {
		return nil
	}
	return x.part.Close()
}

func xlsxError(err error) *domain.Error {
	return &domain.Error{Code: domain.EINVALID, Key: "error.file.xlsx", Message: "the file is not a readable Excel workbook (.xlsx)", Err: err}
}

func notWorkbook(name string, line int, err error) *Error {
	return &Error{File: name, Line: line, Err: xlsxError(err)}
}

// columnLetter names a column by its letters, A for position 0.
func columnLetter(pos int) string {
	var b [4]byte
	i := len(b)
	for n := pos + 1; n > 0 && i > 0; n = (n - 1) / 26 {
		i--
		b[i] = byte('A' + (n-1)%26)
	}
	return string(b[i:])
}
