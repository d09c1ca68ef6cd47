package web

import (
	"net/http"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/notify"
)

type notificationRow struct {
	At            string
	Subject, Body string
	URL           string
	Unread        bool
	ReadURL       string // the form that marks it read
}

type notificationListData struct {
	listing
	Rows []notificationRow
}

// notificationList is the reader's own notifications, newest first, in
// the language of the page; "unread only" narrows them. Each unread one
// has a form that marks it read, and the page one that marks them all:
// plain POST forms, so it works without JavaScript.
func (h *Web) notificationList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "notifications")
	q := newQuery(r)
	show := q.choice("show")
	if show != "" && show != "unread" {
		q.fail(domain.Invalid("show", "error.form", "show is all or unread"))
	}
	f := domain.NotificationFilter{UnreadOnly: show == "unread", Page: q.page()}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Notifications(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := notificationListData{listing: listing{Path: "/notifications"}}
	p := newParams()
	p.set("show", show, "")
	d.Selects = []selectField{
		{ID: "f-show", Name: "show", Label: v.T("notify.show"), Any: v.T("notify.show.all"),
			Options: []option{{Value: "unread", Label: v.T("notify.show.unread"), Selected: show == "unread"}}},
		perPageField(v, f.Page.Size),
	}
	d.Summary = v.Plural("notify.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	for _, n := range list.Items {
		t := notify.Message(v.p, n)
		d.Rows = append(d.Rows, notificationRow{At: v.Time(n.CreatedAt), Subject: t.Subject, Body: t.Body, URL: n.Link,
			Unread: !n.Read(), ReadURL: "/notifications/" + strconv.FormatInt(n.ID, 10) + "/read"})
	}
	v.Title = v.T("notify.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "notification_list", v)
}
