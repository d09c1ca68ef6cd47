package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// seatsSave sets a college's seats for a qualification, a year of intake
// and a source of funding. A problem — fewer seats than are taken, a
// college outside the department's region — comes back on the form.
func (h *Web) seatsSave(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "college")
	if !ok {
		return
	}
	form := &seatFormData{Code: postedText(r, "qualification_code", 20), Year: postedText(r, "year", 10),
		Source: postedText(r, "source", 20), Seats: postedText(r, "seats", 10)}
	s := domain.StateSeats{CollegeID: id, QualificationCode: form.Code, Year: postedNumber(r, "year", 0),
		Source: domain.SeatSource(form.Source), Seats: postedNumber(r, "seats", -1)}
	ctx := r.Context()
	if err := h.reg.SetSeats(ctx, &s); err != nil {
		v := h.newView(r, "seats")
		fe, status, ok := formProblem(v, err, "", seatLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		form.Errors = fe
		h.renderSeatsCollege(w, r, status, form)
		return
	}
	flash(ctx, "web.seats.flash.saved")
	http.Redirect(w, r, seatsCollegeURL(id)+"?year="+strconv.Itoa(s.Year), http.StatusSeeOther)
}
