package web

import (
	"net/http"
	"net/url"
)

// analyticsRecount answers the dashboard's note while a recount of the
// counts runs as a background job: htmx asks every few seconds, and when
// the recount has ended the note offers the new figures and the polling
// stops (status 286, htmx's "stop polling"). Without JavaScript the note
// says to reload the page in a minute.
func (h *Web) analyticsRecount(w http.ResponseWriter, r *http.Request) {
	v := h.newView(r, "analytics")
	running, err := h.reg.AnalyticsRecounting(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The dashboard to reload: the one htmx asks from, else the country's.
	back := "/analytics"
	if u, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && u.Path == "/analytics" {
		back = localPath(u.RequestURI())
	}
	v.Data = analyticsData{listing: listing{URL: back}, Recounting: running}
	status := http.StatusOK
	if !running {
		status = htmxStopPolling
	}
	h.renderNamed(w, r, status, "analytics_show", "recount", v)
}

// htmxStopPolling is the status with which htmx stops an "every …" trigger.
const htmxStopPolling = 286
