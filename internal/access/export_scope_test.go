package access_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/demo"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/refdata"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// sameAsList checks that an export hands over what paging through the
// list returns to the same actor, masked the same way; or that both refuse
// with the same code.
func sameAsList[T any](t *testing.T, name string, list func(domain.Page) (domain.List[T], error), each func(func(T) error) error) {
	t.Helper()
	var paged []string
	var listErr error
	for n := 1; ; n++ {
		l, err := list(domain.Page{Number: n, Size: domain.MaxPageSize})
		if err != nil {
			listErr = err
			break
		}
		for _, x := range l.Items {
			paged = append(paged, fmt.Sprintf("%+v", x))
		}
		if n >= l.Pages() {
			break
		}
	}
	var streamed []string
	err := each(func(x T) error { streamed = append(streamed, fmt.Sprintf("%+v", x)); return nil })
	if listErr != nil || err != nil {
		if domain.ErrorCode(err) != domain.ErrorCode(listErr) || err == nil || listErr == nil {
			t.Errorf("%s: the export answers %v, the list %v", name, err, listErr)
		}
		return
	}
	if len(streamed) != len(paged) {
		t.Errorf("%s: the export holds %d rows, the list %d", name, len(streamed), len(paged))
		return
	}
	for i := range streamed {
		if streamed[i] != paged[i] {
			t.Errorf("%s: row %d exported as\n  %s\nbut listed as\n  %s", name, i+1, streamed[i], paged[i])
			return
		}
	}
}

// TestExportScopes: for the demo's account of every role (and the
// public), every export holds exactly what the role's list holds, with the
// same personal data masked, or is refused the same way.
func TestExportScopes(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		sum, err := demo.Generate(ctx, st, refdata.All(), demo.Options{Scale: demo.ScaleSmall, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		reg := access.New(st)
		hr, err := st.UserByLogin(ctx, demo.Login(domain.RoleEnterprise))
		if err != nil {
			t.Fatal(err)
		}
		actors := map[string]context.Context{"public": ctx}
		for _, login := range append(logins(), demo.ApplicantLogin) {
			u, err := st.UserByLogin(ctx, login)
			if err != nil {
				t.Fatal(err)
			}
			actors[login] = testkit.As(u)
		}
		for name, as := range actors {
			t.Run(name, func(t *testing.T) {
				sameAsList(t, "colleges",
					func(p domain.Page) (domain.List[domain.College], error) {
						return reg.Colleges(as, domain.CollegeFilter{Sort: domain.SortStudentsDesc, Page: p})
					},
					func(fn func(domain.College) error) error {
						return reg.EachCollege(as, domain.CollegeFilter{Sort: domain.SortStudentsDesc}, fn)
					})
				sameAsList(t, "enterprises",
					func(p domain.Page) (domain.List[domain.Enterprise], error) {
						return reg.Enterprises(as, domain.EnterpriseFilter{Page: p})
					},
					func(fn func(domain.Enterprise) error) error {
						return reg.EachEnterprise(as, domain.EnterpriseFilter{}, fn)
					})
				sameAsList(t, "students",
					func(p domain.Page) (domain.List[domain.Student], error) {
						return reg.Students(as, domain.StudentFilter{Page: p})
					},
					func(fn func(domain.Student) error) error { return reg.EachStudent(as, domain.StudentFilter{}, fn) })
				for _, status := range []domain.OfferStatus{"", domain.OfferSubmitted, domain.OfferApproved} {
					sameAsList(t, "offers "+string(status),
						func(p domain.Page) (domain.List[domain.Offer], error) {
							return reg.Offers(as, domain.OfferFilter{Status: status, Page: p})
						},
						func(fn func(domain.Offer) error) error {
							return reg.EachOffer(as, domain.OfferFilter{Status: status}, fn)
						})
				}
				sameAsList(t, "applications",
					func(p domain.Page) (domain.List[domain.Application], error) {
						return reg.Applications(as, domain.ApplicationFilter{Page: p})
					},
					func(fn func(domain.Application) error) error {
						return reg.EachApplication(as, domain.ApplicationFilter{}, fn)
					})
				// The list carries approvals, the export not.
				sameAsList(t, "agreements",
					func(p domain.Page) (domain.List[domain.Agreement], error) {
						l, err := reg.Agreements(as, domain.AgreementFilter{Page: p})
						for i := range l.Items {
							l.Items[i].Approvals = []domain.Approval{}
						}
						return l, err
					},
					func(fn func(domain.Agreement) error) error {
						return reg.EachAgreement(as, domain.AgreementFilter{}, fn)
					})
				for _, enterprise := range []int64{0, hr.EnterpriseID} {
					sameAsList(t, fmt.Sprintf("mentors of %d", enterprise),
						func(p domain.Page) (domain.List[domain.Mentor], error) {
							return reg.Mentors(as, domain.MentorFilter{EnterpriseID: enterprise, Page: p})
						},
						func(fn func(domain.Mentor) error) error {
							return reg.EachMentor(as, domain.MentorFilter{EnterpriseID: enterprise}, fn)
						})
				}
				// The export is itself in the log it reads, recorded before the
				// first row: the list, read after it, must hold the same.
				var exported []domain.AuditEntry
				exportErr := reg.EachAuditEntry(as, domain.AuditFilter{}, func(e domain.AuditEntry) error {
					exported = append(exported, e)
					return nil
				})
				sameAsList(t, "audit",
					func(p domain.Page) (domain.List[domain.AuditEntry], error) {
						return reg.Audit(as, domain.AuditFilter{Page: p})
					},
					func(fn func(domain.AuditEntry) error) error {
						for _, e := range exported {
							if err := fn(e); err != nil {
								return err
							}
						}
						return exportErr
					})
			})
		}
		t.Run("narrowed", func(t *testing.T) {
			count := func(login string) int {
				n := 0
				if err := reg.EachStudent(actors[login], domain.StudentFilter{}, func(domain.Student) error { n++; return nil }); err != nil {
					t.Fatal(err)
				}
				return n
			}
			country, college, student := count(demo.Login(domain.RoleMinistry)), count(demo.Login(domain.RoleCollege)), count(demo.Login(domain.RoleStudent))
			if country != sum.Students+sum.Graduates || college == 0 || college >= country || student != 1 {
				t.Errorf("students exported: %d to the ministry, %d to a college, %d to a student", country, college, student)
			}
		})
		t.Run("masking", func(t *testing.T) {
			for login, personal := range map[string]bool{demo.Login(domain.RoleMinistry): false, demo.Login(domain.RoleCollege): true} {
				n := 0
				err := reg.EachStudent(actors[login], domain.StudentFilter{}, func(s domain.Student) error {
					if n++; s.Masked == personal || strings.Contains(s.IIN, "•") == personal || !personal && s.Phone != "" {
						return fmt.Errorf("%s sees %s's IIN %q, phone %q (masked %v)", login, s.Name.Full(), s.IIN, s.Phone, s.Masked)
					}
					return nil
				})
				if err != nil || n == 0 {
					t.Errorf("%s: %d students: %v", login, n, err)
				}
			}
		})
		t.Run("recorded", func(t *testing.T) {
			u, err := st.UserByLogin(ctx, demo.Login(domain.RoleCollege))
			if err != nil {
				t.Fatal(err)
			}
			college, err := st.College(ctx, u.CollegeID)
			if err != nil {
				t.Fatal(err)
			}
			if err := reg.EachStudent(testkit.As(u), domain.StudentFilter{Status: domain.StatusGraduated}, func(domain.Student) error { return nil }); err != nil {
				t.Fatal(err)
			}
			// Seen by the region's auditor, who oversees the college.
			auditor, err := st.UserByLogin(ctx, demo.Login(domain.RoleAuditor))
			if err != nil {
				t.Fatal(err)
			}
			list, err := reg.Audit(testkit.As(auditor), domain.AuditFilter{Login: u.Login, RecordType: "student"})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range list.Items {
				found = found || e.Action == "export_list" && e.CollegeID == college.ID && e.RegionID == college.RegionID &&
					strings.Contains(e.After, `"Status":"graduated"`) && strings.Contains(e.After, fmt.Sprintf(`"CollegeID":%d`, college.ID))
			}
			if !found {
				t.Errorf("no audit entry of the export the auditor of region %d sees: %+v", auditor.RegionID, list.Items)
			}
		})
	})
}

// logins are the demo's account of every role.
func logins() []string {
	out := make([]string, 0, len(domain.Roles))
	for _, r := range domain.Roles {
		out = append(out, demo.Login(r))
	}
	return out
}
