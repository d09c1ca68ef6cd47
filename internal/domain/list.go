package domain

// DefaultPageSize and MaxPageSize bound every list.
const (
	DefaultPageSize = 25
	MaxPageSize     = 200
)

// Page selects a window of a sorted list: Number counts from 1.
type Page struct {
	Number int
	Size   int
}

// Normalize fills in defaults and returns EINVALID for out-of-range values.
func (p *Page) Normalize() error {
	if p.Number == 0 {
		p.Number = 1
	}
	if p.Size == 0 {
		p.Size = DefaultPageSize
	}
	if p.Number < 1 {
		return Invalid("page", "error.page.number", "page must be 1 or more")
	}
	if p.Size < 1 || p.Size > MaxPageSize {
		return Invalid("per_page", "error.page.size", "per_page must be between 1 and 200").With("max", "200")
	}
	return nil
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

// List is one page of results with the total number of matching rows.
type List[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
	Page  int `json:"page"`
	Size  int `json:"per_page"`
}

// Pages is the number of pages needed for Total rows.
func (l List[T]) Pages() int {
	if l.Size == 0 {
		return 0
	}
	return (l.Total + l.Size - 1) / l.Size
}

// Sort orders are whitelisted per list; anything else is EINVALID.
const (
	SortName     = "name"
	SortNameDesc = "-name"
)

// ValidateSort checks s against the allowed orders, defaulting to the first.
func ValidateSort(s *string, allowed ...string) error {
	if *s == "" {
		*s = allowed[0]
		return nil
	}
	for _, a := range allowed {
		if *s == a {
			return nil
		}
	}
	return Invalid("sort", "error.sort", "unknown sort order")
}
