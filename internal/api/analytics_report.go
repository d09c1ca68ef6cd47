package api

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// getAnalyticsReport answers GET /api/v1/analytics/report: the dashboard
// the same parameters read (getDashboard's, within the caller's scope) as
// a print-friendly PDF report in Kazakh, Russian or English. lang chooses;
// without it the request's language does.
func (a *API) getAnalyticsReport(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := domain.AnalyticsFilter{RegionID: q.regionID("region_id"), CollegeID: q.id("college_id"), EnterpriseID: q.id("enterprise_id"),
		Year: q.regionID("year"), Qualification: q.word("qualification"), Field: q.word("field"), Funding: q.word("funding")}
	lang := q.word("lang")
	switch {
	case lang == "":
		lang = i18n.FromRequest(r)
	case !slices.Contains(document.ReportLanguages, lang):
		q.fail(domain.Invalid("lang", "error.document.report_lang", "the report is printed in Kazakh (kk), Russian (ru) or English (en)"))
	}
	if err := q.err(); err != nil {
		return err
	}
	d, err := a.reg.Dashboard(r.Context(), f)
	if err != nil {
		return err
	}
	area, err := a.analyticsArea(r.Context(), d, lang)
	if err != nil {
		return err
	}
	// Rendered whole before anything is sent, so a failure is still a
	// clean error answer.
	var buf bytes.Buffer
	if err := document.AnalyticsPDF(&buf, document.AnalyticsReport{Dashboard: d, Area: area}, lang, i18n.For(lang)); err != nil {
		return err
	}
	name := "analytics-" + d.Level
	switch d.Level {
	case domain.LevelRegion:
		name += "-" + strconv.Itoa(d.Filter.RegionID)
	case domain.LevelCollege:
		name += "-" + strconv.FormatInt(d.Filter.CollegeID, 10)
	case domain.LevelEnterprise:
		name += "-" + strconv.FormatInt(d.Filter.EnterpriseID, 10)
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Content-Disposition", `inline; filename="`+name+"-"+strconv.Itoa(d.Year)+"-"+lang+`.pdf"`)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}

// analyticsArea names a dashboard's area in lang, as the caller may read
// it.
func (a *API) analyticsArea(ctx context.Context, d domain.Dashboard, lang string) (string, error) {
	switch d.Level {
	case domain.LevelRegion:
		regions, err := a.reg.Regions(ctx)
		if err != nil {
			return "", err
		}
		for _, g := range regions {
			if g.ID == d.Filter.RegionID {
				return g.Name.In(lang), nil
			}
		}
		return "", domain.NotFound("region")
	case domain.LevelCollege:
		c, err := a.reg.College(ctx, d.Filter.CollegeID)
		return c.Name.In(lang), err
	case domain.LevelEnterprise:
		e, err := a.reg.Enterprise(ctx, d.Filter.EnterpriseID)
		return e.Name.In(lang), err
	}
	return i18n.For(lang).T("web.analytics.country"), nil
}
