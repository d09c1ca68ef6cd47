package tabular

import (
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// readXLSX reads one sheet of a workbook with excelize's streaming row
// iterator. Values come as Excel displays them (number formats applied), so
// a code kept as text or shown through a "00000000" format keeps its zeros;
// a code stored as a plain number has lost them, which Options.Digits
// repairs.
func readXLSX(name string, b []byte, opt Options) (*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, NewErrors([]*Error{{File: name, Err: &domain.Error{Code: domain.EINVALID, Key: "error.file.xlsx",
			Message: "the file is not a readable Excel workbook (.xlsx)", Err: err}}}, 0)
	}
	defer f.Close()
	sheet, err := pickSheet(name, f, opt.Sheet)
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []record
	// Next is called once per row number, gaps included (it reports missing
	// rows as empty), so counting calls gives the row number Excel shows.
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, NewErrors([]*Error{{File: name, Line: n, Err: err}}, 0)
		}
		recs = append(recs, record{line: n, cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	return build(&Table{File: name, Format: "xlsx", Sheet: sheet}, recs, opt, false)
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
