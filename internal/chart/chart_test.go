package chart

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/refdata"
)

// node is an element of a drawn SVG, parsed back with encoding/xml: what
// a browser would build from the markup.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return f
}

// all returns every element named name under n, in document order.
func (n node) all(name string) []node {
	var out []node
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

// child returns n's first direct child named name.
func (n node) child(name string) (node, bool) {
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			return c, true
		}
	}
	return node{}, false
}

// withClass returns the elements under n whose class list holds class.
func (n node) withClass(class string) []node {
	var out []node
	for _, c := range n.Nodes {
		for _, cl := range strings.Fields(c.attr("class")) {
			if cl == class {
				out = append(out, c)
				break
			}
		}
		out = append(out, c.withClass(class)...)
	}
	return out
}

// parse checks that a drawn chart is one well-formed SVG document that
// scales (a viewBox, no fixed size) and is named by a title and returns its
// root.
func parse(t *testing.T, svg string) node {
	t.Helper()
	var root node
	dec := xml.NewDecoder(strings.NewReader(svg))
	dec.Strict = true
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("not well-formed SVG: %v\n%s", err, svg)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root is %v, want svg in the SVG namespace", root.XMLName)
	}
	if f := strings.Fields(root.attr("viewBox")); len(f) != 4 {
		t.Fatalf("viewBox = %q", root.attr("viewBox"))
	}
	if root.attr("width") != "" || root.attr("height") != "" {
		t.Errorf("a fixed size (%q × %q) would not scale to a phone", root.attr("width"), root.attr("height"))
	}
	if len(root.Nodes) == 0 || root.Nodes[0].XMLName.Local != "title" || root.Nodes[0].Text == "" {
		t.Errorf("the first child must be a non-empty <title>, the chart's accessible name")
	}
	return root
}

func viewBox(t *testing.T, root node) (w, h float64) {
	t.Helper()
	f := strings.Fields(root.attr("viewBox"))
	w, _ = strconv.ParseFloat(f[2], 64)
	h, _ = strconv.ParseFloat(f[3], 64)
	return w, h
}

// grouped writes digits in groups of three with a space, as Kazakh and
// Russian pages do, so the tests see the caller's formatting in the SVG.
func grouped(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func regionBubbles() []Bubble {
	var out []Bubble
	for _, r := range refdata.Regions() {
		out = append(out, Bubble{Label: r.Name.RU, Lat: r.Lat, Lon: r.Lon, Value: float64(r.Population),
			URL: fmt.Sprintf("/analytics?region=%d", r.ID)})
	}
	return out
}

func TestMapBubblesAtTheRegionsCentres(t *testing.T) {
	regions := refdata.Regions()
	m := Map{Title: "Студенты по регионам", Desc: "Площадь круга пропорциональна числу студентов",
		Number: grouped, Bubbles: regionBubbles(), Credit: "Natural Earth"}
	root := parse(t, string(m.SVG()))
	o, err := countryOutline()
	if err != nil {
		t.Fatal(err)
	}
	vw, vh := viewBox(t, root)
	if vw != mapWidth || math.Abs(vh-o.height) > 0.1 {
		t.Errorf("viewBox %v × %v, want %v × %.1f", vw, vh, mapWidth, o.height)
	}
	if o.minX < 0 || o.minY < 0 || o.maxX > vw || o.maxY > vh {
		t.Errorf("outline box (%.1f,%.1f)–(%.1f,%.1f) leaves the viewBox %v × %v", o.minX, o.minY, o.maxX, o.maxY, vw, vh)
	}
	if land := root.withClass("map-land"); len(land) != 1 || !strings.HasPrefix(land[0].attr("d"), "M") {
		t.Fatalf("the country's outline is missing: %v", land)
	}

	bubbles := root.withClass("bubble")
	if len(bubbles) != len(regions) {
		t.Fatalf("%d bubbles, want one per region (%d)", len(bubbles), len(regions))
	}
	largest := 0
	for _, r := range regions {
		largest = max(largest, r.Population)
	}
	byLink := map[string]node{}
	for _, b := range bubbles {
		a, ok := b.child("a")
		if !ok {
			t.Fatalf("bubble without a drill-down link: %+v", b)
		}
		byLink[a.attr("href")] = a
	}
	for _, r := range regions {
		a, ok := byLink[fmt.Sprintf("/analytics?region=%d", r.ID)]
		if !ok {
			t.Errorf("%s: no bubble links to its dashboard", r.Name.EN)
			continue
		}
		title, _ := a.child("title")
		if want := r.Name.RU + ": " + grouped(float64(r.Population)); title.Text != want {
			t.Errorf("%s: tooltip %q, want %q", r.Name.EN, title.Text, want)
		}
		c, _ := a.child("circle")
		x, y, rad := c.num(t, "cx"), c.num(t, "cy"), c.num(t, "r")
		// Every centre lies inside the country, so inside the outline's box.
		if x < o.minX || x > o.maxX || y < o.minY || y > o.maxY {
			t.Errorf("%s at (%.1f, %.1f), outside the outline's box (%.1f,%.1f)–(%.1f,%.1f)",
				r.Name.EN, x, y, o.minX, o.minY, o.maxX, o.maxY)
		}
		// Area, not radius, is proportional to the figure.
		want := mapMaxRadius * math.Sqrt(float64(r.Population)/float64(largest))
		if math.Abs(rad-want) > 0.06 {
			t.Errorf("%s: radius %.2f, want %.2f (√ of its share of the largest)", r.Name.EN, rad, want)
		}
		if x-rad < 0 || y-rad < 0 || x+rad > vw || y+rad > vh {
			t.Errorf("%s: bubble (%.1f, %.1f, r %.1f) is cut off by the viewBox", r.Name.EN, x, y, rad)
		}
	}
	// The relative positions are the country's: Petropavl is the northernmost
	// centre, Aktau the westernmost, Ust-Kamenogorsk the easternmost,
	// Shymkent the southernmost.
	pos := func(id int) (float64, float64) {
		c, _ := byLink[fmt.Sprintf("/analytics?region=%d", id)].child("circle")
		return c.num(t, "cx"), c.num(t, "cy")
	}
	_, yNorth := pos(59)
	xWest, _ := pos(47)
	xEast, _ := pos(63)
	_, ySouth := pos(79)
	for _, r := range regions {
		x, y := pos(r.ID)
		if y < yNorth || y > ySouth || x < xWest || x > xEast {
			t.Errorf("%s at (%.1f, %.1f) lies beyond Petropavl, Shymkent, Aktau or Ust-Kamenogorsk", r.Name.EN, x, y)
		}
	}
	// Small bubbles are drawn last, on top of large neighbours: Almaty city's
	// over Almaty region's would otherwise hide one of them.
	if a, _ := bubbles[len(bubbles)-1].child("a"); a.attr("href") != "/analytics?region=62" {
		t.Errorf("last bubble drawn links to %q; the smallest region (Ulytau, 62) should be on top", a.attr("href"))
	}
	if !strings.Contains(string(m.SVG()), ">Natural Earth</text>") {
		t.Errorf("the outline's credit is not drawn")
	}
}

func TestOutlineIsSimplifiedNotDistorted(t *testing.T) {
	o, err := countryOutline()
	if err != nil {
		t.Fatal(err)
	}
	// 1,140 points in the file; a few hundred are enough at 800 units across.
	if o.points < 200 || o.points > 700 {
		t.Errorf("%d points after simplification", o.points)
	}
	if len(o.path) > 8000 {
		t.Errorf("outline path is %d bytes", len(o.path))
	}
	// Kazakhstan spans about 40.7° of longitude and 14.8° of latitude; at
	// 48° N a degree of longitude is cos 48° ≈ 0.67 of a degree of latitude,
	// so the outline is about 1.84 times as wide as it is tall.
	ratio := (o.maxX - o.minX) / (o.maxY - o.minY)
	if ratio < 1.75 || ratio > 1.93 {
		t.Errorf("outline width / height = %.2f, want about 1.84", ratio)
	}
	// The outline's extreme points sit on the margins the projection leaves.
	if math.Abs(o.minX-mapMargin) > 0.01 || math.Abs(o.minY-mapMargin) > 0.01 || math.Abs(o.maxX-(mapWidth-mapMargin)) > 0.01 {
		t.Errorf("outline box (%.2f,%.2f)–(%.2f,%.2f) does not fill the map", o.minX, o.minY, o.maxX, o.maxY)
	}
	if _, err := parseOutline([]byte(`{"type":"FeatureCollection","features":[{"geometry":{"type":"Point","coordinates":[1,2]}}]}`)); err == nil {
		t.Errorf("a point accepted as an outline")
	}
}

func TestSimplifyKeepsCornersDropsNoise(t *testing.T) {
	// A square with a wobble of 0.1 on one side (dropped) and a spike on
	// another (its three corners kept).
	pts := [][2]float64{{0, 0}, {5, 0.1}, {10, 0}, {10, 5}, {15, 7}, {10, 10}, {0, 10}, {0, 0}}
	got := simplify(pts, 0.6)
	want := [][2]float64{{0, 0}, {10, 0}, {10, 5}, {15, 7}, {10, 10}, {0, 10}, {0, 0}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("simplify = %v, want %v", got, want)
	}
}

const hostile = `<script>alert("x")</script> & 'Колледж №1'`

func TestTextIsEscaped(t *testing.T) {
	charts := map[string]string{
		"bars": string(Bars{Title: hostile, Desc: hostile, Number: grouped,
			Bars: []Bar{{Label: hostile, Value: 12, URL: "/colleges/1"}}}.SVG()),
		"trend": string(Trend{Title: hostile, Number: grouped, Labels: []string{hostile},
			Series: []Series{{Name: hostile, Values: []float64{3}}, {Name: "b", Values: []float64{2}}}}.SVG()),
		"funnel": string(Funnel{Title: hostile, Number: grouped, Steps: []Step{{Label: hostile, Value: 5, Note: hostile}}}.SVG()),
		"map":    string(Map{Title: hostile, Number: grouped, Bubbles: []Bubble{{Label: hostile, Lat: 51.18, Lon: 71.45, Value: 9, URL: "/x"}}}.SVG()),
		"empty":  string(Bars{Title: hostile, Empty: hostile}.SVG()),
		"ctrl":   string(Bars{Title: "a\x00b\x1bc\xff", Bars: []Bar{{Label: "x\x01", Value: 1}}}.SVG()),
	}
	for name, svg := range charts {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(svg, "<script") || strings.Contains(svg, `"x")`) {
				t.Fatalf("unescaped text in %s", svg)
			}
			root := parse(t, svg)
			if name == "ctrl" {
				return
			}
			title, _ := root.child("title")
			if title.Text != hostile {
				t.Errorf("title %q, want %q", title.Text, hostile)
			}
			// The label reads back exactly as given, in the tooltip of its
			// element and (except the map's bubbles, too small) as text.
			found := false
			for _, n := range append(root.all("title")[1:], root.all("text")...) {
				if strings.Contains(n.Text, hostile) {
					found = true
				}
			}
			if !found {
				t.Errorf("label %q not found as text in %s", hostile, svg)
			}
		})
	}
}

func TestOnlySameSiteLinks(t *testing.T) {
	for href, kept := range map[string]bool{
		"/analytics?region=10&college=5": true,
		"?region=10":                     true,
		"javascript:alert(1)":            false,
		"JavaScript:alert(1)":            false,
		"//evil.example/x":               false,
		"https://evil.example":           false,
		"/\\evil.example":                false,
		"data:text/html,x":               false,
	} {
		svg := string(Bars{Title: "t", Bars: []Bar{{Label: "a", Value: 1, URL: href}}}.SVG())
		links := parse(t, svg).all("a")
		switch {
		case kept && (len(links) != 1 || links[0].attr("href") != href):
			t.Errorf("%q: links %v, want the one link kept as it is", href, links)
		case !kept && len(links) != 0:
			t.Errorf("%q: drawn as a link", href)
		}
	}
}

func TestEmptyData(t *testing.T) {
	const msg = "Нет данных за выбранный период"
	for name, svg := range map[string]string{
		"bars":        string(Bars{Title: "t", Empty: msg}.SVG()),
		"bars NaN":    string(Bars{Title: "t", Empty: msg, Bars: []Bar{{Label: "a", Value: math.NaN()}}}.SVG()),
		"trend":       string(Trend{Title: "t", Empty: msg, Labels: []string{"2024"}}.SVG()),
		"trend NaN":   string(Trend{Title: "t", Empty: msg, Labels: []string{"2024"}, Series: []Series{{Values: []float64{math.NaN()}}}}.SVG()),
		"trend nolbl": string(Trend{Title: "t", Empty: msg, Series: []Series{{Values: []float64{4}}}}.SVG()),
		"funnel":      string(Funnel{Title: "t", Empty: msg, Steps: []Step{{Label: "a"}, {Label: "b"}}}.SVG()),
		"map":         string(Map{Title: "t", Empty: msg}.SVG()),
	} {
		t.Run(name, func(t *testing.T) {
			root := parse(t, svg)
			if !strings.Contains(root.attr("class"), "chart-empty") {
				t.Errorf("class %q lacks chart-empty", root.attr("class"))
			}
			texts := root.all("text")
			if len(texts) != 1 || texts[0].Text != msg {
				t.Errorf("texts %v, want only the message %q", texts, msg)
			}
			if name == "map" && len(root.withClass("map-land")) != 1 {
				t.Errorf("the empty map should still show the country")
			}
		})
	}
}

func TestBarsAreProportional(t *testing.T) {
	bars := Bars{Title: "t", Number: grouped, Bars: []Bar{
		{Label: "Астана қаласы", Value: 1200},
		{Label: "Абай облысы", Value: 300, Current: true},
		{Label: "Ұлытау облысы", Value: 0},
		{Label: "Нет данных", Value: math.NaN()},
	}}
	root := parse(t, string(bars.SVG()))
	rows := root.withClass("bar")
	if len(rows) != 3 {
		t.Fatalf("%d bars, want 3 (a NaN is no bar)", len(rows))
	}
	width := func(row node) float64 { return row.withClass("bar-value")[0].num(t, "width") }
	if a, b := width(rows[0]), width(rows[1]); math.Abs(a/b-4) > 0.01 {
		t.Errorf("bar widths %.1f and %.1f, want 4 : 1", a, b)
	}
	if w := width(rows[2]); w != 0 {
		t.Errorf("zero drawn %.1f wide", w)
	}
	if !strings.Contains(rows[1].attr("class"), "bar-current") {
		t.Errorf("the current place is not marked")
	}
	if texts := rows[0].all("text"); len(texts) != 2 || texts[1].Text != "1\u00a0200" {
		t.Errorf("texts %v, want the label and the value as the caller writes it", texts)
	}
	// On a fixed scale of 100, 50 fills half of what 100 would.
	rates := parse(t, string(Bars{Title: "t", Max: 100, Bars: []Bar{{Label: "a", Value: 50, Text: "50,0 %"}}}.SVG()))
	full := barWidth - 2*barPad - barValueRoom
	if w := width(rates.withClass("bar")[0]); math.Abs(w-full/2) > 0.1 {
		t.Errorf("50 of 100 drawn %.1f wide, want %.1f", w, full/2)
	}
	if texts := rates.all("text"); texts[len(texts)-1].Text != "50,0 %" {
		t.Errorf("a bar's own text is not used: %v", texts)
	}
	// A long college name is shortened in the picture, whole in the tooltip.
	long := strings.Repeat("Высший колледж ", 8)
	one := parse(t, string(Bars{Title: "t", Bars: []Bar{{Label: long, Value: 1}}}.SVG()))
	if txt := one.all("text")[0].Text; len([]rune(txt)) > barLabelMax || !strings.HasSuffix(txt, "…") {
		t.Errorf("label drawn as %q", txt)
	}
	if tip := one.all("title")[1].Text; !strings.HasPrefix(tip, long) {
		t.Errorf("tooltip %q lost the full name", tip)
	}
}

func TestTrend(t *testing.T) {
	tr := Trend{Title: "t", Number: grouped, Labels: []string{"2021-2022", "2022-2023", "2023-2024", "2024-2025"},
		Series: []Series{
			{Name: "Студенты", Values: []float64{1200, math.NaN(), 2500, 3100}},
			{Name: "Договоры", Values: []float64{100, 200, 300}}, // shorter than the labels
		}}
	root := parse(t, string(tr.SVG()))
	series := root.withClass("series")
	if len(series) != 2 {
		t.Fatalf("%d series drawn", len(series))
	}
	// The missing year breaks the first line in two.
	d := series[0].all("path")[0].attr("d")
	if strings.Count(d, "M") != 2 || strings.Count(d, "L") != 1 {
		t.Errorf("path %q, want two pieces around the missing year", d)
	}
	if pts := series[0].all("circle"); len(pts) != 3 {
		t.Errorf("%d points for three values", len(pts))
	}
	if pts := series[1].all("circle"); len(pts) != 3 {
		t.Errorf("%d points for three values", len(pts))
	}
	tip := series[0].all("title")[2].Text
	if tip != "Студенты, 2024-2025: 3\u00a0100" {
		t.Errorf("tooltip %q", tip)
	}
	// Ticks fall on round numbers from zero and are written by the caller's
	// Number.
	var ticks []string
	for _, n := range root.withClass("axis")[0].all("text")[:5] {
		ticks = append(ticks, n.Text)
	}
	if got := strings.Join(ticks, "|"); got != "0|1\u00a0000|2\u00a0000|3\u00a0000|4\u00a0000" {
		t.Errorf("ticks %q", got)
	}
	// Higher values are drawn higher.
	c := series[0].all("circle")
	if !(c[0].num(t, "cy") > c[1].num(t, "cy") && c[1].num(t, "cy") > c[2].num(t, "cy")) {
		t.Errorf("points do not rise with the values")
	}
	if legend := root.withClass("legend"); len(legend) != 2 {
		t.Errorf("%d legend entries for two series", len(legend))
	}

	// Twelve years do not fit the axis side by side: every other label is
	// written, the newest always.
	var labels []string
	var values []float64
	for y := 2014; y < 2026; y++ {
		labels = append(labels, fmt.Sprintf("%d–%02d", y, (y+1)%100))
		values = append(values, float64(y-2000))
	}
	many := parse(t, string(Trend{Title: "t", Labels: labels, Series: []Series{{Name: "a", Values: values}}}.SVG()))
	var drawn []string
	for _, n := range many.withClass("axis")[0].all("text") {
		if strings.Contains(n.Text, "–") {
			drawn = append(drawn, n.Text)
		}
	}
	if len(drawn) >= len(labels) || len(drawn) < 3 || drawn[len(drawn)-1] != "2025–26" {
		t.Errorf("axis labels %q of %d years", drawn, len(labels))
	}
	// Two lines ending close together have their last values apart.
	close := parse(t, string(Trend{Title: "t", Labels: []string{"a", "b"},
		Series: []Series{{Name: "x", Values: []float64{0, 1000}}, {Name: "y", Values: []float64{0, 990}}}}.SVG()))
	var ys []float64
	for _, n := range close.Nodes { // the axis' ticks are in a group of their own
		if n.XMLName.Local == "text" && (n.Text == "1000" || n.Text == "990") {
			ys = append(ys, n.num(t, "y"))
		}
	}
	if len(ys) != 2 || math.Abs(ys[0]-ys[1]) < 14 {
		t.Errorf("the last values are drawn at y %v: they overlap", ys)
	}
}

func TestFunnel(t *testing.T) {
	f := Funnel{Title: "t", Number: grouped, Steps: []Step{
		{Label: "Вакансии", Value: 1000}, {Label: "Распределены", Value: 700, Note: "70 %"}, {Label: "Трудоустроены", Value: 0},
	}}
	root := parse(t, string(f.SVG()))
	steps := root.withClass("funnel-step")
	if len(steps) != 3 {
		t.Fatalf("%d steps", len(steps))
	}
	rect := func(i int) node { return steps[i].all("rect")[0] }
	if a, b := rect(0).num(t, "width"), rect(1).num(t, "width"); math.Abs(b/a-0.7) > 0.01 {
		t.Errorf("widths %.1f, %.1f: want 10 : 7", a, b)
	}
	// Centred: the same space on either side.
	for i := range steps {
		r := rect(i)
		left := r.num(t, "x")
		right := barWidth - left - r.num(t, "width")
		if math.Abs(left-right) > 0.2 {
			t.Errorf("step %d not centred: %.1f left, %.1f right", i, left, right)
		}
	}
	if texts := steps[1].all("text"); len(texts) != 3 || texts[1].Text != "700" || texts[2].Text != "70 %" {
		t.Errorf("texts %v, want the label, the value and the note", texts)
	}
	if tip := steps[1].all("title")[0].Text; tip != "Распределены: 700 · 70 %" {
		t.Errorf("tooltip %q", tip)
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct{ max, top, step float64 }{
		{3100, 4000, 1000}, {100, 100, 25}, {7, 8, 2}, {0.3, 0.3, 0.1}, {0, 1, 1}, {1, 1, 0.25}, {55, 60, 20},
	} {
		top, step := niceScale(c.max, 4)
		if math.Abs(top-c.top) > 1e-9 || math.Abs(step-c.step) > 1e-9 {
			t.Errorf("niceScale(%v) = %v, %v; want %v, %v", c.max, top, step, c.top, c.step)
		}
	}
}
