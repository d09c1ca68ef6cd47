package web_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
)

func TestCollegePage(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		id := strconv.FormatInt(r.almaty.ID, 10)
		p := get(t, r.app.URL, "/colleges/"+id, in("ru")...)
		p.expect(t, http.StatusOK,
			"<h1>Алматинский политехнический колледж</h1>",
			// Names in all three languages, marked with their language.
			`<dd lang="kk">Алматы политехникалық колледжі</dd>`, `<dd lang="ru">Алматинский политехнический колледж</dd>`,
			`<dd lang="en">Almaty Polytechnic College</dd>`,
			"г. Алматы", "Государственный", "<dt>БИН</dt>", r.almaty.BIN, "Абай даңғылы 1",
			// Its figures and the links to its students.
			`<a href="/students?college_id=`+id+`"><span class="stat-value">20</span>`,
			`href="/students?college_id=`+id+`&amp;dual=yes"`, "Студенты колледжа",
			// The programme: codes, names, dual flag, hours, the enterprise share.
			"06130100", "Программное обеспечение (по видам)", "4S06130103", "Разработчик программного обеспечения",
			"34 месяца", "Дуальное обучение", "5\u00a0760", "2\u00a0000", "1\u00a0400", "70\u00a0%",
			`href="/students?college_id=`+id+`&amp;qualification=4S06130103"`,
			// Its group, linked to the group's students.
			`<a href="/students?group_id=`+strconv.FormatInt(r.groupA.ID, 10)+`">ПО-23-1</a>`, "2023", "Казахский")
		p = get(t, r.app.URL, "/colleges/"+strconv.FormatInt(r.astana.ID, 10), in("kk")...)
		p.expect(t, http.StatusOK, "<h1>Астана бизнес колледжі</h1>", "<dt>БСН</dt>", "Жеке меншік", "22 ай", "30%", "Орыс тілі")
	})
}

func TestEnterprisePage(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		id := strconv.FormatInt(r.energo.ID, 10)
		p := get(t, r.app.URL, "/enterprises/"+id, in("en")...)
		p.expect(t, http.StatusOK, "<h1>Almaty Energo Service LLP</h1>", "<dt>BIN</dt>", r.energo.BIN, "Almaty",
			"D — Electricity, gas, steam and air conditioning supply", "1,450", "20 students train here",
			`href="/students?enterprise_id=`+id+`"`)
		p = get(t, r.app.URL, "/enterprises/"+strconv.FormatInt(r.builder.ID, 10), in("ru")...)
		p.expect(t, http.StatusOK, "АО «Астана Курылыс»", "<dt>БИН</dt>", "F — Строительство", "0 студентов обучаются здесь")
	})
}

func TestStudentPage(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		s := r.aigerim
		p := get(t, r.app.URL, "/students/"+strconv.FormatInt(s.ID, 10), r.as(t, domain.RoleMinistry, in("ru")...)...)
		p.expect(t, http.StatusOK, "<h1>Әбілқасымова Айгерім</h1>", "<dt>ИИН</dt>", "••••••••"+s.IIN[8:],
			"<dt>Год рождения</dt><dd>2007</dd>", "Алматинский политехнический колледж", "ПО-23-1",
			"06130100", "Программное обеспечение (по видам)", "4S06130103", "Разработчик программного обеспечения",
			"Государственный образовательный заказ", "Обучается", "01.09.2023", "Дуальное обучение", "ТОО «Алматы Энерго Сервис»",
			`href="/colleges/`+strconv.FormatInt(s.CollegeID, 10)+`"`, `href="/enterprises/`+strconv.FormatInt(r.energo.ID, 10)+`"`)
		// The ministry works with figures, not people: personal data is masked.
		p.lacks(t, s.IIN, s.Phone, "15.03.2007", "2007-03-15")
		p = get(t, r.app.URL, "/students/"+strconv.FormatInt(s.ID, 10), r.as(t, domain.RoleMinistry, in("kk")...)...)
		p.expect(t, http.StatusOK, "<dt>ЖСН</dt>", "Мемлекеттік білім беру тапсырысы", "Дуалды оқыту", "Туған жылы")
		p = get(t, r.app.URL, "/students/"+strconv.FormatInt(s.ID, 10), r.as(t, domain.RoleMinistry, in("en")...)...)
		p.expect(t, http.StatusOK, "<dt>IIN</dt>", "State educational order", "1 September 2023")
		// A student of a non-dual programme: no enterprise, no dual badge.
		paid := r.students[25]
		p = get(t, r.app.URL, "/students/"+strconv.FormatInt(paid.ID, 10), r.as(t, domain.RoleMinistry, in("kk")...)...)
		p.expect(t, http.StatusOK, "Ақылы оқу", "Астана бизнес колледжі", "Бухгалтер")
		p.lacks(t, `<span class="badge">`, "<dt>Кәсіпорын</dt>")
	})
}
