package domain

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// EntryStatus is where a weekly logbook entry is.
//
//	draft → submitted → signed (locked)
//	            ↘ returned (with the mentor's comment) → submitted again
//
// A signed entry never changes: a correction is a new version of the week,
// and the old version stays.
type EntryStatus string

// Entry states.
const (
	EntryDraft     EntryStatus = "draft"
	EntrySubmitted EntryStatus = "submitted"
	EntrySigned    EntryStatus = "signed"
	EntryReturned  EntryStatus = "returned"
)

// Photo evidence limits: photos are checked by their content, not their
// name, and stored in the database so every node serves them.
const (
	MaxPhotoBytes     = 5 << 20
	MaxPhotosPerEntry = 5
)

// PhotoTypes are the accepted image types, by sniffed content type.
var PhotoTypes = []string{"image/jpeg", "image/png", "image/webp"}

// LogbookEntry is a student's record of one week at the enterprise.
type LogbookEntry struct {
	ID          int64     `json:"id"`
	StudentID   int64     `json:"student_id"`
	AgreementID int64     `json:"agreement_id"`
	WeekStart   time.Time `json:"week_start"` // the Monday
	// Version counts corrections of the week; Current marks the newest.
	Version     int         `json:"version"`
	Current     bool        `json:"current"`
	Days        Weekdays    `json:"days"`
	Hours       int         `json:"hours"`
	Tasks       string      `json:"tasks"`       // short keywords are enough
	Competences []int64     `json:"competences"` // IDs from the programme's list
	Status      EntryStatus `json:"status"`
	// Comment is the mentor's reason for returning the entry.
	Comment       string    `json:"comment,omitempty"`
	SubmittedAt   time.Time `json:"submitted_at,omitzero"`
	SignedAt      time.Time `json:"signed_at,omitzero"`
	SignedBy      string    `json:"signed_by,omitempty"` // the mentor's name
	ReviewedAt    time.Time `json:"reviewed_at,omitzero"`
	ReviewedBy    string    `json:"reviewed_by,omitempty"`
	ReviewComment string    `json:"review_comment,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`

	// Read-only, for display.
	Photos  []Photo    `json:"photos"`
	Student PersonName `json:"student_name"`
}

// Validate trims and checks what the student writes. The week must be a
// Monday inside the agreement's period; the store checks that.
func (e *LogbookEntry) Validate() error {
	e.Tasks = strings.TrimSpace(e.Tasks)
	switch {
	case e.WeekStart.IsZero() || !e.WeekStart.Equal(WeekStart(e.WeekStart)):
		return Invalid("week_start", "error.entry.week", "the week must be given by its Monday")
	case e.Days&AllWeekdays == 0:
		return Invalid("days", "error.weekdays.none", "choose at least one day at the enterprise")
	case e.Hours < 1 || e.Hours > 8*e.Days.Count():
		return Invalid("hours", "error.entry.hours", "hours must be 1 or more and at most 8 for each day").With("max", strconv.Itoa(8*e.Days.Count()))
	case e.Tasks == "":
		return Invalid("tasks", "error.entry.tasks", "write what you did, a few keywords are enough")
	case len([]rune(e.Tasks)) > 2000:
		return Invalid("tasks", "error.text.too_long", "too long").With("max", "2000")
	case len(e.Competences) > 30:
		return Invalid("competences", "error.entry.competences", "too many competences")
	}
	return nil
}

// Editable reports whether the student may still change the entry.
func (e *LogbookEntry) Editable() bool { return e.Status == EntryDraft || e.Status == EntryReturned }

// Photo is an image attached to an entry as evidence.
type Photo struct {
	ID          int64     `json:"id"`
	EntryID     int64     `json:"entry_id"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

// EntryFilter selects logbook entries.
type EntryFilter struct {
	StudentID    int64
	AgreementID  int64
	Status       EntryStatus
	CurrentOnly  bool  // the newest version of each week only
	MentorUserID int64 // scope: entries of a mentor's trainees (the queue to sign)
	MentorID     int64
	CollegeID    int64
	EnterpriseID int64
	RegionID     int
	CuratorID    int64
	Page         Page
}

// Validate fills in defaults.
func (f *EntryFilter) Validate() error {
	switch f.Status {
	case "", EntryDraft, EntrySubmitted, EntrySigned, EntryReturned:
	default:
		return Invalid("status", "error.entry.status", "unknown entry status")
	}
	return f.Page.Normalize()
}

// LogbookService keeps the weekly logbook. Entries can be written only
// under an active agreement; transitions out of order return ECONFLICT
// with key error.entry.state.
type LogbookService interface {
	// Entries lists entries, newest week first.
	Entries(ctx context.Context, f EntryFilter) (List[LogbookEntry], error)
	// Entry returns one entry with its photos; ENOTFOUND if none.
	Entry(ctx context.Context, id int64) (LogbookEntry, error)
	// SaveEntry creates the entry of a week (ID 0) under the student's
	// active agreement, or changes a draft or returned one; ECONFLICT for a
	// week that already has an entry or is outside the agreement.
	SaveEntry(ctx context.Context, e *LogbookEntry) error
	// SubmitEntry: draft or returned → submitted, for the mentor to sign.
	SubmitEntry(ctx context.Context, id int64) error
	// SignEntry: submitted → signed by the agreement's mentor; locked.
	SignEntry(ctx context.Context, id int64) error
	// ReturnEntry: submitted → returned, with the mentor's comment.
	ReturnEntry(ctx context.Context, id int64, comment string) error
	// ReviewEntry records the college supervisor's review of a signed entry.
	ReviewEntry(ctx context.Context, id int64, comment string) error
	// CorrectEntry starts a new draft version of a signed week; the signed
	// version stays and keeps counting until the correction is signed.
	CorrectEntry(ctx context.Context, id int64) (LogbookEntry, error)
	// AddPhoto attaches an image to a draft or returned entry; EINVALID for
	// a type other than PhotoTypes (by content), a file over MaxPhotoBytes
	// or more than MaxPhotosPerEntry photos.
	AddPhoto(ctx context.Context, entryID int64, data []byte) (Photo, error)
	// Photo returns an image and its bytes.
	Photo(ctx context.Context, id int64) (Photo, []byte, error)
	// DeletePhoto removes a photo from a draft or returned entry.
	DeletePhoto(ctx context.Context, id int64) error
}
