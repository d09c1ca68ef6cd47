package api

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// memorandum is a tripartite patronage memorandum of a regional education
// department, an enterprise and a college, with its commitments and their
// state on the day of the request (see commitment).
type memorandum struct {
	ID             int64        `json:"id"`
	Number         string       `json:"number"`
	RegionID       int          `json:"region_id"`
	RegionName     names        `json:"region_name"`
	CollegeID      int64        `json:"college_id"`
	CollegeName    names        `json:"college_name"`
	EnterpriseID   int64        `json:"enterprise_id"`
	EnterpriseName names        `json:"enterprise_name"`
	SignedOn       string       `json:"signed_on"`
	StartsOn       string       `json:"starts_on"`
	EndsOn         string       `json:"ends_on"`
	Note           string       `json:"note"`
	State          string       `json:"state"`                 // on_track, behind or done: behind when any commitment is
	Behind         int          `json:"behind"`                // commitments behind
	Commitments    []commitment `json:"commitments,omitempty"` // on the memorandum's own resource, not in lists
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

// commitment is a measurable promise of a memorandum: quantity units over
// the period (equipment with its value in tenge), what was delivered, the
// whole units expected by today pro rata over the period, and the state
// that gives: done when all is delivered, on_track when at least the
// expected units are, behind otherwise.
type commitment struct {
	ID             int64        `json:"id"`
	Kind           string       `json:"kind"`
	Description    string       `json:"description"`
	Quantity       int          `json:"quantity"`
	Value          int64        `json:"value"`
	Delivered      int          `json:"delivered"`
	DeliveredValue int64        `json:"delivered_value"`
	ConfirmedValue int64        `json:"confirmed_value"`
	Expected       int          `json:"expected"`
	State          string       `json:"state"`
	Fulfilments    []fulfilment `json:"fulfilments"`
}

// fulfilment is a delivery the enterprise reported against a commitment.
type fulfilment struct {
	ID           int64      `json:"id"`
	MemorandumID int64      `json:"memorandum_id"`
	CommitmentID int64      `json:"commitment_id"`
	Quantity     int        `json:"quantity"`
	Value        int64      `json:"value"`
	DeliveredOn  string     `json:"delivered_on"`
	Document     string     `json:"document"`
	Description  string     `json:"description"`
	Evidence     *evidence  `json:"evidence"` // null without a file
	ReportedAt   time.Time  `json:"reported_at"`
	ConfirmedAt  *time.Time `json:"confirmed_at"` // null until the college confirms receipt
}

// evidence describes a delivery's evidence file; its bytes are at url.
type evidence struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
}

func memorandumOf(m domain.Memorandum) memorandum {
	out := memorandum{ID: m.ID, Number: m.Number, RegionID: m.RegionID, RegionName: namesOf(m.Region), CollegeID: m.CollegeID,
		CollegeName: namesOf(m.College), EnterpriseID: m.EnterpriseID, EnterpriseName: namesOf(m.Enterprise),
		SignedOn: dateOf(m.SignedOn), StartsOn: dateOf(m.StartsOn), EndsOn: dateOf(m.EndsOn), Note: m.Note, State: string(m.State),
		Behind: m.Behind, Commitments: []commitment{}, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC()}
	for _, c := range m.Commitments {
		oc := commitment{ID: c.ID, Kind: string(c.Kind), Description: c.Description, Quantity: c.Quantity, Value: c.Value,
			Delivered: c.Delivered, DeliveredValue: c.DeliveredValue, ConfirmedValue: c.ConfirmedValue, Expected: c.Expected,
			State: string(c.State), Fulfilments: []fulfilment{}}
		for _, f := range c.Fulfilments {
			oc.Fulfilments = append(oc.Fulfilments, fulfilmentOf(f))
		}
		out.Commitments = append(out.Commitments, oc)
	}
	return out
}

// memorandumSummaryOf is a memorandum of a list: its commitments are on
// its own resource.
func memorandumSummaryOf(m domain.Memorandum) memorandum {
	out := memorandumOf(m)
	out.Commitments = nil
	return out
}

func fulfilmentOf(f domain.Fulfilment) fulfilment {
	out := fulfilment{ID: f.ID, MemorandumID: f.MemorandumID, CommitmentID: f.CommitmentID, Quantity: f.Quantity, Value: f.Value,
		DeliveredOn: dateOf(f.DeliveredOn), Document: f.Document, Description: f.Description, ReportedAt: f.ReportedAt.UTC(),
		ConfirmedAt: optionalTime(f.ConfirmedAt)}
	if f.EvidenceType != "" {
		out.Evidence = &evidence{Name: f.EvidenceName, ContentType: f.EvidenceType, Size: f.EvidenceSize,
			URL: Prefix + "/fulfilments/" + strconv.FormatInt(f.ID, 10) + "/evidence"}
	}
	return out
}

// memorandumInput is what a regional department writes of a memorandum;
// the region is always its own. A commitment with an id changes it, one
// without adds one, and a stored commitment left out is removed.
type memorandumInput struct {
	Number       string            `json:"number"`
	CollegeID    int64             `json:"college_id"`
	EnterpriseID int64             `json:"enterprise_id"`
	SignedOn     string            `json:"signed_on"`
	StartsOn     string            `json:"starts_on"`
	EndsOn       string            `json:"ends_on"`
	Note         string            `json:"note"`
	Commitments  []commitmentInput `json:"commitments"`
}

type commitmentInput struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Quantity    int    `json:"quantity"`
	Value       int64  `json:"value"`
}

var memorandumRequired = []string{"number", "college_id", "enterprise_id", "signed_on", "starts_on", "ends_on", "commitments"}

func (in memorandumInput) to(m *domain.Memorandum) error {
	signed, err1 := bodyDate("signed_on", in.SignedOn)
	starts, err2 := bodyDate("starts_on", in.StartsOn)
	ends, err3 := bodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2, err3); err != nil {
		return err
	}
	m.Number, m.CollegeID, m.EnterpriseID, m.Note = in.Number, in.CollegeID, in.EnterpriseID, in.Note
	m.SignedOn, m.StartsOn, m.EndsOn = signed, starts, ends
	m.Commitments = make([]domain.Commitment, 0, len(in.Commitments))
	for _, c := range in.Commitments {
		m.Commitments = append(m.Commitments, domain.Commitment{ID: c.ID, Kind: domain.CommitmentKind(c.Kind),
			Description: c.Description, Quantity: c.Quantity, Value: c.Value})
	}
	return nil
}

// fulfilmentInput is a delivery an enterprise reports.
type fulfilmentInput struct {
	CommitmentID int64  `json:"commitment_id"`
	Quantity     int    `json:"quantity"`
	Value        int64  `json:"value"`
	DeliveredOn  string `json:"delivered_on"`
	Document     string `json:"document"`
	Description  string `json:"description"`
	// Evidence is the scanned act or photo of the delivery, if any.
	Evidence *evidenceInput `json:"evidence"`
}

// evidenceInput is an evidence file in a JSON body: its name and its
// bytes, base64-encoded (as encoding/json reads a []byte).
type evidenceInput struct {
	Name    string `json:"name"`
	Content []byte `json:"content"`
}

// maxFulfilmentBody bounds a delivery's report: the largest evidence file
// base64-encoded (4 bytes for every 3) and room for the other fields.
const maxFulfilmentBody = domain.MaxEvidenceBytes/3*4 + maxBodyBytes

var fulfilmentRequired = []string{"commitment_id", "quantity", "delivered_on", "document"}

// patronageFigures are what patronage delivered over the memoranda in
// force on day.
type patronageFigures struct {
	Day         string `json:"day"`
	Memoranda   int    `json:"memoranda"`
	Patrons     int    `json:"patrons"`
	Colleges    int    `json:"colleges"`
	Behind      int    `json:"behind"`
	Commitments struct {
		OnTrack int `json:"on_track"`
		Behind  int `json:"behind"`
		Done    int `json:"done"`
	} `json:"commitments"`
	Kinds              []kindFigures     `json:"kinds"`
	EquipmentPromised  int64             `json:"equipment_promised"`
	EquipmentDelivered int64             `json:"equipment_delivered"`
	EquipmentConfirmed int64             `json:"equipment_confirmed"`
	Regions            []regionPatronage `json:"regions"`
}

type kindFigures struct {
	Kind      string `json:"kind"`
	Promised  int    `json:"promised"`
	Delivered int    `json:"delivered"`
}

type regionPatronage struct {
	RegionID           int   `json:"region_id"`
	RegionName         names `json:"region_name"`
	Memoranda          int   `json:"memoranda"`
	Patrons            int   `json:"patrons"`
	Colleges           int   `json:"colleges"`
	Behind             int   `json:"behind"`
	EquipmentDelivered int64 `json:"equipment_delivered"`
}

func patronageFiguresOf(f domain.PatronageFigures) patronageFigures {
	out := patronageFigures{Day: dateOf(f.Day), Memoranda: f.Memoranda, Patrons: f.Patrons, Colleges: f.Colleges, Behind: f.Behind,
		EquipmentPromised: f.EquipmentPromised, EquipmentDelivered: f.EquipmentDelivered, EquipmentConfirmed: f.EquipmentConfirmed,
		Kinds: []kindFigures{}, Regions: []regionPatronage{}}
	out.Commitments.OnTrack, out.Commitments.Behind, out.Commitments.Done = f.Commitment.OnTrack, f.Commitment.Behind, f.Commitment.Done
	for _, k := range f.Kinds {
		out.Kinds = append(out.Kinds, kindFigures{Kind: string(k.Kind), Promised: k.Promised, Delivered: k.Delivered})
	}
	for _, rp := range f.Regions {
		out.Regions = append(out.Regions, regionPatronage{RegionID: rp.RegionID, RegionName: namesOf(rp.Region), Memoranda: rp.Memoranda,
			Patrons: rp.Patrons, Colleges: rp.Colleges, Behind: rp.Behind, EquipmentDelivered: rp.EquipmentDelivered})
	}
	return out
}

// getPatronage answers GET /api/v1/patronage: the figures of the memoranda
// in force today, nationally or of a region, college or enterprise.
func (a *API) getPatronage(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	sc := domain.PatronageScope{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), EnterpriseID: q.id("enterprise_id")}
	if err := q.err(); err != nil {
		return err
	}
	fig, err := a.reg.PatronageFigures(r.Context(), sc)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, patronageFiguresOf(fig))
	return nil
}

// listMemoranda answers GET /api/v1/memoranda: a page of the memoranda the
// caller may see, with their states today.
func (a *API) listMemoranda(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.MemorandumFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), EnterpriseID: q.id("enterprise_id"),
		State: domain.CommitmentState(q.word("state")), Sort: q.word("sort"), Page: q.page()}
	if inForce := q.boolean("in_force"); inForce != nil {
		f.InForce = *inForce
	}
	if err := q.err(); err != nil {
		return err
	}
	list, err := a.reg.Memoranda(r.Context(), f)
	if err != nil {
		return err
	}
	writePage(w, r, list, memorandumSummaryOf)
	return nil
}

// getMemorandum answers GET /api/v1/memoranda/{id}.
func (a *API) getMemorandum(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "memorandum")
	if err != nil {
		return err
	}
	return a.writeMemorandum(w, r, http.StatusOK, id)
}

func (a *API) writeMemorandum(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	m, err := a.reg.Memorandum(r.Context(), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		writeCreated(w, r, "/memoranda/"+strconv.FormatInt(id, 10), memorandumOf(m))
		return nil
	}
	writeJSON(w, r, status, memorandumOf(m))
	return nil
}

// createMemorandum answers POST /api/v1/memoranda: a regional department
// records a memorandum of its region.
func (a *API) createMemorandum(w http.ResponseWriter, r *http.Request) error {
	var in memorandumInput
	if err := readBody(r, &in, memorandumRequired...); err != nil {
		return err
	}
	var m domain.Memorandum
	if err := in.to(&m); err != nil {
		return err
	}
	if err := a.reg.SaveMemorandum(r.Context(), &m); err != nil {
		return err
	}
	return a.writeMemorandum(w, r, http.StatusCreated, m.ID)
}

// updateMemorandum answers PUT /api/v1/memoranda/{id}: the whole
// memorandum again, with its commitments.
func (a *API) updateMemorandum(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "memorandum")
	if err != nil {
		return err
	}
	var in memorandumInput
	if err := readBody(r, &in, memorandumRequired...); err != nil {
		return err
	}
	m := domain.Memorandum{ID: id}
	if err := in.to(&m); err != nil {
		return err
	}
	if err := a.reg.SaveMemorandum(r.Context(), &m); err != nil {
		return err
	}
	return a.writeMemorandum(w, r, http.StatusOK, id)
}

// reportFulfilment answers POST /api/v1/memoranda/{id}/fulfilments: the
// enterprise reports a delivery against one of its commitments; the answer
// is the memorandum after it, with the commitment moved.
func (a *API) reportFulfilment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "memorandum")
	if err != nil {
		return err
	}
	var in fulfilmentInput
	if err := readBodyUpTo(r, maxFulfilmentBody, &in, fulfilmentRequired...); err != nil {
		return err
	}
	on, err := bodyDate("delivered_on", in.DeliveredOn)
	if err != nil {
		return err
	}
	f := domain.Fulfilment{MemorandumID: id, CommitmentID: in.CommitmentID, Quantity: in.Quantity, Value: in.Value,
		DeliveredOn: on, Document: in.Document, Description: in.Description}
	var ev *domain.Evidence
	if in.Evidence != nil {
		if len(in.Evidence.Content) > domain.MaxEvidenceBytes {
			return domain.Invalid("evidence", "error.evidence.size", "the file is too large").
				With("max", strconv.Itoa(domain.MaxEvidenceBytes>>20))
		}
		ev = &domain.Evidence{Name: in.Evidence.Name, Data: in.Evidence.Content}
	}
	if err := a.reg.ReportFulfilment(r.Context(), &f, ev); err != nil {
		return err
	}
	return a.writeMemorandum(w, r, http.StatusOK, id)
}

// confirmFulfilment answers POST /api/v1/fulfilments/{id}/confirm: the
// college confirms it received a delivery; the answer is the delivery.
func (a *API) confirmFulfilment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "fulfilment")
	if err != nil {
		return err
	}
	if err := a.reg.ConfirmFulfilment(r.Context(), id); err != nil {
		return err
	}
	f, err := a.reg.Fulfilment(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, fulfilmentOf(f))
	return nil
}

// getEvidence answers GET /api/v1/fulfilments/{id}/evidence: the evidence
// file, as the type its content was recognised as, as a download.
func (a *API) getEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "evidence")
	if err != nil {
		return err
	}
	ev, err := a.reg.Evidence(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ev.Type)
	h.Set("Content-Length", strconv.Itoa(len(ev.Data)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ev.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	w.Write(ev.Data)
	return nil
}
