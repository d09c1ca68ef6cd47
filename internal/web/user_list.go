package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

type userRow struct {
	URL, Login, Name, Role string
	Scope, Status, Created string
	Inactive               bool
}

type userListData struct {
	listing
	Rows   []userRow
	NewURL string
}

// userList lists the users the actor manages (the access layer narrows the
// list to the actor's scope and the roles they manage), searchable by
// login or name and filtered by role.
func (h *Web) userList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := h.newView(r, "users")
	q := newQuery(r)
	f := domain.UserFilter{Query: q.text("q"), Role: domain.Role(q.choice("role")), Page: q.page()}
	if f.Role != "" && !slices.Contains(domain.Roles, f.Role) {
		q.fail(domain.Invalid("role", "error.user.role", "unknown role"))
	}
	if q.err != nil {
		h.fail(w, r, q.err)
		return
	}
	list, err := h.reg.Users(ctx, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := newParams()
	p.set("q", f.Query, "")
	p.set("role", string(f.Role), "")
	var roles []option
	for _, role := range auth.ManageableRoles(domain.ActorFrom(ctx).Role()) {
		roles = append(roles, option{Value: string(role), Label: v.Role(role), Selected: role == f.Role})
	}
	d := userListData{listing: listing{
		Path:        "/admin/users",
		Q:           f.Query,
		SearchLabel: v.T("web.users.search"),
		SearchHint:  v.T("web.users.search_hint"),
		Selects: []selectField{
			{ID: "f-role", Name: "role", Label: v.T("web.field.role"), Any: v.T("web.filter.all"), Options: roles},
			perPageField(v, f.Page.Size),
		},
	}, NewURL: "/admin/users/new"}
	d.Summary = v.Plural("web.users.count", list.Total)
	d.finish(w, v, p, f.Page, list.Total)
	names := scopeNames{h: h, v: v}
	for _, u := range list.Items {
		scope, err := names.of(ctx, u)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		row := userRow{URL: "/admin/users/" + strconv.FormatInt(u.ID, 10), Login: u.Login, Name: u.Name, Role: v.Role(u.Role),
			Scope: scope, Status: v.T("web.user.active"), Created: v.Date(u.CreatedAt.In(kazakhstan))}
		switch {
		case u.Disabled:
			row.Status, row.Inactive = v.T("web.user.disabled"), true
		case !u.Active(h.now()):
			row.Status, row.Inactive = v.T("web.user.expired"), true
		}
		if me := domain.ActorFrom(ctx).User; me != nil && me.ID == u.ID {
			row.URL = "/account"
		}
		d.Rows = append(d.Rows, row)
	}
	v.Title = v.T("web.users.title")
	v.Data = d
	h.render(w, r, http.StatusOK, "user_list", v)
}

// scopeNames names where users act, remembering the colleges, enterprises
// and regions it has looked up for the rows of one page.
type scopeNames struct {
	h     *Web
	v     *view
	names map[string]string
}

func (s *scopeNames) of(ctx context.Context, u domain.User) (string, error) {
	if s.names == nil {
		s.names = map[string]string{}
	}
	lookup := func(key string, load func() (domain.Names, error)) (string, error) {
		if n, ok := s.names[key]; ok {
			return n, nil
		}
		n, err := load()
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return "—", nil
		}
		if err != nil {
			return "", err
		}
		s.names[key] = n.In(s.v.Lang)
		return s.names[key], nil
	}
	switch {
	case u.CollegeID != 0:
		return lookup("c"+strconv.FormatInt(u.CollegeID, 10), func() (domain.Names, error) {
			c, err := s.h.reg.College(ctx, u.CollegeID)
			return c.Name, err
		})
	case u.EnterpriseID != 0:
		return lookup("e"+strconv.FormatInt(u.EnterpriseID, 10), func() (domain.Names, error) {
			e, err := s.h.reg.Enterprise(ctx, u.EnterpriseID)
			return e.Name, err
		})
	case u.RegionID != 0:
		return lookup("r"+strconv.Itoa(u.RegionID), func() (domain.Names, error) {
			r, err := s.h.reg.Region(ctx, u.RegionID)
			return r.Name, err
		})
	}
	return s.v.T("web.account.country"), nil
}
