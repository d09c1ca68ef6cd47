package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestUsersTokensAndSignInFailures(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		u := domain.User{Login: " Coordinator@College.KZ ", Name: "Айгүл Серікова", Role: domain.RoleCollege, CollegeID: f.college.ID, PasswordHash: "$argon2id$x"}
		if err := st.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if u.Login != "coordinator@college.kz" {
			t.Fatalf("login not normalised: %q", u.Login)
		}
		dup := domain.User{Login: "coordinator@college.kz", Name: "X", Role: domain.RoleMinistry, PasswordHash: "h"}
		wantCode(t, st.CreateUser(ctx, &dup), domain.ECONFLICT, "")
		bad := domain.User{Login: "teacher1", Name: "T", Role: domain.RoleTeacher, CollegeID: f.college.ID, PasswordHash: "h"}
		wantCode(t, st.CreateUser(ctx, &bad), domain.EINVALID, "teacher_id")

		got, err := st.UserByLogin(ctx, "COORDINATOR@college.kz")
		if err != nil || got.ID != u.ID || got.PasswordHash != "$argon2id$x" || got.Role != domain.RoleCollege {
			t.Fatalf("by login: %+v %v", got, err)
		}
		got.Disabled = true
		if err := st.UpdateUser(ctx, &got); err != nil {
			t.Fatal(err)
		}
		again, _ := st.User(ctx, u.ID)
		if !again.Disabled || again.Active(time.Now()) {
			t.Fatalf("disabled user still active: %+v", again)
		}
		list, err := st.Users(ctx, domain.UserFilter{RegionID: 75})
		if err != nil || list.Total != 1 {
			t.Fatalf("users in Almaty: %+v %v", list, err)
		}
		for _, q := range []string{"СЕРІКОВА", "айгүл", "coordinator@college"} {
			if l, err := st.Users(ctx, domain.UserFilter{Query: q}); err != nil || l.Total != 1 {
				t.Errorf("search %q: %+v %v", q, l, err)
			}
		}
		if l, _ := st.Users(ctx, domain.UserFilter{RegionID: 71}); l.Total != 0 {
			t.Fatalf("users in Astana: %+v", l)
		}

		tok := domain.Token{UserID: u.ID, Name: "reporting script", Prefix: "dt_abcd", Hash: "hash-1"}
		if err := st.CreateToken(ctx, &tok); err != nil {
			t.Fatal(err)
		}
		gt, gu, err := st.TokenByHash(ctx, "hash-1")
		if err != nil || gt.ID != tok.ID || gu.ID != u.ID {
			t.Fatalf("token: %+v %+v %v", gt, gu, err)
		}
		if err := st.RevokeToken(ctx, u.ID+1, tok.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("revoking another user's token: %v", err)
		}
		if err := st.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.TokenByHash(ctx, "hash-1"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("revoked token still works: %v", err)
		}

		since := time.Now().Add(-time.Minute)
		for i := 0; i < 3; i++ {
			st.RecordSignInFailure(ctx, "Coordinator@college.kz", "10.0.0.1")
		}
		st.RecordSignInFailure(ctx, "other", "10.0.0.1")
		byLogin, byAddr, err := st.SignInFailures(ctx, "coordinator@college.kz", "10.0.0.1", since)
		if err != nil || byLogin != 3 || byAddr != 4 {
			t.Fatalf("failures: %d %d %v", byLogin, byAddr, err)
		}
		st.ClearSignInFailures(ctx, "coordinator@college.kz")
		if byLogin, _, _ = st.SignInFailures(ctx, "coordinator@college.kz", "10.0.0.1", since); byLogin != 0 {
			t.Fatalf("failures not cleared: %d", byLogin)
		}
	})
}

func TestSessions(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ss := st.Sessions()
		if err := ss.Commit("tok", []byte{1, 2, 3}, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := ss.Commit("tok", []byte{4}, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, ok, err := ss.Find("tok")
		if err != nil || !ok || len(b) != 1 || b[0] != 4 {
			t.Fatalf("find: %v %v %v", b, ok, err)
		}
		ss.Commit("old", []byte{1}, time.Now().Add(-time.Second))
		if _, ok, _ := ss.Find("old"); ok {
			t.Fatal("expired session found")
		}
		if n, err := ss.DeleteExpired(context.Background()); err != nil || n != 1 {
			t.Fatalf("delete expired: %d %v", n, err)
		}
		ss.Delete("tok")
		if _, ok, _ := ss.Find("tok"); ok {
			t.Fatal("deleted session found")
		}
	})
}

// TestEveryWriteIsAudited makes one write of each kind as a signed-in user
// and expects one audit entry for it, with who, from where, and the record
// after (and before, for an update), findable by record, person and scope.
// The log cannot be changed afterwards.
func TestEveryWriteIsAudited(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		admin := domain.User{Login: "ministry", Name: "Министрлік", Role: domain.RoleMinistry, PasswordHash: "h"}
		if err := st.CreateUser(context.Background(), &admin); err != nil {
			t.Fatal(err)
		}
		ctx := domain.WithActor(context.Background(), domain.Actor{User: &admin, Address: "192.0.2.7", Via: "session"})
		f := newFixture(t, st) // college, enterprise, programme, group: made without an actor
		s := f.student(t, 1, "Нұрланова", "Әсем")
		if err := st.CreateStudent(ctx, &s); err != nil {
			t.Fatal(err)
		}
		tch := domain.Teacher{IIN: bin(t, "85070430005"), Name: domain.PersonName{Last: "Жұмабаев", First: "Асқар"}, CollegeID: f.college.ID, Position: domain.PositionMaster}
		if err := st.CreateTeacher(ctx, &tch); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UpsertClassifier(ctx, []domain.Specialty{{Code: "06130100", Name: domain.Names{RU: "ПО (новое имя)"}}}, nil); err != nil {
			t.Fatal(err)
		}
		u := domain.User{Login: "coord", Name: "Coordinator", Role: domain.RoleCollege, CollegeID: f.college.ID, PasswordHash: "h"}
		if err := st.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		u.Name = "Coordinator renamed"
		if err := st.UpdateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, u.ID, "$argon2id$secret-hash"); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct{ recordType, recordID, action string }{
			{"college", itoa(f.college.ID), "create"}, {"enterprise", itoa(f.enterprise.ID), "create"},
			{"programme", itoa(f.programme.ID), "create"}, {"group", itoa(f.group.ID), "create"},
			{"student", itoa(s.ID), "create"}, {"teacher", itoa(tch.ID), "create"},
			{"specialty", "06130100", "update"}, {"user", itoa(u.ID), "update"}, {"user", itoa(u.ID), "set_password"},
		} {
			list, err := st.Audit(context.Background(), domain.AuditFilter{RecordType: c.recordType, RecordID: c.recordID})
			if err != nil {
				t.Fatal(err)
			}
			var found *domain.AuditEntry
			for i := range list.Items {
				if list.Items[i].Action == c.action {
					found = &list.Items[i]
				}
			}
			if found == nil {
				t.Fatalf("no %s entry for %s %s: %+v", c.action, c.recordType, c.recordID, list.Items)
			}
			if c.action == "update" && (found.Before == "" || found.After == "") {
				t.Errorf("%s %s update lacks before or after: %+v", c.recordType, c.recordID, found)
			}
			if c.recordType == "student" && (found.Login != "ministry" || found.Address != "192.0.2.7" || found.UserID != admin.ID || found.CollegeID != f.college.ID || found.RegionID != 75) {
				t.Errorf("student entry lacks who, where or scope: %+v", found)
			}
			if strings.Contains(found.After+found.Before, "argon2id") {
				t.Errorf("a password hash reached the audit log: %+v", found)
			}
		}
		mine, _ := st.Audit(context.Background(), domain.AuditFilter{UserID: admin.ID})
		if mine.Total < 6 {
			t.Fatalf("entries by the ministry user: %d", mine.Total)
		}
		inCollege, _ := st.Audit(context.Background(), domain.AuditFilter{CollegeID: f.college.ID, From: time.Now().Add(-time.Hour), To: time.Now().Add(time.Hour)})
		if inCollege.Total < 5 {
			t.Fatalf("entries in the college today: %d", inCollege.Total)
		}
		if err := st.AuditTamper(context.Background()); err == nil {
			t.Fatal("the audit log accepted an update")
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
