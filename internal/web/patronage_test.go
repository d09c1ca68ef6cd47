package web_test

import (
	"bytes"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/access"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// patronageFixture is a memorandum of the Almaty region between Energo and
// the Almaty college, in force for three years from 1 September 2026, with
// a delivery of equipment reported with its act as a scanned image.
type patronageFixture struct {
	memo     domain.Memorandum
	delivery domain.Fulfilment // with evidence, unconfirmed
}

var patronageFixtures = struct {
	sync.Mutex
	m map[*registry]*patronageFixture
}{m: map[*registry]*patronageFixture{}}

func (r *registry) patronageFixture(t testing.TB) *patronageFixture {
	t.Helper()
	patronageFixtures.Lock()
	defer patronageFixtures.Unlock()
	if pf, ok := patronageFixtures.m[r]; ok {
		return pf
	}
	pf := &patronageFixture{memo: domain.Memorandum{Number: "МШ-2026/1", CollegeID: r.almaty.ID, EnterpriseID: r.energo.ID,
		SignedOn: date("2026-08-25"), StartsOn: date("2026-09-01"), EndsOn: date("2029-09-01"),
		Commitments: []domain.Commitment{
			{Kind: domain.CommitPracticePlaces, Description: "Электромонтёр", Quantity: 12},
			{Kind: domain.CommitEquipment, Description: "Учебный стенд релейной защиты", Quantity: 3, Value: 36_000_000},
		}}}
	if err := access.New(r.app.Store).SaveMemorandum(testkit.As(r.users[domain.RoleRegion]), &pf.memo); err != nil {
		t.Fatal(err)
	}
	pf.delivery = domain.Fulfilment{MemorandumID: pf.memo.ID, CommitmentID: pf.memo.Commitments[1].ID, Quantity: 1, Value: 12_000_000,
		DeliveredOn: date("2026-10-15"), Document: "Акт № 3"}
	if err := access.New(r.app.Store).ReportFulfilment(testkit.As(r.users[domain.RoleEnterprise]), &pf.delivery,
		&domain.Evidence{Name: "akt-3.png", Data: scanPNG(t)}); err != nil {
		t.Fatal(err)
	}
	patronageFixtures.m[r] = pf
	return pf
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func scanPNG(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// patronageProbes are the route matrix's requests for the patronage pages.
// The fixture's memorandum is in every reader's scope; the writes are sent
// where they change nothing: a form without its fields (400), a delivery
// that does not exist (404).
func (r *registry) patronageProbes(t testing.TB, u domain.User) map[string]probe {
	pf := r.patronageFixture(t)
	memo := "/memoranda/" + itoa(pf.memo.ID)
	return map[string]probe{
		"GET /patronage":                   {"GET", "/patronage", nil, http.StatusOK},
		"GET /memoranda":                   {"GET", "/memoranda", nil, http.StatusOK},
		"GET /memoranda/new":               {"GET", "/memoranda/new", nil, http.StatusOK},
		"POST /memoranda":                  {"POST", "/memoranda", url.Values{"number": {""}}, http.StatusBadRequest},
		"GET /memoranda/{id}":              {"GET", memo, nil, http.StatusOK},
		"GET /memoranda/{id}/edit":         {"GET", memo + "/edit", nil, http.StatusOK},
		"POST /memoranda/{id}":             {"POST", memo, url.Values{"number": {""}}, http.StatusBadRequest},
		"POST /memoranda/{id}/fulfilments": {"POST", memo + "/fulfilments", url.Values{"quantity": {"1"}}, http.StatusBadRequest},
		"POST /fulfilments/{id}/confirm":   {"POST", "/fulfilments/999999999/confirm", url.Values{}, http.StatusNotFound},
		"GET /fulfilments/{id}/evidence":   {"GET", "/fulfilments/" + itoa(pf.delivery.ID) + "/evidence", nil, http.StatusOK},
	}
}

// multipartForm encodes fields and one file as multipart/form-data.
func multipartForm(t testing.TB, fields url.Values, fileField, fileName string, data []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileField != "" {
		fw, err := mw.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

func postEvidence(t testing.TB, base, path, contentType string, body []byte, headers ...string) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	setHeaders(req, headers)
	return do(t, req)
}

// TestPatronagePages walks the three parties through a memorandum on the
// pages: the regional department records it (a mistake comes back on the
// form, on the commitment's row), the enterprise reports a delivery with
// its act (the commitment moves, the national figures follow), the college
// confirms receipt; others see it within their scope only.
func TestPatronagePages(t *testing.T) {
	t.Parallel()
	r := newRegistry(t, testkit.DSN(t))
	base := r.app.URL

	form := url.Values{"number": {"МШ-2026/7"}, "college_id": {itoa(r.almaty.ID)}, "enterprise_bin": {r.energo.BIN},
		"signed_on": {"2026-08-01"}, "starts_on": {"2026-09-01"}, "ends_on": {"2027-09-01"}, "note": {"Шефство над колледжем"},
		"c0_kind": {"mentors"}, "c0_description": {"Наставники из цеха"}, "c0_quantity": {"4"},
		"c1_kind": {"equipment"}, "c1_description": {"Токарный станок"}, "c1_quantity": {"1"}, "c1_value": {""},
		"c2_kind": {""}, "c2_description": {""}, "c2_quantity": {""}}
	p := postForm(t, base, "/memoranda", form, r.as(t, domain.RoleRegion, in("en")...)...)
	p.expect(t, http.StatusBadRequest, "Commitment 2: Enter the value of the equipment in tenge.", `id="c1_value-error"`, "Наставники из цеха")
	form.Set("c1_value", "18 500 000")
	p = postForm(t, base, "/memoranda", form, r.as(t, domain.RoleRegion, in("en")...)...)
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/memoranda/") {
		t.Fatalf("record: %d %q\n%s", p.status, p.header.Get("Location"), excerpt(p.body))
	}
	memo := p.header.Get("Location")
	p = get(t, base, memo, r.as(t, domain.RoleRegion, in("ru")...)...)
	p.expect(t, http.StatusOK, "Меморандум МШ-2026/7", "Наставники", "По графику", "Как определяется состояние обязательства")
	get(t, base, memo, r.as(t, domain.RoleRegion, in("en")...)...).expect(t, http.StatusOK, "promised 18,500,000 ₸, delivered 0 ₸")

	// The lathe is due by the end: a delivery now makes the equipment done.
	id := strings.TrimPrefix(memo, "/memoranda/")
	m, err := access.New(r.app.Store).Memorandum(testkit.As(r.users[domain.RoleMinistry]), parseID(t, id))
	if err != nil {
		t.Fatal(err)
	}
	before := get(t, base, "/patronage", r.as(t, domain.RoleMinistry, in("en")...)...)
	before.expect(t, http.StatusOK, "patron companies", "colleges under patronage", "equipment delivered")
	fields := url.Values{"commitment_id": {itoa(m.Commitments[1].ID)}, "quantity": {"1"}, "value": {"18500000"},
		"delivered_on": {time.Now().Format(time.DateOnly)}, "document": {"Акт приёма-передачи № 17"}}
	ct, body := multipartForm(t, fields, "evidence", "akt.txt", []byte("not a scan"))
	p = postEvidence(t, base, memo+"/fulfilments", ct, body, r.as(t, domain.RoleEnterprise, in("en")...)...)
	p.expect(t, http.StatusBadRequest, "Only PDF, JPEG or PNG files can be attached as evidence.", `value="Акт приёма-передачи № 17"`)
	ct, body = multipartForm(t, fields, "evidence", "akt-17.png", scanPNG(t))
	p = postEvidence(t, base, memo+"/fulfilments", ct, body, r.as(t, domain.RoleEnterprise, in("en")...)...)
	if p.status != http.StatusSeeOther {
		t.Fatalf("report: %d\n%s", p.status, excerpt(p.body))
	}
	p = get(t, base, memo, r.as(t, domain.RoleCollege, in("en")...)...)
	p.expect(t, http.StatusOK, "Done", "Акт приёма-передачи № 17", "File: akt-17.png", "Confirm receipt")
	after := get(t, base, "/patronage", r.as(t, domain.RoleMinistry, in("en")...)...)
	if after.body == before.body || !strings.Contains(after.body, "<dd>18,500,000 ₸</dd>") {
		t.Errorf("the national figures did not follow the delivery:\n%s", excerpt(after.body))
	}

	// The college confirms, once.
	m, _ = access.New(r.app.Store).Memorandum(testkit.As(r.users[domain.RoleMinistry]), m.ID)
	delivery := m.Commitments[1].Fulfilments[0]
	p = postForm(t, base, "/fulfilments/"+itoa(delivery.ID)+"/confirm", url.Values{}, r.as(t, domain.RoleCollege, in("en")...)...)
	if p.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", p.status, excerpt(p.body))
	}
	p = postForm(t, base, "/fulfilments/"+itoa(delivery.ID)+"/confirm", url.Values{}, r.as(t, domain.RoleCollege, in("kk")...)...)
	p.expect(t, http.StatusConflict, "Колледж бұл жеткізілімді бұрын растаған.")
	p = get(t, base, "/fulfilments/"+itoa(delivery.ID)+"/evidence", r.as(t, domain.RoleCollege)...)
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "image/png" || !strings.Contains(p.header.Get("Content-Disposition"), "akt-17.png") {
		t.Fatalf("evidence: %d %q %q", p.status, p.header.Get("Content-Type"), p.header.Get("Content-Disposition"))
	}

	// Lists of a party, in Kazakh; and out of scope.
	p = get(t, base, "/memoranda?college_id="+itoa(r.almaty.ID), r.as(t, domain.RoleMinistry, in("kk")...)...)
	p.expect(t, http.StatusOK, "Колледжге шефтік көмек", "МШ-2026/7", "Кесте бойынша")
	astana := r.astanaCoordinator
	get(t, base, memo, r.asUser(t, astana)...).expect(t, http.StatusNotFound)
	get(t, base, "/memoranda?state=behind", append(r.asUser(t, astana), in("en")...)...).expect(t, http.StatusOK, "No memorandum matches these filters.")
	get(t, base, "/memoranda?state=later", r.as(t, domain.RoleMinistry)...).expect(t, http.StatusBadRequest)
	get(t, base, "/patronage", r.as(t, domain.RoleStudent)...).expect(t, http.StatusForbidden)
}

func parseID(t testing.TB, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not an id: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
