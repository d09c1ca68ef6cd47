package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFiles embed.FS

// staticFS is the static folder as the root of the files served under /static/.
var staticFS = func() fs.FS {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // only if the literal folder name above were invalid
	}
	return sub
}()

// pages maps a page name (the file name under templates/pages without
// .html) to its template set: the layout, the shared partials and the page.
type pages map[string]*template.Template

// requiredPages are the pages the handlers render; New fails if one is
// missing, so a renamed file cannot turn into a 500 in production. A list
// page defines "rows", its table, which the shared "results" (the part htmx
// swaps, partials/list.html) shows; a page whose results have another
// shape defines "results" itself.
var requiredPages = map[string][]string{
	"home":            {"content"},
	"college_list":    {"content", "rows"},
	"college_show":    {"content"},
	"enterprise_list": {"content", "rows"},
	"enterprise_show": {"content"},
	"student_list":    {"content", "rows"},
	"student_show":    {"content"},
	"error":           {"content", "results"},
	"signin":          {"content"},
	"account":         {"content"},
	"token_created":   {"content"},
	"user_list":       {"content", "rows"},
	"user_form":       {"content"},
	"audit_list":      {"content", "rows"},

	"offer_list":       {"content", "rows"},
	"offer_show":       {"content"},
	"offer_form":       {"content"},
	"application_list": {"content", "rows"},
	"mentor_list":      {"content", "results"},
	"mentor_show":      {"content"},
	"mentor_form":      {"content"},
	"agreement_list":   {"content", "rows"},
	"agreement_show":   {"content"},
	"agreement_form":   {"content"},
	"logbook_list":     {"content"},
	"logbook_show":     {"content"},
	"logbook_form":     {"content"},
	"logbook_queue":    {"content"},
	"training_show":    {"content"},
	"attention_list":   {"content", "results"},
	"settings_dual":    {"content"},

	"round_list":    {"content", "rows"},
	"round_form":    {"content"},
	"round_show":    {"content", "results"},
	"round_results": {"content", "results"},

	"employment_report":    {"content", "results"},
	"employment_graduates": {"content", "rows"},

	"analytics_show": {"content", "results"},

	"teacher_dev_list":   {"content", "rows"},
	"teacher_dev_show":   {"content"},
	"internship_list":    {"content", "rows"},
	"teacher_policy":     {"content"},
	"international_show": {"content", "rows"},
	"partner_list":       {"content", "rows"},
	"partnership_form":   {"content"},
	"partnership_show":   {"content"},
	"mobility_list":      {"content", "rows"},
	"specialist_list":    {"content", "rows"},
	"crossborder_show":   {"content"},
	"record_form":        {"content"},

	"patronage_show":  {"content"},
	"memorandum_list": {"content", "rows"},
	"memorandum_show": {"content"},
	"memorandum_form": {"content"},

	"seats_overview":    {"content"},
	"seats_college":     {"content", "rows"},
	"targeted_overview": {"content"},
	"order_list":        {"content", "rows"},
	"order_form":        {"content"},
	"order_show":        {"content"},
	"contract_list":     {"content", "rows"},
	"contract_show":     {"content"},
	"alert_list":        {"content", "rows"},

	"import_list": {"content", "rows"},
	"import_show": {"content", "results"},

	"guidance_intro":        {"content"},
	"guidance_page":         {"content"},
	"guidance_result":       {"content"},
	"guidance_session_list": {"content"},
	"guidance_session_show": {"content"},

	"notification_list":     {"content", "rows"},
	"notification_settings": {"content"},
}

// parsePages parses the layout and partials once, then each page on a clone
// of them, so every page can define its own "content" and "results".
func parsePages(fsys fs.FS, funcs template.FuncMap) (pages, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	files, err := fs.Glob(fsys, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	ps := pages{}
	for _, file := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		if t, err = t.ParseFS(fsys, file); err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		ps[strings.TrimSuffix(path.Base(file), ".html")] = t
	}
	for name, defs := range requiredPages {
		t, ok := ps[name]
		if !ok {
			return nil, fmt.Errorf("web: templates: page %s.html is missing", name)
		}
		for _, d := range defs {
			if t.Lookup(d) == nil {
				return nil, fmt.Errorf("web: templates: page %s.html does not define %q", name, d)
			}
		}
	}
	return ps, nil
}

// formField is one field of a form for the field templates.
type formField struct {
	Name, Label, Auto, Error string
	Value                    string // as typed or stored, for the fields that show one
}

// partData is what the part function hands a partial template: the page's
// view, for its translations, and the one value of the page it shows.
type partData struct {
	*view
	Of any
}

// funcs are the template functions that need no request; everything that
// depends on the language is a method of the view.
func (h *Web) funcs() template.FuncMap {
	return template.FuncMap{
		// static gives the versioned URL of a static file.
		"static": func(name string) string { return "/static/" + name + "?v=" + h.staticVersion },
		// fieldOf gathers what a form field's template shows: its name,
		// translated label, autocomplete hint and problem.
		"fieldOf": func(v *view, errs formErrors, name, labelKey, auto string) formField {
			return formField{Name: name, Label: v.T(labelKey), Auto: auto, Error: errs.Of(name)}
		},
		// scheduleOf gathers the period, weekday and hour fields of the
		// offer and agreement forms.
		"scheduleOf": scheduleOf,
		// part hands a partial the view with a value of the page (a row,
		// a section), so that a piece two pages show translates the same.
		"part": func(v *view, of any) partData { return partData{view: v, Of: of} },
	}
}

// hashFiles returns a short hash of every file in fsys, used as the version
// of the static files.
func hashFiles(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("web: static files: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
