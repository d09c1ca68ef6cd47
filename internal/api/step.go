package api

import (
	"context"
	"net/http"
)

// recordWriter answers with the record of an ID as its resource shows it
// (writeAgreement, writeOffer…).
type recordWriter func(w http.ResponseWriter, r *http.Request, status int, id int64) error

// step answers a change of the record the path names (a transition of
// its state) that takes no input, with the record after it; kind names the
// record in a not-found error.
func step(kind string, write recordWriter, take func(ctx context.Context, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, 64, kind)
		if err != nil {
			return err
		}
		if err := take(r.Context(), id); err != nil {
			return err
		}
		return write(w, r, http.StatusOK, id)
	}
}

// stepWith is step for a change that takes a JSON body (an edit, a step
// with a reason), read into an In; the fields of required must be there.
func stepWith[In any](kind string, write recordWriter, take func(ctx context.Context, id int64, in In) error, required ...string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, 64, kind)
		if err != nil {
			return err
		}
		var in In
		if err := readBody(r, &in, required...); err != nil {
			return err
		}
		if err := take(r.Context(), id, in); err != nil {
			return err
		}
		return write(w, r, http.StatusOK, id)
	}
}
