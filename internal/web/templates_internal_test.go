package web

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// withFile returns the embedded templates with one file replaced.
func withFile(t *testing.T, name, content string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if content == "" {
		delete(m, name)
	} else {
		m[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return m
}

// TestBrokenTemplateFailsAtStart: a template that does not parse, a page
// that is missing, or a list page without its table ("rows") stops New,
// before any request is served.
func TestBrokenTemplateFailsAtStart(t *testing.T) {
	h := &Web{staticVersion: "test"}
	if _, err := parsePages(templateFS, h.funcs()); err != nil {
		t.Fatalf("the shipped templates must parse: %v", err)
	}
	for _, c := range []struct{ name, file, content, want string }{
		{"syntax error", "templates/pages/home.html", `{{define "content"}}{{if .Lang}}{{end}`, "home.html"},
		{"unknown function", "templates/pages/student_show.html", `{{define "content"}}{{frobnicate .}}{{end}}`, "frobnicate"},
		{"missing page", "templates/pages/college_show.html", "", "college_show.html is missing"},
		{"list without rows", "templates/pages/student_list.html", `{{define "content"}}x{{end}}`, `does not define "rows"`},
		{"broken layout", "templates/layout.html", `{{define "layout"}}{{template "content" .}`, "layout.html"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parsePages(withFile(t, c.file, c.content), h.funcs())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("parsePages = %v, want an error mentioning %q", err, c.want)
			}
		})
	}
}

func TestPager(t *testing.T) {
	p := newParams()
	p.Set("region", "75")
	pg := newPager("/students", p, 6, 10, 200)
	if pg.From != 51 || pg.To != 60 || pg.Pages != 20 {
		t.Fatalf("range %d–%d of %d pages", pg.From, pg.To, pg.Pages)
	}
	var got []string
	for _, l := range pg.Links {
		switch {
		case l.Gap:
			got = append(got, "…")
		case l.Current:
			got = append(got, "["+strconv.Itoa(l.Number)+"]")
		default:
			got = append(got, strconv.Itoa(l.Number))
		}
	}
	if s := strings.Join(got, " "); s != "1 … 4 5 [6] 7 8 … 20" {
		t.Errorf("page links %q", s)
	}
	if pg.Prev != "/students?page=5&region=75" || pg.Next != "/students?page=7&region=75" || pg.First != "/students?region=75" {
		t.Errorf("prev %q next %q first %q", pg.Prev, pg.Next, pg.First)
	}
	// The edges: no gap next to the first page, nothing before page 1.
	pg = newPager("/students", newParams(), 1, 10, 35)
	if pg.Prev != "" || pg.Next == "" || len(pg.Links) != 4 || pg.To != 10 {
		t.Errorf("first page: %+v", pg)
	}
	pg = newPager("/students", newParams(), 4, 10, 35)
	if pg.Next != "" || pg.From != 31 || pg.To != 35 {
		t.Errorf("last page: %+v", pg)
	}
	// One page: no links at all; past the end: flagged.
	if pg = newPager("/x", newParams(), 1, 25, 3); len(pg.Links) != 0 || pg.Pages != 1 {
		t.Errorf("single page: %+v", pg)
	}
	if pg = newPager("/x", newParams(), 5, 25, 3); !pg.BeyondEnd {
		t.Errorf("past the end: %+v", pg)
	}
}

func TestLocalPath(t *testing.T) {
	for next, want := range map[string]string{
		"/students?q=a&lang=en": "/students?q=a",
		"/":                     "/",
		"":                      "/",
		"//evil.example":        "/",
		`/\evil.example`:        "/",
		"https://evil.example":  "/",
		"students":              "/",
		// Decoding the path would make these another host.
		"/%2F%2Fevil.example":    "/%2F%2Fevil.example",
		"/%2F%2Fevil.example%20": "/%2F%2Fevil.example%20",
		"/%5Cevil.example":       "/%5Cevil.example",
		"/\tevil.example":        "/",
	} {
		if got := localPath(next); got != want {
			t.Errorf("localPath(%q) = %q, want %q", next, got, want)
		}
	}
}
