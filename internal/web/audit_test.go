package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// TestAuditLog: a change made through the pages appears in the audit log
// with who, from where, and before and after; the log is filtered by
// person, record and dates, newest first, and shown only within scope.
func TestAuditLog(t *testing.T) {
	t.Parallel()
	eachDatabase(t, func(t *testing.T, r *registry) {
		coordinator := r.as(t, domain.RoleCollege, in("en")...)
		teacher := r.users[domain.RoleTeacher]
		edit := url.Values{"name": {"Renamed Teacher"}, "role": {"teacher"}, "college_id": {itoa(r.almaty.ID)}, "teacher_id": {itoa(r.curator.ID)}}
		postForm(t, r.app.URL, "/admin/users/"+itoa(teacher.ID), edit, coordinator...).expect(t, http.StatusSeeOther)

		login := r.users[domain.RoleCollege].Login
		p := get(t, r.app.URL, "/audit?record_type=user&record_id="+itoa(teacher.ID), coordinator...)
		p.expect(t, http.StatusOK, "<h1>Audit log</h1>", "<strong>2 entries</strong>", ">"+login+"</a>", "College coordinator",
			"127.0.0.1", "Changed", "User "+itoa(teacher.ID), "Renamed Teacher", "Test teacher", "Before", "After")
		// Newest first: the change, then the creation.
		if i, j := strings.Index(p.body, "Changed"), strings.Index(p.body, ">Created<"); i < 0 || j < 0 || i > j {
			t.Errorf("the change should come before the creation")
		}
		// By person: a login or a user number.
		get(t, r.app.URL, "/audit?person="+login, coordinator...).expect(t, http.StatusOK, "<strong>1 entry</strong>", "Renamed Teacher")
		get(t, r.app.URL, "/audit?person="+itoa(r.users[domain.RoleCollege].ID), coordinator...).expect(t, http.StatusOK, "<strong>1 entry</strong>")
		get(t, r.app.URL, "/audit?person=nobody", coordinator...).expect(t, http.StatusOK, "No entries match the filters.")
		// By dates, both days included, in Kazakhstan's time.
		today := time.Now().In(time.FixedZone("", 5*3600)).Format(time.DateOnly)
		tomorrow := time.Now().In(time.FixedZone("", 5*3600)).AddDate(0, 0, 1).Format(time.DateOnly)
		get(t, r.app.URL, "/audit?person="+login+"&from="+today+"&to="+today, coordinator...).expect(t, http.StatusOK, "<strong>1 entry</strong>")
		get(t, r.app.URL, "/audit?person="+login+"&from="+tomorrow, coordinator...).expect(t, http.StatusOK, "<strong>0 entries</strong>")
		get(t, r.app.URL, "/audit?from="+tomorrow+"&to="+today, coordinator...).expect(t, http.StatusBadRequest, "The end of the period is before its start.")
		get(t, r.app.URL, "/audit?from=01.02.2026", coordinator...).expect(t, http.StatusBadRequest, "“from” must be a date, YYYY-MM-DD.")
		get(t, r.app.URL, "/audit?record_type=DROP%20TABLE", coordinator...).expect(t, http.StatusBadRequest, "Unknown record type.")
		// Paginated: the Almaty college, teacher and student accounts made, and the change.
		p = get(t, r.app.URL, "/audit?record_type=user&per_page=1", coordinator...)
		p.expect(t, http.StatusOK, "showing 1–1 of 4", `rel="next"`)

		// The Almaty auditor and the ministry see it; Astana's coordinator
		// does not.
		get(t, r.app.URL, "/audit?person="+login, r.as(t, domain.RoleAuditor)...).expect(t, http.StatusOK, "Renamed Teacher")
		get(t, r.app.URL, "/audit?person="+login, r.as(t, domain.RoleMinistry)...).expect(t, http.StatusOK, "Renamed Teacher")
		other := get(t, r.app.URL, "/audit?record_type=user", append(r.asUser(t, r.astanaCoordinator), in("en")...)...)
		other.expect(t, http.StatusOK)
		other.lacks(t, "Renamed Teacher", "teacher-user")
		// Roles that do not read the log are refused.
		for _, role := range []domain.Role{domain.RoleTeacher, domain.RoleEnterprise, domain.RoleMentor, domain.RoleStudent} {
			get(t, r.app.URL, "/audit", r.as(t, role)...).expect(t, http.StatusForbidden)
		}
	})
}
