package api

import "net/http"

// getMe answers GET /api/v1/me: the account the bearer token belongs to, so
// a client can show whose token it holds and what the token may reach.
func (a *API) getMe(w http.ResponseWriter, r *http.Request) error {
	u, err := a.reg.Me(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, userOf(u))
	return nil
}
