package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// TestRevokedTokenOnAnotherNode runs two nodes on one database, as a
// cluster does. A node reuses what it read of a token for at most
// store.TokenCacheTTL, so a token revoked, or an account disabled, through
// one node is refused by that node at once and by the other once the bound
// has passed, without waiting for anything else.
func TestRevokedTokenOnAnotherNode(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			dsn := db.DSN(t)
			one := testkit.StartApp(t, dsn)
			var ahead atomic.Int64 // how far node two's clock is ahead of the real one
			clock := func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
			two := testkit.StartApp(t, dsn, testkit.WithClock(clock))
			two.Store.Now = clock
			f := newFixture(t, one.Store)
			c := fetchContract(t, one.URL)
			me := func(node *testkit.App, token string) int {
				t.Helper()
				status, _ := send(t, c, http.MethodGet, node.URL+"/api/v1/me", token)
				return status
			}

			coordinator := f.users[domain.RoleCollege]
			guard := access.New(one.Store)
			secret, token, err := guard.CreateToken(testkit.As(coordinator), "to revoke")
			if err != nil {
				t.Fatal(err)
			}
			mentorToken := f.tokens[domain.RoleMentor]
			for _, node := range []*testkit.App{one, two} {
				if me(node, secret) != http.StatusOK || me(node, mentorToken) != http.StatusOK {
					t.Fatal("fresh tokens refused")
				}
			}
			if err := guard.RevokeToken(testkit.As(coordinator), token.ID); err != nil {
				t.Fatal(err)
			}
			mentor := f.users[domain.RoleMentor]
			mentor.Disabled = true
			if err := one.Store.UpdateUser(context.Background(), &mentor); err != nil {
				t.Fatal(err)
			}
			if got := me(one, secret); got != http.StatusUnauthorized {
				t.Errorf("the revoking node answers the revoked token with %d", got)
			}
			if got := me(one, mentorToken); got != http.StatusUnauthorized {
				t.Errorf("the node that disabled the account answers its token with %d", got)
			}
			// Node two may still answer within the bound (the point of
			// the cache); past it, it must not.
			t.Logf("node two within the bound: revoked token %d, disabled account %d", me(two, secret), me(two, mentorToken))
			ahead.Store(int64(store.TokenCacheTTL))
			if got := me(two, secret); got != http.StatusUnauthorized {
				t.Errorf("node two answers the revoked token with %d after %s", got, store.TokenCacheTTL)
			}
			if got := me(two, mentorToken); got != http.StatusUnauthorized {
				t.Errorf("node two answers the disabled account's token with %d after %s", got, store.TokenCacheTTL)
			}
			// The other accounts' tokens keep working on both.
			for _, node := range []*testkit.App{one, two} {
				if got := me(node, f.tokens[domain.RoleMinistry]); got != http.StatusOK {
					t.Errorf("a token that should still work: %d", got)
				}
			}
		})
	}
}

// TestCollegeFiguresFollowStudents checks that the college by ID, the
// API's most frequent read, counts the student added or moved by the
// request before, the same as the list of colleges does.
func TestCollegeFiguresFollowStudents(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			st := app.Store
			f := newFixture(t, st)
			c := fetchContract(t, app.URL)
			ctx := domain.WithActor(context.Background(), domain.System)
			token := f.tokens[domain.RoleMinistry]
			figures := func(id int64) string {
				t.Helper()
				var one struct{ Students, DualStudents int }
				if status, body := send(t, c, http.MethodGet, fmt.Sprintf("%s/api/v1/colleges/%d", app.URL, id), token); status != http.StatusOK {
					t.Fatalf("college %d: %d %s", id, status, body)
				} else if err := json.Unmarshal(body, &struct {
					Students     *int `json:"students"`
					DualStudents *int `json:"dual_students"`
				}{&one.Students, &one.DualStudents}); err != nil {
					t.Fatal(err)
				}
				var list struct {
					Items []struct {
						ID           int64 `json:"id"`
						Students     int   `json:"students"`
						DualStudents int   `json:"dual_students"`
					} `json:"items"`
				}
				_, body := send(t, c, http.MethodGet, app.URL+"/api/v1/colleges", token)
				if err := json.Unmarshal(body, &list); err != nil {
					t.Fatal(err)
				}
				for _, it := range list.Items {
					if it.ID == id && (it.Students != one.Students || it.DualStudents != one.DualStudents) {
						t.Errorf("college %d: %d/%d by ID, %d/%d in the list", id, one.Students, one.DualStudents, it.Students, it.DualStudents)
					}
				}
				return fmt.Sprintf("%d students, %d dual", one.Students, one.DualStudents)
			}
			count := func(collegeID int64) (all, dual int) {
				for _, s := range f.students {
					if s.CollegeID == collegeID {
						all++
						if s.EnterpriseID != 0 {
							dual++
						}
					}
				}
				return all, dual
			}
			want := func(collegeID int64) string {
				all, dual := count(collegeID)
				return fmt.Sprintf("%d students, %d dual", all, dual)
			}
			check := func(when string) {
				t.Helper()
				for _, id := range []int64{f.college.ID, f.college2.ID} {
					if got := figures(id); got != want(id) {
						t.Errorf("%s: college %d has %s, want %s", when, id, got, want(id))
					}
				}
			}
			check("the fixture")

			// A student added at an enterprise: one more of each.
			added := domain.Student{IIN: identifier(t, "0703156", 70), Name: domain.PersonName{Last: "Сейтова", First: "Алия"},
				CollegeID: f.college.ID, GroupID: f.group.ID, ProgrammeID: f.dual.ID, Funding: domain.FundingPaid,
				Status: domain.StatusStudying, EnrolledOn: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), EnterpriseID: f.enterprise.ID}
			if err := st.CreateStudent(ctx, &added); err != nil {
				t.Fatal(err)
			}
			f.students = append(f.students, added)
			check("after a student was added")

			// A students import moves the second student (not placed) to
			// the Astana college.
			moved := &f.students[1]
			iin, err := domain.ParseIIN("iin", moved.IIN)
			if err != nil {
				t.Fatal(err)
			}
			row := domain.StudentRow{Line: 2, IIN: moved.IIN, Name: moved.Name, BirthDate: iin.BirthDate, Sex: iin.Sex,
				CollegeBIN: f.college2.BIN, Group: f.group2.Code, Funding: domain.FundingPaid, Status: domain.StatusStudying,
				EnrolledOn: moved.EnrolledOn}
			if _, err := st.ImportStudents(ctx, domain.ImportRequest{File: "students.csv"}, oneRow(row)); err != nil {
				t.Fatal(err)
			}
			moved.CollegeID = f.college2.ID
			check("after a student moved to another college")
		})
	}
}

// oneRow is an import file of one row.
func oneRow[R any](r R) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) { yield(r, nil) }
}
