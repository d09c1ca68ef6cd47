package store_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// clockAt sets the store's clock to noon in Kazakhstan on day.
func clockAt(st *store.Store, day string) {
	at := date(day).Add(7 * time.Hour) // 12:00 UTC+5
	st.Now = func() time.Time { return at }
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// memorandum is a three-year memorandum of the fixture's college and
// enterprise in Almaty: 10 practice places, 2 CNC lathes worth 48 million
// tenge and 4 hires.
func patronageMemo(f fixture) domain.Memorandum {
	return domain.Memorandum{Number: "17-П", RegionID: 75, CollegeID: f.college.ID, EnterpriseID: f.enterprise.ID,
		SignedOn: date("2026-08-20"), StartsOn: date("2026-09-01"), EndsOn: date("2029-09-01"), Note: "Шефство над колледжем",
		Commitments: []domain.Commitment{
			{Kind: domain.CommitPracticePlaces, Description: "Электромонтёр", Quantity: 10},
			{Kind: domain.CommitEquipment, Description: "Токарный станок с ЧПУ", Quantity: 2, Value: 48_000_000},
			{Kind: domain.CommitHires, Quantity: 4},
		}}
}

func commitmentStates(m domain.Memorandum) []domain.CommitmentState {
	var out []domain.CommitmentState
	for _, c := range m.Commitments {
		out = append(out, c.State)
	}
	return out
}

func sameStates(a []domain.CommitmentState, b ...domain.CommitmentState) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPatronageMemorandumAndDeliveries(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		clockAt(st, "2026-11-26")
		m := patronageMemo(f)
		if err := st.SaveMemorandum(ctx, &m); err != nil {
			t.Fatal(err)
		}
		got, err := st.Memorandum(ctx, m.ID)
		if err != nil || got.Number != "17-П" || got.College.EN != "Almaty Polytechnic College" || got.Region.RU != "г. Алматы" ||
			len(got.Commitments) != 3 || got.Commitments[1].Value != 48_000_000 || got.Commitments[1].Description != "Токарный станок с ЧПУ" {
			t.Fatalf("memorandum as stored: %+v, %v", got, err)
		}
		// 86 days into 1,096: nothing is due yet.
		if got.State != domain.CommitmentOnTrack || !sameStates(commitmentStates(got), domain.CommitmentOnTrack, domain.CommitmentOnTrack, domain.CommitmentOnTrack) {
			t.Fatalf("new memorandum: %s %v", got.State, commitmentStates(got))
		}

		// 273 days in: 2 places are due (10 × 273 / 1,096), no hire, no lathe.
		clockAt(st, "2027-06-01")
		got, _ = st.Memorandum(ctx, m.ID)
		if got.State != domain.CommitmentBehind || got.Behind != 1 || got.Commitments[0].Expected != 2 ||
			!sameStates(commitmentStates(got), domain.CommitmentBehind, domain.CommitmentOnTrack, domain.CommitmentOnTrack) {
			t.Fatalf("nine months in: %s %v %+v", got.State, commitmentStates(got), got.Commitments[0])
		}
		behind, err := st.Memoranda(ctx, domain.MemorandumFilter{State: domain.CommitmentBehind})
		if err != nil || behind.Total != 1 || behind.Items[0].ID != m.ID || behind.Items[0].Behind != 1 || behind.Items[0].State != domain.CommitmentBehind {
			t.Fatalf("memoranda behind: %+v, %v", behind, err)
		}

		places := domain.Fulfilment{MemorandumID: m.ID, CommitmentID: got.Commitments[0].ID, Quantity: 2,
			DeliveredOn: date("2027-05-20"), Document: "Приказ № 44", Description: "Два места практики в цехе № 3"}
		if err := st.ReportFulfilment(ctx, &places, nil); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Memorandum(ctx, m.ID)
		if got.State != domain.CommitmentOnTrack || got.Commitments[0].Delivered != 2 || len(got.Commitments[0].Fulfilments) != 1 {
			t.Fatalf("after two places: %s %+v", got.State, got.Commitments[0])
		}
		if n, _ := st.Memoranda(ctx, domain.MemorandumFilter{State: domain.CommitmentBehind}); n.Total != 0 {
			t.Fatalf("still behind after the report: %+v", n)
		}

		// A lathe with its act as a scanned image.
		lathe := domain.Fulfilment{MemorandumID: m.ID, CommitmentID: got.Commitments[1].ID, Quantity: 1, Value: 24_500_000,
			DeliveredOn: date("2027-05-30"), Document: "Акт № 17"}
		if err := st.ReportFulfilment(ctx, &lathe, &domain.Evidence{Name: "akt-17.png", Data: pngBytes(t)}); err != nil {
			t.Fatal(err)
		}
		ev, err := st.Evidence(ctx, lathe.ID)
		if err != nil || ev.Type != "image/png" || ev.Name != "akt-17.png" || !bytes.Equal(ev.Data, pngBytes(t)) {
			t.Fatalf("evidence: %q %q %d bytes, %v", ev.Name, ev.Type, len(ev.Data), err)
		}
		if _, err := st.Evidence(ctx, places.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a report without a file: %v", err)
		}
		fig, err := st.PatronageFigures(ctx, domain.PatronageScope{})
		if err != nil || fig.Memoranda != 1 || fig.Patrons != 1 || fig.Colleges != 1 || fig.EquipmentPromised != 48_000_000 ||
			fig.EquipmentDelivered != 24_500_000 || fig.EquipmentConfirmed != 0 || fig.Commitment.OnTrack != 3 ||
			len(fig.Regions) != 1 || fig.Regions[0].RegionID != 75 || fig.Regions[0].EquipmentDelivered != 24_500_000 {
			t.Fatalf("figures: %+v, %v", fig, err)
		}
		if fig.Kinds[0].Kind != domain.CommitPracticePlaces || fig.Kinds[0].Promised != 10 || fig.Kinds[0].Delivered != 2 {
			t.Fatalf("figures by kind: %+v", fig.Kinds)
		}

		// The college confirms the lathe, once.
		if err := st.ConfirmFulfilment(ctx, lathe.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, st.ConfirmFulfilment(ctx, lathe.ID), domain.ECONFLICT, "")
		if fig, _ := st.PatronageFigures(ctx, domain.PatronageScope{CollegeID: f.college.ID}); fig.EquipmentConfirmed != 24_500_000 || fig.Regions != nil {
			t.Fatalf("confirmed: %+v", fig)
		}
		rep, err := st.Fulfilment(ctx, lathe.ID)
		if err != nil || !rep.Confirmed() || rep.MemorandumID != m.ID || rep.EvidenceType != "image/png" {
			t.Fatalf("confirmed report: %+v, %v", rep, err)
		}

		// What a report may not be.
		future := places
		future.ID, future.DeliveredOn = 0, date("2027-06-02")
		wantCode(t, st.ReportFulfilment(ctx, &future, nil), domain.EINVALID, "delivered_on")
		early := places
		early.ID, early.DeliveredOn = 0, date("2026-08-01")
		wantCode(t, st.ReportFulfilment(ctx, &early, nil), domain.EINVALID, "delivered_on")
		valueless := lathe
		valueless.ID, valueless.Value = 0, 0
		wantCode(t, st.ReportFulfilment(ctx, &valueless, nil), domain.EINVALID, "value")
		text := places
		text.ID = 0
		wantCode(t, st.ReportFulfilment(ctx, &text, &domain.Evidence{Name: "a.txt", Data: []byte("just text")}), domain.EINVALID, "evidence")
		stranger := places
		stranger.ID, stranger.MemorandumID = 0, m.ID+1
		wantCode(t, st.ReportFulfilment(ctx, &stranger, nil), domain.ENOTFOUND, "")

		// Every change is in the audit log with the memorandum's region.
		for _, c := range []struct {
			recordType string
			want       int
		}{{"memorandum", 1}, {"fulfilment", 3}} {
			log, err := st.Audit(ctx, domain.AuditFilter{RecordType: c.recordType, RegionID: 75})
			if err != nil || log.Total != c.want {
				t.Fatalf("audit of %s: %d entries, %v", c.recordType, log.Total, err)
			}
		}
	})
}

func TestPatronageMemorandumChanges(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		clockAt(st, "2027-06-01")
		astana := domain.College{BIN: bin(t, "01054000202"), Name: domain.Names{KK: "Астана бизнес колледжі", RU: "Астанинский колледж бизнеса"},
			RegionID: 71, CityID: 2, Ownership: domain.OwnershipPrivate, Address: "Астана"}
		if err := st.CreateCollege(ctx, &astana); err != nil {
			t.Fatal(err)
		}
		outside := patronageMemo(f)
		outside.CollegeID = astana.ID
		wantCode(t, st.SaveMemorandum(ctx, &outside), domain.EINVALID, "college_id")

		m := patronageMemo(f)
		if err := st.SaveMemorandum(ctx, &m); err != nil {
			t.Fatal(err)
		}
		again := patronageMemo(f)
		wantCode(t, st.SaveMemorandum(ctx, &again), domain.ECONFLICT, "number")
		again.Number = "18-П"
		if err := st.SaveMemorandum(ctx, &again); err != nil {
			t.Fatal(err)
		}

		// Behind on places; a longer period makes the same delivery enough.
		hire := domain.Fulfilment{MemorandumID: m.ID, CommitmentID: m.Commitments[2].ID, Quantity: 1, DeliveredOn: date("2027-05-01"), Document: "Приказ № 5-к"}
		if err := st.ReportFulfilment(ctx, &hire, nil); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Memorandum(ctx, m.ID)
		if got.State != domain.CommitmentBehind {
			t.Fatalf("before the change: %s %v", got.State, commitmentStates(got))
		}
		got.EndsOn = date("2031-09-01") // 5 years: 10 × 273 / 1,826 = 1 place due
		got.Commitments[0].Quantity = 5 // and fewer places: 0 due
		got.Commitments = append(got.Commitments, domain.Commitment{Kind: domain.CommitScholarships, Description: "Стипендия имени основателя", Quantity: 3})
		if err := st.SaveMemorandum(ctx, &got); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Memorandum(ctx, m.ID)
		if got.State != domain.CommitmentOnTrack || len(got.Commitments) != 4 || got.Commitments[2].Delivered != 1 ||
			got.Commitments[3].Kind != domain.CommitScholarships {
			t.Fatalf("after the change: %s %+v", got.State, got.Commitments)
		}
		// The other memorandum has delivered nothing of its places.
		if n, _ := st.Memoranda(ctx, domain.MemorandumFilter{State: domain.CommitmentOnTrack, CollegeID: f.college.ID}); n.Total != 1 || n.Items[0].ID != m.ID {
			t.Fatalf("on track: %+v", n)
		}
		if n, _ := st.Memoranda(ctx, domain.MemorandumFilter{Sort: "behind"}); n.Total != 2 || n.Items[0].ID != again.ID {
			t.Fatalf("behind first: %+v", n)
		}

		// A commitment with a delivery keeps its kind and stays.
		changed := got
		changed.Commitments = append([]domain.Commitment{}, got.Commitments...)
		changed.Commitments[2].Kind = domain.CommitMentors
		wantCode(t, st.SaveMemorandum(ctx, &changed), domain.EINVALID, "commitments.2.kind")
		removed := got
		removed.Commitments = []domain.Commitment{got.Commitments[0], got.Commitments[1]}
		wantCode(t, st.SaveMemorandum(ctx, &removed), domain.EINVALID, "commitments")
		// One without deliveries goes.
		removed.Commitments = []domain.Commitment{got.Commitments[0], got.Commitments[2]}
		if err := st.SaveMemorandum(ctx, &removed); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Memorandum(ctx, m.ID); len(got.Commitments) != 2 || got.Commitments[1].Kind != domain.CommitHires {
			t.Fatalf("after removing two: %+v", got.Commitments)
		}
		foreign := removed
		foreign.Commitments = append([]domain.Commitment{}, removed.Commitments...)
		foreign.Commitments[0].ID = again.Commitments[0].ID
		wantCode(t, st.SaveMemorandum(ctx, &foreign), domain.EINVALID, "commitments.0.id")
		missing := removed
		missing.ID = 424242
		wantCode(t, st.SaveMemorandum(ctx, &missing), domain.ENOTFOUND, "")

		// Lists: by enterprise, sorted, paged; in force.
		list, err := st.Memoranda(ctx, domain.MemorandumFilter{EnterpriseID: f.enterprise.ID, Sort: "number", Page: domain.Page{Size: 1, Number: 2}})
		if err != nil || list.Total != 2 || len(list.Items) != 1 || list.Items[0].Number != "18-П" {
			t.Fatalf("second page by number: %+v, %v", list, err)
		}
		clockAt(st, "2026-08-25") // signed, not yet in force
		if n, _ := st.Memoranda(ctx, domain.MemorandumFilter{InForce: true}); n.Total != 0 {
			t.Fatalf("in force before the period: %d", n.Total)
		}
		if fig, _ := st.PatronageFigures(ctx, domain.PatronageScope{}); fig.Memoranda != 0 || fig.Regions == nil && len(fig.Regions) != 0 {
			t.Fatalf("figures before the period: %+v", fig)
		}
	})
}

func TestPatronageBulkLoad(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		clockAt(st, "2027-06-01")
		m := patronageMemo(f)
		m.ID = 7
		for i := range m.Commitments {
			m.Commitments[i].ID = int64(70 + i)
			m.Commitments[i].MemorandumID = 7
		}
		m.Commitments[1].Delivered, m.Commitments[1].DeliveredValue, m.Commitments[1].ConfirmedValue = 2, 47_000_000, 23_000_000
		if err := st.InsertMemoranda(ctx, []domain.Memorandum{m}); err != nil {
			t.Fatal(err)
		}
		reports := []domain.Fulfilment{
			{ID: 1, CommitmentID: 71, Quantity: 1, Value: 23_000_000, DeliveredOn: date("2026-12-01"), Document: "Акт № 1", ConfirmedAt: date("2026-12-05")},
			{ID: 2, CommitmentID: 71, Quantity: 1, Value: 24_000_000, DeliveredOn: date("2027-03-01"), Document: "Акт № 2"},
		}
		if err := st.InsertFulfilments(ctx, reports); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishLoad(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := st.Memorandum(ctx, 7)
		if err != nil || got.State != domain.CommitmentBehind || !sameStates(commitmentStates(got), domain.CommitmentBehind, domain.CommitmentDone, domain.CommitmentOnTrack) ||
			len(got.Commitments[1].Fulfilments) != 2 || !got.Commitments[1].Fulfilments[1].Confirmed() {
			t.Fatalf("loaded memorandum: %s %v %+v, %v", got.State, commitmentStates(got), got.Commitments[1], err)
		}
		fig, _ := st.PatronageFigures(ctx, domain.PatronageScope{RegionID: 75})
		if fig.EquipmentDelivered != 47_000_000 || fig.EquipmentConfirmed != 23_000_000 || fig.Behind != 1 || fig.Commitment.Done != 1 {
			t.Fatalf("figures of the loaded memorandum: %+v", fig)
		}
		// The next memorandum recorded after the load gets a fresh ID.
		next := patronageMemo(f)
		next.Number = "19-П"
		if err := st.SaveMemorandum(ctx, &next); err != nil || next.ID <= 7 {
			t.Fatalf("after the load: id %d, %v", next.ID, err)
		}
	})
}
