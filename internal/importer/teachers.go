package importer

import (
	"context"
	"iter"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// The teachers' file: one row per teacher, upserted by IIN.

var teacherKind = &kind[domain.TeacherRow]{
	columns: append(personColumns("ИИН педагога", "ИИН преподавателя", "Педагогтың ЖСН", "Teacher IIN"),
		collegeBINColumn,
		ColumnSpec{Name: "position", Required: true, Use: "required: teacher, master or head_of_department (преподаватель, мастер производственного обучения, заведующий отделением; оқытушы, өндірістік оқыту шебері, бөлім меңгерушісі)",
			Headers: []string{"Position", "Должность", "Лауазымы"}},
		phoneColumn,
		ColumnSpec{Name: "hired_on", Required: true, Use: "required: the date of hiring, DD.MM.YYYY",
			Headers: []string{"Hired on", "Hire date", "Date of hiring", "Дата приёма на работу", "Дата приема на работу",
				"Дата приёма", "Дата приема", "Жұмысқа қабылданған күні"}},
	),
	digits: map[string]int{"iin": 12, "college_bin": 12},
	parse: func(c *cells) domain.TeacherRow {
		r := domain.TeacherRow{Line: c.row.Line}
		r.IIN, r.Name, r.BirthDate, r.Sex = c.person()
		r.CollegeBIN = c.bin("college_bin")
		r.Position = c.choice("position", positions, true)
		r.Phone = c.text("phone")
		r.HiredOn = c.date("hired_on", true)
		if !r.HiredOn.IsZero() && !r.BirthDate.IsZero() && r.HiredOn.Before(r.BirthDate) {
			c.fail("hired_on", domain.Errorf(domain.EINVALID, "error.import.hired_before_birth", "the date of hiring is before the birth date"))
		}
		return r
	},
	store: func(svc domain.ImportService) func(context.Context, domain.ImportRequest, iter.Seq2[domain.TeacherRow, error]) (domain.ImportResult, error) {
		return svc.ImportTeachers
	},
}

var positions = newChoices([]string{domain.PositionTeacher, domain.PositionMaster, domain.PositionHead}, map[string]spellings{
	domain.PositionTeacher: {"преподаватель", "оқытушы", []string{"педагог", "учитель", "мұғалім"}},
	domain.PositionMaster: {"мастер производственного обучения", "өндірістік оқыту шебері",
		[]string{"мастер п/о", "мастер", "шебер", "master of industrial training"}},
	domain.PositionHead: {"заведующий отделением", "бөлім меңгерушісі",
		[]string{"заведующая отделением", "зав. отделением", "head of department"}},
})
