package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestUserList: the administrators' list holds the users of their scope
// and the roles they manage, searchable and filtered by role.
func TestUserList(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	p := get(t, r.app.URL, "/admin/users", coordinator...)
	p.expect(t, http.StatusOK, "<h1>Users</h1>", "<strong>2 users</strong>", "teacher-user", "student-user",
		"Teacher / supervisor", "Almaty Polytechnic College", `<option value="teacher">Teacher / supervisor</option>`)
	// Only the roles a coordinator manages: not other coordinators, not
	// even itself (its own account is at /account).
	p.lacks(t, "astana-college", "college-user", "mentor-user", "ministry-user", "region-user", `<option value="ministry">`)

	get(t, r.app.URL, "/admin/users?role=student", coordinator...).expect(t, http.StatusOK, "<strong>1 user</strong>", "student-user")
	get(t, r.app.URL, "/admin/users?q=TEACH", coordinator...).expect(t, http.StatusOK, "<strong>1 user</strong>", "teacher-user")
	get(t, r.app.URL, "/admin/users?role=wizard", coordinator...).expect(t, http.StatusBadRequest, "Unknown role.")

	// The ministry sees everyone, five a page.
	p = get(t, r.app.URL, "/admin/users?per_page=5", r.as(t, domain.RoleMinistry, in("ru")...)...)
	p.expect(t, http.StatusOK, "9 пользователей", `rel="next"`)
	p = get(t, r.app.URL, "/admin/users?per_page=5&page=2", r.as(t, domain.RoleMinistry, in("ru")...)...)
	p.expect(t, http.StatusOK, "показаны 6–9 из 9")
	// The Almaty region: its colleges' and enterprises' staff, not Astana's.
	p = get(t, r.app.URL, "/admin/users", r.as(t, domain.RoleRegion)...)
	p.expect(t, http.StatusOK, "college-user", "mentor-user", "auditor-user")
	p.lacks(t, "astana-college", "ministry-user")
}

// TestUserCreate: every problem comes back on the form in the user's
// language, naming the field, with what was typed kept; a good form makes
// a user who can sign in.
func TestUserCreate(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, in("ru")...)
	form := func(changes ...string) url.Values {
		f := url.Values{"login": {"new.teacher"}, "name": {"Нұрланов Асқар"}, "role": {"teacher"},
			"college_id": {itoa(r.almaty.ID)}, "teacher_id": {itoa(r.curator.ID)}, "password": {"Бастапқы-құпиясөз-1"}}
		for i := 0; i+1 < len(changes); i += 2 {
			f.Set(changes[i], changes[i+1])
		}
		return f
	}
	page := get(t, r.app.URL, "/admin/users/new", coordinator...)
	page.expect(t, http.StatusOK, "<h1>Новый пользователь</h1>", `<option value="teacher">Преподаватель / куратор</option>`,
		`<option value="student">Студент</option>`, `<option value="`+itoa(r.almaty.ID)+`">Алматинский политехнический колледж</option>`)
	page.lacks(t, `<option value="ministry">`, "Астанинский колледж бизнеса")
	for _, c := range []struct {
		form   url.Values
		status int
		want   string
	}{
		{form("login", "Ж"), http.StatusBadRequest, "Логин: Логин: от 3 до 64 символов"},
		{form("login", "teacher-user"), http.StatusConflict, "Логин: Этот логин уже занят."},
		{form("name", " "), http.StatusBadRequest, "Имя: Укажите имя пользователя."},
		{form("role", "ministry"), http.StatusForbidden, "Роль: Вы не можете назначить эту роль."},
		{form("role", "wizard"), http.StatusBadRequest, "Роль: Неизвестная роль."},
		{form("teacher_id", ""), http.StatusBadRequest, "Номер записи преподавателя: Для этой роли нужна другая область доступа"},
		{form("teacher_id", "abc"), http.StatusBadRequest, "Номер записи преподавателя: «teacher_id» должен быть номером записи"},
		{form("teacher_id", "424242"), http.StatusBadRequest, "Номер записи преподавателя: Связанная запись преподавателя"},
		{form("college_id", "424242"), http.StatusBadRequest, "Колледж: Такого колледжа нет в реестре."},
		// Another college is outside what the coordinator manages.
		{form("college_id", itoa(r.astana.ID)), http.StatusForbidden, "Колледж: Это вне части реестра"},
		{form("password", "qwertyuiop"), http.StatusBadRequest, "Начальный пароль: Этот пароль входит в число самых распространённых"},
		{form("role", "student", "teacher_id", "", "student_id", itoa(r.students[25].ID)), http.StatusBadRequest, "Номер записи студента: Связанная запись"},
	} {
		p := postForm(t, r.app.URL, "/admin/users", c.form, coordinator...)
		p.expect(t, c.status, c.want, `aria-invalid="true"`)
		// What was typed is kept, except the password.
		if name := c.form.Get("name"); strings.TrimSpace(name) != "" {
			p.expect(t, c.status, `value="`+name+`"`)
		}
		p.lacks(t, `value="`+c.form.Get("password")+`"`)
	}
	if _, err := r.app.Store.UserByLogin(context.Background(), "new.teacher"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a failed form created the user (%v)", err)
	}

	p := postForm(t, r.app.URL, "/admin/users", form(), coordinator...)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/admin/users/") {
		t.Fatalf("create: status %d, Location %q\n%s", p.status, p.header.Get("Location"), excerpt(p.body))
	}
	get(t, r.app.URL, p.header.Get("Location"), coordinator...).expect(t, http.StatusOK, "Пользователь создан.", "<h1>new.teacher</h1>")
	cookie := signInWith(t, r.app.URL, "new.teacher", "Бастапқы-құпиясөз-1")
	get(t, r.app.URL, "/students", append(session(cookie), in("en")...)...).expect(t, http.StatusOK, "15 students")

	// An auditor made by the ministry: a scope and the last day.
	ministry := r.as(t, domain.RoleMinistry, in("en")...)
	last := time.Now().AddDate(0, 2, 0).Format(time.DateOnly)
	p = postForm(t, r.app.URL, "/admin/users", url.Values{"login": {"inspector"}, "name": {"Inspector"}, "role": {"auditor"},
		"region_id": {"71"}, "expires_at": {last}, "password": {"Inspector-құпия-2026"}}, ministry...)
	p.expect(t, http.StatusSeeOther)
	get(t, r.app.URL, p.header.Get("Location"), ministry...).expect(t, http.StatusOK, `value="`+last+`"`, `<option value="71" selected>`)
	p = postForm(t, r.app.URL, "/admin/users", url.Values{"login": {"inspector2"}, "name": {"Inspector"}, "role": {"auditor"},
		"expires_at": {"2001-01-01"}, "password": {"Inspector-құпия-2026"}}, ministry...)
	p.expect(t, http.StatusBadRequest, "Access until (inclusive): The last day of access has already passed.")
}

func signInWith(t testing.TB, base, login, password string) string {
	t.Helper()
	p := postForm(t, base, "/signin", url.Values{"login": {login}, "password": {password}})
	c, ok := p.cookie("dualtrack_session")
	if p.status != http.StatusSeeOther || !ok {
		t.Fatalf("sign in as %s: status %d", login, p.status)
	}
	return c.Value
}

// TestUserEditAndReset: an administrator changes a user's name and role,
// disables them (signed out at once) and sets a new password; their own
// account is edited on the account page.
func TestUserEditAndReset(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	coordinator := r.as(t, domain.RoleCollege, in("en")...)
	teacher := r.users[domain.RoleTeacher]
	path := "/admin/users/" + itoa(teacher.ID)
	teacherSession := signIn(t, r.app.URL, teacher.Login)

	p := get(t, r.app.URL, path, coordinator...)
	p.expect(t, http.StatusOK, "<h1>teacher-user</h1>", `value="`+teacher.Name+`"`, `<option value="teacher" selected>`,
		`value="`+itoa(r.curator.ID)+`"`, "Set a new password", "Account disabled", `href="/audit?record_type=user&amp;record_id=`+itoa(teacher.ID)+`"`)
	edit := url.Values{"name": {"Сәрсенбаев Қайрат Ерланұлы"}, "role": {"teacher"}, "college_id": {itoa(r.almaty.ID)}, "teacher_id": {itoa(r.curator.ID)}}
	p = postForm(t, r.app.URL, path, edit, coordinator...)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != path {
		t.Fatalf("save: status %d, Location %q\n%s", p.status, p.header.Get("Location"), excerpt(p.body))
	}
	get(t, r.app.URL, path, coordinator...).expect(t, http.StatusOK, "The changes have been saved.", "Сәрсенбаев Қайрат Ерланұлы")
	// A bad change names the field and changes nothing.
	bad := url.Values{"name": {"X"}, "role": {"teacher"}, "college_id": {itoa(r.almaty.ID)}, "teacher_id": {""}}
	postForm(t, r.app.URL, path, bad, coordinator...).expect(t, http.StatusBadRequest, "Teacher record number: This role needs a different scope")

	// Disabled: the teacher's open session ends at their next request.
	get(t, r.app.URL, "/students", session(teacherSession)...).expect(t, http.StatusOK)
	edit.Set("disabled", "yes")
	postForm(t, r.app.URL, path, edit, coordinator...).expect(t, http.StatusSeeOther)
	get(t, r.app.URL, "/students", session(teacherSession)...).expectSignIn(t, "/students")
	get(t, r.app.URL, "/admin/users", coordinator...).expect(t, http.StatusOK, `<span class="badge off">Disabled</span>`)
	edit.Del("disabled")
	postForm(t, r.app.URL, path, edit, coordinator...).expect(t, http.StatusSeeOther)

	// A new password: the rules apply, then only it signs in, and the
	// teacher's open session ends.
	teacherSession = signIn(t, r.app.URL, teacher.Login)
	postForm(t, r.app.URL, path+"/password", url.Values{"password": {"1234567890"}, "password_confirm": {"1234567890"}}, coordinator...).
		expect(t, http.StatusBadRequest, "New password: This password is among the most common ones")
	postForm(t, r.app.URL, path+"/password", url.Values{"password": {"Another-құпия-2026"}, "password_confirm": {"Another-құпия-2027"}}, coordinator...).
		expect(t, http.StatusBadRequest, "New password again: The two new passwords differ.")
	p = postForm(t, r.app.URL, path+"/password", url.Values{"password": {"Another-құпия-2026"}, "password_confirm": {"Another-құпия-2026"}}, coordinator...)
	p.expect(t, http.StatusSeeOther)
	get(t, r.app.URL, path, coordinator...).expect(t, http.StatusOK, "The new password has been set.")
	get(t, r.app.URL, "/students", session(teacherSession)...).expectSignIn(t, "/students")
	postForm(t, r.app.URL, "/signin", url.Values{"login": {teacher.Login}, "password": {testkit.Password}}).expect(t, http.StatusUnauthorized)
	signInWith(t, r.app.URL, teacher.Login, "Another-құпия-2026")

	// One's own account is not edited here.
	me := r.users[domain.RoleCollege]
	p = get(t, r.app.URL, "/admin/users/"+itoa(me.ID), coordinator...)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/account" {
		t.Errorf("own account: status %d, Location %q", p.status, p.header.Get("Location"))
	}
	// A number that names nobody is not found.
	get(t, r.app.URL, "/admin/users/424242", coordinator...).expect(t, http.StatusNotFound)
	get(t, r.app.URL, "/admin/users/abc", coordinator...).expect(t, http.StatusNotFound)
}
