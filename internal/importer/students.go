package importer

import (
	"context"
	"iter"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The students' file: one row per student, upserted by IIN. The group is
// named by its code within the college; its programme is the student's.

var studentKind = &kind[domain.StudentRow]{
	columns: append(personColumns("ИИН обучающегося", "ИИН студента", "Білім алушының ЖСН", "Студенттің ЖСН", "Student IIN"),
		collegeBINColumn,
		ColumnSpec{Name: "group", Required: true, Use: "required: the group's code at the college, as registered (e.g. ЭС-24-1)",
			Headers: []string{"Group", "Group code", "Группа", "Код группы", "Шифр группы", "Топ", "Топ коды", "Топтың коды"}},
		ColumnSpec{Name: "specialty_code", Use: "optional: an 8-digit specialty code, which must be the group's (a code Excel stored as a number gets its leading zero back)",
			Headers: []string{"Specialty code", "Specialty", "Код специальности", "Специальность", "Мамандық коды", "Мамандық"}},
		ColumnSpec{Name: "qualification_code", Use: "optional: a qualification code (3W… or 4S…), which must be the group's",
			Headers: []string{"Qualification code", "Qualification", "Код квалификации", "Квалификация", "Біліктілік коды", "Біліктілік"}},
		ColumnSpec{Name: "funding", Required: true, Use: "required: state, paid or targeted (госзаказ, платное, целевое; мемлекеттік тапсырыс, ақылы, мақсатты)",
			Headers: []string{"Funding", "Source of funding", "Финансирование", "Источник финансирования", "Вид финансирования",
				"Форма оплаты", "Қаржыландыру", "Қаржыландыру көзі"}},
		ColumnSpec{Name: "status", Use: "optional: studying (the default), academic_leave, graduated or expelled (обучается, академический отпуск, выпускник, отчислен; оқиды, академиялық демалыс, түлек, шығарылды)",
			Headers: []string{"Status", "Статус", "Состояние", "Мәртебесі", "Күйі"}},
		phoneColumn,
		ColumnSpec{Name: "enrolled_on", Required: true, Use: "required: the enrolment date, DD.MM.YYYY",
			Headers: []string{"Enrolled on", "Enrolment date", "Date of enrolment", "Дата зачисления", "Дата поступления",
				"Қабылданған күні", "Оқуға қабылданған күні"}},
		ColumnSpec{Name: "academic_average", Use: "optional: the average mark on a 0–100 scale",
			Headers: []string{"Academic average", "Average mark", "GPA", "Средний балл", "Орташа балл"}},
	),
	digits: map[string]int{"iin": 12, "college_bin": 12, "specialty_code": 8},
	parse: func(c *cells) domain.StudentRow {
		r := domain.StudentRow{Line: c.row.Line}
		r.IIN, r.Name, r.BirthDate, r.Sex = c.person()
		r.CollegeBIN = c.bin("college_bin")
		r.Group = c.required("group")
		if r.Specialty = c.text("specialty_code"); r.Specialty != "" && !domain.IsSpecialtyCode(r.Specialty) {
			c.fail("specialty_code", domain.Errorf(domain.EINVALID, "error.import.specialty_code",
				"%q is not a specialty code (8 digits)", r.Specialty).With("value", r.Specialty))
		}
		r.Qualification = c.qualification("qualification_code", false)
		r.Funding = c.choice("funding", fundings, true)
		if r.Status = c.choice("status", statuses, false); r.Status == "" {
			r.Status = domain.StatusStudying
		}
		r.Phone = c.text("phone")
		r.EnrolledOn = c.date("enrolled_on", true)
		if !r.EnrolledOn.IsZero() && !r.BirthDate.IsZero() && r.EnrolledOn.Before(r.BirthDate) {
			c.fail("enrolled_on", domain.Errorf(domain.EINVALID, "error.student.enrolled_before_birth", "enrolment date is before the birth date"))
		}
		r.AcademicAverage = c.number("academic_average", 0, 100)
		return r
	},
	store: func(svc domain.ImportService) func(context.Context, domain.ImportRequest, iter.Seq2[domain.StudentRow, error]) (domain.ImportResult, error) {
		return svc.ImportStudents
	},
}

var collegeBINColumn = ColumnSpec{Name: "college_bin", Required: true, Use: "required: the college's BIN, as registered",
	Headers: []string{"College BIN", "БИН колледжа", "БИН организации образования", "БИН", "Колледж БСН", "Колледждің БСН", "БСН"}}

var phoneColumn = ColumnSpec{Name: "phone", Use: "optional",
	Headers: []string{"Phone", "Telephone", "Телефон", "Мобильный телефон", "Контактный телефон", "Ұялы телефон", "Байланыс телефоны"}}

var fundings = newChoices([]string{domain.FundingState, domain.FundingPaid, domain.FundingTargeted}, map[string]spellings{
	domain.FundingState: {"госзаказ", "мемлекеттік тапсырыс", []string{"государственный заказ", "государственный образовательный заказ",
		"бюджет", "грант", "мемлекеттік білім беру тапсырысы", "бюджеттік"}},
	domain.FundingPaid:     {"платное", "ақылы", []string{"платно", "на платной основе", "ақылы негізде"}},
	domain.FundingTargeted: {"целевое", "мақсатты", []string{"целевая подготовка", "целевой", "мақсатты даярлау"}},
})

var statuses = newChoices([]string{domain.StatusStudying, domain.StatusAcademicLeave, domain.StatusGraduated, domain.StatusExpelled},
	map[string]spellings{
		domain.StatusStudying:      {"обучается", "оқиды", []string{"учится", "білім алуда"}},
		domain.StatusAcademicLeave: {"академический отпуск", "академиялық демалыс", []string{"академ", "academic leave"}},
		domain.StatusGraduated:     {"выпускник", "түлек", []string{"окончил", "окончила", "бітірді"}},
		domain.StatusExpelled:      {"отчислен", "шығарылды", []string{"отчислена", "оқудан шығарылды"}},
	})
