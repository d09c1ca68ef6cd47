package web

import (
	"context"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundCompany is enterprise HR's view of a round: its offers in it, the
// students who ranked each (with the interview-score form while the round
// is open) and, once the results are published, who was placed.
type roundCompany struct {
	Offers     []companyOffer
	Interviews bool   // scores may be recorded: the round is open
	Action     string // where an interview score is posted
	Published  bool
	More       string // the offers not shown, when there are many
}

// companyOffer is one of the enterprise's offers in the round.
type companyOffer struct {
	ID                            int64
	URL, Heading, Code, Place     string
	Seats, Filled, Cutoff         string
	Count                         string // "12 students ranked it" / "3 placed"
	Students                      []companyStudent
	MoreURL                       string // the whole list, when the page shows the first ones
	NoneText                      string
	ResultsShown, InterviewsShown bool
}

// companyStudent is a student who ranked the offer, with their priority
// score there by the round's formula (the interview score recorded
// included).
type companyStudent struct {
	StudentID           int64
	Name, Rank          string
	Priority            string
	Status, StatusClass string
	// The interview form: its field's ID; the score recorded, or the
	// score and problem of a refused save.
	FieldID, Score, Error string
}

// companyOffersShown and companyStudentsShown bound what the round's page
// lists for an enterprise; the results page has the rest.
const (
	companyOffersShown   = 20
	companyStudentsShown = 50
)

// companyRound fills the enterprise's view of a round.
func (h *Web) companyRound(ctx context.Context, v *view, pl places, rd domain.Round, d *roundShowData, pb roundProblem) error {
	u := v.User
	if u == nil || u.EnterpriseID == 0 {
		return domain.NotFound("round")
	}
	own, err := h.reg.RoundOffers(ctx, rd.ID, domain.RoundOfferFilter{EnterpriseID: u.EnterpriseID,
		Page: domain.Page{Number: 1, Size: companyOffersShown}})
	if err != nil {
		return err
	}
	published := rd.Status == domain.RoundPublished || rd.Status == domain.RoundClosed
	c := &roundCompany{Interviews: rd.Status == domain.RoundOpen, Action: d.Path + "/interviews", Published: published}
	d.Company = c
	if own.Total > len(own.Items) {
		c.More = v.T("web.round.company.more_offers", "n", v.Number(own.Total-len(own.Items)))
	}
	for _, o := range own.Items {
		row := roundOfferRowOf(v, pl, o, published)
		co := companyOffer{ID: o.OfferID, URL: row.URL, Heading: row.Heading, Code: row.Code, Place: row.Place,
			Seats: row.Seats, Filled: row.Filled, Cutoff: row.Cutoff, ResultsShown: published, InterviewsShown: c.Interviews}
		f := domain.ResultFilter{OfferID: o.OfferID, Page: domain.Page{Number: 1, Size: companyStudentsShown}}
		if published {
			placed := true
			f.Placed = &placed
		}
		list, err := h.reg.Results(ctx, rd.ID, f)
		if err != nil {
			return err
		}
		if published {
			co.Count = v.Plural("web.round.company.placed_count", list.Total)
			co.NoneText = v.T("web.round.company.none_placed")
		} else {
			co.Count = v.Plural("web.round.company.ranked_count", list.Total)
			co.NoneText = v.T("web.round.company.none_ranked")
		}
		if list.Total > len(list.Items) {
			co.MoreURL = d.Path + "/results?offer_id=" + strconv.FormatInt(o.OfferID, 10)
		}
		for _, res := range list.Items {
			s := companyStudent{StudentID: res.StudentID, Name: res.Student.Full(), Rank: "—", Priority: "—",
				FieldID: "score-" + strconv.FormatInt(o.OfferID, 10) + "-" + strconv.FormatInt(res.StudentID, 10)}
			for _, ch := range res.Choices {
				if ch.OfferID == o.OfferID {
					s.Rank, s.Priority = strconv.Itoa(ch.Rank), v.Number(ch.Score)
					if ch.Interviewed {
						s.Score = strconv.Itoa(ch.Interview) // the score recorded, to read back and change
					}
				}
			}
			if published && res.OfferID == o.OfferID {
				s.Status = v.T("web.round.placement_of." + string(res.Status))
				s.StatusClass = placementBadge(res.Status)
			}
			if pb.form == "interview" && pb.offerID == o.OfferID && pb.studentID == res.StudentID {
				s.Score, s.Error = pb.score, pb.errs.Summary
			}
			co.Students = append(co.Students, s)
		}
		c.Offers = append(c.Offers, co)
	}
	if pb.form == "interview" {
		// A refusal that names no student of the list (a student who did
		// not rank the offer, say) is shown above it.
		shown := false
		for _, co := range c.Offers {
			for _, s := range co.Students {
				shown = shown || s.Error != ""
			}
		}
		if !shown {
			d.Problem = pb.errs.Summary
		}
	}
	return nil
}
