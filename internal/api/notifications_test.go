package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/dualtrack/dualtrack/internal/api"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/testkit"
)

// notificationProbes are TestRoleMatrix's requests for one's own
// notifications: every signed-in role lists its own and marks them all
// read; a notification that is nobody's is 404.
func (f *fixture) notificationProbes() map[string]probe {
	return map[string]probe{
		"GET /api/v1/notifications":            {url: api.Prefix + "/notifications?unread=true", ok: http.StatusOK},
		"POST /api/v1/notifications/read":      {url: api.Prefix + "/notifications/read", ok: http.StatusOK},
		"POST /api/v1/notifications/{id}/read": {url: api.Prefix + "/notifications/999999/read", ok: http.StatusNotFound},
	}
}

// TestNotificationsAPI reads a sweep's notifications through the API on
// both databases: each account its own, worded in the request's language;
// marking one read (another account's is 404, and stays unread) and all.
func TestNotificationsAPI(t *testing.T) {
	for _, db := range testkit.Databases {
		t.Run(db.Name, func(t *testing.T) {
			app := testkit.StartApp(t, db.DSN(t))
			st := app.Store
			w := testkit.NewAwaiting(t, st)
			ctx := context.Background()
			if res, err := st.RaiseNotifications(ctx, domain.DefaultNotificationRules, w.SentAt.AddDate(0, 0, 4)); err != nil || res.Total() != 3 {
				t.Fatalf("raised %v, %v", res, err)
			}
			student, hr := newToken(t, st, w.Student), newToken(t, st, w.HR)
			s := &session{base: app.URL, c: fetchContract(t, app.URL), succeeded: map[string]bool{}}

			list := s.call(t, student, "GET", "/api/v1/notifications?lang=kk", nil, 200)
			list.has(t, map[string]any{"total": 1, "items.0.kind": "agreement_awaiting", "items.0.read": false,
				"items.0.subject": "Шарт сіздің қолыңызды күтуде",
				"items.0.body":    "Серікова Айгерім білім алушының үшжақты шарты 20.08.2026 бастап сіздің қолыңызды күтуде.",
				"items.0.link":    fmt.Sprintf("/agreements/%d", w.Agreement.ID), "items.0.params.since_on": "2026-08-20"})
			mine, _ := lookup(list.v, "items.0.id")
			theirs := s.call(t, hr, "GET", "/api/v1/notifications", nil, 200, "Accept-Language", "ru")
			theirs.has(t, map[string]any{"total": 1, "items.0.subject": "Договор ожидает вашей подписи"})
			hrs, _ := lookup(theirs.v, "items.0.id")
			if fmt.Sprint(mine) == fmt.Sprint(hrs) {
				t.Fatal("the student and HR share a notification")
			}

			s.call(t, student, "POST", fmt.Sprintf("/api/v1/notifications/%v/read", hrs), nil, 404)
			s.call(t, student, "POST", fmt.Sprintf("/api/v1/notifications/%v/read", mine), nil, 204)
			s.call(t, student, "POST", fmt.Sprintf("/api/v1/notifications/%v/read", mine), nil, 204)
			s.call(t, student, "GET", "/api/v1/notifications?unread=true", nil, 200).has(t, map[string]any{"total": 0})
			s.call(t, student, "GET", "/api/v1/notifications", nil, 200).has(t, map[string]any{"total": 1, "items.0.read": true})
			s.call(t, hr, "GET", "/api/v1/notifications?unread=true", nil, 200).has(t, map[string]any{"total": 1, "items.0.read": false})
			s.call(t, hr, "GET", "/api/v1/notifications?unread=maybe", nil, 400).errorField(t, "invalid", "unread")
			s.call(t, hr, "POST", "/api/v1/notifications/read", nil, 200).has(t, map[string]any{"marked": 1})
			s.call(t, hr, "POST", "/api/v1/notifications/read", nil, 200).has(t, map[string]any{"marked": 0})
			s.call(t, "", "GET", "/api/v1/notifications", nil, 401)
			s.reachedEvery(t, "notifications")
		})
	}
}
