package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// analyticsReport prints a dashboard as a PDF report (?lang=kk, ru or en;
// without it the page's language): the same parameters as the page, read
// through the same access layer, so a region or college outside the
// reader's scope is not found here either, and the filters apply as on
// the page. The PDF is made in memory first, so a failure is a clean error
// page rather than a broken file.
func (h *Web) analyticsReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "analytics")
	q := newQuery(r)
	_, d, err := h.dashboard(ctx, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// ?lang= is the page's language too (i18n.FromRequest), so the view
	// speaks the report's language already; one the site does not speak
	// is refused rather than printed in another.
	lang := v.Lang
	if asked := r.URL.Query().Get("lang"); asked != "" && asked != lang {
		h.fail(w, r, domain.Invalid("lang", "error.document.report_lang", "unknown language"))
		return
	}
	area, err := h.analyticsArea(ctx, v, d)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	report := document.AnalyticsReport{Dashboard: d, Area: area}
	if err := document.AnalyticsPDF(&b, report, lang, i18n.For(lang)); err != nil {
		h.fail(w, r, err)
		return
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
	name += "-" + strconv.Itoa(d.Year) + "-" + lang + ".pdf"
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	hd.Set("Content-Length", strconv.Itoa(b.Len()))
	// The figures of the reader's scope: not for a shared cache.
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.Write(b.Bytes())
}

// analyticsArea names the dashboard's area in the view's language.
func (h *Web) analyticsArea(ctx context.Context, v *view, d domain.Dashboard) (string, error) {
	switch d.Level {
	case domain.LevelRegion:
		return h.regionName(ctx, v, d.Filter.RegionID)
	case domain.LevelCollege:
		c, err := h.reg.College(ctx, d.Filter.CollegeID)
		return c.Name.In(v.Lang), err
	case domain.LevelEnterprise:
		e, err := h.reg.Enterprise(ctx, d.Filter.EnterpriseID)
		return e.Name.In(v.Lang), err
	}
	return v.T("web.analytics.country"), nil
}
