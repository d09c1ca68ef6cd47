package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type jobRow struct {
	ID, Kind, State, StateClass string
	Attempts                    string
	Created, Finished, Duration string
	Error                       string
}

type jobListData struct {
	listing
	Rows []jobRow
}

// jobList is the operators' page of the background jobs: every sweep,
// recount and report of the installation, newest first, with its state,
// attempts, how long it ran and its last error, filtered by kind and
// state.
func (h *Web) jobList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "jobs")
	q := newQuery(r)
	kind, state := q.choice("kind"), q.choice("state")
	if kind != "" && !slices.Contains(domain.JobKinds, kind) {
		q.fail(domain.Invalid("kind", "error.job.kind", "unknown kind of job"))
	}
	if state != "" && !slices.Contains(domain.JobStates, domain.JobState(state)) {
		q.fail(domain.Invalid("state", "error.job.state", "unknown state of a job"))
	}
	f := domain.JobFilter{Kind: kind, State: domain.JobState(state), Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Jobs(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := jobListData{listing: listing{Path: "/jobs"}}
	p := newParams()
	p.set("kind", kind, "")
	p.set("state", state, "")
	states := make([]string, len(domain.JobStates))
	for i, s := range domain.JobStates {
		states[i] = string(s)
	}
	d.Selects = []selectField{
		{ID: "f-kind", Name: "kind", Label: v.T("web.jobs.kind"), Any: v.T("web.filter.all"),
			Options: choices(v, "web.jobs.kind.", domain.JobKinds, kind)},
		{ID: "f-state", Name: "state", Label: v.T("web.jobs.state"), Any: v.T("web.filter.all"),
			Options: choices(v, "web.jobs.state.", states, state)},
		perPageField(v, f.Page.Size),
	}
	d.Filtered = kind != "" || state != ""
	d.Summary = v.Plural("web.jobs.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, j := range list.Items {
		row := jobRow{ID: strconv.FormatInt(j.ID, 10), Kind: v.T("web.jobs.kind." + j.Kind), State: v.T("web.jobs.state." + string(j.State)),
			StateClass: jobBadge(j.State), Attempts: v.T("web.jobs.attempts_of", "n", j.Attempt, "max", j.MaxAttempts),
			Created: v.Time(j.CreatedAt), Error: j.LastError}
		if !j.FinalizedAt.IsZero() {
			row.Finished = v.Time(j.FinalizedAt)
			row.Duration = j.Duration().Round(time.Millisecond).String()
		}
		d.Rows = append(d.Rows, row)
	}
	v.Title = v.T("web.jobs.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "job_list", v)
}

func jobBadge(s domain.JobState) string {
	switch s {
	case domain.JobCompleted:
		return "badge state signed"
	case domain.JobDiscarded, domain.JobCancelled:
		return "badge state missing"
	case domain.JobRetryable:
		return "badge state open"
	}
	return "badge state submitted"
}
