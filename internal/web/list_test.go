package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// rowNames returns the linked names of a results table, in order.
func rowNames(body string) []string {
	var names []string
	for _, m := range rowLink.FindAllStringSubmatch(body, -1) {
		names = append(names, m[1])
	}
	return names
}

var rowLink = regexp.MustCompile(`<td class="primary"><a href="[^"]+">([^<]+)</a>`)

func TestStudentsPagination(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		// 30 students, 10 a page: three pages; page 2 holds names 11–20.
		p := get(t, r.app.URL, "/students?per_page=10&page=2", r.as(t, domain.RoleMinistry, in("en")...)...)
		p.expect(t, http.StatusOK, "30 students", "showing 11–20 of 30",
			`href="/students?per_page=10" rel="prev"`, `href="/students?page=3&amp;per_page=10" rel="next"`,
			`<span class="current" aria-current="page">2</span>`)
		if got, want := rowNames(p.body), r.sortedNames[10:20]; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("page 2 shows %v, want %v", got, want)
		}
		p = get(t, r.app.URL, "/students?per_page=10&page=3", r.as(t, domain.RoleMinistry, in("en")...)...)
		p.expect(t, http.StatusOK, "showing 21–30 of 30", `<span class="off">Next →</span>`)
		if got := rowNames(p.body); len(got) != 10 || got[9] != r.sortedNames[29] {
			t.Fatalf("page 3 shows %v", got)
		}
		// Descending order reverses the list.
		p = get(t, r.app.URL, "/students?sort=-name&per_page=5", r.as(t, domain.RoleMinistry, in("en")...)...)
		if got := rowNames(p.body); len(got) != 5 || got[0] != r.sortedNames[29] {
			t.Fatalf("descending: %v", got)
		}
		// A page past the end says so and links back to the first page.
		p = get(t, r.app.URL, "/students?per_page=10&page=9", r.as(t, domain.RoleMinistry, in("en")...)...)
		p.expect(t, http.StatusOK, "There is no such page: the list has 3 pages in all.", `href="/students?per_page=10">Go to the first page`)
	})
}

func TestPaginationKeepsFilters(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	// 20 dual students in Almaty, 5 a page: every page link keeps the
	// search filters, and page 1 is written without page=.
	p := get(t, r.app.URL, "/students?region=75&funding=&dual=yes&per_page=5&page=2", r.as(t, domain.RoleMinistry, in("en")...)...)
	p.expect(t, http.StatusOK, "20 students", "showing 6–10 of 20")
	for _, link := range []string{
		`href="/students?dual=yes&amp;per_page=5&amp;region=75" rel="prev"`,
		`href="/students?dual=yes&amp;page=3&amp;per_page=5&amp;region=75" rel="next"`,
		`href="/students?dual=yes&amp;page=4&amp;per_page=5&amp;region=75"`,
	} {
		if !strings.Contains(p.body, link) {
			t.Errorf("pager lacks %s", link)
		}
	}
	// The filter form shows what is applied.
	p.expect(t, http.StatusOK, `<option value="75" selected>Almaty</option>`, `<option value="yes" selected>Yes</option>`,
		`<option value="5" selected>5</option>`)
}

func TestStudentFilters(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		cases := []struct {
			query string
			total int
			want  string // a name that must be listed
		}{
			{"q=%D3%98%D0%B1%D1%96%D0%BB", 1, "Әбілқасымова Айгерім"}, // "Әбіл": the start of the name, any case
			{"q=" + r.students[3].IIN, 1, r.students[3].Name.Full()},  // a whole IIN
			{"region=75", 20, "Ахметов Данияр"},
			{"region=71", 10, "Смагулова Камила"},
			{"region=79", 0, ""},
			{"college_id=" + id(r.astana.ID), 10, "Ямкова Ольга"},
			{"qualification=06130100", 20, "Иванова Мария"},
			{"qualification=4S04110102", 10, "Федорова Анна"},
			{"qualification=3W06130102", 0, ""},
			{"funding=targeted", 1, r.students[5].Name.Full()},
			{"funding=paid", 10, "Юсупов Руслан"},
			{"status=academic_leave", 1, r.students[6].Name.Full()},
			{"dual=yes", 20, "Петров Сергей"},
			{"dual=no", 10, "Хасенов Мирас"},
			{"enterprise_id=" + id(r.energo.ID), 20, "Ли Виктория"},
			{"enterprise_id=" + id(r.builder.ID), 0, ""},
			{"group_id=" + id(r.groupB.ID), 10, "Шәріпова Алия"},
			{"region=75&funding=state&status=studying", 18, "Бекова Жанар"},
		}
		for _, c := range cases {
			t.Run(c.query, func(t *testing.T) {
				p := get(t, r.app.URL, "/students?"+c.query+"&per_page=50", r.as(t, domain.RoleMinistry, in("en")...)...)
				want := strconv.Itoa(c.total) + " students"
				if c.total == 1 {
					want = "1 student"
				}
				p.expect(t, http.StatusOK, "<strong>"+want+"</strong>")
				if c.want != "" && !strings.Contains(p.body, c.want) {
					t.Errorf("%s is not listed", c.want)
				}
				if c.total == 0 {
					p.expect(t, http.StatusOK, "No students match the filters.", `<a href="/students">Clear the filters</a>`)
				}
			})
		}
		// Filters set by links show as chips with a link that removes them.
		p := get(t, r.app.URL, "/students?enterprise_id="+id(r.energo.ID)+"&funding=state", r.as(t, domain.RoleMinistry, in("ru")...)...)
		p.expect(t, http.StatusOK, "Предприятие: <strong>ТОО «Алматы Энерго Сервис»</strong>",
			`<a href="/students?funding=state" aria-label="Убрать этот фильтр"`,
			`<input type="hidden" name="enterprise_id" value="`+id(r.energo.ID)+`">`)
	})
}

func TestStudentFilterChoices(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	p := get(t, r.app.URL, "/students?qualification=4S06130103", r.as(t, domain.RoleMinistry, in("kk")...)...)
	// The qualification select is grouped by specialty, names in Kazakh;
	// the whole specialty comes first in its group.
	p.expect(t, http.StatusOK,
		`<optgroup label="06130100 Бағдарламалық қамтамасыз ету">`,
		`<option value="06130100">06130100 Бағдарламалық қамтамасыз ету — барлық біліктіліктер</option>`,
		`<option value="4S06130103" selected>4S06130103 — Бағдарламалық қамтамасыз етуді әзірлеуші</option>`,
		// Official terms in Kazakh.
		`<option value="state">Мемлекеттік білім беру тапсырысы</option>`,
		`<option value="targeted">Мақсатты даярлау</option>`,
		`<th scope="col">ЖСН</th>`)
	// The college select lists the colleges of the chosen region only.
	p = get(t, r.app.URL, "/students?region=71", r.as(t, domain.RoleMinistry, in("ru")...)...)
	p.expect(t, http.StatusOK, "Астанинский колледж бизнеса", `<option value="state">Государственный образовательный заказ</option>`,
		`<option value="targeted">Целевая подготовка</option>`, `<th scope="col">ИИН</th>`)
	p.lacks(t, `>Алматинский политехнический колледж</option>`)
}

func TestCollegeList(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		p := get(t, r.app.URL, "/colleges", in("ru")...)
		p.expect(t, http.StatusOK, "Колледжи", "2 колледжа", "Алматинский политехнический колледж", "Астанинский колледж бизнеса",
			"Государственный", "Частный", "г. Алматы")
		for query, want := range map[string]string{
			"q=политех":                 "Алматинский политехнический колледж",
			"q=polytechnic":             "Алматинский политехнический колледж", // any language's name
			"q=" + r.astana.BIN:         "Астанинский колледж бизнеса",
			"region=71":                 "Астанинский колледж бизнеса",
			"city=1":                    "Алматинский политехнический колледж",
			"ownership=private":         "Астанинский колледж бизнеса",
			"region=75&ownership=state": "Алматинский политехнический колледж",
		} {
			p := get(t, r.app.URL, "/colleges?"+query, in("ru")...)
			p.expect(t, http.StatusOK, "<strong>1 колледж</strong>", want)
		}
		// Sorted by the number of students, most first and fewest first.
		if got := rowNames(get(t, r.app.URL, "/colleges?sort=-students", in("en")...).body); len(got) != 2 || got[0] != "Almaty Polytechnic College" {
			t.Errorf("most students first: %v", got)
		}
		if got := rowNames(get(t, r.app.URL, "/colleges?sort=students", in("en")...).body); len(got) != 2 || got[0] != "Astana Business College" {
			t.Errorf("fewest students first: %v", got)
		}
		p = get(t, r.app.URL, "/colleges?q=nothing-like-this", in("en")...)
		p.expect(t, http.StatusOK, "No colleges match the search and filters.", "Clear the filters")
		// With a region chosen, the city select offers that region's cities.
		p = get(t, r.app.URL, "/colleges?region=63", in("ru")...)
		p.expect(t, http.StatusOK, "Усть-Каменогорск")
		p.lacks(t, ">Шымкент</option>")
	})
}

func TestEnterpriseList(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		p := get(t, r.app.URL, "/enterprises", in("kk")...)
		p.expect(t, http.StatusOK, "Кәсіпорындар", "2 кәсіпорын", "«Алматы Энерго Сервис» ЖШС", r.energo.BIN,
			"D — Электрмен жабдықтау", "1\u00a0450", `<option value="F">F — Құрылыс</option>`)
		p = get(t, r.app.URL, "/enterprises?industry=F", in("en")...)
		p.expect(t, http.StatusOK, "1 enterprise", "Astana Qurylys JSC", "F — Construction")
		p.lacks(t, "Almaty Energo Service LLP")
		if got := rowNames(get(t, r.app.URL, "/enterprises?sort=-trainees", in("en")...).body); len(got) != 2 || got[0] != "Almaty Energo Service LLP" {
			t.Errorf("most trainees first: %v", got)
		}
		p = get(t, r.app.URL, "/enterprises?region=75&q=energo", in("en")...)
		p.expect(t, http.StatusOK, "1 enterprise", "Almaty Energo Service LLP", "1,450")
	})
}

// TestHTMXPartial checks what htmx gets: only the results, the canonical
// URL to push, the dependent selects out of band, and headers that keep
// caches from mixing the fragment with the page.
func TestHTMXPartial(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	p := get(t, r.app.URL, "/students?q=&region=75&college_id=&funding=&sort=name&per_page=25", r.as(t, domain.RoleMinistry, "HX-Request", "true", "Accept-Language", "en")...)
	p.expect(t, http.StatusOK, `<section id="results"`, "20 students",
		`<select id="f-college" name="college_id" hx-swap-oob="true">`,
		`<input type="hidden" id="lang-next" name="next" value="/students?region=75" hx-swap-oob="true">`)
	p.lacks(t, "<html", "<form", `id="f-q"`)
	if got := p.header.Get("HX-Push-Url"); got != "/students?region=75" {
		t.Errorf("HX-Push-Url = %q, want the canonical URL", got)
	}
	if vary := p.header.Get("Vary"); !strings.Contains(vary, "HX-Request") {
		t.Errorf("Vary = %q, must name HX-Request", vary)
	}
	// The same URL without htmx is the whole page, so a bookmark works.
	p = get(t, r.app.URL, "/students?region=75", r.as(t, domain.RoleMinistry, in("en")...)...)
	p.expect(t, http.StatusOK, "<html", `<form class="filters" method="get" action="/students"`, `id="results"`, "20 students")
	// A history restore wants the whole page even though htmx sends it.
	p = get(t, r.app.URL, "/students?region=75", r.as(t, domain.RoleMinistry, "HX-Request", "true", "HX-History-Restore-Request", "true")...)
	p.expect(t, http.StatusOK, "<html")
	// A wrong filter in an htmx request puts the message where the results were.
	p = get(t, r.app.URL, "/students?region=xyz", r.as(t, domain.RoleMinistry, "HX-Request", "true", "Accept-Language", "en")...)
	p.expect(t, http.StatusBadRequest, `<section id="results"`, "“region” in the address must be a whole number.")
	p.lacks(t, "<html")
}
