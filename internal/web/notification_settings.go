package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type notificationKindRow struct {
	Kind, Label  string
	InApp, Email bool
}

type notificationSettingsData struct {
	Email string
	Langs []option
	Kinds []notificationKindRow
	Form  formErrors
}

// notificationLabels name the settings' fields in their messages.
var notificationLabels = map[string]string{"email": "notify.settings.email", "lang": "notify.settings.lang"}

// notificationSettings is the reader's choice of notifications: the
// e-mail address and language of the e-mails, and for each kind their
// role receives, in the product and by e-mail (checkboxes of a plain
// form). Until they save, e-mails are offered in the page's language.
func (h *Web) notificationSettings(w http.ResponseWriter, r *http.Request) {
	v := h.newView(r, "notifications")
	p, err := h.reg.NotificationPrefs(r.Context(), v.Lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderNotificationSettings(w, r, v, http.StatusOK, p, formErrors{})
}

func (h *Web) renderNotificationSettings(w http.ResponseWriter, r *http.Request, v *view, status int, p domain.NotificationPrefs,
	fe formErrors) {
	d := notificationSettingsData{Email: p.Email, Form: fe, Langs: choices(v, "web.lang.", domain.Languages, p.Lang)}
	for _, k := range domain.NotificationKindsFor(v.User.Role) {
		c := p.Choice(k)
		d.Kinds = append(d.Kinds, notificationKindRow{Kind: string(k), Label: v.T("notify.kind." + string(k)), InApp: c.InApp, Email: c.Email})
	}
	v.Title = v.T("notify.settings.title")
	v.Data = d
	h.render(w, r, status, "notification_settings", v)
}
