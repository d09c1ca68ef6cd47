package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

var _ domain.TeacherDevelopmentService = (*Store)(nil)

// Teachers' qualification (migration 00013). A teacher's profile keeps the
// end of the latest course and of the latest internship, rewritten in the
// transaction of every course and internship recorded, so that the states
// of the rule (domain.DevelopmentCutoffs) and the internship share are
// comparisons of dates on both databases.

// QualificationCategories returns the scheme in the order of rank.
func (s *Store) QualificationCategories(ctx context.Context) ([]domain.QualificationCategory, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT code, position, name_kk, name_ru, name_en, retired, updated_at
		FROM qualification_categories ORDER BY position, code`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanCategory)
}

func scanCategory(r interface{ Scan(...any) error }) (domain.QualificationCategory, error) {
	var c domain.QualificationCategory
	err := r.Scan(&c.Code, &c.Position, &c.Name.KK, &c.Name.RU, &c.Name.EN, &c.Retired, timeScanner{&c.UpdatedAt})
	return c, err
}

// SaveQualificationCategory adds (create) or changes a category, audited.
// EINVALID for bad input; ECONFLICT (error.category.taken) for a code
// taken; ENOTFOUND for a change of an unknown code.
func (s *Store) SaveQualificationCategory(ctx context.Context, c *domain.QualificationCategory, create bool) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := scanCategory(tx.QueryRowContext(ctx, `SELECT code, position, name_kk, name_ru, name_en, retired, updated_at
			FROM qualification_categories WHERE code = $1`, c.Code))
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		c.UpdatedAt = s.Now().UTC()
		switch {
		case create && found:
			return &domain.Error{Code: domain.ECONFLICT, Key: "error.category.taken", Field: "code", Message: "the code is taken"}
		case !create && !found:
			return domain.NotFound("qualification_category")
		case create:
			if _, err := tx.ExecContext(ctx, `INSERT INTO qualification_categories (code, position, name_kk, name_ru, name_en, retired, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.Code, c.Position, c.Name.KK, c.Name.RU, c.Name.EN, c.Retired, timeParam(c.UpdatedAt)); err != nil {
				return err
			}
			return s.audit(ctx, tx, change{action: "create", recordType: "qualification_category", recordID: c.Code, after: c})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE qualification_categories SET position = $2, name_kk = $3, name_ru = $4, name_en = $5,
			retired = $6, updated_at = $7 WHERE code = $1`, c.Code, c.Position, c.Name.KK, c.Name.RU, c.Name.EN, c.Retired,
			timeParam(c.UpdatedAt)); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "qualification_category", recordID: c.Code, before: before, after: c})
	})
}

const teacherPolicyQuery = `SELECT development_years, due_soon_days, internship_years FROM teacher_policy WHERE id = 1`

func teacherPolicy(row *sql.Row) (domain.TeacherPolicy, error) {
	var p domain.TeacherPolicy
	err := row.Scan(&p.DevelopmentYears, &p.DueSoonDays, &p.InternshipYears)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DefaultTeacherPolicy, nil
	}
	return p, err
}

// TeacherPolicy returns the policy in force: the stored row or the shipped
// defaults.
func (s *Store) TeacherPolicy(ctx context.Context) (domain.TeacherPolicy, error) {
	return teacherPolicy(s.read.QueryRowContext(ctx, teacherPolicyQuery))
}

// UpdateTeacherPolicy validates and stores the policy, audited; EINVALID
// names the setting out of range.
func (s *Store) UpdateTeacherPolicy(ctx context.Context, p domain.TeacherPolicy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		before, err := teacherPolicy(tx.QueryRowContext(ctx, teacherPolicyQuery))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO teacher_policy (id, development_years, due_soon_days, internship_years, updated_at) VALUES (1, $1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET development_years = excluded.development_years, due_soon_days = excluded.due_soon_days,
				internship_years = excluded.internship_years, updated_at = excluded.updated_at`,
			p.DevelopmentYears, p.DueSoonDays, p.InternshipYears, timeParam(s.Now())); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "teacher_policy", recordID: 1, before: before, after: p})
	})
}

const standingColumns = `t.id, t.last_name, t.first_name, t.middle_name, t.position, t.college_id, c.name_kk, c.name_ru, c.name_en,
	t.hired_on, COALESCE(p.category, ''), COALESCE(q.name_kk, ''), COALESCE(q.name_ru, ''), COALESCE(q.name_en, ''),
	COALESCE(p.subjects, ''), p.developed_on, p.internship_on`

const standingFrom = ` FROM teachers t JOIN colleges c ON c.id = t.college_id
	LEFT JOIN teacher_profiles p ON p.teacher_id = t.id LEFT JOIN qualification_categories q ON q.code = p.category`

// standingBase is the day the rule counts from (domain.TeacherStanding.Base).
const standingBase = `COALESCE(p.developed_on, t.hired_on)`

func scanStanding(r interface{ Scan(...any) error }) (domain.TeacherStanding, error) {
	var t domain.TeacherStanding
	var subjects string
	var developed, internship sql.NullString
	err := r.Scan(&t.TeacherID, &t.Name.Last, &t.Name.First, &t.Name.Middle, &t.Position, &t.CollegeID, &t.College.KK, &t.College.RU,
		&t.College.EN, timeScanner{&t.HiredOn}, &t.Category, &t.CategoryName.KK, &t.CategoryName.RU, &t.CategoryName.EN, &subjects,
		dateText{&developed}, dateText{&internship})
	t.Subjects = splitSubjects(subjects)
	t.DevelopedOn, t.InternshipOn = parseDay(developed), parseDay(internship)
	return t, err
}

// parseDay reads a date kept as text (dateText), the zero time for NULL.
func parseDay(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(time.DateOnly, s.String[:min(len(s.String), 10)])
	return t
}

func splitSubjects(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// standingWhere is the condition of a list of standings on day under p.
func standingWhere(f domain.StandingFilter, day time.Time, p domain.TeacherPolicy) *where {
	w := &where{}
	addNameQuery(w, "t", f.Query)
	if f.RegionID != 0 {
		w.add("c.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("t.college_id = ?", f.CollegeID)
	}
	if f.TeacherID != 0 {
		w.add("t.id = ?", f.TeacherID)
	}
	switch f.Category {
	case "":
	case domain.NoCategory:
		w.add("p.category IS NULL")
	default:
		w.add("p.category = ?", f.Category)
	}
	overdue, soon := domain.DevelopmentCutoffs(day, p)
	switch f.State {
	case domain.DevelopmentOverdue:
		w.add(standingBase+" < ?", dateParam(overdue))
	case domain.DevelopmentDueSoon:
		w.add(standingBase+" >= ? AND "+standingBase+" <= ?", dateParam(overdue), dateParam(soon))
	case domain.DevelopmentCurrent:
		w.add(standingBase+" > ?", dateParam(soon))
	}
	return w
}

var standingOrders = map[string]string{
	domain.SortName: ` ORDER BY t.search_key, t.id`,
	"due_on":        ` ORDER BY ` + standingBase + `, t.search_key, t.id`,
	"-category":     ` ORDER BY COALESCE(q.position, 0) DESC, t.search_key, t.id`,
}

// Standings returns a page of teachers with their category and where their
// professional development stands today.
func (s *Store) Standings(ctx context.Context, f domain.StandingFilter) (domain.List[domain.TeacherStanding], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.TeacherStanding]{}, err
	}
	p, err := s.TeacherPolicy(ctx)
	if err != nil {
		return domain.List[domain.TeacherStanding]{}, err
	}
	day := s.today()
	w := standingWhere(f, day, p)
	list := domain.List[domain.TeacherStanding]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*)`+standingFrom+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+standingColumns+standingFrom+w.sql()+standingOrders[f.Sort]+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanStanding)
	for i := range list.Items {
		list.Items[i].Settle(day, p)
	}
	return list, err
}

// TeacherDevelopment returns one teacher's standing today with the courses
// and internships, newest first; ENOTFOUND for an unknown teacher.
func (s *Store) TeacherDevelopment(ctx context.Context, teacherID int64) (domain.TeacherDevelopment, error) {
	var d domain.TeacherDevelopment
	p, err := s.TeacherPolicy(ctx)
	if err != nil {
		return d, err
	}
	d.TeacherStanding, err = scanStanding(s.read.QueryRowContext(ctx, `SELECT `+standingColumns+standingFrom+` WHERE t.id = $1`, teacherID))
	if err != nil {
		return d, notFound(err, "teacher")
	}
	d.Settle(s.today(), p)
	rows, err := s.read.QueryContext(ctx, `SELECT id, teacher_id, course, provider, hours, certificate, starts_on, ends_on, created_at
		FROM professional_development WHERE teacher_id = $1 ORDER BY ends_on DESC, id DESC`, teacherID)
	if err != nil {
		return d, err
	}
	if d.Courses, err = collect(rows, scanCourse); err != nil {
		return d, err
	}
	list, err := s.Internships(ctx, domain.InternshipFilter{TeacherID: teacherID, Page: domain.Page{Size: domain.MaxPageSize}})
	d.Internships = list.Items
	return d, err
}

func scanCourse(r interface{ Scan(...any) error }) (domain.Course, error) {
	var c domain.Course
	err := r.Scan(&c.ID, &c.TeacherID, &c.Course, &c.Provider, &c.Hours, &c.Certificate, timeScanner{&c.StartsOn}, timeScanner{&c.EndsOn},
		timeScanner{&c.CreatedAt})
	return c, err
}

// teacherPlace returns a teacher's college and region, for the audit log;
// ENOTFOUND for an unknown teacher.
func teacherPlace(ctx context.Context, q rowQuerier, teacherID int64) (college int64, region int, err error) {
	err = q.QueryRowContext(ctx, `SELECT t.college_id, c.region_id FROM teachers t JOIN colleges c ON c.id = t.college_id WHERE t.id = $1`,
		teacherID).Scan(&college, &region)
	return college, region, notFound(err, "teacher")
}

// SaveTeacherProfile sets a teacher's category and subjects, audited.
// EINVALID (error.category.unknown) for an unknown category or a retired
// one the teacher does not hold already; ENOTFOUND for an unknown teacher.
func (s *Store) SaveTeacherProfile(ctx context.Context, p *domain.TeacherProfile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		college, region, err := teacherPlace(ctx, tx, p.TeacherID)
		if err != nil {
			return err
		}
		var before domain.TeacherProfile
		var category sql.NullString
		var subjects string
		err = tx.QueryRowContext(ctx, `SELECT category, subjects FROM teacher_profiles WHERE teacher_id = $1`, p.TeacherID).Scan(&category, &subjects)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		before = domain.TeacherProfile{TeacherID: p.TeacherID, Category: category.String, Subjects: splitSubjects(subjects)}
		if p.Category != "" && p.Category != before.Category {
			var retired bool
			err := tx.QueryRowContext(ctx, `SELECT retired FROM qualification_categories WHERE code = $1`, p.Category).Scan(&retired)
			if errors.Is(err, sql.ErrNoRows) || retired {
				return domain.Invalid("category", "error.category.unknown", "choose a category of the scheme in force")
			}
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO teacher_profiles (teacher_id, category, subjects, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (teacher_id) DO UPDATE SET category = excluded.category, subjects = excluded.subjects, updated_at = excluded.updated_at`,
			p.TeacherID, nullString(p.Category), strings.Join(p.Subjects, "\n"), timeParam(s.Now())); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "update", recordType: "teacher_profile", recordID: p.TeacherID, before: before, after: p,
			regionID: region, collegeID: college})
	})
}

// RecordCourse records a completed course and moves the teacher's due
// date, audited. EINVALID for bad input; ENOTFOUND for an unknown teacher.
func (s *Store) RecordCourse(ctx context.Context, c *domain.Course) error {
	if err := c.Validate(s.today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		college, region, err := teacherPlace(ctx, tx, c.TeacherID)
		if err != nil {
			return err
		}
		c.CreatedAt = s.Now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO professional_development (teacher_id, course, provider, hours, certificate, starts_on,
				ends_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			c.TeacherID, c.Course, c.Provider, c.Hours, c.Certificate, dateParam(c.StartsOn), dateParam(c.EndsOn), timeParam(c.CreatedAt)).
			Scan(&c.ID); err != nil {
			return err
		}
		if err := s.keepLatest(ctx, tx, c.TeacherID, "developed_on", c.EndsOn); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "create", recordType: "course", recordID: c.ID, after: c, regionID: region, collegeID: college})
	})
}

// keepLatest moves the profile's developed_on or internship_on (column) to
// day when day is later.
func (s *Store) keepLatest(ctx context.Context, tx *sql.Tx, teacherID int64, column string, day time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO teacher_profiles (teacher_id, `+column+`, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (teacher_id) DO UPDATE SET `+column+` = CASE WHEN teacher_profiles.`+column+` IS NULL
			OR teacher_profiles.`+column+` < excluded.`+column+` THEN excluded.`+column+` ELSE teacher_profiles.`+column+` END,
			updated_at = excluded.updated_at`, teacherID, dateParam(day), timeParam(s.Now()))
	return err
}

// RecordInternship records a completed industry internship, audited.
// EINVALID for bad input or an unknown enterprise; ENOTFOUND for an
// unknown teacher.
func (s *Store) RecordInternship(ctx context.Context, in *domain.Internship) error {
	if err := in.Validate(s.today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		college, region, err := teacherPlace(ctx, tx, in.TeacherID)
		if err != nil {
			return err
		}
		if err := exists(ctx, tx, `SELECT count(*) FROM enterprises WHERE id = $1`, in.EnterpriseID,
			domain.Invalid("enterprise_id", "error.enterprise.unknown", "unknown enterprise")); err != nil {
			return err
		}
		in.CreatedAt = s.Now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO industry_internships (teacher_id, enterprise_id, hours, starts_on, ends_on, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, in.TeacherID, in.EnterpriseID, in.Hours, dateParam(in.StartsOn),
			dateParam(in.EndsOn), in.Note, timeParam(in.CreatedAt)).Scan(&in.ID); err != nil {
			return err
		}
		if err := s.keepLatest(ctx, tx, in.TeacherID, "internship_on", in.EndsOn); err != nil {
			return err
		}
		in.CollegeID = college
		return s.audit(ctx, tx, change{action: "create", recordType: "internship", recordID: in.ID, after: in, regionID: region, collegeID: college})
	})
}

// Internships returns a page of internships, newest first.
func (s *Store) Internships(ctx context.Context, f domain.InternshipFilter) (domain.List[domain.Internship], error) {
	if err := f.Validate(); err != nil {
		return domain.List[domain.Internship]{}, err
	}
	w := &where{}
	if f.RegionID != 0 {
		w.add("c.region_id = ?", f.RegionID)
	}
	if f.CollegeID != 0 {
		w.add("t.college_id = ?", f.CollegeID)
	}
	if f.TeacherID != 0 {
		w.add("i.teacher_id = ?", f.TeacherID)
	}
	if f.EnterpriseID != 0 {
		w.add("i.enterprise_id = ?", f.EnterpriseID)
	}
	list := domain.List[domain.Internship]{Page: f.Page.Number, Size: f.Page.Size}
	if err := s.read.QueryRowContext(ctx, `SELECT count(*)`+internshipFrom+w.sql(), w.args...).Scan(&list.Total); err != nil {
		return list, err
	}
	limit, args := w.page(f.Page.Size, f.Page.Offset())
	rows, err := s.read.QueryContext(ctx, `SELECT `+internshipColumns+internshipFrom+w.sql()+` ORDER BY i.ends_on DESC, i.id DESC`+limit, args...)
	if err != nil {
		return list, err
	}
	list.Items, err = collect(rows, scanInternship)
	return list, err
}

const internshipColumns = `i.id, i.teacher_id, i.enterprise_id, i.hours, i.starts_on, i.ends_on, i.note, i.created_at,
	e.name_kk, e.name_ru, e.name_en, t.last_name, t.first_name, t.middle_name, t.college_id, c.name_kk, c.name_ru, c.name_en`

const internshipFrom = ` FROM industry_internships i JOIN teachers t ON t.id = i.teacher_id JOIN colleges c ON c.id = t.college_id
	JOIN enterprises e ON e.id = i.enterprise_id`

func scanInternship(r interface{ Scan(...any) error }) (domain.Internship, error) {
	var i domain.Internship
	err := r.Scan(&i.ID, &i.TeacherID, &i.EnterpriseID, &i.Hours, timeScanner{&i.StartsOn}, timeScanner{&i.EndsOn}, &i.Note,
		timeScanner{&i.CreatedAt}, &i.Enterprise.KK, &i.Enterprise.RU, &i.Enterprise.EN, &i.Teacher.Last, &i.Teacher.First,
		&i.Teacher.Middle, &i.CollegeID, &i.College.KK, &i.College.RU, &i.College.EN)
	return i, err
}

// TeacherFigures counts the teachers of the scope today by category, with
// an internship within the policy's years, overdue and due soon, with a
// line per region for the country.
func (s *Store) TeacherFigures(ctx context.Context, sc domain.CollegeScope) (domain.TeacherFigures, error) {
	p, err := s.TeacherPolicy(ctx)
	if err != nil {
		return domain.TeacherFigures{}, err
	}
	day := s.today()
	fig := domain.TeacherFigures{Day: day, Policy: p, Categories: []domain.CategoryCount{}}
	overdue, soon := domain.DevelopmentCutoffs(day, p)
	w := &where{args: []any{dateParam(domain.InternshipSince(day, p)), dateParam(overdue), dateParam(soon)}}
	if sc.RegionID != 0 {
		w.add("c.region_id = ?", sc.RegionID)
	}
	if sc.CollegeID != 0 {
		w.add("t.college_id = ?", sc.CollegeID)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT c.region_id, r.name_kk, r.name_ru, r.name_en, COALESCE(p.category, ''), count(*),
		COALESCE(sum(CASE WHEN t.position = '`+domain.PositionMaster+`' THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN p.internship_on >= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+standingBase+` < $2 THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+standingBase+` >= $2 AND `+standingBase+` <= $3 THEN 1 ELSE 0 END), 0)
		FROM teachers t JOIN colleges c ON c.id = t.college_id JOIN regions r ON r.id = c.region_id
		LEFT JOIN teacher_profiles p ON p.teacher_id = t.id`+w.sql()+`
		GROUP BY c.region_id, r.name_kk, r.name_ru, r.name_en, p.category ORDER BY c.region_id`, w.args...)
	if err != nil {
		return fig, err
	}
	defer rows.Close()
	byCategory := map[string]int{}
	var regions []domain.RegionTeacherFigure
	for rows.Next() {
		var rt domain.RegionTeacherFigure
		var category string
		var n, masters, interned, late, due int
		if err := rows.Scan(&rt.RegionID, &rt.Region.KK, &rt.Region.RU, &rt.Region.EN, &category, &n, &masters, &interned, &late, &due); err != nil {
			return fig, err
		}
		fig.Teachers += n
		fig.Masters += masters
		fig.WithInternship += interned
		fig.Overdue += late
		fig.DueSoon += due
		byCategory[category] += n
		if len(regions) == 0 || regions[len(regions)-1].RegionID != rt.RegionID {
			regions = append(regions, rt)
		}
		last := &regions[len(regions)-1]
		last.Teachers += n
		last.WithInternship += interned
		last.Overdue += late
		if category != "" {
			last.Categorised += n
		}
	}
	if err := rows.Err(); err != nil {
		return fig, err
	}
	rows.Close()
	fig.InternshipPercent = domain.Percent(fig.WithInternship, fig.Teachers)
	if sc.RegionID == 0 && sc.CollegeID == 0 {
		for i := range regions {
			regions[i].InternshipPercent = domain.Percent(regions[i].WithInternship, regions[i].Teachers)
		}
		fig.Regions = regions
	}
	categories, err := s.QualificationCategories(ctx)
	if err != nil {
		return fig, err
	}
	for _, c := range categories {
		if n := byCategory[c.Code]; n > 0 || !c.Retired {
			fig.Categories = append(fig.Categories, domain.CategoryCount{Code: c.Code, Name: c.Name, Teachers: n})
		}
	}
	fig.Categories = append(fig.Categories, domain.CategoryCount{Code: "", Teachers: byCategory[""]})
	return fig, nil
}
