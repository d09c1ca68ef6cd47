package domain

import "context"

// Region is one of the 20 first-level units of Kazakhstan (17 regions and 3
// cities of republican significance). ID is the 2-digit KATO code, which is
// also the numeric part of the ISO 3166-2:KZ code.
type Region struct {
	ID         int     `json:"id"`
	ISO        string  `json:"iso_code"`
	Kind       string  `json:"kind"` // "region" or "city"
	Name       Names   `json:"name"`
	Centre     Names   `json:"centre"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Population int     `json:"population"`
}

// City is a town with city status, with its coordinates where known.
type City struct {
	ID            int64    `json:"id"`
	RegionID      int      `json:"region_id"`
	Name          Names    `json:"name"`
	Lat           *float64 `json:"lat"`
	Lon           *float64 `json:"lon"`
	Population    int      `json:"population"`
	IsAdminCentre bool     `json:"is_admin_centre"`
}

// ISCEDField is a field of education from ISCED-F 2013 (broad 2 digits,
// narrow 3, detailed 4).
type ISCEDField struct {
	Code       string `json:"code"`
	Level      string `json:"level"`
	Name       Names  `json:"name"`
	ParentCode string `json:"parent_code,omitempty"`
}

// RegionService reads the administrative reference data.
type RegionService interface {
	// Regions returns all regions ordered by KATO code.
	Regions(ctx context.Context) ([]Region, error)
	// Region returns one region; ENOTFOUND if there is none.
	Region(ctx context.Context, id int) (Region, error)
	// Cities returns the cities of a region (all cities when regionID is 0),
	// largest first.
	Cities(ctx context.Context, regionID int) ([]City, error)
	// City returns one city; ENOTFOUND if there is none.
	City(ctx context.Context, id int64) (City, error)
	// ISCEDFields returns the ISCED-F 2013 fields ordered by code.
	ISCEDFields(ctx context.Context) ([]ISCEDField, error)
}

// ReferenceData is the national reference data loaded at every start:
// regions, cities and ISCED-F fields are replaced by the shipped versions;
// the classifier rows are added only where missing, so that a full
// classifier an administrator imported is never overwritten.
type ReferenceData struct {
	Regions        []Region
	Cities         []City
	ISCEDFields    []ISCEDField
	Specialties    []Specialty
	Qualifications []Qualification
	// PublishedEmployment replaces the published graduate employment
	// rates shown beside the product's own (refdata).
	PublishedEmployment []PublishedEmployment
	// Official replaces the published TVET statistics shown beside the
	// dashboards' figures (refdata).
	Official []OfficialFigure
	// RussianRegions replaces the Russian regions on the border, for the
	// cross-border view (refdata).
	RussianRegions []ForeignRegion
	// GuidanceItems and GuidanceProfiles replace the career-guidance
	// test's items and the classifier's interest profiles (refdata).
	GuidanceItems    []GuidanceItem
	GuidanceProfiles []GuidanceProfile
}
