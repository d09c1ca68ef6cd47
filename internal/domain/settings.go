package domain

import (
	"context"
	"strconv"
)

// DualSettings are the policy settings of dual training (DOMAIN.md §4):
// numbers a ministry may change without a new release. The zero value is
// not valid; DefaultDualSettings holds the values shipped.
type DualSettings struct {
	// MaxTraineesPerMentor bounds the live agreements (awaiting signatures
	// or active) naming one mentor.
	MaxTraineesPerMentor int `json:"max_trainees_per_mentor"`
	// BehindPlanPercent: a student whose signed enterprise hours fall short
	// of the plan to date by more than this share needs attention.
	BehindPlanPercent int `json:"behind_plan_percent"`
	// MissingWeeks: this many past weeks without a submitted entry need
	// attention.
	MissingWeeks int `json:"missing_weeks"`
	// UnsignedDays: an entry submitted and not signed for longer needs
	// attention.
	UnsignedDays int `json:"unsigned_days"`
	// MentorInactiveDays: a mentor with entries waiting who has not signed
	// or returned anything for this long is inactive.
	MentorInactiveDays int `json:"mentor_inactive_days"`
}

// DefaultDualSettings are the shipped policy values.
var DefaultDualSettings = DualSettings{
	MaxTraineesPerMentor: 10,
	BehindPlanPercent:    15,
	MissingWeeks:         2,
	UnsignedDays:         14,
	MentorInactiveDays:   21,
}

// Validate checks that every setting is within sensible bounds.
func (s *DualSettings) Validate() error {
	checks := []struct {
		field    string
		value    int
		min, max int
	}{
		{"max_trainees_per_mentor", s.MaxTraineesPerMentor, 1, 100},
		{"behind_plan_percent", s.BehindPlanPercent, 1, 100},
		{"missing_weeks", s.MissingWeeks, 1, 52},
		{"unsigned_days", s.UnsignedDays, 1, 365},
		{"mentor_inactive_days", s.MentorInactiveDays, 1, 365},
	}
	for _, c := range checks {
		if c.value < c.min || c.value > c.max {
			return Invalid(c.field, "error.settings.range", "the setting is out of range").
				With("min", strconv.Itoa(c.min)).With("max", strconv.Itoa(c.max))
		}
	}
	return nil
}

// SettingsService keeps the policy settings.
type SettingsService interface {
	// DualSettings returns the settings in force (the defaults until changed).
	DualSettings(ctx context.Context) (DualSettings, error)
	// UpdateDualSettings validates and stores new settings.
	UpdateDualSettings(ctx context.Context, s DualSettings) error
}
