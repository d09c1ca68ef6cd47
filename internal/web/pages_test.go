package web_test

import (
	"net/http"
	"testing"

	"github.com/dualtrack/dualtrack/internal/testkit"
)

// eachDatabase runs fn against the fixture registry on SQLite and on
// PostgreSQL: the pages must read the same from both stores.
func eachDatabase(t *testing.T, fn func(t *testing.T, r *registry)) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newRegistry(t, db.DSN(t)))
		})
	}
}

func TestHomeShowsLiveCounts(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		// Russian plural forms: 2 колледжа, 30 студентов, 20 … на дуальном обучении.
		p := get(t, r.app.URL, "/", in("ru-RU,ru;q=0.9")...)
		p.expect(t, http.StatusOK, `<html lang="ru">`, "Реестр дуального обучения",
			`<span class="stat-value">2</span>`, "колледжа", "предприятия",
			`<span class="stat-value">30</span>`, "студентов",
			`<span class="stat-value">20</span>`, "студентов на дуальном обучении",
			"66\u00a0% всех студентов")
		p = get(t, r.app.URL, "/", in("en")...)
		p.expect(t, http.StatusOK, `<html lang="en">`, "Dual training registry",
			`<span class="stat-value">2</span>`, `<span class="stat-label">colleges</span>`,
			`<span class="stat-value">20</span>`, `<span class="stat-label">regions</span>`,
			`<span class="stat-label">students in dual training</span>`, "66% of all students")
	})
}
