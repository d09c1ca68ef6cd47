// Package chart draws the analytics pages' pictures as SVG on the server:
// horizontal bars (regions or colleges by a figure), trends over academic
// years, the dual-training funnel, and a bubble map of the regions'
// administrative centres over Kazakhstan's outline.
//
// Why SVG from the server rather than a chart library in the browser: the
// pictures then work without JavaScript, print as they look, scale to a
// phone (every chart has a viewBox and no fixed size) and load nothing from
// other origins, which the product's content security policy forbids
// anyway. They are accessible as well: each chart begins with a <title>
// and a <desc>, each bar, point and bubble carries its label and value as
// text, and the pages put the same figures in a table one click away.
//
// The package knows nothing of the product: the caller hands it labels
// already translated and a Number function that writes a figure as the
// reader's language does, and gets back template.HTML built by escaping
// every text and attribute here, so that a college named
// "<script>" is drawn as those eight characters. Links (drill-down) must be
// paths on the same site; anything else is dropped rather than escaped into
// a javascript: URL. Colours are presentation attributes, which the page's
// style sheet may override, never style attributes, which the content
// security policy would block.
package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Number writes a figure in the reader's language (digit grouping, decimal
// mark). A chart without one writes plain digits.
type Number func(float64) string

func (n Number) format(v float64) string {
	if n != nil {
		return n(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Colours of the series, in the product's palette (the flag's sky blue,
// a gold dark enough to read on white, then colours apart from both), so
// that consecutive series never share a hue. Each series also has its own
// dash pattern, which tells them apart in print and to colour-blind readers.
var (
	palette = []string{"#0089a7", "#a86f00", "#6b4fbb", "#c2410c", "#15803d", "#be185d"}
	dashes  = []string{"", "7 4", "2 3", "10 3 2 3"}
)

const (
	colourBar     = "#0089a7"
	colourCurrent = "#a86f00"
	colourText    = "#1c2430"
	colourMuted   = "#5b6675"
	colourGrid    = "#dde3ea"
	colourLand    = "#e3f4f8"
	colourBorder  = "#006b83"
	fontFamily    = `system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif`
)

// writer builds one SVG document. Every text goes through text or attr,
// which escape it; numbers through num.
type writer struct{ b strings.Builder }

// open starts the <svg> with its viewBox, the class the page styles it
// by, and the title and description that name it for screen readers.
// role is "img" for a picture without links, "group" for one with links
// (an img's children are hidden from assistive technology).
func (w *writer) open(class, role string, width, height float64, title, desc string) {
	w.raw(`<svg xmlns="http://www.w3.org/2000/svg" class="chart `)
	w.attr(class)
	w.raw(`" viewBox="0 0 `)
	w.num(width)
	w.raw(" ")
	w.num(height)
	w.raw(`" role="`)
	w.raw(role)
	w.raw(`" font-family="`)
	w.attr(fontFamily)
	w.raw(`" font-size="13" fill="`)
	w.raw(colourText)
	w.raw(`"><title>`)
	w.text(title)
	w.raw("</title>")
	if desc != "" {
		w.raw("<desc>")
		w.text(desc)
		w.raw("</desc>")
	}
}

func (w *writer) close() template.HTML {
	w.raw("</svg>")
	return template.HTML(w.b.String()) // every text and attribute was escaped on the way in
}

func (w *writer) raw(s string) { w.b.WriteString(s) }

// text writes character data, escaped.
func (w *writer) text(s string) { w.b.WriteString(escape(s)) }

// attr writes an attribute value, escaped (quotes included).
func (w *writer) attr(s string) { w.b.WriteString(escape(s)) }

// num writes a coordinate with at most one decimal: a tenth of a viewBox
// unit is below a pixel on any screen the charts are drawn on.
func (w *writer) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	w.b.WriteString(s)
}

// label writes a <text> element at x, y.
func (w *writer) label(x, y float64, anchor, extra, s string) {
	w.raw(`<text x="`)
	w.num(x)
	w.raw(`" y="`)
	w.num(y)
	w.raw(`"`)
	if anchor != "" && anchor != "start" {
		w.raw(` text-anchor="`)
		w.raw(anchor)
		w.raw(`"`)
	}
	if extra != "" {
		w.raw(" ")
		w.raw(extra)
	}
	w.raw(">")
	w.text(s)
	w.raw("</text>")
}

// openLink starts an <a> around a bar, point or bubble if href is a safe
// link, and reports whether it did.
func (w *writer) openLink(href string) bool {
	if !safeLink(href) {
		return false
	}
	w.raw(`<a href="`)
	w.attr(href)
	w.raw(`">`)
	return true
}

func (w *writer) closeLink(opened bool) {
	if opened {
		w.raw("</a>")
	}
}

// empty draws the empty state: a chart's frame with its title and the
// caller's message in the middle, so that a page without figures still
// shows a valid picture that says why it is blank.
func empty(class string, width, height float64, title, desc, message string) template.HTML {
	var w writer
	w.open(class+" chart-empty", "img", width, height, title, desc)
	w.raw(`<rect x="0.5" y="0.5" width="`)
	w.num(width - 1)
	w.raw(`" height="`)
	w.num(height - 1)
	w.raw(`" rx="8" fill="none" stroke="` + colourGrid + `" stroke-dasharray="6 4"/>`)
	w.label(width/2, height/2+5, "middle", `fill="`+colourMuted+`"`, message)
	return w.close()
}

// escape makes s safe as XML character data and attribute values: the
// five special characters become references, and what XML cannot hold at
// all (control characters, invalid UTF-8) is replaced, so that no label
// can break the document.
func escape(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return '\uFFFD'
		}
		return r
	}, s)
	return template.HTMLEscapeString(s)
}

// safeLink reports whether href is a link on the same site: an absolute
// path (not a scheme-relative //host), a query or a fragment. The charts'
// links are drill-downs; a label from the database must never become a
// javascript: or off-site link.
func safeLink(href string) bool {
	if href == "" || strings.ContainsAny(href, "\\\x00\t\n\r") {
		return false
	}
	switch href[0] {
	case '?', '#':
		return true
	case '/':
		return len(href) == 1 || href[1] != '/'
	}
	return false
}

// shorten cuts a label to at most n characters with an ellipsis, for the
// text drawn in a chart; the whole label stays in the element's <title>.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// niceScale returns an axis maximum at or above max and its tick step: 1,
// 2 or 5 times a power of ten, about ticks steps from zero, so that the
// gridlines fall on round numbers.
func niceScale(max float64, ticks int) (top, step float64) {
	if !(max > 0) || math.IsInf(max, 0) {
		return 1, 1
	}
	raw := max / float64(ticks)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	top = math.Ceil(max/step-1e-9) * step
	return top, step
}

// finite reports whether v is a figure to draw (not NaN, not infinite).
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
