package domain

import (
	"errors"
	"math"
	"testing"
)

func TestItemIDsRoundTrip(t *testing.T) {
	seen := map[int]bool{}
	for p := range GuidanceItems {
		i := ItemAtPosition(p)
		if seen[i] {
			t.Fatalf("position %d repeats item %d", p, i)
		}
		seen[i] = true
		if PositionOfItem(i) != p {
			t.Errorf("PositionOfItem(%d) = %d, want %d", i, PositionOfItem(i), p)
		}
		j, ok := ItemIndex(ItemID(i))
		if !ok || j != i {
			t.Errorf("ItemIndex(ItemID(%d) = %q) = %d, %v", i, ItemID(i), j, ok)
		}
	}
	if ItemID(0) != "R01" || ItemID(59) != "C10" || ItemID(ItemAtPosition(1)) != "I01" {
		t.Errorf("ids: %s %s %s", ItemID(0), ItemID(59), ItemID(ItemAtPosition(1)))
	}
	// Each page of ten asks about every area.
	for page := range GuidancePages {
		areas := map[byte]bool{}
		for p := page * ItemsPerPage; p < (page+1)*ItemsPerPage; p++ {
			areas[ItemID(ItemAtPosition(p))[0]] = true
		}
		if len(areas) != 6 {
			t.Errorf("page %d asks about %d areas", page+1, len(areas))
		}
	}
}

// TestTamperedAnswers sends what a tampered form or API call could: each
// is refused with a coded error that names the item.
func TestTamperedAnswers(t *testing.T) {
	for _, tc := range []struct {
		id, value, key, field string
	}{
		{"X01", "2", "error.guidance.item_unknown", "answers.X01"},
		{"R11", "2", "error.guidance.item_unknown", "answers.R11"},
		{"R00", "2", "error.guidance.item_unknown", "answers.R00"},
		{"r01", "2", "error.guidance.item_unknown", "answers.r01"},
		{"R+1", "2", "error.guidance.item_unknown", "answers.R+1"},
		{"R01", "5", "error.guidance.answer", "answers.R01"},
		{"R01", "-1", "error.guidance.answer", "answers.R01"},
		{"C10", "2.5", "error.guidance.answer", "answers.C10"},
		{"S03", "many", "error.guidance.answer", "answers.S03"},
		{"S03", "", "error.guidance.answer", "answers.S03"},
	} {
		_, _, err := ParseAnswer(tc.id, tc.value)
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || e.Key != tc.key || e.Field != tc.field || e.Params["item"] != tc.id {
			t.Errorf("ParseAnswer(%q, %q) = %v, want %s on %s naming the item", tc.id, tc.value, err, tc.key, tc.field)
		}
	}
	i, v, err := ParseAnswer("E07", " 4 ")
	if err != nil || ItemID(i) != "E07" || v != 4 {
		t.Errorf("ParseAnswer(E07, 4) = %d, %d, %v", i, v, err)
	}
	if _, err := ParseAnswers("0123"); ErrorCode(err) != EINVALID {
		t.Errorf("short answers string: %v", err)
	}
	bad := []byte(Answers{}.String())
	bad[7] = '9'
	if _, err := ParseAnswers(string(bad)); ErrorCode(err) != EINVALID {
		t.Errorf("answer 9 in the stored string: %v", err)
	}
}

func answersOf(perArea [6]int) Answers {
	var a Answers
	for i := range GuidanceItems {
		a.Set(i, perArea[i/ItemsPerArea])
	}
	return a
}

func TestScoreAndCode(t *testing.T) {
	a := answersOf([6]int{1, 4, 0, 3, 2, 3})
	s, err := Score(a)
	if err != nil {
		t.Fatal(err)
	}
	if s != (Scores{10, 40, 0, 30, 20, 30}) {
		t.Fatalf("scores %v", s)
	}
	// S and C tie at 30: hexagon order puts S first.
	if got := s.Code(); got != "ISC" {
		t.Errorf("code %q, want ISC", got)
	}
	// The third area below the threshold leaves a two-letter code.
	s2, _ := Score(answersOf([6]int{4, 3, 0, 0, 0, 0}))
	if got := s2.Code(); got != "RI" {
		t.Errorf("code %q, want RI", got)
	}
	// A round trip through the stored form keeps every answer.
	back, err := ParseAnswers(a.String())
	if err != nil || back != a {
		t.Errorf("round trip: %v", err)
	}
	flat, _ := Score(answersOf([6]int{2, 2, 2, 2, 2, 2}))
	if !flat.Flat() || flat.Code() != "RIA" {
		t.Errorf("flat scores: flat %v code %q", flat.Flat(), flat.Code())
	}
}

func TestSkippedItemsAreNamed(t *testing.T) {
	a := answersOf([6]int{2, 2, 2, 2, 2, 2})
	a[ItemAtPosition(12)] = 0 // the 13th item shown
	a[ItemAtPosition(40)] = 0
	if a.Count() != 58 {
		t.Fatalf("count %d", a.Count())
	}
	_, err := Score(a)
	e := AsError(err)
	if e.Key != "error.guidance.answer_missing" || e.Params["number"] != "13" || e.Params["missing"] != "2" ||
		e.Field != "answers."+ItemID(ItemAtPosition(12)) {
		t.Errorf("missing answers: %v %+v", err, e.Params)
	}
}

func TestFit(t *testing.T) {
	s := Scores{35, 25, 5, 10, 8, 20} // R, I, then C
	if f := Fit(s, "RIC"); f < 0.9 {
		t.Errorf("RIC fits an R-I-C profile at %.2f", f)
	}
	if f := Fit(s, "ASE"); f > 0.2 {
		t.Errorf("ASE fits an R-I-C profile at %.2f", f)
	}
	if Fit(s, "RIC") <= Fit(s, "RCI") || Fit(s, "RCI") <= Fit(s, "SEA") {
		t.Errorf("order: RIC %.3f RCI %.3f SEA %.3f", Fit(s, "RIC"), Fit(s, "RCI"), Fit(s, "SEA"))
	}
	// The level does not matter, the shape does.
	if math.Abs(Fit(s, "RIC")-Fit(Scores{37, 27, 7, 12, 10, 22}, "RIC")) > 1e-9 {
		t.Error("fit depends on the level of the scores")
	}
	if Fit(Scores{20, 20, 20, 20, 20, 20}, "RIC") != 0.5 {
		t.Error("flat scores should fit everything at 0.5")
	}
}

func TestDemandAndRank(t *testing.T) {
	if DemandScore(0, 100) != 0 || DemandScore(100, 100) != 1 || DemandScore(5, 0) != 0 {
		t.Error("demand bounds")
	}
	if d := DemandScore(10, 1000); d < 0.3 || d > 0.4 {
		t.Errorf("10 of 1000 scores %.2f, want about a third", d)
	}
	// Interests outweigh demand: a perfect fit with no demand beats a
	// middling fit with the most.
	if RankScore(1, 0) <= RankScore(0.6, 1) {
		t.Error("demand outweighs interest")
	}
	if km := HaversineKm(51.1694, 71.4491, 43.2220, 76.8512); km < 950 || km > 980 {
		t.Errorf("Astana–Almaty %.0f km", km)
	}
}

func TestProfileFallback(t *testing.T) {
	own := GuidanceProfile{Code: "07161300", ISCOCode: "7231", Interest: "RCI"}
	profiles := map[string]GuidanceProfile{"07161300": own}
	byField := map[string]GuidanceProfile{"0716": own}
	if p, ok := GuidanceProfileFor("3W07161399", profiles, byField); !ok || p.ISCOCode != "7231" || p.Code != "3W07161399" || !p.ProfileOfField {
		t.Errorf("qualification falls back to its specialty: %+v %v", p, ok)
	}
	if p, ok := GuidanceProfileFor("07169900", profiles, byField); !ok || p.Interest != "RCI" {
		t.Errorf("specialty falls back to its field: %+v %v", p, ok)
	}
	if _, ok := GuidanceProfileFor("09990100", profiles, byField); ok {
		t.Error("a field without profiles has none")
	}
}

func TestSummarizeSuppressesSmallGroups(t *testing.T) {
	scores := []Scores{{40, 30, 0, 0, 0, 0}, {40, 30, 0, 0, 0, 0}, {40, 30, 0, 0, 0, 0}, {10, 20, 30, 0, 0, 0}}
	codes := []string{"RI", "RI", "RI", "AIR"}
	if sum := Summarize(GuidanceSession{}, scores, codes); !sum.Suppressed || sum.Areas != nil || sum.Codes != nil {
		t.Errorf("four pupils are shown: %+v", sum)
	}
	for range 3 {
		scores = append(scores, Scores{40, 30, 0, 0, 0, 0})
		codes = append(codes, "RI")
	}
	sum := Summarize(GuidanceSession{}, scores, codes)
	if sum.Suppressed || sum.Session.Finished != 7 {
		t.Fatalf("seven pupils: %+v", sum)
	}
	if len(sum.FirstLetters) != 1 || sum.FirstLetters[0] != (CodeCount{"R", 6}) || sum.Other != 1 {
		t.Errorf("first letters %+v, other %d: the lone A must not show", sum.FirstLetters, sum.Other)
	}
	if len(sum.Codes) != 1 || sum.Codes[0] != (CodeCount{"RI", 6}) || sum.OtherCodes != 1 {
		t.Errorf("codes %+v, other %d", sum.Codes, sum.OtherCodes)
	}
	if sum.Areas[0].Mean != (40*6+10)/7.0 || sum.Areas[0].Bins[4] != 6 || sum.Areas[0].Bins[1] != 1 {
		t.Errorf("realistic %+v", sum.Areas[0])
	}
}
