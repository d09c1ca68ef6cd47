package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dualtrack/dualtrack/internal/app"
	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/store"
)

var benchCommand = command{
	name:    "bench",
	summary: "measure the product under load: bench logbook, bench read",
	run:     runBench,
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(stderr, "Usage: dualtrack bench logbook|read [flags]\n\nRun 'dualtrack bench logbook --help' or 'dualtrack bench read --help' for their flags.")
		return flag.ErrHelp
	}
	switch {
	case len(args) > 0 && args[0] == "logbook":
		return benchLogbook(ctx, args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "read":
		return benchRead(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintln(stderr, "Usage: dualtrack bench logbook|read [flags]")
	return errUsage
}

// benchLogbook measures the write path people use most: students write and
// submit weekly entries and mentors sign them, from many clients at once,
// over HTTP on loopback through the JSON API, against a fresh database. It
// then counts the rows to prove that no write was lost.
func benchLogbook(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench logbook", "bench logbook [--db EMPTY-DB] [--clients N] [--duration D] [--students N]\n\n"+
		"Load test of the weekly logbook: students write and submit entries and mentors sign them,\n"+
		"over HTTP on 127.0.0.1, against a fresh database the command fills itself.", stderr)
	db := fs.String("db", "", "database: an empty SQLite file path or a postgres:// URL of an empty database (default: a new SQLite file in a temporary folder)")
	clients := fs.Int("clients", 200, "concurrent clients")
	duration := fs.Duration("duration", 30*time.Second, "how long to send requests")
	students := fs.Int("students", 2000, "students with an active agreement (ten per mentor)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *clients < 1 || *students < *clients || *duration <= 0 {
		return fmt.Errorf("need clients ≥ 1, students ≥ clients and a positive duration")
	}
	dsn := *db
	if dsn == "" {
		dir, err := os.MkdirTemp("", "dualtrack-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "bench.db")
	}
	st, err := openMigrated(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()

	fmt.Fprintf(stdout, "filling %s with %d students and %d mentors…\n", redact(dsn), *students, (*students+9)/10)
	fx, err := seedLogbookBench(ctx, st, *students)
	if err != nil {
		return err
	}

	handler, err := app.Handler(st, app.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/api/v1"

	fmt.Fprintf(stdout, "%d clients for %s on %s…\n", *clients, *duration, base)
	res := runLogbookLoad(ctx, base, fx, *clients, *duration)

	// Every acknowledged write must be in the database, and nothing else.
	entries, err := st.Entries(ctx, domain.EntryFilter{Page: domain.Page{Size: 1}})
	if err != nil {
		return err
	}
	signed, err := st.Entries(ctx, domain.EntryFilter{Status: domain.EntrySigned, Page: domain.Page{Size: 1}})
	if err != nil {
		return err
	}
	res.report(stdout)
	fmt.Fprintf(stdout, "rows: %d entries (acknowledged %d), %d signed (acknowledged %d)\n",
		entries.Total, res.created.Load(), signed.Total, res.signed.Load())
	switch {
	case res.errors.Load() > 0:
		return fmt.Errorf("%d requests failed; first: %v", res.errors.Load(), res.firstError())
	case int64(entries.Total) != res.created.Load() || int64(signed.Total) != res.signed.Load():
		return errors.New("the database does not hold exactly the acknowledged writes")
	}
	return nil
}

// benchTrainee is one student of the load: their token, their mentor's
// token, and the next week to write.
type benchTrainee struct {
	token, mentorToken string
	week               time.Time
	mu                 sync.Mutex
}

// nextWeek hands out the trainee's weeks oldest first; false when every week
// up to the current one is written.
func (t *benchTrainee) nextWeek(now time.Time) (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := t.week
	if w.After(domain.WeekStart(now)) {
		return w, false
	}
	t.week = w.AddDate(0, 0, 7)
	return w, true
}

// seedLogbookBench fills an empty database with one college, one
// enterprise, a dual programme, students each with an active agreement
// that began two years ago (so there are about a hundred weeks to write per
// student), mentors of ten students each, and API tokens for all of them.
func seedLogbookBench(ctx context.Context, st *store.Store, students int) ([]*benchTrainee, error) {
	ctx = domain.WithActor(ctx, domain.Actor{Via: "cli"})
	counts, err := st.Counts(ctx)
	if err != nil {
		return nil, err
	}
	if counts.Colleges > 0 {
		return nil, errors.New("the database is not empty: the load test fills a fresh one")
	}
	quals, err := st.Qualifications(ctx, "")
	if err != nil || len(quals) == 0 {
		return nil, fmt.Errorf("no qualifications in the classifier: %v", err)
	}
	qual := quals[0]
	bin := func(first11 string) string { s, _ := domain.CompleteIdentifier(first11); return s }
	college := domain.College{ID: 1, BIN: bin("99034000101"), RegionID: 75, CityID: 1, Ownership: domain.OwnershipState,
		Name: domain.Names{KK: "Жүктеме колледжі", RU: "Нагрузочный колледж", EN: "Load College"}, Address: "Алматы"}
	enterprise := domain.Enterprise{ID: 1, BIN: bin("05044000777"), RegionID: 75, CityID: 1, Industry: "C", Employees: 5000,
		Name: domain.Names{KK: "«Жүктеме» ЖШС", RU: "ТОО «Нагрузка»", EN: "Load LLP"}}
	programme := domain.Programme{ID: 1, CollegeID: 1, SpecialtyCode: qual.SpecialtyCode, QualificationCode: qual.Code,
		DurationMonths: 34, Dual: true, HoursTotal: 4000, HoursPractice: 2000, HoursEnterprise: 1400}
	group := domain.Group{ID: 1, CollegeID: 1, ProgrammeID: 1, Code: "НГ-24-1", IntakeYear: 2024, Language: domain.InstructionRussian}
	if err := firstError(
		func() error { return st.InsertColleges(ctx, []domain.College{college}) },
		func() error { return st.InsertEnterprises(ctx, []domain.Enterprise{enterprise}) },
		func() error { return st.InsertProgrammes(ctx, []domain.Programme{programme}) },
		func() error { return st.InsertGroups(ctx, []domain.Group{group}) },
	); err != nil {
		return nil, err
	}

	hash, err := auth.HashPassword("Bench-" + strconv.FormatInt(time.Now().UnixNano(), 36))
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	start := domain.WeekStart(now).AddDate(-2, 0, 0)
	start = domain.WeekStart(start)
	var rows []domain.Student
	serial := 0
	for i := range students {
		// Some serials have no valid check digit; take the next one.
		var iin string
		for ok := false; !ok; {
			serial++
			iin, ok = domain.CompleteIdentifier(fmt.Sprintf("050101%d%04d", 5+i%2, serial))
		}
		rows = append(rows, domain.Student{ID: int64(i + 1), IIN: iin,
			Name:      domain.PersonName{Last: "Студент", First: strconv.Itoa(i + 1)},
			BirthDate: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC),
			CollegeID: 1, GroupID: 1, ProgrammeID: 1, Funding: domain.FundingState, Status: domain.StatusStudying,
			EnrolledOn: time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC), EnterpriseID: 1})
	}
	if err := st.InsertStudents(ctx, rows); err != nil {
		return nil, err
	}

	token := func(u *domain.User) (string, error) {
		u.PasswordHash = hash
		if err := st.CreateUser(ctx, u); err != nil {
			return "", err
		}
		secret, t, err := auth.NewToken(u.ID, "bench")
		if err != nil {
			return "", err
		}
		return secret, st.CreateToken(ctx, &t)
	}
	var mentors []domain.Mentor
	var mentorTokens []string
	for m := 0; m*10 < students; m++ {
		u := domain.User{Login: fmt.Sprintf("bench-mentor-%d", m+1), Name: fmt.Sprintf("Наставник %d", m+1),
			Role: domain.RoleMentor, EnterpriseID: 1}
		secret, err := token(&u)
		if err != nil {
			return nil, err
		}
		mentors = append(mentors, domain.Mentor{ID: int64(m + 1), EnterpriseID: 1, UserID: u.ID, Name: u.Name,
			Position: "Мастер", Qualification: "Инженер", ExperienceYears: 10, PayPerTrainee: 7000})
		mentorTokens = append(mentorTokens, secret)
	}
	if err := st.InsertMentors(ctx, mentors); err != nil {
		return nil, err
	}
	trainees := make([]*benchTrainee, students)
	var agreements []domain.Agreement
	for i := range students {
		u := domain.User{Login: fmt.Sprintf("bench-student-%d", i+1), Name: rows[i].Name.Full(),
			Role: domain.RoleStudent, CollegeID: 1, StudentID: rows[i].ID}
		secret, err := token(&u)
		if err != nil {
			return nil, err
		}
		trainees[i] = &benchTrainee{token: secret, mentorToken: mentorTokens[i/10], week: start}
		signedAt := start.AddDate(0, 0, -3)
		a := domain.Agreement{ID: int64(i + 1), StudentID: rows[i].ID, CollegeID: 1, EnterpriseID: 1, MentorID: int64(i/10 + 1),
			StudentBirth: rows[i].BirthDate, Position: "Оператор", StartsOn: start, EndsOn: start.AddDate(3, 0, 0), Weekdays: 0b0000111, HoursPerWeek: 24,
			StipendTenge: 50000, MentorPay: 7000, Status: domain.AgreementActive, Version: 1, ActiveOn: signedAt,
			CreatedAt: signedAt, UpdatedAt: signedAt}
		for _, p := range []domain.Party{domain.PartyCollege, domain.PartyEnterprise, domain.PartyStudent} {
			a.Approvals = append(a.Approvals, domain.Approval{Party: p, Version: 1, Name: "bench", At: signedAt})
		}
		agreements = append(agreements, a)
	}
	if err := st.InsertAgreements(ctx, agreements); err != nil {
		return nil, err
	}
	return trainees, st.FinishLoad(ctx)
}

func firstError(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// loadResult gathers the load's outcome from every client.
type loadResult struct {
	elapsed                 time.Duration
	created, signed, errors atomic.Int64
	mu                      sync.Mutex
	latency                 map[string][]time.Duration // by request kind
	first                   error
}

func (r *loadResult) firstError() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.first
}

func (r *loadResult) fail(err error) {
	r.errors.Add(1)
	r.mu.Lock()
	if r.first == nil {
		r.first = err
	}
	r.mu.Unlock()
}

func (r *loadResult) report(w io.Writer) {
	var all []time.Duration
	kinds := make([]string, 0, len(r.latency))
	for k, l := range r.latency {
		kinds = append(kinds, k)
		all = append(all, l...)
	}
	slices.Sort(kinds)
	line := func(name string, l []time.Duration) {
		slices.Sort(l)
		q := func(p float64) time.Duration {
			if len(l) == 0 {
				return 0
			}
			return l[min(len(l)-1, int(p*float64(len(l))))].Round(100 * time.Microsecond)
		}
		fmt.Fprintf(w, "  %-8s %7d requests %8.0f/s   p50 %-9v p99 %-9v max %v\n", name, len(l),
			float64(len(l))/r.elapsed.Seconds(), q(0.50), q(0.99), q(1))
	}
	fmt.Fprintf(w, "%s: %d requests, %d errors, %.0f requests/s, %.0f entries signed/s\n", r.elapsed.Round(time.Millisecond),
		len(all), r.errors.Load(), float64(len(all))/r.elapsed.Seconds(), float64(r.signed.Load())/r.elapsed.Seconds())
	for _, k := range kinds {
		line(k, r.latency[k])
	}
	line("all", all)
}

// runLogbookLoad runs the clients: each owns every clients-th student and,
// round-robin over them, writes a week's entry, submits it, and has the
// mentor sign it — three writes as three people would make them.
func runLogbookLoad(ctx context.Context, base string, trainees []*benchTrainee, clients int, d time.Duration) *loadResult {
	httpc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	res := &loadResult{latency: map[string][]time.Duration{}}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	started := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := map[string][]time.Duration{}
			call := func(kind, method, path, token string, body any) (int64, bool) {
				var buf bytes.Buffer
				if body != nil {
					json.NewEncoder(&buf).Encode(body)
				}
				req, _ := http.NewRequest(method, base+path, &buf)
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := httpc.Do(req)
				if err != nil {
					res.fail(err)
					return 0, false
				}
				var out struct {
					ID int64 `json:"id"`
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				lat[kind] = append(lat[kind], time.Since(t0))
				if resp.StatusCode >= 300 {
					res.fail(fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b))
					return 0, false
				}
				json.Unmarshal(b, &out)
				return out.ID, true
			}
			for i := c; ctx.Err() == nil; i += clients {
				t := trainees[i%len(trainees)]
				week, ok := t.nextWeek(time.Now().UTC())
				if !ok {
					continue
				}
				id, ok := call("write", "POST", "/logbook", t.token, map[string]any{
					"week_start": week.Format(time.DateOnly), "days": "123", "hours": 24, "tasks": "сборка, контроль качества"})
				if !ok {
					continue
				}
				res.created.Add(1)
				path := "/logbook/" + strconv.FormatInt(id, 10)
				if _, ok := call("submit", "POST", path+"/submit", t.token, nil); !ok {
					continue
				}
				if _, ok := call("sign", "POST", path+"/sign", t.mentorToken, nil); ok {
					res.signed.Add(1)
				}
			}
			res.mu.Lock()
			for k, l := range lat {
				res.latency[k] = append(res.latency[k], l...)
			}
			res.mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(started)
	return res
}
