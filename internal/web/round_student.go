package web

import (
	"cmp"
	"context"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundRanking is a student's ranked list in a round that has not
// published its results, and the form that changes it while it is open.
type roundRanking struct {
	Editable   bool   // the round is open and the deadline has not passed
	Action     string // where the list is posted
	Count, Max int
	Full       bool
	Choices    []rankedChoice
	Problem    string
	// Unsaved is set when saving the list failed: the list shown is the
	// one posted, so the student sees what they tried.
	Unsaved       bool
	Qualification string
	// NotEligible is set for a student the round did not take in.
	NotEligible bool
}

// rankedChoice is an offer on a student's list.
type rankedChoice struct {
	OfferID                         int64
	Rank                            int
	URL, Heading, Enterprise, Place string
	Distance                        string
	Reserved                        bool
	First, Last                     bool
}

// roundOutcome is a student's result once the round is published: where
// they were placed and, for every offer they ranked higher, why not there.
type roundOutcome struct {
	Took                bool // the student ranked at least one offer
	Placed              bool
	Headline            string
	Offer               rankedChoice
	Status, StatusClass string
	Why                 []roundWhy
	Lottery             string
	AcceptURL           string
	DeclineURL          string
	AgreementURL        string
}

// roundWhy is one offer ranked above the placement and why the student
// did not get it, in words.
type roundWhy struct {
	Rank                            int
	URL, Heading, Enterprise, Place string
	Text                            string
}

// studentRound is a student's view of a round: while it is open, the
// offers they may rank (their qualification, nearest to their college
// first, narrowed by region and city) and their ranked list; once
// published, their result with the explanation and the steps to accept or
// decline the place.
func (h *Web) studentRound(ctx context.Context, w http.ResponseWriter, v *view, q *query, pl places, rd domain.Round, d *roundShowData, pb roundProblem) error {
	u := v.User
	if u == nil || u.StudentID == 0 {
		return domain.NotFound("student")
	}
	// A student the round did not take in when it opened has no result.
	res, err := h.reg.Result(ctx, rd.ID, u.StudentID)
	inRound := err == nil
	switch {
	case domain.ErrorCode(err) == domain.ENOTFOUND:
		res = domain.RoundResult{RoundID: rd.ID, StudentID: u.StudentID}
	case err != nil:
		return err
	}
	slices.SortFunc(res.Choices, func(a, b domain.Choice) int { return cmp.Compare(a.Rank, b.Rank) })
	if rd.Status == domain.RoundPublished || rd.Status == domain.RoundClosed || !inRound {
		// No list to change: a refused change is told above the result.
		if pb.form == "choices" {
			d.Problem = pb.errs.Summary
		}
		if inRound {
			d.Outcome = roundOutcomeOf(v, pl, rd, res)
		} else {
			d.Ranking = &roundRanking{NotEligible: true}
		}
		return nil
	}
	st, err := h.reg.Student(ctx, u.StudentID)
	if err != nil {
		return err
	}
	college, err := h.reg.College(ctx, st.CollegeID)
	if err != nil {
		return err
	}
	rk := &roundRanking{
		Editable:      rd.Status == domain.RoundOpen && h.now().Before(rd.Deadline),
		Action:        d.Path + "/choices",
		Max:           rd.MaxChoices,
		Qualification: st.Qualification.In(v.Lang),
	}
	d.Ranking = rk
	if !rk.Editable {
		if pb.form == "choices" {
			rk.Problem = pb.errs.Summary
		}
		for _, c := range res.Choices {
			rk.Choices = append(rk.Choices, rankedChoiceOf(v, pl, c.Rank, c.Offer, college.CityID))
		}
		rk.Count = len(rk.Choices)
		markEnds(rk.Choices)
		return nil
	}

	// The list: as saved, or as posted when saving it failed — then the
	// offers posted that are not on the saved list are read from the
	// round, and one that is not in it is named by its number.
	offers := make(map[int64]domain.Offer, len(res.Choices))
	ids := make([]int64, 0, len(res.Choices))
	for _, c := range res.Choices {
		offers[c.OfferID] = c.Offer
		ids = append(ids, c.OfferID)
	}
	if pb.form == "choices" {
		ids, rk.Unsaved, rk.Problem = pb.choices, true, pb.errs.Summary
		var missing []int64
		for _, id := range ids {
			if _, ok := offers[id]; !ok && !slices.Contains(missing, id) && len(missing) < domain.MaxPageSize {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			posted, err := h.reg.RoundOffers(ctx, rd.ID, domain.RoundOfferFilter{OfferIDs: missing,
				Page: domain.Page{Size: domain.MaxPageSize}})
			if err != nil {
				return err
			}
			for _, o := range posted.Items {
				offers[o.OfferID] = o.Offer
			}
		}
	}
	listed := map[int64]int{}
	for i, id := range ids {
		c := rankedChoiceOf(v, pl, i+1, offers[id], college.CityID)
		if _, ok := offers[id]; !ok {
			// Posted, not in the round: the refusal names its place.
			c = rankedChoice{OfferID: id, Rank: i + 1, Heading: v.T("web.round.unknown_offer", "id", strconv.FormatInt(id, 10))}
		}
		rk.Choices = append(rk.Choices, c)
		listed[id] = i + 1
	}
	markEnds(rk.Choices)
	rk.Count = len(rk.Choices)
	rk.Full = rk.Count >= rk.Max

	// The offers the student may rank: their qualification's, reserved
	// ones only those of the employer of the student's targeted-training
	// contract, in the region and city chosen, nearest to their college
	// first.
	prog, err := h.reg.Programme(ctx, st.ProgrammeID)
	if err != nil {
		return err
	}
	region, city, page := pl.region(q), pl.city(q), q.page()
	if q.err != nil {
		return q.err
	}
	f := domain.RoundOfferFilter{Qualification: prog.QualificationCode, RegionID: region, CityID: city,
		FromCityID: college.CityID, ContractHolderID: st.ID, Page: page}
	var rankable domain.List[domain.RoundOffer]
	// A programme without a qualification has no offer to rank: an empty
	// filter would select them all.
	if prog.QualificationCode != "" {
		if rankable, err = h.reg.RoundOffers(ctx, rd.ID, f); err != nil {
			return err
		}
	}
	for _, o := range rankable.Items {
		row := roundOfferRowOf(v, pl, o, false)
		row.Distance = "—"
		if km, ok := cityDistanceKm(pl, college.CityID, o.Offer.CityID); ok {
			row.Distance = v.T("web.offers.km", "n", v.Number(int(math.Round(km))))
		}
		row.Listed = listed[o.OfferID]
		row.CanAdd = row.Listed == 0 && !rk.Full
		row.AddLabel = v.T("web.round.add_label", "offer", row.Heading+" — "+row.Enterprise)
		if row.Listed != 0 {
			row.ListedAtLabel = v.T("web.round.listed_at", "rank", strconv.Itoa(row.Listed))
		}
		d.OfferRows = append(d.OfferRows, row)
	}

	p := newParams()
	p.setInt("region", int64(region))
	p.setInt("city", city)
	d.Selects = []selectField{
		{ID: "f-city", Name: "city", Label: v.T("web.field.city"), Any: v.T("web.filter.all_cities"),
			Groups: pl.cityGroups(v.Lang, cmp.Or(rd.RegionID, region), city), Dependent: true},
		perPageField(v, page.Size),
	}
	if rd.RegionID == 0 {
		// A national round: the student may rank offers anywhere.
		d.Selects = append([]selectField{{ID: "f-region", Name: "region", Label: v.T("web.field.region"),
			Any: v.T("web.filter.all_regions"), Options: pl.regionOptions(v.Lang, region)}}, d.Selects...)
	}
	d.Summary = v.Plural("web.round.rankable_count", rankable.Total)
	d.finish(w, v, p, page, rankable.Total)
	d.Next = d.URL
	return nil
}

// rankedChoiceOf is an offer on the student's list at rank.
func rankedChoiceOf(v *view, pl places, rank int, o domain.Offer, fromCity int64) rankedChoice {
	c := rankedChoice{
		OfferID:    o.ID,
		Rank:       rank,
		URL:        "/offers/" + strconv.FormatInt(o.ID, 10),
		Heading:    o.Qualification.In(v.Lang),
		Enterprise: o.Enterprise.In(v.Lang),
		Place:      pl.cityName(v.Lang, o.CityID),
		Reserved:   o.Reserved,
	}
	if c.Heading == "" {
		c.Heading = o.QualificationCode
	}
	if km, ok := cityDistanceKm(pl, fromCity, o.CityID); ok {
		c.Distance = v.T("web.offers.km", "n", v.Number(int(math.Round(km))))
	}
	return c
}

// markEnds marks the first and last choice, which cannot move further.
func markEnds(cs []rankedChoice) {
	if len(cs) > 0 {
		cs[0].First, cs[len(cs)-1].Last = true, true
	}
}

// earthRadiusKm is the mean radius of the Earth.
const earthRadiusKm = 6371.0088

// cityDistanceKm is the great-circle distance between two cities of the
// registry, false when either has no coordinates.
func cityDistanceKm(pl places, from, to int64) (float64, bool) {
	a, okA := pl.cities[from]
	b, okB := pl.cities[to]
	if !okA || !okB || a.Lat == nil || a.Lon == nil || b.Lat == nil || b.Lon == nil {
		return 0, false
	}
	rad := math.Pi / 180
	dLat, dLon := (*b.Lat-*a.Lat)*rad, (*b.Lon-*a.Lon)*rad
	s := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(*a.Lat*rad)*math.Cos(*b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(s))), true
}

// roundOutcomeOf is the student's published result: the placement, and
// for each offer ranked above it (every offer, when not placed) its cutoff
// against the student's own score there.
func roundOutcomeOf(v *view, pl places, rd domain.Round, res domain.RoundResult) *roundOutcome {
	out := &roundOutcome{Took: len(res.Choices) > 0, Lottery: strconv.Itoa(res.Lottery)}
	placedRank := 0
	for _, c := range res.Choices {
		if c.Placed || res.OfferID != 0 && c.OfferID == res.OfferID {
			placedRank = c.Rank
			out.Offer = rankedChoiceOf(v, pl, c.Rank, c.Offer, 0)
			break
		}
	}
	out.Placed = placedRank != 0
	switch {
	case !out.Took:
		out.Headline = v.T("web.round.outcome.none")
	case out.Placed:
		out.Headline = v.T("web.round.outcome.placed", "rank", strconv.Itoa(placedRank))
	default:
		out.Headline = v.T("web.round.outcome.unplaced")
	}
	for _, c := range res.Choices {
		if out.Placed && c.Rank >= placedRank {
			break
		}
		rc := rankedChoiceOf(v, pl, c.Rank, c.Offer, 0)
		out.Why = append(out.Why, roundWhy{Rank: c.Rank, URL: rc.URL, Heading: rc.Heading, Enterprise: rc.Enterprise,
			Place: rc.Place, Text: whyNotHere(v, c, res.Lottery)})
	}
	if out.Placed {
		out.Status = v.T("web.round.placement." + string(res.Status))
		out.StatusClass = placementBadge(res.Status)
		self := roundURL(rd.ID)
		if res.Status == domain.PlacementOffered && rd.Status == domain.RoundPublished {
			out.AcceptURL, out.DeclineURL = self+"/accept", self+"/decline"
		}
		if res.AgreementID != 0 {
			out.AgreementURL = "/agreements/" + strconv.FormatInt(res.AgreementID, 10)
		}
	}
	return out
}

// whyNotHere says in words why the student did not get an offer they
// ranked: the offer's cutoff (the priority and lottery number of the last
// student admitted) against the student's own score there; at an equal
// score the lottery decided, lower numbers first.
func whyNotHere(v *view, c domain.Choice, lottery int) string {
	switch {
	case !c.HasCutoff:
		return v.T("web.round.why.not_admitted", "score", v.Number(c.Score))
	case c.Score == c.CutoffScore:
		return v.T("web.round.why.lottery", "cutoff", v.Number(c.CutoffScore), "lottery", strconv.Itoa(c.CutoffLottery),
			"score", v.Number(c.Score), "mine", strconv.Itoa(lottery))
	}
	return v.T("web.round.why.score", "cutoff", v.Number(c.CutoffScore), "lottery", strconv.Itoa(c.CutoffLottery),
		"score", v.Number(c.Score))
}

// placementBadge is the badge style of what a student did with a place.
func placementBadge(s domain.PlacementStatus) string {
	switch s {
	case domain.PlacementAccepted:
		return "badge state signed"
	case domain.PlacementDeclined:
		return "badge off"
	}
	return "badge"
}
