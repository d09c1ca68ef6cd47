package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// State-funded seats and targeted training (issue 7): the seats with their
// fill and the totals; employers' orders, contracts with their work
// obligations, and the alerts of colleges and employers.

// stateSeats are the seats of a college for a qualification, a year of
// intake and a source of funding, with the students enrolled on them.
type stateSeats struct {
	CollegeID         int64     `json:"college_id"`
	CollegeName       names     `json:"college_name"`
	RegionID          int       `json:"region_id"`
	QualificationCode string    `json:"qualification_code"`
	QualificationName names     `json:"qualification_name"`
	Year              int       `json:"year"`
	Source            string    `json:"source"`
	Seats             int       `json:"seats"`
	Filled            int       `json:"filled"`
	Free              int       `json:"free"`
	UpdatedAt         time.Time `json:"updated_at"`
}

func stateSeatsOf(s domain.StateSeats) stateSeats {
	return stateSeats{CollegeID: s.CollegeID, CollegeName: namesOf(s.College), RegionID: s.RegionID,
		QualificationCode: s.QualificationCode, QualificationName: namesOf(s.Qualification), Year: s.Year, Source: string(s.Source),
		Seats: s.Seats, Filled: s.Filled, Free: s.Free(), UpdatedAt: s.UpdatedAt.UTC()}
}

// seatsInput sets the seats of a college, qualification, year and source.
type seatsInput struct {
	CollegeID         int64  `json:"college_id"`
	QualificationCode string `json:"qualification_code"`
	Year              int    `json:"year"`
	Source            string `json:"source"`
	Seats             int    `json:"seats"`
}

var seatsRequired = []string{"college_id", "qualification_code", "year", "source", "seats"}

// sourceSeats are one source's seats in a total.
type sourceSeats struct {
	Source string `json:"source"`
	Name   names  `json:"name"`
	Seats  int    `json:"seats"`
	Filled int    `json:"filled"`
}

// seatTotal is a region's, a college's or the whole total of seats.
type seatTotal struct {
	RegionID  *int          `json:"region_id"`
	CollegeID *int64        `json:"college_id"`
	Name      names         `json:"name"`
	Seats     int           `json:"seats"`
	Filled    int           `json:"filled"`
	Sources   []sourceSeats `json:"sources"`
}

func seatTotalOf(t domain.SeatTotal) seatTotal {
	out := seatTotal{CollegeID: optionalID(t.CollegeID), Name: namesOf(t.Name), Seats: t.Seats, Filled: t.Filled, Sources: []sourceSeats{}}
	if t.RegionID != 0 {
		id := t.RegionID
		out.RegionID = &id
	}
	if len(t.Sources) == 0 {
		t.Add(domain.DefaultSeatSource, 0, 0)
	}
	for _, s := range t.Sources {
		out.Sources = append(out.Sources, sourceSeats{Source: string(s.Source), Name: namesOf(s.Source.Name()), Seats: s.Seats, Filled: s.Filled})
	}
	return out
}

// seatOverview is the state order of a year by region or by college.
type seatOverview struct {
	RegionID *int        `json:"region_id"`
	Year     *int        `json:"year"`
	Years    []int       `json:"years"`
	Rows     []seatTotal `json:"rows"`
	Total    seatTotal   `json:"total"`
}

// listSeats answers GET /api/v1/seats.
func (a *API) listSeats(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.SeatFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), Year: int(q.id("year")),
		Source: domain.SeatSource(q.word("source")), Qualification: q.word("qualification"), Sort: q.word("sort"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Seats(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, stateSeatsOf)
	return nil
}

// setSeats answers PUT /api/v1/seats.
func (a *API) setSeats(w http.ResponseWriter, r *http.Request) error {
	var in seatsInput
	if err := readBody(r, &in, seatsRequired...); err != nil {
		return err
	}
	s := domain.StateSeats{CollegeID: in.CollegeID, QualificationCode: in.QualificationCode, Year: in.Year,
		Source: domain.SeatSource(in.Source), Seats: in.Seats}
	if err := a.reg.SetSeats(r.Context(), &s); err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, stateSeatsOf(s))
	return nil
}

// getSeatOverview answers GET /api/v1/seats/overview.
func (a *API) getSeatOverview(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.SeatOverviewFilter{RegionID: q.regionID("region_id"), Year: int(q.id("year"))}
	if err := q.err(); err != nil {
		return err
	}
	o, err := a.reg.SeatOverview(r.Context(), f)
	if err != nil {
		return err
	}
	out := seatOverview{Years: o.Years, Rows: []seatTotal{}, Total: seatTotalOf(o.Total)}
	if o.RegionID != 0 {
		out.RegionID = &o.RegionID
	}
	if o.Year != 0 {
		out.Year = &o.Year
	}
	for _, t := range o.Rows {
		out.Rows = append(out.Rows, seatTotalOf(t))
	}
	writeJSON(w, r, http.StatusOK, out)
	return nil
}

// trainingOrder is an employer's order for targeted training.
type trainingOrder struct {
	ID                int64     `json:"id"`
	EnterpriseID      int64     `json:"enterprise_id"`
	EnterpriseName    names     `json:"enterprise_name"`
	RegionID          int       `json:"region_id"`
	RegionName        names     `json:"region_name"`
	QualificationCode string    `json:"qualification_code"`
	QualificationName names     `json:"qualification_name"`
	Year              int       `json:"year"`
	Graduates         int       `json:"graduates"`
	Contracts         int       `json:"contracts"`
	Note              string    `json:"note"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

func trainingOrderOf(o domain.TrainingOrder) trainingOrder {
	return trainingOrder{ID: o.ID, EnterpriseID: o.EnterpriseID, EnterpriseName: namesOf(o.Enterprise), RegionID: o.RegionID,
		RegionName: namesOf(o.Region), QualificationCode: o.QualificationCode, QualificationName: namesOf(o.Qualification),
		Year: o.Year, Graduates: o.Graduates, Contracts: o.Contracts, Note: o.Note, CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC()}
}

// orderInput is what an employer writes of its order.
type orderInput struct {
	RegionID          int    `json:"region_id"`
	QualificationCode string `json:"qualification_code"`
	Year              int    `json:"year"`
	Graduates         int    `json:"graduates"`
	Note              string `json:"note"`
}

var orderRequired = []string{"region_id", "qualification_code", "year", "graduates"}

func (in orderInput) to(o *domain.TrainingOrder) {
	o.RegionID, o.QualificationCode, o.Year, o.Graduates, o.Note = in.RegionID, in.QualificationCode, in.Year, in.Graduates, in.Note
}

// listOrders answers GET /api/v1/training-orders.
func (a *API) listOrders(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	open := q.boolean("open")
	f := domain.OrderFilter{RegionID: q.regionID("region_id"), EnterpriseID: q.id("enterprise_id"), Year: int(q.id("year")),
		Qualification: q.word("qualification"), OpenOnly: open != nil && *open, Sort: q.word("sort"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.TrainingOrders(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, trainingOrderOf)
	return nil
}

func (a *API) writeOrder(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	o, err := a.reg.TrainingOrder(r.Context(), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		writeCreated(w, r, "/training-orders/"+strconv.FormatInt(id, 10), trainingOrderOf(o))
		return nil
	}
	writeJSON(w, r, status, trainingOrderOf(o))
	return nil
}

// getOrder answers GET /api/v1/training-orders/{id}.
func (a *API) getOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "order")
	if err != nil {
		return err
	}
	return a.writeOrder(w, r, http.StatusOK, id)
}

// createOrder answers POST /api/v1/training-orders: an order of the
// token's enterprise.
func (a *API) createOrder(w http.ResponseWriter, r *http.Request) error {
	var in orderInput
	if err := readBody(r, &in, orderRequired...); err != nil {
		return err
	}
	var o domain.TrainingOrder
	in.to(&o)
	if err := a.reg.SaveTrainingOrder(r.Context(), &o); err != nil {
		return err
	}
	return a.writeOrder(w, r, http.StatusCreated, o.ID)
}

// updateOrder answers PUT /api/v1/training-orders/{id}.
func (a *API) updateOrder(w http.ResponseWriter, r *http.Request) error {
	return stepWith("order", a.writeOrder, func(ctx context.Context, id int64, in orderInput) error {
		o, err := a.reg.TrainingOrder(ctx, id)
		if err != nil {
			return err
		}
		in.to(&o)
		return a.reg.SaveTrainingOrder(ctx, &o)
	}, orderRequired...)(w, r)
}

// targetedContract is a contract of a student, an employer and a college
// against an order, with the student's work obligation.
type targetedContract struct {
	ID                int64             `json:"id"`
	OrderID           int64             `json:"order_id"`
	StudentID         int64             `json:"student_id"`
	StudentName       personName        `json:"student_name"`
	EnterpriseID      int64             `json:"enterprise_id"`
	EnterpriseName    names             `json:"enterprise_name"`
	CollegeID         int64             `json:"college_id"`
	CollegeName       names             `json:"college_name"`
	RegionID          int               `json:"region_id"`
	QualificationName names             `json:"qualification_name"`
	Year              int               `json:"year"`
	Number            string            `json:"number"`
	SignedOn          string            `json:"signed_on"`
	TuitionCost       int64             `json:"tuition_cost"`
	ObligationMonths  int               `json:"obligation_months"`
	State             string            `json:"state"`
	StateSince        string            `json:"state_since"`
	GraduatedOn       *string           `json:"graduated_on"`
	StartBy           *string           `json:"start_by"`
	WorkingSince      *string           `json:"working_since"`
	DeferralReason    *string           `json:"deferral_reason"`
	DeferredUntil     *string           `json:"deferred_until"`
	EndsOn            *string           `json:"ends_on"`
	Deadline          *string           `json:"deadline"`
	ServedDays        int               `json:"served_days"`
	RequiredDays      int               `json:"required_days"`
	Reimbursement     int64             `json:"reimbursement"`
	Note              string            `json:"note"`
	History           []obligationEvent `json:"history,omitempty"` // on the contract's own resource
	UpdatedAt         time.Time         `json:"updated_at"`
}

// obligationEvent is one change of an obligation.
type obligationEvent struct {
	From          *string   `json:"from"` // null for the signing
	To            string    `json:"to"`
	On            string    `json:"on"`
	Reason        *string   `json:"reason"`
	Until         *string   `json:"until"`
	Reimbursement int64     `json:"reimbursement"`
	Note          string    `json:"note"`
	Login         string    `json:"login"`
	RecordedAt    time.Time `json:"recorded_at"`
}

func targetedContractOf(c domain.TargetedContract, today time.Time) targetedContract {
	deadline, _ := c.Deadline()
	out := targetedContract{ID: c.ID, OrderID: c.OrderID, StudentID: c.StudentID, StudentName: personNameOf(c.Student),
		EnterpriseID: c.EnterpriseID, EnterpriseName: namesOf(c.Enterprise), CollegeID: c.CollegeID, CollegeName: namesOf(c.College),
		RegionID: c.RegionID, QualificationName: namesOf(c.Qualification), Year: c.Year, Number: c.Number, SignedOn: dateOf(c.SignedOn),
		TuitionCost: c.TuitionCost, ObligationMonths: c.ObligationMonths, State: string(c.State), StateSince: dateOf(c.StateSince),
		GraduatedOn: optionalDate(c.GraduatedOn), StartBy: optionalDate(c.StartBy), WorkingSince: optionalDate(c.WorkingSince),
		DeferralReason: optionalString(string(c.DeferralReason)), DeferredUntil: optionalDate(c.DeferredUntil),
		EndsOn: optionalDate(c.EndsOn), Deadline: optionalDate(deadline), ServedDays: c.ServedOn(today), RequiredDays: c.RequiredDays(),
		Reimbursement: c.Reimbursement, Note: c.Note, UpdatedAt: c.UpdatedAt.UTC()}
	for _, e := range c.History {
		out.History = append(out.History, obligationEvent{From: optionalString(string(e.From)), To: string(e.To), On: dateOf(e.On),
			Reason: optionalString(string(e.Reason)), Until: optionalDate(e.Until), Reimbursement: e.Reimbursement, Note: e.Note,
			Login: e.Login, RecordedAt: e.RecordedAt.UTC()})
	}
	return out
}

// contractInput is what a college writes of a contract.
type contractInput struct {
	OrderID          int64  `json:"order_id"`
	StudentID        int64  `json:"student_id"`
	Number           string `json:"number"`
	SignedOn         string `json:"signed_on"`
	TuitionCost      int64  `json:"tuition_cost"`
	ObligationMonths int    `json:"obligation_months"`
	Note             string `json:"note"`
}

var contractRequired = []string{"order_id", "student_id", "number", "signed_on", "tuition_cost"}

// obligationInput is a change of an obligation.
type obligationInput struct {
	To     string `json:"to"`
	On     string `json:"on"`
	Reason string `json:"reason"`
	Until  string `json:"until"`
	Note   string `json:"note"`
}

var obligationRequired = []string{"to", "on"}

// today is the calendar day in Kazakhstan, for the days served.
func today() time.Time { return domain.DateInKazakhstan(time.Now()) }

// listContracts answers GET /api/v1/targeted-contracts.
func (a *API) listContracts(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.ContractFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), EnterpriseID: q.id("enterprise_id"),
		OrderID: q.id("order_id"), StudentID: q.id("student_id"), Year: int(q.id("year")), State: domain.ObligationState(q.word("state")),
		DueWithin: int(q.id("due_within")), Sort: q.word("sort"), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.TargetedContracts(r.Context(), f)
	if err != nil {
		return err
	}
	day := today()
	writePage(w, r, list, func(c domain.TargetedContract) targetedContract { return targetedContractOf(c, day) })
	return nil
}

func (a *API) writeContract(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	c, err := a.reg.TargetedContract(r.Context(), id)
	if err != nil {
		return err
	}
	out := targetedContractOf(c, today())
	if status == http.StatusCreated {
		writeCreated(w, r, "/targeted-contracts/"+strconv.FormatInt(id, 10), out)
		return nil
	}
	writeJSON(w, r, status, out)
	return nil
}

// getContract answers GET /api/v1/targeted-contracts/{id}.
func (a *API) getContract(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "contract")
	if err != nil {
		return err
	}
	return a.writeContract(w, r, http.StatusOK, id)
}

// createContract answers POST /api/v1/targeted-contracts: a contract of a
// student of the token's college.
func (a *API) createContract(w http.ResponseWriter, r *http.Request) error {
	var in contractInput
	if err := readBody(r, &in, contractRequired...); err != nil {
		return err
	}
	signed, err := bodyDate("signed_on", in.SignedOn)
	if err != nil {
		return err
	}
	c := domain.TargetedContract{OrderID: in.OrderID, StudentID: in.StudentID, Number: in.Number, SignedOn: signed,
		TuitionCost: in.TuitionCost, ObligationMonths: in.ObligationMonths, Note: in.Note}
	if err := a.reg.CreateTargetedContract(r.Context(), &c); err != nil {
		return err
	}
	return a.writeContract(w, r, http.StatusCreated, c.ID)
}

// moveObligation answers POST /api/v1/targeted-contracts/{id}/obligation.
func (a *API) moveObligation(w http.ResponseWriter, r *http.Request) error {
	return stepWith("contract", a.writeContract, func(ctx context.Context, id int64, in obligationInput) error {
		on, err := bodyDate("on", in.On)
		if err != nil {
			return err
		}
		m := domain.ObligationMove{To: domain.ObligationState(in.To), On: on, Reason: domain.DeferralReason(in.Reason), Note: in.Note}
		if in.Until != "" {
			if m.Until, err = bodyDate("until", in.Until); err != nil {
				return err
			}
		}
		_, err = a.reg.MoveObligation(ctx, id, m)
		return err
	}, obligationRequired...)(w, r)
}

// targetedTotal is a region's, an employer's or the whole targeted
// training.
type targetedTotal struct {
	RegionID      *int           `json:"region_id"`
	EnterpriseID  *int64         `json:"enterprise_id"`
	Name          names          `json:"name"`
	Orders        int            `json:"orders"`
	Ordered       int            `json:"ordered"`
	Contracts     int            `json:"contracts"`
	States        map[string]int `json:"states"`
	Reimbursement int64          `json:"reimbursement"`
}

func targetedTotalOf(t domain.TargetedTotal) targetedTotal {
	out := targetedTotal{EnterpriseID: optionalID(t.EnterpriseID), Name: namesOf(t.Name), Orders: t.Orders, Ordered: t.Ordered,
		Contracts: t.Contracts, States: map[string]int{}, Reimbursement: t.Reimbursement}
	if t.RegionID != 0 {
		id := t.RegionID
		out.RegionID = &id
	}
	for _, s := range domain.ObligationStates {
		out.States[string(s)] = t.States[s]
	}
	return out
}

// targetedOverview is targeted training by region or by employer.
type targetedOverview struct {
	RegionID *int            `json:"region_id"`
	Year     *int            `json:"year"`
	Years    []int           `json:"years"`
	Rows     []targetedTotal `json:"rows"`
	Total    targetedTotal   `json:"total"`
}

// getTargeted answers GET /api/v1/targeted.
func (a *API) getTargeted(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.TargetedOverviewFilter{RegionID: q.regionID("region_id"), Year: int(q.id("year"))}
	if err := q.err(); err != nil {
		return err
	}
	o, err := a.reg.TargetedOverview(r.Context(), f)
	if err != nil {
		return err
	}
	out := targetedOverview{Years: o.Years, Rows: []targetedTotal{}, Total: targetedTotalOf(o.Total)}
	if o.RegionID != 0 {
		out.RegionID = &o.RegionID
	}
	if o.Year != 0 {
		out.Year = &o.Year
	}
	for _, t := range o.Rows {
		out.Rows = append(out.Rows, targetedTotalOf(t))
	}
	writeJSON(w, r, http.StatusOK, out)
	return nil
}

// alert tells a college or an employer of a change of an obligation or a
// deadline near.
type alert struct {
	ID             int64      `json:"id"`
	Kind           string     `json:"kind"`
	ContractID     int64      `json:"contract_id"`
	ContractNumber string     `json:"contract_number"`
	StudentName    personName `json:"student_name"`
	CollegeID      int64      `json:"college_id"`
	CollegeName    names      `json:"college_name"`
	EnterpriseID   int64      `json:"enterprise_id"`
	EnterpriseName names      `json:"enterprise_name"`
	State          string     `json:"state"`
	Reason         *string    `json:"reason"`
	DueOn          *string    `json:"due_on"`
	CreatedAt      time.Time  `json:"created_at"`
}

func alertOf(x domain.Alert) alert {
	return alert{ID: x.ID, Kind: string(x.Kind), ContractID: x.ContractID, ContractNumber: x.ContractNumber,
		StudentName: personNameOf(x.Student), CollegeID: x.CollegeID, CollegeName: namesOf(x.College), EnterpriseID: x.EnterpriseID,
		EnterpriseName: namesOf(x.Enterprise), State: string(x.State), Reason: optionalString(string(x.Reason)),
		DueOn: optionalDate(x.DueOn), CreatedAt: x.CreatedAt.UTC()}
}

// listAlerts answers GET /api/v1/alerts.
func (a *API) listAlerts(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.AlertFilter{Kind: domain.AlertKind(q.word("kind")), Page: q.page()}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Alerts(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, alertOf)
	return nil
}
