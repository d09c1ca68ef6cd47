package document

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Column widths of the label–value rows, in millimetres.
const (
	partyLabelWidth = 48.0
	termLabelWidth  = 78.0
	indent          = 4.0
)

// AgreementPDF writes the tripartite dual-training agreement a in the
// standard form's content, in Kazakh ("kk") or Russian ("ru"): the parties
// with their identifiers, the subject, the terms, each party's obligations
// (Labour Code Art. 119; Law on Education Art. 17 p. 6), how the agreement
// changes and ends, its status and version, and a signature block per
// party showing who approved the current version and when, or a blank line.
//
// a is printed as the caller may see it: a masked IIN stays masked and only
// the year of birth is printed (a.Masked). The same agreement version gives
// the same bytes. Any other language is EINVALID; a failure to write is
// returned as is.
func AgreementPDF(w io.Writer, a domain.Agreement, lang string) error {
	t, ok := agreementText[lang]
	if !ok {
		return domain.Invalid("lang", "error.document.lang", "the agreement is printed in Kazakh (kk) or Russian (ru)")
	}
	s := newSheet()
	p := agreementPrint{sheet: s, t: t, a: &a, lang: lang}
	p.write()
	return s.pdf.Output(w)
}

// agreementPrint writes one agreement in one language.
type agreementPrint struct {
	*sheet
	t    *agreementWording
	a    *domain.Agreement
	lang string
}

func (p *agreementPrint) write() {
	a, t, f := p.a, p.t, p.pdf
	number := strconv.FormatInt(a.ID, 10)
	version := strconv.Itoa(a.Version)
	title := t.Title + " " + fill(t.Number, "n", number)
	f.SetTitle(title, true)
	f.SetSubject(a.Student.Full(), true)
	f.SetCreator("dualtrack", true)
	f.SetLang(p.lang)
	// The PDF's own dates are those of the version, not of the download:
	// the same version prints the same bytes.
	f.SetCreationDate(a.CreatedAt)
	f.SetModificationDate(a.UpdatedAt)
	f.SetFooterFunc(func() {
		p.font(false, smallSize)
		p.gray(110)
		f.SetXY(marginLeft, -12)
		f.CellFormat(p.width/2, 4, clean(fill(t.Footer, "n", number, "v", version)), "", 0, "L", false, 0, "")
		f.SetXY(marginLeft+p.width/2, -12)
		f.CellFormat(p.width/2, 4, fill(t.Page, "page", strconv.Itoa(f.PageNo()), "pages", "{nb}"), "", 0, "R", false, 0, "")
		p.gray(0)
		p.font(false, bodySize)
	})
	f.AddPage()

	p.center(t.Title, titleSize)
	p.center(fill(t.Number, "n", number), headingSize+1)
	p.space(3)
	y := f.GetY()
	f.SetXY(marginLeft, y)
	f.CellFormat(p.width/2, lineHeight, fill(t.Created, "date", p.date(a.CreatedAt.In(kazakhstan))), "", 0, "L", false, 0, "")
	f.SetXY(marginLeft+p.width/2, y)
	f.CellFormat(p.width/2, lineHeight, fill(t.Version, "v", version), "", 1, "R", false, 0, "")
	p.space(4)

	guardian := ""
	if p.hasGuardian() {
		guardian = fill(t.PreambleGuardian, "name", p.guardianName())
	}
	p.para(fill(t.Preamble, "college", p.name(a.College), "enterprise", p.name(a.Enterprise),
		"student", a.Student.Full(), "guardian", guardian), 0)

	p.parties()
	p.subject()
	p.terms()
	p.duties()
	p.term()
	p.state()
	p.signatures()
}

func (p *agreementPrint) parties() {
	a, t := p.a, p.t
	p.heading(t.Parties)
	p.party(t.College, [][2]string{{t.Name, p.name(a.College)}, {t.BIN, p.known(a.CollegeBIN)}, {t.Address, p.known(a.CollegeAddress)}})
	p.party(t.Enterprise, [][2]string{{t.Name, p.name(a.Enterprise)}, {t.BIN, p.known(a.EnterpriseBIN)}, {t.Address, p.known(a.EnterpriseAddress)}})
	birth := [2]string{t.BirthDate, p.date(a.StudentBirth)}
	if a.Masked {
		birth = [2]string{t.BirthYear, strconv.Itoa(a.StudentBirth.Year())}
	}
	if a.StudentBirth.IsZero() {
		birth[1] = t.Unknown
	}
	p.party(t.Student, [][2]string{{t.FullName, a.Student.Full()}, {t.IIN, p.known(a.StudentIIN)}, birth,
		{t.Group, p.known(a.GroupCode)}, {t.Qualification, p.qualification(t.Unknown)}})
	if p.hasGuardian() {
		p.party(t.Guardian, [][2]string{{t.FullName, p.guardianName()}})
	}
}

// party writes one party's section: its heading and its rows.
func (p *agreementPrint) party(heading string, rows [][2]string) {
	p.font(true, bodySize)
	p.keep(lineHeight * float64(len(rows)+1))
	p.pdf.MultiCell(p.width, lineHeight, heading, "", "L", false)
	p.font(false, bodySize)
	for _, r := range rows {
		p.row(r[0], r[1], partyLabelWidth, indent)
	}
	p.space(1.5)
}

func (p *agreementPrint) subject() {
	t := p.t
	p.heading(t.Subject)
	p.para(fill(t.SubjectText, "qualification", p.qualification(t.SubjectProgramme)), 0)
	p.para(t.SubjectShare, 0)
}

func (p *agreementPrint) terms() {
	a, t := p.a, p.t
	p.heading(t.Terms)
	weeks := len(domain.Weeks(a.StartsOn, a.EndsOn))
	mentor := a.Mentor
	if mentor == "" {
		mentor = t.NoMentor
	}
	rows := [][2]string{
		{t.Period, fill(t.PeriodValue, "from", p.date(a.StartsOn), "to", p.date(a.EndsOn))},
		{t.Days, p.weekdays(a.Weekdays)},
		{t.HoursPerWeek, strconv.Itoa(a.HoursPerWeek)},
		{t.Planned, fill(t.PlannedValue, "total", p.number(a.PlannedHours()), "weeks", strconv.Itoa(weeks), "hours", strconv.Itoa(a.HoursPerWeek))},
		{t.Position, a.Position},
		{t.Mentor, mentor},
		{t.Stipend, p.money(a.StipendTenge)},
		{t.MentorPay, p.money(a.MentorPay)},
	}
	for _, r := range rows {
		p.row(r[0], r[1], termLabelWidth, 0)
	}
}

func (p *agreementPrint) duties() {
	t := p.t
	p.heading(t.Duties)
	for _, d := range []struct {
		heading string
		clauses []string
	}{{t.CollegeDuties, t.CollegeClauses}, {t.EnterpriseDuties, t.EnterpriseClauses}, {t.StudentDuties, t.StudentClauses}} {
		p.font(true, bodySize)
		p.keep(2 * lineHeight)
		p.pdf.MultiCell(p.width, lineHeight, d.heading, "", "L", false)
		p.font(false, bodySize)
		for _, c := range d.clauses {
			p.para(c, indent)
		}
	}
}

func (p *agreementPrint) term() {
	t := p.t
	p.heading(t.Term)
	guardian := ""
	if p.hasGuardian() {
		guardian = t.TermGuardian
	}
	for _, c := range t.TermClauses {
		p.para(fill(c, "to", p.date(p.a.EndsOn), "guardian", guardian), 0)
	}
}

// state writes the status, the version the approvals belong to, and
// whether approvals of older versions were cleared by an edit.
func (p *agreementPrint) state() {
	a, t := p.a, p.t
	p.heading(t.State)
	var day time.Time
	switch a.Status {
	case domain.AgreementActive:
		day = a.ActiveOn
	case domain.AgreementCompleted, domain.AgreementTerminated:
		day = a.EndedOn
	}
	status, ok := t.Status[a.Status]
	if !ok {
		status = string(a.Status)
	}
	p.para(fill(status, "date", p.date(day), "reason", strings.TrimRight(strings.TrimSpace(a.EndReason), ".")), 0)
	if a.PreviousID != 0 {
		p.para(fill(t.Replaces, "n", strconv.FormatInt(a.PreviousID, 10)), 0)
	}
	p.para(fill(t.ApprovalsOf, "v", strconv.Itoa(a.Version)), 0)
	if slices.ContainsFunc(a.Approvals, func(ap domain.Approval) bool { return ap.Cleared || ap.Version < a.Version }) {
		p.para(t.Cleared, 0)
	}
}

// signatures writes a block per party, two to a row: who approved the
// current version and when, or a line to sign on paper.
func (p *agreementPrint) signatures() {
	a, t := p.a, p.t
	type block struct {
		party       domain.Party
		label, name string
	}
	blocks := []block{
		{domain.PartyCollege, t.SignCollege, p.name(a.College)},
		{domain.PartyEnterprise, t.SignEnterprise, p.name(a.Enterprise)},
		{domain.PartyStudent, t.SignStudent, a.Student.Full()},
	}
	if p.hasGuardian() {
		blocks = append(blocks, block{domain.PartyGuardian, t.SignGuardian, p.guardianName()})
	}
	const gap = 8.0
	colW := (p.width - gap) / 2
	f := p.pdf
	p.space(3)
	for i := 0; i < len(blocks); i += 2 {
		row := blocks[i:min(i+2, len(blocks))]
		h := 0.0
		for _, b := range row {
			p.font(false, bodySize)
			h = max(h, lineHeight+p.height(clean(b.name), colW, lineHeight)+3*lineHeight+4)
		}
		p.keep(h)
		top := f.GetY()
		for j, b := range row {
			x := marginLeft + float64(j)*(colW+gap)
			f.SetDrawColor(170, 170, 170)
			f.Line(x, top, x+colW, top)
			f.SetXY(x, top+1.5)
			p.font(true, bodySize)
			f.MultiCell(colW, lineHeight, b.label, "", "L", false)
			p.font(false, bodySize)
			f.SetX(x)
			f.MultiCell(colW, lineHeight, clean(b.name), "", "L", false)
			f.SetXY(x, f.GetY()+1.5)
			if ap, ok := p.approval(b.party); ok {
				p.font(true, bodySize)
				f.MultiCell(colW, lineHeight, clean(fill(t.Approved, "name", ap.Name)), "", "L", false)
				p.font(false, bodySize)
				f.SetX(x)
				f.MultiCell(colW, lineHeight, fill(t.At, "time", p.time(ap.At)), "", "L", false)
			} else {
				f.SetXY(x, f.GetY()+lineHeight)
				f.Line(x, f.GetY(), x+colW, f.GetY())
				p.font(false, smallSize)
				p.gray(90)
				f.SetX(x)
				f.MultiCell(colW, 4, t.SignHere, "", "L", false)
				p.gray(0)
				p.font(false, bodySize)
			}
		}
		f.SetY(top + h)
	}
}

// approval is the party's approval of the current version, if any.
func (p *agreementPrint) approval(party domain.Party) (domain.Approval, bool) {
	for _, ap := range p.a.Approvals {
		if ap.Party == party && ap.Version == p.a.Version && !ap.Cleared {
			return ap, true
		}
	}
	return domain.Approval{}, false
}

// hasGuardian: the guardian is a party when the student is a minor on the
// first day, or when one is named all the same.
func (p *agreementPrint) hasGuardian() bool {
	return p.a.GuardianRequired() || strings.TrimSpace(p.a.GuardianName) != ""
}

func (p *agreementPrint) guardianName() string { return p.known(strings.TrimSpace(p.a.GuardianName)) }

// name is an official name in the document's language.
func (p *agreementPrint) name(n domain.Names) string { return p.known(n.In(p.lang)) }

// qualification is "code «name»", or fallback when the programme has none.
func (p *agreementPrint) qualification(fallback string) string {
	a := p.a
	name := a.Qualification.In(p.lang)
	switch {
	case a.QualificationCode == "" && name == "":
		return fallback
	case a.QualificationCode == "":
		return "«" + name + "»"
	case name == "":
		return a.QualificationCode
	}
	return a.QualificationCode + " «" + name + "»"
}

func (p *agreementPrint) known(s string) string {
	if strings.TrimSpace(s) == "" {
		return p.t.Unknown
	}
	return s
}

// date writes a calendar date as official documents do, day first.
func (p *agreementPrint) date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("02.01.2006")
}

// time writes an instant in Kazakhstan's time.
func (p *agreementPrint) time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(kazakhstan).Format("02.01.2006 15:04")
}

func (p *agreementPrint) weekdays(w domain.Weekdays) string {
	var names []string
	for _, d := range w.Days() {
		names = append(names, p.t.Weekdays[(int(d)+6)%7])
	}
	if len(names) == 0 {
		return p.t.Unknown
	}
	return strings.Join(names, ", ")
}

func (p *agreementPrint) money(tenge int) string {
	if tenge <= 0 {
		return p.t.NotProvided
	}
	return fill(p.t.Monthly, "amount", p.number(tenge))
}

// number groups digits by three with a non-breaking space, at which fpdf
// never breaks a line.
func (p *agreementPrint) number(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}
