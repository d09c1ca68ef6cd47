package web

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// notificationSettingsSave stores the reader's choice: the address, the
// language, and for each kind of their role whether its box is ticked in
// each channel (an unticked box is not posted). A bad address or language
// comes back on the form, naming the field, in the page's language.
func (h *Web) notificationSettingsSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	v := h.newView(r, "notifications")
	p, err := h.reg.NotificationPrefs(ctx, v.Lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p.Email, p.Lang = r.PostFormValue("email"), r.PostFormValue("lang")
	for i, c := range p.Kinds {
		for _, k := range domain.NotificationKindsFor(v.User.Role) {
			if c.Kind == k {
				p.Kinds[i].InApp = r.PostFormValue("in_app."+string(k)) == "on"
				p.Kinds[i].Email = r.PostFormValue("email."+string(k)) == "on"
			}
		}
	}
	if err := h.reg.SaveNotificationPrefs(ctx, &p); err != nil {
		fe, status, ok := formProblem(v, err, "", notificationLabels)
		if !ok {
			h.fail(w, r, err)
			return
		}
		if len(p.Email) > domain.MaxEmailLength {
			p.Email = ""
		}
		if !i18n.Supported(p.Lang) {
			p.Lang = v.Lang
		}
		h.renderNotificationSettings(w, r, v, status, p, fe)
		return
	}
	flash(ctx, "notify.settings.saved")
	http.Redirect(w, r, "/notifications/settings", http.StatusSeeOther)
}
