package api

import (
	"net/http"
	"slices"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// industry is a section of the classifier of economic activities (OKED),
// the values of an enterprise's industry.
type industry struct {
	Code string `json:"code"`
	Name names  `json:"name"`
}

// listIndustries answers GET /api/v1/industries, by section letter. The
// sections are fixed in the domain, so no database is asked.
func (a *API) listIndustries(w http.ResponseWriter, r *http.Request) error {
	codes := make([]string, 0, len(domain.Industries))
	for code := range domain.Industries {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	writeCollection(w, r, codes, func(code string) industry {
		return industry{Code: code, Name: namesOf(domain.Industries[code])}
	})
	return nil
}
