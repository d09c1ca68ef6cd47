package tabular

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// xlsxSource reads one sheet of a workbook with excelize's streaming row
// iterator: a sheet larger than 16 MB unzipped is extracted to a temporary
// file and parsed as it is read. Values come as Excel displays them (number
// formats applied), so a code kept as text or shown through a "00000000"
// format keeps its zeros; a code stored as a plain number has lost them,
// which Options.Digits repairs.
type xlsxSource struct {
	f     *excelize.File
	rows  *excelize.Rows
	sheet string
	n     int // the row number of the last record
	done  bool
}

// workbookOptions shows dates as a Kazakh or Russian Excel does, and as
// such an Excel writes them to CSV, rather than excelize's American
// default ("03-15-23" for the 15th of March 2023).
var workbookOptions = excelize.Options{ShortDatePattern: "dd.mm.yyyy"}

// openXLSX opens the workbook and the sheet to read. excelize is not
// hardened against malformed archives, and an upload must not be able to
// crash the program: a panic is a workbook that cannot be read.
func openXLSX(name string, ra io.ReaderAt, size int64, want string) (x *xlsxSource, err error) {
	var f *excelize.File
	defer func() {
		if p := recover(); p != nil {
			if f != nil {
				f.Close()
			}
			x, err = nil, NewErrors([]*Error{notWorkbook(name, 0, fmt.Errorf("%v", p))}, 0)
		}
	}()
	if err := checkArchive(ra, size); err != nil {
		return nil, NewErrors([]*Error{notWorkbook(name, 0, err)}, 0)
	}
	if file, ok := ra.(*os.File); ok {
		f, err = excelize.OpenFile(file.Name(), workbookOptions)
	} else {
		f, err = excelize.OpenReader(io.NewSectionReader(ra, 0, size), workbookOptions)
	}
	if err != nil {
		return nil, NewErrors([]*Error{notWorkbook(name, 0, err)}, 0)
	}
	sheet, err := pickSheet(name, f, want)
	if err != nil {
		f.Close()
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, NewErrors([]*Error{notWorkbook(name, 0, err)}, 0)
	}
	return &xlsxSource{f: f, rows: rows, sheet: sheet}, nil
}

// maxDeflateRatio is the most that deflate can expand: a 258-byte match
// in two bits.
const maxDeflateRatio = 1032

// checkArchive refuses a ZIP whose directory claims more than its data can
// hold. excelize allocates the size an entry declares before reading it,
// so a forged size in a file of a few kilobytes would otherwise have the
// program allocate gigabytes (found by FuzzReadXLSX). Stored entries are
// as long as their data; deflated ones at most maxDeflateRatio times; and
// the entries' data must fit in the file without overlapping.
func checkArchive(ra io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return err
	}
	var total uint64
	for _, f := range zr.File {
		limit := f.CompressedSize64*maxDeflateRatio + 1024
		if f.Method == zip.Store {
			limit = f.CompressedSize64
		}
		if total += f.CompressedSize64; total > uint64(size) || f.UncompressedSize64 > limit {
			return fmt.Errorf("%s: %d bytes declared for %d compressed: %w", f.Name, f.UncompressedSize64, f.CompressedSize64, zip.ErrFormat)
		}
	}
	return nil
}

func (x *xlsxSource) next() (rec record, err error) {
	if x.done {
		return record{}, io.EOF
	}
	defer func() {
		if p := recover(); p != nil {
			x.done = true
			rec, err = record{}, &problem{line: x.n, pos: -1, err: xlsxError(fmt.Errorf("%v", p))}
		}
	}()
	// Next is called once per row number, gaps included (it reports missing
	// rows as empty), so counting calls gives the row number Excel shows.
	if !x.rows.Next() {
		x.done = true
		if err := x.rows.Error(); err != nil {
			return record{}, &problem{line: x.n + 1, pos: -1, err: xlsxError(err)}
		}
		return record{}, io.EOF
	}
	x.n++
	cells, err := x.rows.Columns()
	if err != nil {
		return record{}, &problem{line: x.n, pos: -1, err: xlsxError(err)}
	}
	return record{line: x.n, cells: cells}, nil
}

func (x *xlsxSource) close() error {
	err := x.rows.Close()
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func xlsxError(err error) *domain.Error {
	return &domain.Error{Code: domain.EINVALID, Key: "error.file.xlsx", Message: "the file is not a readable Excel workbook (.xlsx)", Err: err}
}

func notWorkbook(name string, line int, err error) *Error {
	return &Error{File: name, Line: line, Err: xlsxError(err)}
}

// pickSheet returns the sheet asked for (compared as Excel does, ignoring
// case) or the first visible one.
func pickSheet(name string, f *excelize.File, want string) (string, error) {
	sheets := f.GetSheetList()
	for _, s := range sheets {
		if want != "" && strings.EqualFold(s, want) {
			return s, nil
		}
		if want == "" {
			if visible, err := f.GetSheetVisible(s); err == nil && visible {
				return s, nil
			}
		}
	}
	if want == "" {
		return "", NewErrors([]*Error{fileError(name, 0, "", "error.file.empty", "the file has no header row")}, 0)
	}
	de := domain.Errorf(domain.EINVALID, "error.file.sheet", "the workbook has no sheet %q; its sheets are: %s", want, strings.Join(sheets, ", ")).
		With("sheet", want).With("sheets", strings.Join(sheets, ", "))
	return "", NewErrors([]*Error{{File: name, Err: de}}, 0)
}
