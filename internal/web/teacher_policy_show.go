package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/domain"
)

type categoryFormRow struct {
	Form      xform
	Retired   bool
	RemoveURL string // the removal, behind a confirmation
}

// removalOf prefixes a category's code in renderTeacherPolicy's form for
// a removal's problem: shown on the category's form, which keeps what is
// stored since the removal posts no fields.
const removalOf = "remove:"

type teacherPolicyData struct {
	Policy     xform
	Categories []categoryFormRow
	New        xform
}

// teacherPolicyShow is the ministry's page of the teachers' qualification
// policy: the interval of professional development and the scheme of
// categories, each category editable, and a form to add one.
func (h *Web) teacherPolicyShow(w http.ResponseWriter, r *http.Request) {
	h.renderTeacherPolicy(w, r, "", nil)
}

// renderTeacherPolicy shows the page; form names the form err belongs to
// ("policy", "new" or a category's code).
func (h *Web) renderTeacherPolicy(w http.ResponseWriter, r *http.Request, form string, err error) {
	ctx := r.Context()
	v := h.newView(r, "teachers_dev")
	p, perr := h.reg.TeacherPolicy(ctx)
	if perr != nil {
		h.fail(w, r, perr)
		return
	}
	cats, cerr := h.reg.QualificationCategories(ctx)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	d := teacherPolicyData{Policy: xform{ID: "policy-form", Action: "/admin/teacher-policy", Submit: v.T("web.tdev.save_policy"),
		Fields: []xfield{
			{Name: "development_years", Label: v.T("web.tdev.field.development_years"), Type: "number", Max: 10, Required: true,
				Value: strconv.Itoa(p.DevelopmentYears), Hint: v.T("web.tdev.hint.development_years")},
			{Name: "due_soon_days", Label: v.T("web.tdev.field.due_soon_days"), Type: "number", Max: 365, Required: true,
				Value: strconv.Itoa(p.DueSoonDays), Hint: v.T("web.tdev.hint.due_soon_days")},
			{Name: "internship_years", Label: v.T("web.tdev.field.internship_years"), Type: "number", Max: 10, Required: true,
				Value: strconv.Itoa(p.InternshipYears), Hint: v.T("web.tdev.hint.internship_years")},
		}}}
	for _, c := range cats {
		d.Categories = append(d.Categories, categoryFormRow{Retired: c.Retired, Form: categoryForm(v, c, "/admin/categories/"+c.Code),
			RemoveURL: "/admin/categories/" + c.Code + "/delete"})
	}
	d.New = categoryForm(v, domain.QualificationCategory{Position: len(cats) + 1}, "/admin/categories")
	d.New.ID, d.New.Title = "category-new", v.T("web.tdev.new_category")
	d.New.Fields = append([]xfield{{Name: "code", Label: v.T("web.tdev.field.code"), Type: "text", Max: 40, Required: true,
		Hint: v.T("web.tdev.hint.code")}}, d.New.Fields...)
	status := http.StatusOK
	if err != nil {
		code, removing := strings.CutPrefix(form, removalOf)
		if removing {
			form = code
		}
		target := &d.New
		switch form {
		case "policy":
			target = &d.Policy
		case "new":
		default:
			target = nil
			for i := range d.Categories {
				if "category-"+form == d.Categories[i].Form.ID {
					target = &d.Categories[i].Form
				}
			}
		}
		if target == nil {
			h.fail(w, r, err)
			return
		}
		if !removing {
			target.keep(r)
		}
		var ok bool
		if status, ok = target.problem(v, err); !ok {
			h.fail(w, r, err)
			return
		}
	}
	v.Title = v.T("web.tdev.policy_title")
	v.Data = d
	h.render(w, r, status, "teacher_policy", v)
}

// categoryForm is the form of one category of the scheme.
func categoryForm(v *view, c domain.QualificationCategory, action string) xform {
	retired := ""
	if c.Retired {
		retired = "yes"
	}
	return xform{ID: "category-" + c.Code, Action: action, Submit: v.T("web.tdev.save_category"), Title: c.Name.In(v.Lang),
		Fields: []xfield{
			{Name: "position", Label: v.T("web.tdev.field.position_rank"), Type: "number", Max: 100, Required: true, Value: strconv.Itoa(c.Position)},
			{Name: "name_kk", Label: v.T("web.tdev.field.name_kk"), Type: "text", Max: 100, Required: true, Value: c.Name.KK},
			{Name: "name_ru", Label: v.T("web.tdev.field.name_ru"), Type: "text", Max: 100, Required: true, Value: c.Name.RU},
			{Name: "name_en", Label: v.T("web.tdev.field.name_en"), Type: "text", Max: 100, Required: true, Value: c.Name.EN},
			{Name: "retired", Label: v.T("web.tdev.field.retired"), Type: "select", Any: v.T("web.tdev.in_use"),
				Options: []option{{Value: "yes", Label: v.T("web.tdev.retired"), Selected: retired == "yes"}}},
		}}
}
