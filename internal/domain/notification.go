package domain

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Notifications (issue 11): what the program tells people by itself, in
// the product (the bell and /notifications) and by e-mail. A sweep
// (internal/notify) finds the events due and raises one notification per
// person and event, once however often it runs; each person chooses the
// kinds they receive and by which channel.

// NotificationKind is what a notification is about; it names the catalog
// messages notify.<kind>.subject and notify.<kind>.body.
type NotificationKind string

// Kinds of notification.
const (
	// NotifyAgreementAwaiting: an agreement has awaited the reader's
	// party's signature for the rule's days (college, enterprise, student).
	NotifyAgreementAwaiting NotificationKind = "agreement_awaiting"
	// NotifyLogbookWaiting: a trainee's entry has awaited the mentor for
	// the rule's days.
	NotifyLogbookWaiting NotificationKind = "logbook_waiting"
	// NotifyObligationMilestone: a work obligation of the reader's college
	// or employer changed state or nears a deadline (its alert).
	NotifyObligationMilestone NotificationKind = "obligation_milestone"
	// NotifyRoundOpened: an allocation round the reader takes part in
	// opened (students of the round, enterprises with offers in it).
	NotifyRoundOpened NotificationKind = "round_opened"
	// NotifyRoundClosing: the ranking of a round closes within the rule's
	// days (its students).
	NotifyRoundClosing NotificationKind = "round_closing"
)

// NotificationKinds lists every kind in the order the settings show them.
var NotificationKinds = []NotificationKind{NotifyAgreementAwaiting, NotifyLogbookWaiting, NotifyObligationMilestone,
	NotifyRoundOpened, NotifyRoundClosing}

// Valid reports whether k is a known kind.
func (k NotificationKind) Valid() bool { return slices.Contains(NotificationKinds, k) }

// notificationRoles are the roles each kind reaches: a person of another
// role never receives it, so the settings do not offer it.
var notificationRoles = map[NotificationKind][]Role{
	NotifyAgreementAwaiting:   {RoleCollege, RoleEnterprise, RoleStudent},
	NotifyLogbookWaiting:      {RoleMentor},
	NotifyObligationMilestone: {RoleCollege, RoleEnterprise},
	NotifyRoundOpened:         {RoleEnterprise, RoleStudent},
	NotifyRoundClosing:        {RoleStudent},
}

// NotificationKindsFor lists the kinds a role receives, in settings order.
func NotificationKindsFor(r Role) []NotificationKind {
	var out []NotificationKind
	for _, k := range NotificationKinds {
		if slices.Contains(notificationRoles[k], r) {
			out = append(out, k)
		}
	}
	return out
}

// Notification is one thing a person is told. Its text is the catalog's
// notify.<kind>.subject and .body with Params filled in, so each reader
// sees it in their language.
type Notification struct {
	ID       int64             `json:"id"`
	UserID   int64             `json:"user_id"`
	Kind     NotificationKind  `json:"kind"`
	EventKey string            `json:"event_key"` // the event, unique per person and kind
	Params   map[string]string `json:"params"`
	Link     string            `json:"link"` // a path of the site
	// InApp and Email are the channels the person chose when it was raised.
	InApp     bool      `json:"in_app"`
	Email     bool      `json:"email"`
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at,omitzero"`
	EmailedAt time.Time `json:"emailed_at,omitzero"`
}

// Read reports whether the person marked it read.
func (n *Notification) Read() bool { return !n.ReadAt.IsZero() }

// NotificationFilter selects a person's notifications, newest first.
type NotificationFilter struct {
	UserID     int64 // set by the access layer: always the reader
	UnreadOnly bool
	Page       Page
}

// Validate fills in defaults.
func (f *NotificationFilter) Validate() error { return f.Page.Normalize() }

// ChannelChoice is a person's choice for one kind.
type ChannelChoice struct {
	Kind  NotificationKind `json:"kind"`
	InApp bool             `json:"in_app"`
	Email bool             `json:"email"`
}

// NotificationPrefs are a person's choices: where e-mails go, in which
// language, and the channels of each kind.
type NotificationPrefs struct {
	UserID int64  `json:"user_id"`
	Email  string `json:"email"` // "" for none: no e-mails
	Lang   string `json:"lang"`
	// Kinds has one choice per kind of NotificationKinds, in that order.
	Kinds     []ChannelChoice `json:"kinds"`
	UpdatedAt time.Time       `json:"updated_at,omitzero"`
}

// DefaultNotificationPrefs are the choices of a person who made none:
// every kind in the product and by e-mail (sent only once an address is
// given), e-mails in lang.
func DefaultNotificationPrefs(userID int64, lang string) NotificationPrefs {
	p := NotificationPrefs{UserID: userID, Lang: lang}
	for _, k := range NotificationKinds {
		p.Kinds = append(p.Kinds, ChannelChoice{Kind: k, InApp: true, Email: true})
	}
	return p
}

// Choice returns the choice for kind k (the default for a kind not listed).
func (p *NotificationPrefs) Choice(k NotificationKind) ChannelChoice {
	for _, c := range p.Kinds {
		if c.Kind == k {
			return c
		}
	}
	return ChannelChoice{Kind: k, InApp: true, Email: true}
}

// MaxEmailLength is the longest address SMTP carries (RFC 5321: 254 in a
// path).
const MaxEmailLength = 254

// Validate normalises and checks the choices: a plain e-mail address or
// none, a product language, known kinds each once; the kinds not listed
// take the defaults, and the list comes back in NotificationKinds order.
func (p *NotificationPrefs) Validate() error {
	p.Email = strings.TrimSpace(p.Email)
	if p.Email != "" {
		a, err := mail.ParseAddress(p.Email)
		// Only a bare address: no display name, nothing that would let a
		// header be written into the message.
		if err != nil || a.Address != p.Email || a.Name != "" || len(p.Email) > MaxEmailLength || strings.ContainsAny(p.Email, "\r\n<>") {
			return Invalid("email", "notify.error.email", "enter an e-mail address such as name@example.kz")
		}
	}
	if !slices.Contains(Languages, p.Lang) {
		return Invalid("lang", "notify.error.lang", "choose the language of the e-mails")
	}
	seen := map[NotificationKind]bool{}
	for _, c := range p.Kinds {
		if !c.Kind.Valid() || seen[c.Kind] {
			return Invalid("kinds", "notify.error.kind", "unknown kind of notification").With("kind", string(c.Kind))
		}
		seen[c.Kind] = true
	}
	ordered := make([]ChannelChoice, 0, len(NotificationKinds))
	for _, k := range NotificationKinds {
		ordered = append(ordered, p.Choice(k))
	}
	p.Kinds = ordered
	return nil
}

// NotificationRules say when events are due: how many days an agreement
// awaits a signature and an entry the mentor before people are told, how
// many days before a round's deadline its students are reminded, and how
// far back a sweep looks for alerts and round openings (a sweep that did
// not run for longer misses those, rather than telling of old news).
type NotificationRules struct {
	AgreementDays    int
	LogbookDays      int
	RoundClosingDays int
	Lookback         time.Duration
	// EmailWithin: a notification not e-mailed within this long after it
	// was raised is no longer e-mailed (the person sees it in the product).
	EmailWithin time.Duration
}

// DefaultNotificationRules are the shipped values.
var DefaultNotificationRules = NotificationRules{AgreementDays: 3, LogbookDays: 3, RoundClosingDays: 2,
	Lookback: 7 * 24 * time.Hour, EmailWithin: 3 * 24 * time.Hour}

// Validate checks the rules' bounds.
func (r NotificationRules) Validate() error {
	switch {
	case r.AgreementDays < 1 || r.AgreementDays > 365:
		return Invalid("agreement_days", "error.settings.range", "out of range").With("min", "1").With("max", "365")
	case r.LogbookDays < 1 || r.LogbookDays > 365:
		return Invalid("logbook_days", "error.settings.range", "out of range").With("min", "1").With("max", "365")
	case r.RoundClosingDays < 1 || r.RoundClosingDays > 60:
		return Invalid("round_closing_days", "error.settings.range", "out of range").With("min", "1").With("max", "60")
	case r.Lookback < time.Hour || r.EmailWithin < time.Hour:
		return Invalid("lookback", "error.settings.range", "out of range").With("min", "1").With("max", "365")
	}
	return nil
}

// RaiseResult counts what one sweep raised, by kind.
type RaiseResult map[NotificationKind]int

// Total is the number of notifications raised.
func (r RaiseResult) Total() int {
	n := 0
	for _, v := range r {
		n += v
	}
	return n
}

// Email is one person's pending notifications, claimed by a sweep to be
// sent in one message.
type Email struct {
	UserID        int64
	Name          string // the person's name, for the greeting
	To            string
	Lang          string
	Notifications []Notification
}

// NotificationService keeps people's notifications and their choices.
// Every method acts for one person (the access layer passes the reader).
type NotificationService interface {
	// Notifications returns a page of a person's notifications shown in
	// the product, newest first.
	Notifications(ctx context.Context, f NotificationFilter) (List[Notification], error)
	// UnreadNotifications counts a person's unread notifications.
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	// MarkNotificationRead marks one of a person's notifications read;
	// ENOTFOUND if the person has no such notification.
	MarkNotificationRead(ctx context.Context, userID, id int64) error
	// MarkAllNotificationsRead marks every unread notification of a person
	// read and returns how many.
	MarkAllNotificationsRead(ctx context.Context, userID int64) (int, error)
	// NotificationPrefs returns a person's choices, the defaults (e-mails
	// in lang) until they make some.
	NotificationPrefs(ctx context.Context, userID int64, lang string) (NotificationPrefs, error)
	// SaveNotificationPrefs validates and stores a person's choices;
	// EINVALID naming the field.
	SaveNotificationPrefs(ctx context.Context, p *NotificationPrefs) error
}
