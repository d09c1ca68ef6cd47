package chart

import "html/template"

// Step is one stage of a funnel.
type Step struct {
	Label string
	Value float64
	// Note follows the value, e.g. the share of the stage before it
	// ("72 % of the previous step"), written by the caller.
	Note string
	URL  string
}

// Funnel draws stages that each hold part of the one before (offers →
// allocated → agreements active → logbook on track → assessed → employed)
// as centred bars, each as wide as its figure is of the largest, with the
// label and the figure above it and the note under it, so that a long
// Kazakh label and a long note never share a line on a phone.
type Funnel struct {
	Title, Desc string
	Empty       string
	Number      Number
	Steps       []Step
}

const funnelRow = 62.0

// SVG draws the funnel, or its empty state when every stage is zero.
func (c Funnel) SVG() template.HTML {
	top := 0.0
	for _, s := range c.Steps {
		if finite(s.Value) {
			top = max(top, s.Value)
		}
	}
	if top <= 0 {
		return empty("chart-funnel", barWidth, 120, c.Title, c.Desc, c.Empty)
	}
	height := float64(len(c.Steps))*funnelRow + 2*barPad
	span := barWidth - 2*barPad
	var w writer
	w.open("chart-funnel", "group", barWidth, height, c.Title, c.Desc)
	for i, s := range c.Steps {
		y := barPad + float64(i)*funnelRow
		v := s.Value
		if !finite(v) || v < 0 {
			v = 0
		}
		text := c.Number.format(v)
		tip := text
		if s.Note != "" {
			tip += " · " + s.Note
		}
		// A stage with a few people in it stays visible as a sliver.
		width := max(span*v/top, 2)
		w.raw(`<g class="funnel-step">`)
		link := w.openLink(s.URL)
		w.raw("<title>")
		w.text(s.Label + ": " + tip)
		w.raw("</title>")
		w.label(barPad, y+14, "", "", shorten(s.Label, 40))
		w.label(barWidth-barPad, y+14, "end", `font-weight="600"`, text)
		w.raw(`<rect x="`)
		w.num(barPad + (span-width)/2)
		w.raw(`" y="`)
		w.num(y + 21)
		w.raw(`" width="`)
		w.num(width)
		w.raw(`" height="20" rx="3" fill="`)
		w.raw(palette[0])
		// Each stage a shade lighter than the one before, darkest on top.
		w.raw(`" fill-opacity="`)
		w.num(1 - 0.1*float64(min(i, 5)))
		w.raw(`"/>`)
		if s.Note != "" {
			w.label(barWidth/2, y+54, "middle", `font-size="12" fill="`+colourMuted+`"`, s.Note)
		}
		w.closeLink(link)
		w.raw("</g>")
	}
	return w.close()
}
