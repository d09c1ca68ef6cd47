package importer

import (
	"context"
	"iter"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The employment file: one row per employment contract, as the register of
// employment contracts lists them, upserted by IIN, employer BIN and start
// date. Importing a later extract sets the end dates of contracts that
// ended since. The person and the employer need not be in the registry.

var employmentKind = &kind[domain.EmploymentRow]{
	columns: []ColumnSpec{
		{Name: "iin", Required: true, Use: "required: the employee's IIN, 12 digits with a valid check digit",
			Headers: []string{"IIN", "ИИН", "ЖСН", "Employee IIN", "ИИН работника", "Қызметкердің ЖСН"}},
		{Name: "employer_bin", Required: true, Use: "required: the employer's BIN (or an individual entrepreneur's IIN), with a valid check digit",
			Headers: []string{"Employer BIN", "Employer", "БИН работодателя", "БИН/ИИН работодателя", "Работодатель (БИН)",
				"Жұмыс берушінің БСН", "Жұмыс берушінің БСН/ЖСН"}},
		{Name: "starts_on", Required: true, Use: "required: the contract's start date, DD.MM.YYYY",
			Headers: []string{"Start date", "Starts on", "Дата начала", "Дата начала работы", "Дата заключения договора",
				"Басталған күні", "Жұмыс басталған күні", "Шарт жасалған күні"}},
		{Name: "ends_on", Use: "optional: the end date, empty while the contract runs",
			Headers: []string{"End date", "Ends on", "Дата окончания", "Дата расторжения", "Дата прекращения",
				"Аяқталған күні", "Шарт бұзылған күні"}},
		{Name: "position", Required: true, Use: "required: the position held",
			Headers: []string{"Position", "Job title", "Должность", "Лауазымы"}},
	},
	digits: map[string]int{"iin": 12, "employer_bin": 12},
	parse: func(c *cells) domain.EmploymentRow {
		r := domain.EmploymentRow{Line: c.row.Line}
		r.IIN, _, _ = c.iin("iin")
		r.EmployerBIN = c.bin("employer_bin")
		r.StartsOn = c.date("starts_on", true)
		r.EndsOn = c.date("ends_on", false)
		if !r.StartsOn.IsZero() && !r.EndsOn.IsZero() && r.EndsOn.Before(r.StartsOn) {
			c.fail("ends_on", domain.Errorf(domain.EINVALID, "error.import.ends_before_start", "the end date is before the start date"))
		}
		r.Position = c.name("position", true)
		return r
	},
	store: func(svc domain.ImportService) func(context.Context, domain.ImportRequest, iter.Seq2[domain.EmploymentRow, error]) (domain.ImportResult, error) {
		return svc.ImportEmployment
	},
}
