package demo

import (
	"context"
	"database/sql"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

// TestNationalRounds checks the rounds the national dataset promises,
// without a database: a finished national round of about 100,000 students
// who ranked three to ten offers, most seats filled, most placements
// accepted, and an open supplementary round on the seats left.
func TestNationalRounds(t *testing.T) {
	p := nationalPlan(t)
	p.students(newIINAllocator(p.seed), p.accounts.watchStudent(p, func(domain.Student) bool { return true }))
	rp := p.planRounds()
	var sum Summary
	rp.summarize(&sum)
	if sum.Rounds != 2 || sum.RoundStudents < 80_000 || sum.RoundStudents > 130_000 {
		t.Fatalf("%d rounds, %d students in the finished one: want 2 and about 100,000", sum.Rounds, sum.RoundStudents)
	}
	seats := 0
	for _, ro := range rp.offers {
		if ro.RoundID == 1 {
			seats += ro.Capacity
		}
	}
	t.Logf("%d offers with %d seats; %d students ranked, %d placed, %d accepted, %d interviews; %d ranking again",
		len(rp.offers), seats, sum.RoundStudents, sum.Placed, sum.Accepted, len(rp.interviews), sum.RankingAgain)
	if sum.Placed > seats || sum.Placed < seats*8/10 {
		t.Errorf("%d placed on %d seats, want most seats filled", sum.Placed, seats)
	}
	if share := float64(sum.Accepted) / float64(sum.Placed); share < 0.75 || share > 0.9 {
		t.Errorf("%d of %d placements accepted", sum.Accepted, sum.Placed)
	}
	if sum.RankingAgain < 10_000 {
		t.Errorf("%d students ranking in the open round, want tens of thousands", sum.RankingAgain)
	}
	if rp.applicant == 0 {
		t.Error("no applicant account")
	}
	for s := range rp.first.ids {
		if r := rp.first.result(s); len(r.Choices) < 1 || len(r.Choices) > 10 {
			t.Fatalf("student %d ranked %d offers", r.StudentID, len(r.Choices))
		}
	}
}

// checkRounds checks the rounds as stored, through the product's own
// reading of them: every explanation holds (each offer ranked above a
// student's placement has a cutoff above the student's priority there,
// computed by the store from the stored averages, regions and interviews),
// accepted placements have their draft agreements, the open round has the
// seats the finished one left, and the applicant account's story is there.
func checkRounds(t *testing.T, st *store.Store, db *sql.DB, rec *recorder, sum Summary) {
	t.Helper()
	ctx := context.Background()
	finished, err := st.Round(ctx, 1)
	if err != nil || finished.Status != domain.RoundClosed || finished.Students != sum.RoundStudents || finished.Placed != sum.Placed {
		t.Fatalf("finished round %+v (%v), summary %d students, %d placed", finished, err, sum.RoundStudents, sum.Placed)
	}
	open, err := st.Round(ctx, 2)
	if err != nil || open.Status != domain.RoundOpen || open.ParentID != 1 || !open.Deadline.After(DefaultToday) {
		t.Fatalf("open round %+v: %v", open, err)
	}
	checked := 0
	for page := 1; ; page++ {
		list, err := st.Results(ctx, 1, domain.ResultFilter{Page: domain.Page{Number: page, Size: domain.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, res := range list.Items {
			checked++
			for _, c := range res.Choices {
				switch {
				case res.OfferID != 0 && c.OfferID == res.OfferID:
					if c.HasCutoff && beats(c.CutoffScore, c.CutoffLottery, c.Score, res.Lottery) {
						t.Errorf("student %d placed at offer %d below its cutoff %d/%d (score %d, lottery %d)",
							res.StudentID, c.OfferID, c.CutoffScore, c.CutoffLottery, c.Score, res.Lottery)
					}
				case !c.HasCutoff || beats(c.Score, res.Lottery, c.CutoffScore, c.CutoffLottery):
					t.Errorf("student %d not placed at offer %d (rank %d) though above its cutoff %v %d/%d (score %d, lottery %d)",
						res.StudentID, c.OfferID, c.Rank, c.HasCutoff, c.CutoffScore, c.CutoffLottery, c.Score, res.Lottery)
				}
				if c.OfferID == res.OfferID {
					break // the explanation stops at the placement
				}
			}
		}
		if len(list.Items) < domain.MaxPageSize {
			break
		}
	}
	if checked != sum.RoundStudents {
		t.Errorf("checked %d students of the finished round, summary %d", checked, sum.RoundStudents)
	}
	for _, check := range []struct{ what, query string }{
		{"accepted placements without their draft agreement", `SELECT count(*) FROM round_students rs LEFT JOIN agreements a ON a.id = rs.agreement_id
			WHERE rs.status = 'accepted' AND (a.id IS NULL OR a.student_id <> rs.student_id OR a.offer_id <> rs.offer_id OR a.status <> 'draft')`},
		{"placements still waiting in the closed round", `SELECT count(*) FROM round_students WHERE round_id = 1 AND status = 'offered'`},
		{"open-round offers whose seats are not those left", `SELECT count(*) FROM round_offers o2 JOIN round_offers o1 ON o1.offer_id = o2.offer_id AND o1.round_id = 1
			WHERE o2.round_id = 2 AND o2.capacity <> o1.capacity -
				(SELECT count(*) FROM round_students rs WHERE rs.round_id = 1 AND rs.offer_id = o1.offer_id AND rs.status = 'accepted')`},
		{"open-round students the finished one placed and who accepted", `SELECT count(*) FROM round_students r2 JOIN round_students r1
			ON r1.student_id = r2.student_id AND r1.round_id = 1 WHERE r2.round_id = 2 AND r1.status = 'accepted'`},
		{"choices in the open round of another qualification", `SELECT count(*) FROM round_choices rc JOIN offers o ON o.id = rc.offer_id
			JOIN students s ON s.id = rc.student_id JOIN programmes p ON p.id = s.programme_id
			WHERE rc.round_id = 2 AND p.qualification_code <> o.qualification_code`},
	} {
		if n := count(t, db, check.query); n != 0 {
			t.Errorf("%s: %d", check.what, n)
		}
	}
	if len(rec.interviews) == 0 {
		t.Error("no interviews recorded in the finished round")
	}

	// The applicant declined a place below their first choice and is
	// ranking again.
	u, err := st.UserByLogin(ctx, ApplicantLogin)
	if err != nil || u.Role != domain.RoleStudent || u.StudentID == 0 {
		t.Fatalf("applicant account %+v: %v", u, err)
	}
	first, err := st.Result(ctx, 1, u.StudentID)
	if err != nil || first.Status != domain.PlacementDeclined || len(first.Choices) < 2 || first.Choices[0].OfferID == first.OfferID {
		t.Errorf("the applicant's finished round: %+v (%v)", first, err)
	}
	again, err := st.Result(ctx, 2, u.StudentID)
	if err != nil || len(again.Choices) == 0 {
		t.Errorf("the applicant's open round: %+v (%v)", again, err)
	}
	student, err := st.Student(ctx, u.StudentID)
	if err != nil || u.Name != student.Name.Full() || u.CollegeID != student.CollegeID {
		t.Errorf("applicant account %+v for student %+v (%v)", u, student, err)
	}
}

// beats reports whether the priority (score, lottery) comes before
// (score2, lottery2): a higher score, or the same and a lower number.
func beats(score, lottery, score2, lottery2 int) bool {
	return score > score2 || score == score2 && lottery < lottery2
}
