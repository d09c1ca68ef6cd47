package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// The public registry: reference data, institutions, programmes and
// groups, readable by everyone (auth.ReadRegistry).

func (r *Registry) Regions(ctx context.Context) ([]domain.Region, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.Regions(ctx)
}

func (r *Registry) Region(ctx context.Context, id int) (domain.Region, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.Region{}, err
	}
	return r.store.Region(ctx, id)
}

func (r *Registry) Cities(ctx context.Context, regionID int) ([]domain.City, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.Cities(ctx, regionID)
}

func (r *Registry) City(ctx context.Context, id int64) (domain.City, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.City{}, err
	}
	return r.store.City(ctx, id)
}

func (r *Registry) ISCEDFields(ctx context.Context) ([]domain.ISCEDField, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.ISCEDFields(ctx)
}

func (r *Registry) Specialties(ctx context.Context) ([]domain.Specialty, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.Specialties(ctx)
}

func (r *Registry) Specialty(ctx context.Context, code string) (domain.Specialty, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.Specialty{}, err
	}
	return r.store.Specialty(ctx, code)
}

func (r *Registry) Qualifications(ctx context.Context, specialtyCode string) ([]domain.Qualification, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.Qualifications(ctx, specialtyCode)
}

func (r *Registry) Qualification(ctx context.Context, code string) (domain.Qualification, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.Qualification{}, err
	}
	return r.store.Qualification(ctx, code)
}

// UpsertClassifier loads the classifier: the ministry only.
func (r *Registry) UpsertClassifier(ctx context.Context, specialties []domain.Specialty, qualifications []domain.Qualification) (domain.ClassifierChange, error) {
	if _, err := r.allow(ctx, auth.WriteClassifier); err != nil {
		return domain.ClassifierChange{}, err
	}
	return r.store.UpsertClassifier(ctx, specialties, qualifications)
}

func (r *Registry) Colleges(ctx context.Context, f domain.CollegeFilter) (domain.List[domain.College], error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.List[domain.College]{}, err
	}
	return r.store.Colleges(ctx, f)
}

func (r *Registry) College(ctx context.Context, id int64) (domain.College, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.College{}, err
	}
	return r.store.College(ctx, id)
}

func (r *Registry) CollegeNames(ctx context.Context, regionID int) ([]domain.College, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.CollegeNames(ctx, regionID)
}

// CreateCollege registers a college: the ministry anywhere, a regional
// department in its region.
func (r *Registry) CreateCollege(ctx context.Context, c *domain.College) error {
	actor, err := r.allow(ctx, auth.WriteInstitutions)
	if err != nil {
		return err
	}
	if sc := scopeOf(actor); sc.regionID != 0 && c.RegionID != sc.regionID {
		return forbidden()
	}
	return r.store.CreateCollege(ctx, c)
}

func (r *Registry) Enterprises(ctx context.Context, f domain.EnterpriseFilter) (domain.List[domain.Enterprise], error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.List[domain.Enterprise]{}, err
	}
	return r.store.Enterprises(ctx, f)
}

func (r *Registry) Enterprise(ctx context.Context, id int64) (domain.Enterprise, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.Enterprise{}, err
	}
	return r.store.Enterprise(ctx, id)
}

// CreateEnterprise registers an enterprise, as CreateCollege.
func (r *Registry) CreateEnterprise(ctx context.Context, e *domain.Enterprise) error {
	actor, err := r.allow(ctx, auth.WriteInstitutions)
	if err != nil {
		return err
	}
	if sc := scopeOf(actor); sc.regionID != 0 && e.RegionID != sc.regionID {
		return forbidden()
	}
	return r.store.CreateEnterprise(ctx, e)
}

func (r *Registry) Programmes(ctx context.Context, collegeID int64) ([]domain.Programme, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.Programmes(ctx, collegeID)
}

func (r *Registry) Programme(ctx context.Context, id int64) (domain.Programme, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.Programme{}, err
	}
	return r.store.Programme(ctx, id)
}

// writeCollege checks that the actor may write the records of a college.
func (r *Registry) writeCollege(ctx context.Context, collegeID int64) error {
	actor, err := r.allow(ctx, auth.WriteCollegeRecords)
	if err != nil {
		return err
	}
	ok, err := r.collegeInScope(ctx, scopeOf(actor), collegeID)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Invalid("college_id", "error.college.unknown", "unknown college")
		}
		return err
	}
	if !ok {
		return forbidden()
	}
	return nil
}

func (r *Registry) CreateProgramme(ctx context.Context, p *domain.Programme) error {
	if err := r.writeCollege(ctx, p.CollegeID); err != nil {
		return err
	}
	return r.store.CreateProgramme(ctx, p)
}

func (r *Registry) Groups(ctx context.Context, collegeID int64) ([]domain.Group, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return nil, err
	}
	return r.store.Groups(ctx, collegeID)
}

func (r *Registry) Group(ctx context.Context, id int64) (domain.Group, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.Group{}, err
	}
	return r.store.Group(ctx, id)
}

func (r *Registry) CreateGroup(ctx context.Context, g *domain.Group) error {
	if err := r.writeCollege(ctx, g.CollegeID); err != nil {
		return err
	}
	return r.store.CreateGroup(ctx, g)
}

// Counts are aggregate figures: public.
func (r *Registry) Counts(ctx context.Context) (domain.Counts, error) {
	if _, err := r.allow(ctx, auth.ReadRegistry); err != nil {
		return domain.Counts{}, err
	}
	return r.store.Counts(ctx)
}

// Ping needs no permission: it is the readiness probe.
func (r *Registry) Ping(ctx context.Context) error { return r.store.Ping(ctx) }

func forbidden() error {
	return &domain.Error{Code: domain.EFORBIDDEN, Key: "error.forbidden", Message: "outside your scope"}
}
