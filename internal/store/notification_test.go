package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// inbox is a person's notifications shown in the product, newest first.
func inbox(t *testing.T, st *store.Store, u domain.User) []domain.Notification {
	t.Helper()
	list, err := st.Notifications(context.Background(), domain.NotificationFilter{UserID: u.ID, Page: domain.Page{Size: 100}})
	if err != nil {
		t.Fatal(err)
	}
	return list.Items
}

func raise(t *testing.T, st *store.Store, now time.Time) domain.RaiseResult {
	t.Helper()
	res, err := st.RaiseNotifications(context.Background(), domain.DefaultNotificationRules, now)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestNotificationSweepAgreementsAndLogbook raises the notifications of
// agreements awaiting signatures and of entries awaiting the mentor: not
// before the rule's days, to each party that has not signed, once however
// often the sweep runs, and as each person chose (none, or by e-mail only).
func TestNotificationSweepAgreementsAndLogbook(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		aigerim, aigerimUser := tr.newStudent(t, "Серікова", "Айгерім")
		a := tr.draft(t, aigerim, tr.terms())
		mustDo(t, st.SendForSignature(ctx, a.ID))
		sent := tr.now
		tr.approve(t, a.ID, domain.PartyCollege, tr.coordinator)

		if res := raise(t, st, sent.AddDate(0, 0, 2)); res.Total() != 0 {
			t.Fatalf("two days after sending, before the rule's three: %v", res)
		}
		// Dana wants none of these; Marat only by e-mail.
		dana, danaUser := tr.newStudent(t, "Ахметова", "Дана")
		marat, maratUser := tr.newStudent(t, "Ким", "Марат")
		none := domain.DefaultNotificationPrefs(danaUser.ID, "ru")
		none.Kinds[0] = domain.ChannelChoice{Kind: domain.NotifyAgreementAwaiting}
		mustDo(t, st.SaveNotificationPrefs(testkit.As(danaUser), &none))
		mailOnly := domain.DefaultNotificationPrefs(maratUser.ID, "kk")
		mailOnly.Email = "marat@example.kz"
		mailOnly.Kinds[0] = domain.ChannelChoice{Kind: domain.NotifyAgreementAwaiting, Email: true}
		mustDo(t, st.SaveNotificationPrefs(testkit.As(maratUser), &mailOnly))
		for _, s := range []domain.Student{dana, marat} {
			b := tr.draft(t, s, tr.terms())
			mustDo(t, st.SendForSignature(ctx, b.ID))
			tr.approve(t, b.ID, domain.PartyEnterprise, tr.hr)
		}

		later := sent.AddDate(0, 0, 4)
		// Aigerim's agreement: HR and Aigerim (the college signed). Dana's
		// and Marat's: their college and Marat (HR signed, Dana wants none).
		if res := raise(t, st, later); res[domain.NotifyAgreementAwaiting] != 5 || res.Total() != 5 {
			t.Fatalf("four days later: %v, want 5 agreements awaiting", res)
		}
		if res := raise(t, st, later); res.Total() != 0 {
			t.Fatalf("the same sweep again raised %v", res)
		}
		got := inbox(t, st, aigerimUser)
		if len(got) != 1 || got[0].Kind != domain.NotifyAgreementAwaiting || got[0].Link != "/agreements/"+itoa(a.ID) ||
			got[0].Params["student"] != "Серікова Айгерім" || got[0].Params["since_on"] != "2026-08-20" || got[0].Read() {
			t.Fatalf("Aigerim's notifications: %+v", got)
		}
		if got := inbox(t, st, tr.coordinator); len(got) != 2 {
			t.Fatalf("the coordinator, who signed Aigerim's agreement only, has %d notifications", len(got))
		}
		if got := inbox(t, st, danaUser); len(got) != 0 {
			t.Fatalf("Dana chose none and has %+v", got)
		}
		if got := inbox(t, st, maratUser); len(got) != 0 {
			t.Fatalf("Marat chose e-mail only and sees %+v in the product", got)
		}
		if n, err := st.UnreadNotifications(ctx, tr.hr.ID); err != nil || n != 1 {
			t.Fatalf("HR's unread: %d, %v", n, err)
		}

		// A new version asks for the signatures again, once more.
		edited := tr.terms()
		edited.HoursPerWeek = 20
		mustDo(t, st.EditAgreement(testkit.As(tr.coordinator), a.ID, 1, edited.Terms()))
		a, _ = st.Agreement(ctx, a.ID)
		if res := raise(t, st, later.AddDate(0, 0, 4)); res[domain.NotifyAgreementAwaiting] != 3 {
			t.Fatalf("after an edit: %v, want the three parties of version %d", res, a.Version)
		}

		// Only Marat's is e-mailed (nobody else gave an address), once.
		emails, err := st.ClaimEmails(ctx, domain.DefaultNotificationRules, later, 10*time.Minute, 100)
		if err != nil || len(emails) != 1 || emails[0].To != "marat@example.kz" || emails[0].Lang != "kk" ||
			len(emails[0].Notifications) != 1 || emails[0].Notifications[0].Params["student"] != "Ким Марат" {
			t.Fatalf("e-mails to send: %+v, %v", emails, err)
		}
		if again, _ := st.ClaimEmails(ctx, domain.DefaultNotificationRules, later, 10*time.Minute, 100); len(again) != 0 {
			t.Fatalf("claimed twice: %+v", again)
		}
		// Not sent: claimed again after the retry interval, then sent once.
		retry, _ := st.ClaimEmails(ctx, domain.DefaultNotificationRules, later.Add(11*time.Minute), 10*time.Minute, 100)
		if len(retry) != 1 {
			t.Fatalf("a claim that was not sent is tried again: %+v", retry)
		}
		mustDo(t, st.EmailSent(ctx, retry[0], later.Add(12*time.Minute)))
		if after, _ := st.ClaimEmails(ctx, domain.DefaultNotificationRules, later.Add(30*time.Minute), 10*time.Minute, 100); len(after) != 0 {
			t.Fatalf("claimed after it was sent: %+v", after)
		}

		// The logbook: an entry submitted waits for the mentor.
		bota, botaUser := tr.newStudent(t, "Нұрланова", "Бота")
		tr.activate(t, bota, botaUser, tr.terms())
		tr.now = ymd(2026, 9, 12).Add(10 * time.Hour)
		e := tr.submittedWeek(t, bota, ymd(2026, 9, 7), 24)
		if res := raise(t, st, tr.now.AddDate(0, 0, 1)); res[domain.NotifyLogbookWaiting] != 0 {
			t.Fatalf("a day after submission: %v", res)
		}
		res := raise(t, st, tr.now.AddDate(0, 0, 3))
		got = inbox(t, st, tr.mentorUser)
		if res[domain.NotifyLogbookWaiting] != 1 || len(got) != 1 || got[0].Link != "/logbook/"+itoa(e.ID) ||
			got[0].Params["week_on"] != "2026-09-07" || got[0].Params["student"] != "Нұрланова Бота" {
			t.Fatalf("the mentor after three days: %v, %+v", res, got)
		}
	})
}

// TestNotificationsReadAndPrefs marks notifications read — one's own
// only — and keeps a person's choices with their audit entries.
func TestNotificationsReadAndPrefs(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		tr := newTraining(t, st)
		s, su := tr.newStudent(t, "Серікова", "Айгерім")
		a := tr.draft(t, s, tr.terms())
		mustDo(t, st.SendForSignature(ctx, a.ID))
		raise(t, st, tr.now.AddDate(0, 0, 5))
		mine := inbox(t, st, su)
		theirs := inbox(t, st, tr.hr)
		if len(mine) != 1 || len(theirs) != 1 {
			t.Fatalf("notifications: %d and %d", len(mine), len(theirs))
		}
		wantCode(t, st.MarkNotificationRead(ctx, su.ID, theirs[0].ID), domain.ENOTFOUND, "")
		mustDo(t, st.MarkNotificationRead(ctx, su.ID, mine[0].ID), st.MarkNotificationRead(ctx, su.ID, mine[0].ID))
		if got := inbox(t, st, su); !got[0].Read() {
			t.Fatalf("marked read: %+v", got[0])
		}
		if got := inbox(t, st, tr.hr); got[0].Read() {
			t.Fatal("someone else's notification was marked read")
		}
		if n, err := st.MarkAllNotificationsRead(ctx, tr.hr.ID); err != nil || n != 1 {
			t.Fatalf("mark all: %d, %v", n, err)
		}
		if n, _ := st.UnreadNotifications(ctx, tr.hr.ID); n != 0 {
			t.Fatalf("unread after mark all: %d", n)
		}

		p, err := st.NotificationPrefs(ctx, su.ID, "ru")
		if err != nil || p.Lang != "ru" || p.Email != "" || len(p.Kinds) != len(domain.NotificationKinds) || !p.Kinds[0].InApp || !p.Kinds[0].Email {
			t.Fatalf("defaults: %+v, %v", p, err)
		}
		bad := p
		bad.Email = "Айгерім <a@example.kz>"
		wantCode(t, st.SaveNotificationPrefs(testkit.As(su), &bad), domain.EINVALID, "email")
		bad = p
		bad.Lang = "de"
		wantCode(t, st.SaveNotificationPrefs(testkit.As(su), &bad), domain.EINVALID, "lang")
		p.Email, p.Lang = "aigerim@example.kz", "kk"
		p.Kinds = []domain.ChannelChoice{{Kind: domain.NotifyRoundClosing, InApp: true}}
		mustDo(t, st.SaveNotificationPrefs(testkit.As(su), &p))
		got, _ := st.NotificationPrefs(ctx, su.ID, "ru")
		if got.Email != "aigerim@example.kz" || got.Lang != "kk" || got.Choice(domain.NotifyRoundClosing).Email ||
			!got.Choice(domain.NotifyAgreementAwaiting).Email || len(got.Kinds) != len(domain.NotificationKinds) {
			t.Fatalf("saved: %+v", got)
		}
		log, err := st.Audit(ctx, domain.AuditFilter{RecordType: "notification_prefs"})
		if err != nil || log.Total != 1 || log.Items[0].Login != su.Login || log.Items[0].RecordID != itoa(su.ID) {
			t.Fatalf("audit of the choices: %+v, %v", log, err)
		}
	})
}

// TestNotificationSweepRoundsAndObligations raises a round's opening to
// its students and enterprises, its closing to its students within the
// rule's days of the deadline, and an obligation's change to the college
// and the employer.
func TestNotificationSweepRoundsAndObligations(t *testing.T) {
	testkit.EachDatabase(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newRoundWorld(t, st)
		ainur := testkit.NewUser(t, st, domain.User{Login: "ainur", Role: domain.RoleStudent, CollegeID: w.f.college.ID,
			StudentID: w.students["ainur"].ID})
		hr := testkit.NewUser(t, st, domain.User{Login: "hr.office", Role: domain.RoleEnterprise, EnterpriseID: w.f.enterprise.ID})
		coordinator := testkit.NewUser(t, st, domain.User{Login: "coordinator", Role: domain.RoleCollege, CollegeID: w.f.college.ID})
		r := w.round(75)
		w.open(t, &r)
		res := raise(t, st, w.now.Add(time.Hour))
		if res[domain.NotifyRoundOpened] != 2 || res[domain.NotifyRoundClosing] != 0 {
			t.Fatalf("after the opening: %v, want Ainur and HR", res)
		}
		got := inbox(t, st, ainur)
		if len(got) != 1 || got[0].Params["round"] != "Весенний тур 2026" || got[0].Params["deadline_on"] != "2026-03-16" ||
			got[0].Link != "/rounds/"+itoa(r.ID) {
			t.Fatalf("Ainur's: %+v", got)
		}
		if res := raise(t, st, r.Deadline.AddDate(0, 0, -3)); res.Total() != 0 {
			t.Fatalf("three days before the deadline: %v", res)
		}
		if res := raise(t, st, r.Deadline.AddDate(0, 0, -1)); res[domain.NotifyRoundClosing] != 1 || res.Total() != 1 {
			t.Fatalf("a day before the deadline: %v", res)
		}
		if res := raise(t, st, r.Deadline.Add(-time.Hour)); res.Total() != 0 {
			t.Fatalf("again: %v", res)
		}

		// The targeted student's contract is cancelled: its college and
		// employer are told.
		contracts, err := st.TargetedContracts(ctx, domain.ContractFilter{StudentID: w.students["targeted"].ID})
		if err != nil || len(contracts.Items) != 1 {
			t.Fatalf("contracts: %+v, %v", contracts, err)
		}
		c := contracts.Items[0]
		_, err = st.MoveObligation(testkit.As(coordinator), c.ID, domain.ObligationMove{To: domain.ObligationCancelled, On: w.now,
			Note: "Отчислена по собственному желанию"})
		mustDo(t, err)
		res = raise(t, st, w.now.Add(2*time.Hour))
		if res[domain.NotifyObligationMilestone] != 2 {
			t.Fatalf("after the cancellation: %v", res)
		}
		got = inbox(t, st, hr)
		if len(got) != 2 || got[0].Kind != domain.NotifyObligationMilestone || got[0].Params["state"] != "cancelled" ||
			got[0].Params["variant"] != "change_final" || got[0].Params["number"] != "ЦП-2023/7" {
			t.Fatalf("HR's: %+v", got)
		}
	})
}
