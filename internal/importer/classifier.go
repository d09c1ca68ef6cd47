package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/tabular"
)

// ClassifierColumns returns the columns of a classifier file and the
// headers accepted for each: those of the shipped CSV
// (internal/refdata/data/kz_tvet_classifier_partial.csv) and those of the
// official list as people retype it, in Russian, Kazakh or English. Other
// columns are ignored.
func ClassifierColumns() []ColumnSpec {
	return []ColumnSpec{
		{Name: "code", Use: "required: an 8-digit specialty code or a 3W…/4S… qualification code",
			Headers: []string{"Code", "Код", "Коды", "Кодтар", "Шифр", "Код специальности и квалификации",
				"Код специальности, квалификации", "Мамандық және біліктілік коды"}},
		{Name: "row_type", Use: "optional: specialty or qualification (специальность, квалификация, мамандық, біліктілік); inferred from the code when absent",
			Headers: []string{"Type", "Row type", "Тип", "Тип строки", "Вид", "Түрі", "Жол түрі"}},
		{Name: "specialty_code", Use: "optional: the specialty of a qualification (checked against its code); without a code column, the code of a specialty",
			Headers: []string{"Specialty code", "Код специальности", "Мамандық коды", "Мамандықтың коды"}},
		{Name: "qualification_code", Use: "optional, without a code column: the code of a qualification (its specialty in specialty_code)",
			Headers: []string{"Qualification code", "Код квалификации", "Біліктілік коды", "Біліктіліктің коды"}},
		{Name: "name_ru", Use: "a name in Russian",
			Headers: []string{"Name (ru)", "Name ru", "Russian name", "Name in Russian",
				"Наименование", "Наименование на русском языке", "Наименование на русском", "Наименование (рус)", "Наименование (рус.)",
				"Наименование рус", "Название", "Наименование специальности и квалификации",
				"Атауы (орыс)", "Атауы (орыс.)", "Орысша атауы", "Атауы орыс тілінде", "Орыс тіліндегі атауы"}},
		{Name: "name_kk", Use: "a name in Kazakh",
			Headers: []string{"name_kz", "Name (kk)", "Name (kz)", "Kazakh name", "Name in Kazakh",
				"Атауы", "Атауы (қаз)", "Атауы (қаз.)", "Қазақша атауы", "Атауы қазақ тілінде", "Қазақ тіліндегі атауы",
				"Мамандықтың және біліктіліктің атауы",
				"Наименование на казахском языке", "Наименование на казахском", "Наименование (каз)", "Наименование (каз.)", "Наименование каз"}},
		{Name: "name_en", Use: "a name in English (at least one of name_ru, name_kk, name_en is required)",
			Headers: []string{"name_en_unofficial", "Name (en)", "Name en", "Name", "English name", "Name in English",
				"Наименование на английском языке", "Наименование (англ)", "Наименование (англ.)",
				"Атауы (ағылш)", "Атауы (ағылш.)", "Ағылшынша атауы"}},
		{Name: "isced_code", Use: "optional: the ISCED-F detailed field, which must be the first 4 digits of a specialty code",
			Headers: []string{"isced_f_detailed_code", "ISCED", "ISCED-F", "ISCED-F code", "МСКО", "Код МСКО", "БХСЖ"}},
	}
}

var nameColumns = []string{"name_ru", "name_kk", "name_en"}

// ClassifierOptions are the tabular options for a classifier file: the
// accepted headers, and the digit columns whose leading zeros are restored
// when Excel stored a code as a number (a qualification code has letters and
// never loses them).
func ClassifierOptions(sheet string) tabular.Options {
	return tabular.Options{
		Sheet:   sheet,
		Aliases: aliases(ClassifierColumns()),
		Digits:  map[string]int{"code": 8, "specialty_code": 8, "isced_code": 4},
	}
}

// Classifier is a classifier file read into domain values, each remembering
// the row it came from for messages about it.
type Classifier struct {
	Specialties    []domain.Specialty
	Qualifications []domain.Qualification
	// Table is the file as read: its name, encoding, delimiter or sheet,
	// and how many codes had their leading zeros restored (Padded).
	Table *tabular.Table

	origin map[string]origin // by code
}

// origin is where a record came from: its row and the columns that gave
// its code and its specialty's code.
type origin struct {
	row                tabular.Row
	codeCol, specialty string
}

// ReadClassifierFile reads a classifier from a CSV or XLSX file (sheet
// names the XLSX sheet; the first when empty). See ReadClassifier.
func ReadClassifierFile(path, sheet string) (*Classifier, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ReadClassifier(path, b, sheet)
}

// ReadClassifier reads a classifier from the bytes of a file called name,
// as an upload would bring it.
func ReadClassifier(name string, b []byte, sheet string) (*Classifier, error) {
	t, err := tabular.Read(name, b, ClassifierOptions(sheet))
	if err != nil {
		return nil, err
	}
	return ClassifierFromTable(t)
}

// ClassifierFromTable maps the rows of a table read with ClassifierOptions
// to specialties and qualifications and validates every one. Problems come
// back together as *tabular.Errors (at most MaxErrors): a missing column, a
// row that fails validation, a code that is on two rows.
func ClassifierFromTable(t *tabular.Table) (*Classifier, error) {
	if errs := classifierHeader(t); len(errs) > 0 {
		return nil, tabular.NewErrors(errs, MaxErrors)
	}
	c := &Classifier{Table: t, origin: make(map[string]origin)}
	var errs []*tabular.Error
	seen := make(map[string]int) // code → first row, valid or not
	for _, r := range t.Rows {
		o := origin{row: r, codeCol: "code", specialty: "specialty_code"}
		if !t.Has("code") {
			// The layout with a specialty code and a qualification code
			// column: a row with a qualification code is a qualification.
			if t.Value(r, "qualification_code") != "" {
				o.codeCol = "qualification_code"
			} else {
				o.codeCol, o.specialty = "specialty_code", ""
			}
		}
		code := strings.ToUpper(t.Value(r, o.codeCol))
		sp, q, rowErrs := parseClassifierRow(t, r, o, code)
		// A code of no valid form is already reported; calling it a
		// duplicate too would only bury the real problem.
		validForm := domain.IsSpecialtyCode(code) || domain.IsQualificationCode(code)
		if first, dup := seen[code]; dup && validForm {
			rowErrs = append(rowErrs, t.ErrorAt(r, o.codeCol, domain.Errorf(domain.EINVALID, "error.import.duplicate",
				"code %s is also on row %d: keep one of the two rows", code, first).
				With("code", code).With("row", fmt.Sprint(first))))
		} else {
			seen[code] = r.Line
		}
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		if sp != nil {
			c.Specialties = append(c.Specialties, *sp)
		} else {
			c.Qualifications = append(c.Qualifications, *q)
		}
		c.origin[code] = o
	}
	if err := tabular.NewErrors(errs, MaxErrors); err != nil {
		return nil, err
	}
	return c, nil
}

// classifierHeader checks that the file has a code column and a name
// column, naming the headers that would do.
func classifierHeader(t *tabular.Table) []*tabular.Error {
	cols := map[string]ColumnSpec{}
	for _, c := range ClassifierColumns() {
		cols[c.Name] = c
	}
	var errs []*tabular.Error
	missing := func(column, headers string) {
		errs = append(errs, &tabular.Error{File: t.File, Line: t.HeaderLine, Err: domain.Errorf(domain.EINVALID, "error.import.missing_column",
			"no %s column: add a column headed one of: %s", column, headers).With("column", column).With("accepted", headers)})
	}
	if !t.Has("code") && !t.Has("specialty_code") && !t.Has("qualification_code") {
		missing("code", accepted(cols["code"]))
	}
	if !slices.ContainsFunc(nameColumns, t.Has) {
		var all []string
		for _, n := range nameColumns {
			all = append(all, accepted(cols[n]))
		}
		missing("name", strings.Join(all, "; "))
	}
	return errs
}

// rowKinds are the row types the row_type column accepts, in the shipped
// file's English and in Russian and Kazakh.
var rowKinds = map[string]string{
	"specialty": "specialty", "специальность": "specialty", "мамандық": "specialty",
	"qualification": "qualification", "квалификация": "qualification", "біліктілік": "qualification",
}

// parseClassifierRow validates one row and returns its specialty or its
// qualification, or every problem of the row.
func parseClassifierRow(t *tabular.Table, r tabular.Row, o origin, code string) (*domain.Specialty, *domain.Qualification, []*tabular.Error) {
	var errs []*tabular.Error
	at := func(column string, err *domain.Error) { errs = append(errs, t.ErrorAt(r, column, err)) }

	kind := ""
	switch {
	case domain.IsSpecialtyCode(code):
		kind = "specialty"
	case domain.IsQualificationCode(code):
		kind = "qualification"
	}
	if v := t.Value(r, "row_type"); v != "" {
		typed, ok := rowKinds[strings.ToLower(v)]
		switch {
		case !ok:
			at("row_type", domain.Errorf(domain.EINVALID, "error.classifier.row_type",
				"unknown row type %q: write specialty or qualification", v).With("value", v))
			return nil, nil, errs
		case kind != "" && typed != kind:
			at("row_type", domain.Errorf(domain.EINVALID, "error.classifier.row_type_code",
				"the row type is %s but %s is a %s code", typed, code, kind).With("code", code))
			return nil, nil, errs
		}
		kind = typed
	}
	if kind == "" {
		v := t.Value(r, o.codeCol)
		at(o.codeCol, domain.Errorf(domain.EINVALID, "error.classifier.code",
			"%q is neither a specialty code (8 digits) nor a qualification code (3W or 4S and 8 digits)", v).With("code", v))
		return nil, nil, errs
	}

	var name domain.Names
	for _, col := range nameColumns {
		v := cleanName(t.Value(r, col))
		// A name with "?" lost its letters on the way: Excel writes
		// Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) that its ANSI code page
		// lacks as "?" when it saves a CSV in Windows-1251.
		if strings.Contains(v, "?") {
			at(col, domain.Errorf(domain.EINVALID, "error.classifier.lost_letters",
				"the name %q has \"?\" where letters were lost: save the file as CSV UTF-8 or XLSX, not ANSI (Windows-1251)", v).With("name", v))
		}
		switch col {
		case "name_ru":
			name.RU = v
		case "name_kk":
			name.KK = v
		case "name_en":
			name.EN = v
		}
	}

	// column names the column a validation error is about.
	column := func(field string) string {
		switch {
		case field == "name":
			for _, n := range nameColumns {
				if t.Has(n) {
					return n
				}
			}
		case field == "isced_code" && t.Has("isced_code"):
			return "isced_code"
		case field == "specialty_code" && o.specialty != "" && t.Has(o.specialty):
			return o.specialty
		}
		return o.codeCol
	}
	var (
		sp   *domain.Specialty
		q    *domain.Qualification
		verr error
	)
	if kind == "specialty" {
		sp = &domain.Specialty{Code: code, Name: name, ISCEDCode: t.Value(r, "isced_code")}
		if o.specialty != "" {
			if v := t.Value(r, o.specialty); v != "" && v != code {
				at(o.specialty, domain.Errorf(domain.EINVALID, "error.classifier.specialty_code",
					"a specialty row must repeat its own code here, not %s", v).With("code", v))
			}
		}
		verr = sp.Validate()
	} else {
		q = &domain.Qualification{Code: code, Name: name}
		if o.specialty != "" {
			q.SpecialtyCode = t.Value(r, o.specialty)
		}
		verr = q.Validate()
	}
	if verr != nil {
		de := domain.AsError(verr)
		at(column(de.Field), de)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return sp, q, nil
}

// ClassifierReport is what an import did, or with DryRun would do.
type ClassifierReport struct {
	domain.ClassifierChange
	DryRun bool
	// Renamed gives, for each code of Changed, its names before and after.
	Renamed []Renamed
}

// Renamed is a code whose names an import changes.
type Renamed struct {
	Code     string
	Old, New domain.Names
}

// Import upserts the classifier by code in one transaction and reports
// what changed; with dryRun it writes nothing and reports what would
// change, computed from the registry's current contents by the same rules
// as the store's upsert (a test holds the two reports equal).
//
// A name the file leaves empty, or a language it has no column for, keeps
// the name the registry has: the official list comes in Russian and
// Kazakh, and importing it must not wipe the English names.
//
// A qualification whose specialty is neither in the file nor in the
// registry is an EINVALID problem of its row; all such rows come back
// together as *tabular.Errors and nothing is written.
func (c *Classifier) Import(ctx context.Context, svc domain.ClassifierService, dryRun bool) (ClassifierReport, error) {
	rep := ClassifierReport{DryRun: dryRun}
	stored, err := svc.Specialties(ctx)
	if err != nil {
		return rep, err
	}
	storedQuals, err := svc.Qualifications(ctx, "")
	if err != nil {
		return rep, err
	}
	oldSpec := make(map[string]domain.Specialty, len(stored))
	for _, sp := range stored {
		oldSpec[sp.Code] = sp
	}
	oldQual := make(map[string]domain.Qualification, len(storedQuals))
	for _, q := range storedQuals {
		oldQual[q.Code] = q
	}

	inFile := make(map[string]bool, len(c.Specialties))
	for _, sp := range c.Specialties {
		inFile[sp.Code] = true
	}
	var errs []*tabular.Error
	for _, q := range c.Qualifications {
		if _, ok := oldSpec[q.SpecialtyCode]; !ok && !inFile[q.SpecialtyCode] {
			errs = append(errs, c.noSpecialty(q.Code, q.SpecialtyCode))
		}
	}
	if err := tabular.NewErrors(errs, MaxErrors); err != nil {
		return rep, err
	}

	specs := slices.Clone(c.Specialties)
	newNames := make(map[string]domain.Names, len(c.Specialties)+len(c.Qualifications))
	for i, sp := range specs {
		if old, ok := oldSpec[sp.Code]; ok {
			specs[i].Name = keepNames(sp.Name, old.Name)
		}
		newNames[sp.Code] = specs[i].Name
	}
	quals := slices.Clone(c.Qualifications)
	for i, q := range quals {
		if old, ok := oldQual[q.Code]; ok {
			quals[i].Name = keepNames(q.Name, old.Name)
		}
		newNames[q.Code] = quals[i].Name
	}

	if dryRun {
		rep.ClassifierChange = diffClassifier(specs, quals, oldSpec, oldQual)
	} else {
		rep.ClassifierChange, err = svc.UpsertClassifier(ctx, specs, quals)
		var de *domain.Error
		if errors.As(err, &de) && de.Key == "error.qualification.no_specialty" {
			// The specialty vanished between the check above and the
			// transaction: still tell the administrator which row.
			return ClassifierReport{}, tabular.NewErrors([]*tabular.Error{c.noSpecialty(de.Params["code"], de.Params["specialty"])}, MaxErrors)
		}
		if err != nil {
			return ClassifierReport{}, err
		}
	}
	for _, code := range rep.Changed {
		old := oldSpec[code].Name
		if q, ok := oldQual[code]; ok {
			old = q.Name
		}
		rep.Renamed = append(rep.Renamed, Renamed{Code: code, Old: old, New: newNames[code]})
	}
	return rep, nil
}

// noSpecialty is the problem of a qualification whose specialty is unknown,
// placed at the cell that names the specialty (or the code it derives from).
func (c *Classifier) noSpecialty(code, specialty string) *tabular.Error {
	o := c.origin[code]
	column := o.codeCol
	if o.specialty != "" && c.Table.Value(o.row, o.specialty) != "" {
		column = o.specialty
	}
	de := domain.Errorf(domain.EINVALID, "error.qualification.no_specialty",
		"specialty %s of qualification %s is neither in the file nor in the registry", specialty, code).
		With("code", code).With("specialty", specialty)
	de.Field = "specialty_code"
	return c.Table.ErrorAt(o.row, column, de)
}

// keepNames fills the languages the file left empty from the stored names.
func keepNames(file, stored domain.Names) domain.Names {
	if file.KK == "" {
		file.KK = stored.KK
	}
	if file.RU == "" {
		file.RU = stored.RU
	}
	if file.EN == "" {
		file.EN = stored.EN
	}
	return file
}

// diffClassifier counts what UpsertClassifier would do, by its rules: a
// record is unchanged when its names and its ISCED field (specialty) or
// specialty (qualification) are equal to the stored ones; Changed lists the
// updated codes, specialties first, in file order.
func diffClassifier(specs []domain.Specialty, quals []domain.Qualification,
	oldSpec map[string]domain.Specialty, oldQual map[string]domain.Qualification) domain.ClassifierChange {
	var ch domain.ClassifierChange
	for _, sp := range specs {
		old, ok := oldSpec[sp.Code]
		switch {
		case !ok:
			ch.SpecialtiesAdded++
		case old.Name == sp.Name && old.ISCEDCode == sp.ISCEDCode:
			ch.SpecialtiesUnchanged++
		default:
			ch.SpecialtiesUpdated++
			ch.Changed = append(ch.Changed, sp.Code)
		}
	}
	for _, q := range quals {
		old, ok := oldQual[q.Code]
		switch {
		case !ok:
			ch.QualificationsAdded++
		case old.Name == q.Name && old.SpecialtyCode == q.SpecialtyCode:
			ch.QualificationsUnchanged++
		default:
			ch.QualificationsUpdated++
			ch.Changed = append(ch.Changed, q.Code)
		}
	}
	return ch
}
