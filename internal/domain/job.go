package domain

import (
	"context"
	"time"
)

// Job is one run of background work as the operators' page shows it: a
// periodic sweep, a recount of the dashboards, a report someone asked for.
// The work itself lives in package jobs; this is what the database says
// about it.
type Job struct {
	ID          int64
	Kind        string
	State       JobState
	Attempt     int
	MaxAttempts int
	CreatedAt   time.Time
	ScheduledAt time.Time
	// AttemptedAt and FinalizedAt are zero until the job is taken and
	// until it ends.
	AttemptedAt time.Time
	FinalizedAt time.Time
	// LastError is the message of the last failed attempt, if any.
	LastError string
}

// Kinds of job.
const (
	JobSessionSweep      = "sessions.sweep"
	JobObligationSweep   = "obligations.sweep"
	JobAnalyticsRefresh  = "analytics.refresh"
	JobNotificationSweep = "notifications.sweep"
	// The files' jobs: an upload's import, a large download, and the
	// removal of the files kept longer than FilesKeptFor.
	JobImportRun = "imports.run"
	JobExportRun = "exports.run"
	JobFileSweep = "files.sweep"
)

// JobKinds are the kinds the operators' page offers to filter by.
var JobKinds = []string{JobSessionSweep, JobObligationSweep, JobAnalyticsRefresh, JobNotificationSweep,
	JobImportRun, JobExportRun, JobFileSweep}

// JobStates are the states in the order the operators' page offers them.
var JobStates = []JobState{JobAvailable, JobScheduled, JobRunning, JobRetryable, JobCompleted, JobCancelled, JobDiscarded}

// JobState is river's state of a job.
type JobState string

// Job states, as river names them.
const (
	JobAvailable JobState = "available"
	JobScheduled JobState = "scheduled"
	JobRunning   JobState = "running"
	JobRetryable JobState = "retryable"
	JobCompleted JobState = "completed"
	JobCancelled JobState = "cancelled"
	JobDiscarded JobState = "discarded"
	JobPending   JobState = "pending"
)

// Duration is how long the last attempt ran, zero while it has not ended.
func (j Job) Duration() time.Duration {
	if j.AttemptedAt.IsZero() || j.FinalizedAt.IsZero() {
		return 0
	}
	return j.FinalizedAt.Sub(j.AttemptedAt)
}

// JobFilter selects jobs for the operators' page: of one kind and in one
// state when those are set.
type JobFilter struct {
	Kind  string
	State JobState
	Page  Page
}

// JobService lists the background jobs.
type JobService interface {
	Jobs(ctx context.Context, f JobFilter) (List[Job], error)
}
