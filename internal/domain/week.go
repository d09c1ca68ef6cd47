package domain

import (
	"strconv"
	"strings"
	"time"
)

// Weekdays is a set of days of the week, Monday first: bit 0 is Monday,
// bit 6 is Sunday. It says which days a student spends at the enterprise.
type Weekdays uint8

// AllWeekdays has every day of the week set.
const AllWeekdays Weekdays = 1<<7 - 1

// weekdayLetters spell a set in storage and the API: "12345" is Monday to
// Friday.
const weekdayLetters = "1234567"

// checkSchedule checks when an offer or an agreement has the student at
// the enterprise: a period of at most maxYears, at least one day a week,
// and 1 to 40 hours a week, at most 8 a day.
func checkSchedule(startsOn, endsOn time.Time, days Weekdays, hoursPerWeek, maxYears int) error {
	switch {
	case startsOn.IsZero():
		return Invalid("starts_on", "error.date.required", "a date is required")
	case endsOn.IsZero():
		return Invalid("ends_on", "error.date.required", "a date is required")
	case !endsOn.After(startsOn) || endsOn.Sub(startsOn) > time.Duration(maxYears)*366*24*time.Hour:
		return Invalid("ends_on", "error.period", "the period must end after it starts and last at most "+strconv.Itoa(maxYears)+" years")
	case days&AllWeekdays == 0:
		return Invalid("weekdays", "error.weekdays.none", "choose at least one day at the enterprise")
	case hoursPerWeek < 1 || hoursPerWeek > 40 || hoursPerWeek > 8*days.Count():
		return Invalid("hours_per_week", "error.hours_per_week", "hours a week must be 1 to 40 and at most 8 a day")
	}
	return nil
}

// Has reports whether day d (time.Monday … time.Sunday) is in the set.
func (w Weekdays) Has(d time.Weekday) bool { return w&(1<<isoIndex(d)) != 0 }

// With returns the set with day d added.
func (w Weekdays) With(d time.Weekday) Weekdays { return w | 1<<isoIndex(d) }

// Count is the number of days in the set.
func (w Weekdays) Count() int {
	n := 0
	for v := w & AllWeekdays; v != 0; v &= v - 1 {
		n++
	}
	return n
}

// Days lists the days in the set, Monday first.
func (w Weekdays) Days() []time.Weekday {
	var days []time.Weekday
	for i := range 7 {
		if w&(1<<i) != 0 {
			days = append(days, time.Weekday((i+1)%7))
		}
	}
	return days
}

// String spells the set as ISO day numbers, "135" for Monday, Wednesday and
// Friday.
func (w Weekdays) String() string {
	var b strings.Builder
	for i := range 7 {
		if w&(1<<i) != 0 {
			b.WriteByte(weekdayLetters[i])
		}
	}
	return b.String()
}

// ParseWeekdays reads the String form; EINVALID names field.
func ParseWeekdays(field, s string) (Weekdays, error) {
	var w Weekdays
	for _, r := range s {
		i := strings.IndexRune(weekdayLetters, r)
		if i < 0 || w&(1<<i) != 0 {
			return 0, Invalid(field, "error.weekdays", "days must be distinct ISO day numbers 1 (Monday) to 7 (Sunday)")
		}
		w |= 1 << i
	}
	return w, nil
}

func isoIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

// WeekStart is the Monday (00:00 UTC) of the week that holds t.
func WeekStart(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -isoIndex(d.Weekday()))
}

// Weeks lists the Mondays of every week that overlaps [from, to], both
// dates inclusive; nil when to is before from.
func Weeks(from, to time.Time) []time.Time {
	if to.Before(from) {
		return nil
	}
	var weeks []time.Time
	last := WeekStart(to)
	for w := WeekStart(from); !w.After(last); w = w.AddDate(0, 0, 7) {
		weeks = append(weeks, w)
	}
	return weeks
}

// Date is the calendar date of t at 00:00 UTC: dates travel without a time
// of day or a zone.
func Date(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// kazakhstanTime is the country's one time zone (UTC+5 since 1 March 2024).
var kazakhstanTime = time.FixedZone("UTC+5", 5*60*60)

// DateInKazakhstan is the calendar day an instant falls on in Kazakhstan,
// as a UTC midnight like every stored date: what "today" is wherever the
// product counts days — an agreement's first and last day, the logbook's
// current week, the commitments' and obligations' states. (Date of the
// UTC instant would be the day before from midnight to 05:00 there.)
func DateInKazakhstan(t time.Time) time.Time {
	y, m, d := t.In(kazakhstanTime).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MarshalText writes the String form, so JSON carries "12345".
func (w Weekdays) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads the String form.
func (w *Weekdays) UnmarshalText(b []byte) error {
	v, err := ParseWeekdays("weekdays", string(b))
	*w = v
	return err
}
