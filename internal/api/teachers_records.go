package api

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Corrections of teachers' qualification records: a course or an
// internship changed or removed by whoever may record it (the college, the
// teacher), and the scheme of qualification categories, which the ministry
// lists, extends, renames, retires and — while no teacher holds a
// category — removes.

// updateCourse writes a course again; the teacher stays.
func (a *API) updateCourse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "course")
	if err != nil {
		return err
	}
	var in courseInput
	if err := readBody(r, &in, "course", "provider", "hours", "certificate", "starts_on", "ends_on"); err != nil {
		return err
	}
	starts, err1 := bodyDate("starts_on", in.StartsOn)
	ends, err2 := bodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2); err != nil {
		return err
	}
	c := domain.Course{ID: id, Course: in.Course, Provider: in.Provider, Hours: in.Hours, Certificate: in.Certificate, StartsOn: starts, EndsOn: ends}
	if err := a.reg.UpdateCourse(r.Context(), &c); err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, courseOf(c))
	return nil
}

// deleteCourse removes a course recorded by mistake.
func (a *API) deleteCourse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "course")
	if err != nil {
		return err
	}
	if err := a.reg.DeleteCourse(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// updateInternship writes an internship again; the teacher stays.
func (a *API) updateInternship(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "internship")
	if err != nil {
		return err
	}
	var in internshipInput
	if err := readBody(r, &in, "enterprise_id", "hours", "starts_on", "ends_on"); err != nil {
		return err
	}
	starts, err1 := bodyDate("starts_on", in.StartsOn)
	ends, err2 := bodyDate("ends_on", in.EndsOn)
	if err := firstError(err1, err2); err != nil {
		return err
	}
	i := domain.Internship{ID: id, EnterpriseID: in.EnterpriseID, Hours: in.Hours, StartsOn: starts, EndsOn: ends, Note: in.Note}
	if err := a.reg.UpdateInternship(r.Context(), &i); err != nil {
		return err
	}
	saved, err := a.reg.Internship(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, internshipOf(saved))
	return nil
}

// deleteInternship removes an internship recorded by mistake.
func (a *API) deleteInternship(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, 64, "internship")
	if err != nil {
		return err
	}
	if err := a.reg.DeleteInternship(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// categoryInput is a category as the ministry writes it; the code comes
// from the path when a category is changed.
type categoryInput struct {
	Code     string `json:"code"`
	Position int    `json:"position"`
	NameKK   string `json:"name_kk"`
	NameRU   string `json:"name_ru"`
	NameEN   string `json:"name_en"`
	Retired  bool   `json:"retired"`
}

func categoryOf(c domain.QualificationCategory) category {
	return category{Code: c.Code, Position: c.Position, Name: namesOf(c.Name), Retired: c.Retired}
}

// categoryList is the scheme of categories.
type categoryList struct {
	Items []category `json:"items"`
}

// listCategories is the scheme in the order of rank, retired categories
// included.
func (a *API) listCategories(w http.ResponseWriter, r *http.Request) error {
	cats, err := a.reg.QualificationCategories(r.Context())
	if err != nil {
		return err
	}
	out := categoryList{Items: []category{}}
	for _, c := range cats {
		out.Items = append(out.Items, categoryOf(c))
	}
	writeJSON(w, r, http.StatusOK, out)
	return nil
}

// createCategory adds a category to the scheme; a code taken is 409.
func (a *API) createCategory(w http.ResponseWriter, r *http.Request) error {
	var in categoryInput
	if err := readBody(r, &in, "code", "position", "name_kk", "name_ru", "name_en"); err != nil {
		return err
	}
	c := domain.QualificationCategory{Code: in.Code, Position: in.Position, Name: domain.Names{KK: in.NameKK, RU: in.NameRU, EN: in.NameEN},
		Retired: in.Retired}
	if err := a.reg.SaveQualificationCategory(r.Context(), &c, true); err != nil {
		return err
	}
	writeCreated(w, r, "/admin/teacher-policy", categoryOf(c))
	return nil
}

// updateCategory renames, re-ranks, retires or brings back a category.
func (a *API) updateCategory(w http.ResponseWriter, r *http.Request) error {
	var in categoryInput
	if err := readBody(r, &in, "position", "name_kk", "name_ru", "name_en", "retired"); err != nil {
		return err
	}
	code := r.PathValue("code")
	if in.Code != "" && in.Code != code {
		return domain.Invalid("code", "error.category.code_fixed", "the code of a category does not change")
	}
	c := domain.QualificationCategory{Code: code, Position: in.Position, Name: domain.Names{KK: in.NameKK, RU: in.NameRU, EN: in.NameEN},
		Retired: in.Retired}
	if err := a.reg.SaveQualificationCategory(r.Context(), &c, false); err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, categoryOf(c))
	return nil
}

// deleteCategory removes a category no teacher holds; one held is 409,
// naming it (retire it instead).
func (a *API) deleteCategory(w http.ResponseWriter, r *http.Request) error {
	if err := a.reg.DeleteQualificationCategory(r.Context(), r.PathValue("code")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
