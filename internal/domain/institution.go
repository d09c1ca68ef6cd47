package domain

import (
	"context"
	"strings"
	"time"
)

// College ownership.
const (
	OwnershipState   = "state"
	OwnershipPrivate = "private"
)

// College is a TVET organisation.
type College struct {
	ID        int64     `json:"id"`
	BIN       string    `json:"bin"`
	Name      Names     `json:"name"`
	RegionID  int       `json:"region_id"`
	CityID    int64     `json:"city_id"`
	Ownership string    `json:"ownership"`
	Address   string    `json:"address"`
	CreatedAt time.Time `json:"created_at"`

	// Read-only figures derived from the registry when listed.
	Students     int `json:"students"`
	DualStudents int `json:"dual_students"`
}

// Validate checks the BIN, names, place and ownership.
func (c *College) Validate() error {
	c.BIN = strings.TrimSpace(c.BIN)
	if err := ValidateBIN("bin", c.BIN); err != nil {
		return err
	}
	if c.Name.KK == "" || c.Name.RU == "" {
		return Invalid("name", "error.college.names", "a college needs its official names in Kazakh and Russian")
	}
	if err := validatePlace(c.RegionID, c.CityID); err != nil {
		return err
	}
	if c.Ownership != OwnershipState && c.Ownership != OwnershipPrivate {
		return Invalid("ownership", "error.ownership", "ownership must be state or private")
	}
	return nil
}

// Enterprise is an employer that trains students (a legal entity with a BIN).
type Enterprise struct {
	ID        int64     `json:"id"`
	BIN       string    `json:"bin"`
	Name      Names     `json:"name"`
	RegionID  int       `json:"region_id"`
	CityID    int64     `json:"city_id"`
	Industry  string    `json:"industry"` // OKED section letter, see Industries
	Employees int       `json:"employees"`
	CreatedAt time.Time `json:"created_at"`

	// Read-only: students currently training there.
	Trainees int `json:"trainees"`
}

// Validate checks the BIN, name, place and industry.
func (e *Enterprise) Validate() error {
	e.BIN = strings.TrimSpace(e.BIN)
	if err := ValidateBIN("bin", e.BIN); err != nil {
		return err
	}
	if e.Name.Empty() {
		return Invalid("name", "error.name.required", "a name in at least one language is required")
	}
	if err := validatePlace(e.RegionID, e.CityID); err != nil {
		return err
	}
	if _, ok := Industries[e.Industry]; !ok {
		return Invalid("industry", "error.industry", "industry must be an OKED section letter A to S")
	}
	if e.Employees < 0 {
		return Invalid("employees", "error.employees", "employees cannot be negative")
	}
	return nil
}

func validatePlace(regionID int, cityID int64) error {
	if regionID <= 0 {
		return Invalid("region_id", "error.region.required", "region is required")
	}
	if cityID <= 0 {
		return Invalid("city_id", "error.city.required", "city is required")
	}
	return nil
}

// Industries are the sections of the general classifier of economic
// activities (ОКЭД / ЭҚЖЖ, aligned with NACE Rev. 2) that employ TVET graduates.
var Industries = map[string]Names{
	"A": {KK: "Ауыл, орман және балық шаруашылығы", RU: "Сельское, лесное и рыбное хозяйство", EN: "Agriculture, forestry and fishing"},
	"B": {KK: "Тау-кен өндіру өнеркәсібі және карьерлерді қазу", RU: "Горнодобывающая промышленность и разработка карьеров", EN: "Mining and quarrying"},
	"C": {KK: "Өңдеу өнеркәсібі", RU: "Обрабатывающая промышленность", EN: "Manufacturing"},
	"D": {KK: "Электрмен жабдықтау, газ, бу беру және ауаны баптау", RU: "Электроснабжение, подача газа, пара и воздушное кондиционирование", EN: "Electricity, gas, steam and air conditioning supply"},
	"E": {KK: "Сумен жабдықтау; кәріз жүйесі, қалдықтарды жинауды және таратуды бақылау", RU: "Водоснабжение; канализационная система, контроль над сбором и распределением отходов", EN: "Water supply, sewerage and waste management"},
	"F": {KK: "Құрылыс", RU: "Строительство", EN: "Construction"},
	"G": {KK: "Көтерме және бөлшек сауда; автомобильдер мен мотоциклдерді жөндеу", RU: "Оптовая и розничная торговля; ремонт автомобилей и мотоциклов", EN: "Wholesale and retail trade; repair of motor vehicles"},
	"H": {KK: "Көлік және қоймалау", RU: "Транспорт и складирование", EN: "Transportation and storage"},
	"I": {KK: "Тұру және тамақтану бойынша қызметтер", RU: "Услуги по проживанию и питанию", EN: "Accommodation and food service activities"},
	"J": {KK: "Ақпарат және байланыс", RU: "Информация и связь", EN: "Information and communication"},
	"K": {KK: "Қаржы және сақтандыру қызметі", RU: "Финансовая и страховая деятельность", EN: "Financial and insurance activities"},
	"L": {KK: "Жылжымайтын мүлікпен операциялар", RU: "Операции с недвижимым имуществом", EN: "Real estate activities"},
	"M": {KK: "Кәсіби, ғылыми және техникалық қызмет", RU: "Профессиональная, научная и техническая деятельность", EN: "Professional, scientific and technical activities"},
	"N": {KK: "Әкімшілік және қосалқы қызмет көрсету саласындағы қызмет", RU: "Деятельность в области административного и вспомогательного обслуживания", EN: "Administrative and support service activities"},
	"O": {KK: "Мемлекеттік басқару және қорғаныс; міндетті әлеуметтік қамтамасыз ету", RU: "Государственное управление и оборона; обязательное социальное обеспечение", EN: "Public administration and defence; compulsory social security"},
	"P": {KK: "Білім беру", RU: "Образование", EN: "Education"},
	"Q": {KK: "Денсаулық сақтау және халыққа әлеуметтік қызмет көрсету", RU: "Здравоохранение и социальное обслуживание населения", EN: "Human health and social work activities"},
	"R": {KK: "Өнер, ойын-сауық және демалыс", RU: "Искусство, развлечения и отдых", EN: "Arts, entertainment and recreation"},
	"S": {KK: "Өзге де қызмет түрлерін ұсыну", RU: "Предоставление прочих видов услуг", EN: "Other service activities"},
}

// CollegeFilter selects colleges for a list.
type CollegeFilter struct {
	Query     string // part of a name in any language
	RegionID  int
	CityID    int64
	Ownership string
	Sort      string // name, -name, students, -students
	Lang      string // the language whose name the list is sorted by
	Page      Page
}

// EnterpriseFilter selects enterprises for a list.
type EnterpriseFilter struct {
	Query    string // part of a name, or a BIN
	RegionID int
	CityID   int64
	Industry string
	Sort     string // name, -name, trainees, -trainees
	Lang     string // the language whose name the list is sorted by
	Page     Page
}

// Sort orders beyond name.
const (
	SortStudents     = "students"
	SortStudentsDesc = "-students"
	SortTrainees     = "trainees"
	SortTraineesDesc = "-trainees"
)

// Validate checks the filter and fills in defaults.
func (f *CollegeFilter) Validate() error {
	if f.Ownership != "" && f.Ownership != OwnershipState && f.Ownership != OwnershipPrivate {
		return Invalid("ownership", "error.ownership", "ownership must be state or private")
	}
	if err := ValidateSort(&f.Sort, SortName, SortNameDesc, SortStudents, SortStudentsDesc); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// Validate checks the filter and fills in defaults.
func (f *EnterpriseFilter) Validate() error {
	if _, ok := Industries[f.Industry]; f.Industry != "" && !ok {
		return Invalid("industry", "error.industry", "industry must be an OKED section letter A to S")
	}
	if err := ValidateSort(&f.Sort, SortName, SortNameDesc, SortTrainees, SortTraineesDesc); err != nil {
		return err
	}
	return f.Page.Normalize()
}

// CollegeService stores colleges.
type CollegeService interface {
	// Colleges returns a page of colleges; EINVALID for a bad filter.
	Colleges(ctx context.Context, f CollegeFilter) (List[College], error)
	// College returns one college with its figures; ENOTFOUND if there is none.
	College(ctx context.Context, id int64) (College, error)
	// CollegeNames returns every college of a region (of the country when
	// regionID is 0) with its ID, names, region and city but without
	// figures, ordered by ID: cheap enough for a chooser.
	CollegeNames(ctx context.Context, regionID int) ([]College, error)
	// CreateCollege validates and stores a college, setting its ID;
	// EINVALID for bad input, ECONFLICT for a BIN already registered.
	CreateCollege(ctx context.Context, c *College) error
}

// EnterpriseService stores enterprises.
type EnterpriseService interface {
	// Enterprises returns a page of enterprises; EINVALID for a bad filter.
	Enterprises(ctx context.Context, f EnterpriseFilter) (List[Enterprise], error)
	// Enterprise returns one enterprise; ENOTFOUND if there is none.
	Enterprise(ctx context.Context, id int64) (Enterprise, error)
	// CreateEnterprise validates and stores an enterprise, setting its ID;
	// EINVALID for bad input, ECONFLICT for a BIN already registered.
	CreateEnterprise(ctx context.Context, e *Enterprise) error
}
