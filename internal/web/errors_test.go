package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
)

func TestNotFound(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		for _, path := range []string{
			"/colleges/abc", "/colleges/0", "/colleges/999999", "/colleges/1.5", "/colleges/+1",
			"/students/-1", "/students/99999999999999999999", "/students/9223372036854775807", "/students/1e3",
			"/enterprises/abc", "/enterprises/424242",
			"/nope", "/colleges/1/extra", "/static/", "/static/nope.css", "/favicon.ico",
		} {
			p := get(t, r.app.URL, path, r.as(t, domain.RoleMinistry, in("ru")...)...)
			p.expect(t, http.StatusNotFound, "<h1>Страница не найдена</h1>", "Такой страницы нет или она удалена.", `<html lang="ru">`)
		}
		get(t, r.app.URL, "/nope", r.as(t, domain.RoleMinistry, in("kk")...)...).expect(t, http.StatusNotFound, "Бет табылмады")
		get(t, r.app.URL, "/nope", r.as(t, domain.RoleMinistry, in("en")...)...).expect(t, http.StatusNotFound, "Page not found")
	})
}

func TestBadQuery(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		for _, c := range []struct{ path, want string }{
			{"/students?page=abc", "“page” in the address must be a whole number."},
			{"/students?page=0", "The page number must be 1 or more."},
			{"/students?page=-3", "The page number must be 1 or more."},
			{"/students?page=99999999999999999999", "“page” in the address must be a whole number."},
			{"/students?per_page=9999", "The page size must be from 1 to 200."},
			{"/students?per_page=0", "The page size must be from 1 to 200."},
			{"/students?region=xyz", "“region” in the address must be a whole number."},
			{"/students?region=99", "This region is not in the registry."},
			{"/students?sort=bogus", "Unknown sort order."},
			{"/students?qualification=123", "Qualification must be a specialty code (8 digits) or a qualification code (3W… or 4S…)."},
			{"/students?qualification=99999900", "This specialty is not in the classifier."},
			{"/students?qualification=4S99999901", "This qualification is not in the classifier."},
			{"/students?funding=free", "Funding must be state order, paid or targeted training."},
			{"/students?status=asleep", "Unknown student status."},
			{"/students?dual=maybe", "“dual” in the address must be yes or no."},
			{"/students?college_id=abc", "“college_id” in the address must be a whole number."},
			{"/students?college_id=424242", "This college is not in the registry."},
			{"/students?enterprise_id=424242", "This enterprise is not in the registry."},
			{"/students?group_id=424242", "This group is not in the registry."},
			{"/students?q=" + strings.Repeat("а", 101), "100"},
			{"/colleges?ownership=public", "Ownership must be state or private."},
			{"/colleges?sort=-trainees", "Unknown sort order."},
			{"/colleges?city=abc", "“city” in the address must be a whole number."},
			{"/colleges?city=99999", "This city is not in the registry."},
			{"/enterprises?industry=Z", "Choose an industry"},
			{"/enterprises?per_page=201", "The page size must be from 1 to 200."},
		} {
			p := get(t, r.app.URL, c.path, r.as(t, domain.RoleMinistry, in("en")...)...)
			p.expect(t, http.StatusBadRequest, "<h1>Please check the request</h1>", c.want)
			// A way out: the same list without the query.
			p.expect(t, http.StatusBadRequest, `class="button" href="`+strings.SplitN(c.path, "?", 2)[0]+`">Start over</a>`)
		}
		// The message comes in the user's language.
		get(t, r.app.URL, "/students?page=abc", r.as(t, domain.RoleMinistry, in("ru")...)...).expect(t, http.StatusBadRequest,
			"Проверьте запрос", "Параметр «page» в адресе должен быть целым числом.")
		get(t, r.app.URL, "/students?sort=bogus", r.as(t, domain.RoleMinistry, in("kk")...)...).expect(t, http.StatusBadRequest,
			"Сұрауды тексеріңіз", "Белгісіз сұрыптау тәртібі.")
	})
}
