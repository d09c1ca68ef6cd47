package store_test

import (
	"context"
	"testing"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

func TestInternationalPartnershipsAndMobility(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		clockAt(st, "2026-11-25")

		orenburg := domain.Partner{Kind: domain.PartnerCollege, Name: "  Оренбургский   колледж экономики и информатики ", Country: "ru",
			RURegion: "ru-ore", City: "Оренбург"}
		if err := st.SavePartner(ctx, &orenburg); err != nil {
			t.Fatal(err)
		}
		festo := domain.Partner{Kind: domain.PartnerEnterprise, Name: "Festo Didactic SE", Country: "DE", City: "Denkendorf"}
		if err := st.SavePartner(ctx, &festo); err != nil {
			t.Fatal(err)
		}
		got, err := st.Partner(ctx, orenburg.ID)
		if err != nil || got.Name != "Оренбургский колледж экономики и информатики" || got.Country != "RU" || got.RURegionName.RU != "Оренбургская область" ||
			got.RURegionName.KK != "Орынбор облысы" {
			t.Fatalf("partner: %+v, %v", got, err)
		}
		twin := domain.Partner{Kind: domain.PartnerCollege, Name: "оренбургский колледж ЭКОНОМИКИ и информатики", Country: "RU"}
		wantCode(t, st.SavePartner(ctx, &twin), domain.ECONFLICT, "name")
		wantCode(t, st.SavePartner(ctx, &domain.Partner{Kind: domain.PartnerCollege, Name: "X", Country: "DE", RURegion: "RU-ORE"}),
			domain.EINVALID, "ru_region")
		wantCode(t, st.SavePartner(ctx, &domain.Partner{Kind: domain.PartnerCollege, Name: "X", Country: "RU", RURegion: "RU-MOW"}),
			domain.EINVALID, "ru_region")
		wantCode(t, st.SavePartner(ctx, &domain.Partner{Kind: domain.PartnerCollege, Name: "X", Country: "KZ"}), domain.EINVALID, "country")
		wantCode(t, st.SavePartner(ctx, &domain.Partner{Kind: domain.PartnerCollege, Name: "X", Country: "XX"}), domain.EINVALID, "country")

		active := domain.Partnership{CollegeID: f.college.ID, PartnerID: orenburg.ID, Kind: domain.AgreementMobility, Number: "14/2026",
			Subject: "Обмен студентами и преподавателями", Status: domain.PartnershipActive, SignedOn: date("2026-08-20"),
			StartsOn: date("2026-09-01"), EndsOn: date("2029-08-31")}
		if err := st.SavePartnership(ctx, &active); err != nil {
			t.Fatal(err)
		}
		if !active.InForce || active.RegionID != 75 {
			t.Fatalf("saved agreement: %+v", active)
		}
		talks := domain.Partnership{CollegeID: f.college.ID, PartnerID: festo.ID, Kind: domain.AgreementStandard, Standard: "WorldSkills",
			Subject: "Мехатроника", Status: domain.PartnershipNegotiation, StartsOn: date("2027-01-01")}
		if err := st.SavePartnership(ctx, &talks); err != nil {
			t.Fatal(err)
		}
		noDay := talks
		noDay.ID, noDay.Status = 0, domain.PartnershipActive
		wantCode(t, st.SavePartnership(ctx, &noDay), domain.EINVALID, "signed_on")
		noStandard := talks
		noStandard.ID, noStandard.Standard = 0, ""
		wantCode(t, st.SavePartnership(ctx, &noStandard), domain.EINVALID, "standard")

		student := f.student(t, 1, "Серикова", "Алия")
		if err := st.CreateStudent(ctx, &student); err != nil {
			t.Fatal(err)
		}
		out := domain.Mobility{CollegeID: f.college.ID, Direction: domain.MobilityOutgoing, Participant: domain.ParticipantStudent,
			StudentID: student.ID, Country: "RU", PartnerID: orenburg.ID, StartsOn: date("2026-10-01"), EndsOn: date("2026-12-20"),
			Funding: domain.FundingPartner}
		if err := st.SaveMobility(ctx, &out); err != nil {
			t.Fatal(err)
		}
		if out.PersonName != "Серикова Алия" || out.Host != "Оренбургский колледж экономики и информатики" {
			t.Fatalf("outgoing mobility: %+v", out)
		}
		in := domain.Mobility{CollegeID: f.college.ID, Direction: domain.MobilityIncoming, Participant: domain.ParticipantTeacher,
			PersonName: "Jürgen Weber", Country: "DE", PartnerID: festo.ID, StartsOn: date("2026-11-02"), EndsOn: date("2026-11-13"),
			Funding: domain.FundingGrant, Outcome: domain.OutcomeCompleted}
		if err := st.SaveMobility(ctx, &in); err != nil {
			t.Fatal(err)
		}
		wrongCountry := in
		wrongCountry.ID, wrongCountry.Country = 0, "AT"
		wantCode(t, st.SaveMobility(ctx, &wrongCountry), domain.EINVALID, "country")
		stranger := out
		stranger.ID, stranger.StudentID = 0, 999999
		wantCode(t, st.SaveMobility(ctx, &stranger), domain.EINVALID, "student_id")

		specialist := domain.ForeignSpecialist{CollegeID: f.college.ID, FullName: "Li Wei", Country: "cn", Role: domain.SpecialistManager,
			Position: "Заместитель директора по международному сотрудничеству", StartsOn: date("2026-02-01")}
		if err := st.SaveForeignSpecialist(ctx, &specialist); err != nil {
			t.Fatal(err)
		}

		fig, err := st.InternationalFigures(ctx, domain.CollegeScope{})
		if err != nil {
			t.Fatal(err)
		}
		if fig.CollegesWithPartners != 1 || fig.PartnerCountries != 1 || fig.CollegesWithRussia != 1 || fig.Agreements != 1 ||
			fig.Specialists != 1 || fig.ForeignManagers != 1 {
			t.Fatalf("figures: %+v", fig)
		}
		people := map[string]int{}
		for _, m := range fig.Mobility {
			people[string(m.Direction)+"/"+string(m.Participant)] = m.People
		}
		if people["outgoing/student"] != 1 || people["incoming/teacher"] != 1 || people["outgoing/teacher"] != 0 {
			t.Fatalf("mobility: %+v", fig.Mobility)
		}
		if len(fig.ByCountry) != 2 || fig.ByCountry[0].Country != "DE" || fig.ByCountry[0].Incoming != 1 || fig.ByCountry[1].Outgoing != 1 {
			t.Fatalf("mobility by country: %+v", fig.ByCountry)
		}
		if len(fig.Regions) != 1 || fig.Regions[0].CollegesWithRussia != 1 || fig.Regions[0].Outgoing != 1 {
			t.Fatalf("regions: %+v", fig.Regions)
		}

		// The agreement in negotiation comes into force once signed.
		talks.Status, talks.SignedOn, talks.StartsOn = domain.PartnershipActive, date("2026-11-20"), date("2026-11-20")
		if err := st.SavePartnership(ctx, &talks); err != nil {
			t.Fatal(err)
		}
		fig, err = st.InternationalFigures(ctx, domain.CollegeScope{CollegeID: f.college.ID})
		if err != nil || fig.PartnerCountries != 2 || fig.Partners != 2 || fig.CollegesWithPartners != 1 || fig.Regions != nil {
			t.Fatalf("after signing: %+v, %v", fig, err)
		}

		cb, err := st.CrossBorder(ctx, domain.CollegeScope{RegionID: 75})
		if err != nil {
			t.Fatal(err)
		}
		if len(cb.RURegions) != 12 || cb.RURegions[0].ISO != "RU-VGG" || cb.Colleges != 1 || len(cb.Agreements) != 1 {
			t.Fatalf("cross-border: %d regions (first %+v), %d colleges, %d agreements", len(cb.RURegions), cb.RURegions[0], cb.Colleges, len(cb.Agreements))
		}
		if len(cb.Cells) != 1 || cb.Cells[0].RegionID != 75 || cb.Cells[0].RURegion != "RU-ORE" || cb.Cells[0].Agreements != 1 ||
			cb.Cells[0].Outgoing != 1 || cb.Cells[0].Region.RU != "г. Алматы" {
			t.Fatalf("cells: %+v", cb.Cells)
		}
		if len(cb.Totals) != 13 {
			t.Fatalf("totals: %+v", cb.Totals)
		}
		for _, tot := range cb.Totals {
			if (tot.RURegion == "RU-ORE") != (tot.Agreements == 1) {
				t.Fatalf("totals: %+v", cb.Totals)
			}
		}

		list, err := st.Partnerships(ctx, domain.PartnershipFilter{Country: "ru"})
		if err != nil || list.Total != 1 || list.Items[0].Partner.RURegion != "RU-ORE" {
			t.Fatalf("agreements with Russia: %+v, %v", list, err)
		}
		mob, err := st.Mobilities(ctx, domain.MobilityFilter{RegionID: 75, Direction: domain.MobilityOutgoing})
		if err != nil || mob.Total != 1 || mob.Items[0].RURegion != "RU-ORE" {
			t.Fatalf("outgoing: %+v, %v", mob, err)
		}
		partners, err := st.Partners(ctx, domain.PartnerFilter{Query: "оренб"})
		if err != nil || partners.Total != 1 || partners.Items[0].Colleges != 1 {
			t.Fatalf("partners: %+v, %v", partners, err)
		}
		for _, kind := range []string{"partner", "partnership", "mobility", "foreign_specialist"} {
			audit, err := st.Audit(ctx, domain.AuditFilter{RecordType: kind})
			if err != nil || audit.Total == 0 {
				t.Fatalf("%s not audited: %v", kind, err)
			}
		}
	})
}
