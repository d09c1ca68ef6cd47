package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// roundChoices saves a student's ranked list. The form posts the whole
// list in order (offer, with the position typed beside each in rank) and
// at most one change to it: add, remove, up or down naming an offer, or
// save, which keeps the order typed. Without JavaScript every button is a
// plain submit of that one form; the list is saved at each change, so
// what the student sees is what the round has. A refusal (too many
// offers, an offer the student may not rank, the deadline passed) comes
// back on the round's page with the list as posted.
func (h *Web) roundChoices(w http.ResponseWriter, r *http.Request) {
	id, ok := h.postedID(w, r, "round")
	if !ok {
		return
	}
	ctx := r.Context()
	list, done, err := editedChoices(r.PostForm)
	if err == nil {
		var studentID int64
		if u := domain.ActorFrom(ctx).User; u != nil {
			studentID = u.StudentID
		}
		err = h.reg.SetChoices(ctx, id, studentID, list)
	}
	if err != nil {
		h.roundRefused(w, r, id, roundProblem{form: "choices", choices: list}, err)
		return
	}
	flash(ctx, done)
	http.Redirect(w, r, stepReturn(r, roundURL(id))+"#my-list", http.StatusSeeOther)
}

// maxPostedChoices bounds the list a form may post, well above any
// round's limit, so a forged form cannot make the handler work hard; the
// round service checks the round's own limit.
const maxPostedChoices = 200

// editedChoices applies the posted change to the posted list: the offers
// in the order of the positions typed (ties and blanks keep their place),
// then the one change. It returns the list to save and the message that
// confirms it. An offer number that is not a record number is EINVALID.
func editedChoices(form url.Values) ([]int64, string, error) {
	invalid := domain.Invalid("offer", "error.form.id", "offer must be a record number").With("name", "offer")
	offers := form["offer"]
	if len(offers) > maxPostedChoices {
		return nil, "", domain.Invalid("offer", "error.round.too_many_posted", "too many offers").
			With("max", strconv.Itoa(maxPostedChoices))
	}
	type item struct {
		id       int64
		position int
	}
	items := make([]item, 0, len(offers)+1)
	ranks := form["rank"]
	for i, s := range offers {
		id, ok := recordNumber(s)
		if !ok {
			return nil, "", invalid
		}
		pos := i + 1
		if len(ranks) == len(offers) {
			if n, err := strconv.Atoi(strings.TrimSpace(ranks[i])); err == nil {
				pos = n
			}
		}
		items = append(items, item{id, pos})
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.position, b.position) })
	list := make([]int64, 0, len(items)+1)
	for _, it := range items {
		list = append(list, it.id)
	}

	op, value := "save", ""
	for _, name := range []string{"add", "remove", "up", "down"} {
		if v := form.Get(name); v != "" {
			op, value = name, v
			break
		}
	}
	if op == "save" {
		return list, "web.round.flash.saved", nil
	}
	target, ok := recordNumber(value)
	if !ok {
		return nil, "", invalid
	}
	at := slices.Index(list, target)
	switch op {
	case "add":
		if at < 0 {
			list = append(list, target)
		}
		return list, "web.round.flash.added", nil
	case "remove":
		if at >= 0 {
			list = slices.Delete(list, at, at+1)
		}
		return list, "web.round.flash.removed", nil
	case "up":
		if at > 0 {
			list[at-1], list[at] = list[at], list[at-1]
		}
	case "down":
		if at >= 0 && at < len(list)-1 {
			list[at], list[at+1] = list[at+1], list[at]
		}
	}
	return list, "web.round.flash.moved", nil
}

// recordNumber parses a positive record number of a form.
func recordNumber(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil && n > 0
}
