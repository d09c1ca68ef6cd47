package access

import (
	"context"

	"github.com/dualtrack/dualtrack/internal/auth"
	"github.com/dualtrack/dualtrack/internal/domain"
)

// The logbook is read (auth.ReadLogbook) by the people who work with it: a
// student their own entries, a mentor their trainees' and those under
// agreements naming them, a teacher those of the students of the groups
// they supervise, a college coordinator the college's, enterprise HR those
// under its agreements, an auditor those of its scope. An entry is within
// scope when its agreement is, and a photo when its entry is. Only the
// student writes their entries, only their mentor signs or returns them,
// and the college (coordinator or the students' teacher) reviews them.

// Entries lists the entries within the actor's scope.
func (r *Registry) Entries(ctx context.Context, f domain.EntryFilter) (domain.List[domain.LogbookEntry], error) {
	actor, err := r.allow(ctx, auth.ReadLogbook)
	if err != nil {
		return domain.List[domain.LogbookEntry]{}, err
	}
	sc := scopeOf(actor)
	f.CuratorID, f.MentorUserID = sc.curatorID, sc.mentorID
	if narrow(&f.RegionID, sc.regionID) || narrow(&f.CollegeID, sc.collegeID) ||
		narrow(&f.EnterpriseID, sc.placement()) || narrow(&f.StudentID, sc.studentID) {
		if err := f.Validate(); err != nil {
			return domain.List[domain.LogbookEntry]{}, err
		}
		return domain.List[domain.LogbookEntry]{Items: []domain.LogbookEntry{}, Page: f.Page.Number, Size: f.Page.Size}, nil
	}
	return r.store.Entries(ctx, f)
}

// Entry returns one entry within scope, with its photos; ENOTFOUND
// otherwise.
func (r *Registry) Entry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	actor, err := r.allow(ctx, auth.ReadLogbook)
	if err != nil {
		return domain.LogbookEntry{}, err
	}
	return r.entry(ctx, actor, id)
}

// entry loads an entry and checks it is within the actor's scope.
func (r *Registry) entry(ctx context.Context, actor domain.Actor, id int64) (domain.LogbookEntry, error) {
	e, err := r.store.Entry(ctx, id)
	if err != nil {
		return domain.LogbookEntry{}, err
	}
	ok, err := r.entryInScope(ctx, scopeOf(actor), &e)
	if err != nil {
		return domain.LogbookEntry{}, err
	}
	if !ok {
		return domain.LogbookEntry{}, notFound("entry")
	}
	return e, nil
}

func (r *Registry) entryInScope(ctx context.Context, sc scope, e *domain.LogbookEntry) (bool, error) {
	if sc.studentID != 0 {
		return e.StudentID == sc.studentID, nil
	}
	a, err := r.store.Agreement(ctx, e.AgreementID)
	if err != nil {
		return false, err
	}
	ok, err := r.agreementInScope(ctx, sc, &a)
	if err != nil || ok || sc.mentorID == 0 {
		return ok, err
	}
	// The logbook is the student's: a mentor follows the whole of a
	// trainee's, weeks under an earlier agreement included.
	s, err := r.store.Student(ctx, e.StudentID)
	return err == nil && s.MentorUserID == sc.mentorID, err
}

// SaveEntry creates or changes an entry of the signed-in student; the
// student is always the actor, and another student's entry is not found.
func (r *Registry) SaveEntry(ctx context.Context, e *domain.LogbookEntry) error {
	actor, err := r.allow(ctx, auth.WriteLogbook)
	if err != nil {
		return err
	}
	if e.ID != 0 {
		if _, err := r.entry(ctx, actor, e.ID); err != nil {
			return err
		}
	}
	e.StudentID = scopeOf(actor).studentID
	return r.store.SaveEntry(ctx, e)
}

// ownEntry checks that an entry is the signed-in student's.
func (r *Registry) ownEntry(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.WriteLogbook)
	if err != nil {
		return err
	}
	_, err = r.entry(ctx, actor, id)
	return err
}

// SubmitEntry submits the student's own entry for signature.
func (r *Registry) SubmitEntry(ctx context.Context, id int64) error {
	if err := r.ownEntry(ctx, id); err != nil {
		return err
	}
	return r.store.SubmitEntry(ctx, id)
}

// CorrectEntry starts a correction of the student's own signed week.
func (r *Registry) CorrectEntry(ctx context.Context, id int64) (domain.LogbookEntry, error) {
	if err := r.ownEntry(ctx, id); err != nil {
		return domain.LogbookEntry{}, err
	}
	return r.store.CorrectEntry(ctx, id)
}

// AddPhoto attaches a photo to the student's own entry.
func (r *Registry) AddPhoto(ctx context.Context, entryID int64, data []byte) (domain.Photo, error) {
	if err := r.ownEntry(ctx, entryID); err != nil {
		return domain.Photo{}, err
	}
	return r.store.AddPhoto(ctx, entryID, data)
}

// DeletePhoto removes a photo from the student's own entry.
func (r *Registry) DeletePhoto(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.WriteLogbook)
	if err != nil {
		return err
	}
	if _, _, err := r.photo(ctx, actor, id); err != nil {
		return err
	}
	return r.store.DeletePhoto(ctx, id)
}

// Photo returns a photo of an entry the actor may read.
func (r *Registry) Photo(ctx context.Context, id int64) (domain.Photo, []byte, error) {
	actor, err := r.allow(ctx, auth.ReadLogbook)
	if err != nil {
		return domain.Photo{}, nil, err
	}
	return r.photo(ctx, actor, id)
}

// photo loads a photo and checks its entry is within the actor's scope.
func (r *Registry) photo(ctx context.Context, actor domain.Actor, id int64) (domain.Photo, []byte, error) {
	p, data, err := r.store.Photo(ctx, id)
	if err != nil {
		return domain.Photo{}, nil, err
	}
	if _, err := r.entry(ctx, actor, p.EntryID); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			err = notFound("photo")
		}
		return domain.Photo{}, nil, err
	}
	return p, data, nil
}

// mentorEntry checks that an entry is under an agreement naming the
// signed-in mentor.
func (r *Registry) mentorEntry(ctx context.Context, id int64) error {
	actor, err := r.allow(ctx, auth.SignLogbook)
	if err != nil {
		return err
	}
	_, err = r.entry(ctx, actor, id)
	return err
}

// SignEntry signs an entry of one of the mentor's trainees.
func (r *Registry) SignEntry(ctx context.Context, id int64) error {
	if err := r.mentorEntry(ctx, id); err != nil {
		return err
	}
	return r.store.SignEntry(ctx, id)
}

// ReturnEntry returns an entry of one of the mentor's trainees with a
// comment.
func (r *Registry) ReturnEntry(ctx context.Context, id int64, comment string) error {
	if err := r.mentorEntry(ctx, id); err != nil {
		return err
	}
	return r.store.ReturnEntry(ctx, id, comment)
}

// ReviewEntry records the review of an entry of the college's students (a
// teacher: of the students of their groups).
func (r *Registry) ReviewEntry(ctx context.Context, id int64, comment string) error {
	actor, err := r.allow(ctx, auth.ReviewLogbook)
	if err != nil {
		return err
	}
	if _, err := r.entry(ctx, actor, id); err != nil {
		return err
	}
	return r.store.ReviewEntry(ctx, id, comment)
}
