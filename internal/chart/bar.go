package chart

import "html/template"

// Bar is one bar of a bar chart.
type Bar struct {
	Label string
	Value float64
	// Text is the value as drawn beside the bar; empty for the chart's
	// Number of Value (a rate's "58,5 %" is the caller's to write).
	Text string
	// URL, when set, makes the bar a link: the drill-down to its region or
	// college.
	URL string
	// Current marks the bar of the place the page is about (a college
	// among its region's), drawn in another colour.
	Current bool
}

// Bars is a horizontal bar chart. Each bar takes a row of its own with
// the label above it, so that long names (Батыс Қазақстан облысы, a
// college's full name) fit a phone without a label column squeezing the
// bars.
type Bars struct {
	Title, Desc string
	// Empty is the message drawn when no bar has a figure.
	Empty  string
	Number Number
	Bars   []Bar
	// Max is the value a full-width bar stands for; 0 for the largest
	// bar's. A rate's chart sets 100, so that bars of different pages
	// compare.
	Max float64
}

const (
	barWidth     = 400.0
	barPad       = 4.0
	barRow       = 40.0
	barThickness = 14.0
	barValueRoom = 76.0 // room right of the longest bar for its value
	barLabelMax  = 52   // characters of a label drawn; the rest in the tooltip
)

// SVG draws the chart, or its empty state when there is no bar with a
// finite value.
func (c Bars) SVG() template.HTML {
	var bars []Bar
	top := c.Max
	for _, b := range c.Bars {
		if !finite(b.Value) {
			continue
		}
		bars = append(bars, b)
		if c.Max <= 0 {
			top = max(top, b.Value)
		}
	}
	if len(bars) == 0 {
		return empty("chart-bars", barWidth, 120, c.Title, c.Desc, c.Empty)
	}
	height := float64(len(bars))*barRow + 2*barPad
	var w writer
	w.open("chart-bars", "group", barWidth, height, c.Title, c.Desc)
	span := barWidth - 2*barPad - barValueRoom
	for i, b := range bars {
		y := barPad + float64(i)*barRow
		text := b.Text
		if text == "" {
			text = c.Number.format(b.Value)
		}
		length := 0.0
		if top > 0 && b.Value > 0 {
			length = span * min(b.Value, top) / top
		}
		w.raw(`<g class="bar`)
		if b.Current {
			w.raw(" bar-current")
		}
		w.raw(`">`)
		link := w.openLink(b.URL)
		w.raw("<title>")
		w.text(b.Label + ": " + text)
		w.raw("</title>")
		w.label(barPad, y+13, "", "", shorten(b.Label, barLabelMax))
		// The track shows where the full width is, so a short bar reads as
		// short, not as a rendering glitch.
		w.raw(`<rect x="`)
		w.num(barPad)
		w.raw(`" y="`)
		w.num(y + 19)
		w.raw(`" width="`)
		w.num(span)
		w.raw(`" height="`)
		w.num(barThickness)
		w.raw(`" rx="3" fill="#f0f3f6"/>`)
		fill := colourBar
		if b.Current {
			fill = colourCurrent
		}
		w.raw(`<rect class="bar-value" x="`)
		w.num(barPad)
		w.raw(`" y="`)
		w.num(y + 19)
		w.raw(`" width="`)
		w.num(length)
		w.raw(`" height="`)
		w.num(barThickness)
		w.raw(`" rx="3" fill="` + fill + `"/>`)
		w.label(barPad+span+6, y+31, "", `font-weight="600"`, text)
		w.closeLink(link)
		w.raw("</g>")
	}
	return w.close()
}
