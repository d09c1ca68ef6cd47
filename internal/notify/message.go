package notify

import (
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// Text is a notification in one language: the subject (a line) and the
// body (a sentence or two).
type Text struct {
	Subject, Body string
}

// Message renders n in p's language: the catalog's notify.<kind>.subject
// and .body, a kind with variants (an obligation's change or deadline)
// taking notify.<kind>.body.<variant>, and .<variant>.<state> where the
// catalog words the state's deadline. The params are filled in as they
// read in the language: those named *_on are days (written day first in
// Kazakh and Russian), "state" an obligation's state in words. The list
// page, the API and the e-mails all say it the same way.
func Message(p i18n.Printer, n domain.Notification) Text {
	params := make(map[string]string, len(n.Params))
	for k, v := range n.Params {
		switch {
		case strings.HasSuffix(k, "_on"):
			params[k] = Day(p.Lang, v)
		case k == "state":
			params[k] = p.T("notify.state." + v)
		default:
			params[k] = v
		}
	}
	body := "notify." + string(n.Kind) + ".body"
	if v := n.Params["variant"]; v != "" {
		body += "." + v
		if s := n.Params["state"]; s != "" && p.Has(body+"."+s) {
			body += "." + s
		}
	}
	return Text{Subject: p.TMap("notify."+string(n.Kind)+".subject", params), Body: p.TMap(body, params)}
}

// Day writes a YYYY-MM-DD day as people in the language write it: day
// first with dots in Kazakh and Russian, the month spelled out in English
// (as the pages do). Anything else is shown as it is.
func Day(lang, s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("02.01.2006")
}
