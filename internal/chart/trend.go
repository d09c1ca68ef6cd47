package chart

import (
	"cmp"
	"html/template"
	"math"
	"slices"
	"unicode/utf8"
)

// valueLabel is a figure written beside the last point of a line.
type valueLabel struct {
	x, y float64
	text string
}

// Series is one line of a trend chart: a value for each of the chart's
// labels, NaN where there is none (the line breaks there).
type Series struct {
	Name   string
	Values []float64
}

// Trend draws figures over academic years (or any ordered labels) as
// lines with a point per value, on a value axis from zero: a trend that
// starts its axis elsewhere exaggerates change.
type Trend struct {
	Title, Desc string
	Empty       string
	Number      Number
	// Labels are the points of the horizontal axis, oldest first.
	Labels []string
	Series []Series
}

const (
	trendWidth  = 480.0
	trendHeight = 220.0 // the plot with its axes, without the legend
	trendLeft   = 60.0
	trendRight  = 24.0
	trendTop    = 18.0
	trendBottom = 34.0
	legendRow   = 20.0
	trendGlyph  = 6.8 // the width of a character of the 12-unit axis labels, about
)

// SVG draws the chart, or its empty state when no series has a value.
func (c Trend) SVG() template.HTML {
	top := math.Inf(-1)
	for _, s := range c.Series {
		for i, v := range s.Values {
			if i < len(c.Labels) && finite(v) {
				top = max(top, v)
			}
		}
	}
	if len(c.Labels) == 0 || math.IsInf(top, -1) {
		return empty("chart-trend", trendWidth, 140, c.Title, c.Desc, c.Empty)
	}
	axisTop, step := niceScale(max(top, 0), 4)
	legend := 0.0
	if len(c.Series) > 1 {
		legend = float64(len(c.Series)) * legendRow
	}
	height := trendHeight + legend
	plotW := trendWidth - trendLeft - trendRight
	plotH := trendHeight - trendTop - trendBottom
	x := func(i int) float64 {
		if len(c.Labels) == 1 {
			return trendLeft + plotW/2
		}
		return trendLeft + plotW*float64(i)/float64(len(c.Labels)-1)
	}
	y := func(v float64) float64 { return trendTop + plotH*(1-max(v, 0)/axisTop) }

	var w writer
	w.open("chart-trend", "img", trendWidth, height, c.Title, c.Desc)
	// Gridlines and the value axis.
	w.raw(`<g class="axis" fill="` + colourMuted + `" font-size="12">`)
	for t := 0.0; t <= axisTop+step/2; t += step {
		w.raw(`<line x1="`)
		w.num(trendLeft)
		w.raw(`" x2="`)
		w.num(trendLeft + plotW)
		w.raw(`" y1="`)
		w.num(y(t))
		w.raw(`" y2="`)
		w.num(y(t))
		w.raw(`" stroke="` + colourGrid + `"/>`)
		w.label(trendLeft-6, y(t)+4, "end", "", c.Number.format(t))
	}
	// Labels that would overlap are thinned, counting back from the
	// newest, which is always written.
	every := 1
	if n := len(c.Labels); n > 1 {
		widest := 0
		for _, l := range c.Labels {
			widest = max(widest, utf8.RuneCountInString(shorten(l, 12)))
		}
		every = int(math.Ceil((float64(widest)*trendGlyph + 10) / (plotW / float64(n-1))))
	}
	for i, l := range c.Labels {
		if (len(c.Labels)-1-i)%every != 0 {
			continue
		}
		anchor := "middle"
		switch {
		case len(c.Labels) > 1 && i == 0:
			anchor = "start"
		case len(c.Labels) > 1 && i == len(c.Labels)-1:
			anchor = "end"
		}
		xi := x(i)
		if anchor == "start" {
			xi -= 12
		} else if anchor == "end" {
			xi += 12
		}
		w.label(xi, trendHeight-trendBottom+20, anchor, "", shorten(l, 12))
	}
	w.raw("</g>")

	// Values are written beside the points when one series is drawn;
	// several would overlap, so then only each line's last value is, moved
	// apart where two lines end close together.
	single := len(c.Series) == 1
	var ends []valueLabel
	for si, s := range c.Series {
		colour := palette[si%len(palette)]
		w.raw(`<g class="series">`)
		w.raw(`<path fill="none" stroke="` + colour + `" stroke-width="2.5"`)
		if d := dashes[si%len(dashes)]; d != "" {
			w.raw(` stroke-dasharray="` + d + `"`)
		}
		w.raw(` d="`)
		pen := false
		last := -1
		for i := range c.Labels {
			if i >= len(s.Values) || !finite(s.Values[i]) {
				pen = false
				continue
			}
			if pen {
				w.raw(" L")
			} else {
				if last >= 0 {
					w.raw(" ")
				}
				w.raw("M")
			}
			w.num(x(i))
			w.raw(" ")
			w.num(y(s.Values[i]))
			pen = true
			last = i
		}
		w.raw(`"/>`)
		for i, l := range c.Labels {
			if i >= len(s.Values) || !finite(s.Values[i]) {
				continue
			}
			v := s.Values[i]
			w.raw(`<circle cx="`)
			w.num(x(i))
			w.raw(`" cy="`)
			w.num(y(v))
			w.raw(`" r="4" fill="` + colour + `"><title>`)
			name := l
			if s.Name != "" {
				name = s.Name + ", " + l
			}
			w.text(name + ": " + c.Number.format(v))
			w.raw("</title></circle>")
			switch {
			case single:
				w.label(x(i), y(v)-9, "middle", `font-size="12" font-weight="600"`, c.Number.format(v))
			case i == last:
				ends = append(ends, valueLabel{x: x(i), y: y(v) - 9, text: c.Number.format(v)})
			}
		}
		w.raw("</g>")
	}
	slices.SortStableFunc(ends, func(a, b valueLabel) int { return cmp.Compare(a.y, b.y) })
	for i := range ends {
		if i > 0 && ends[i].y < ends[i-1].y+15 {
			ends[i].y = ends[i-1].y + 15
		}
		w.label(ends[i].x, ends[i].y, "middle", `font-size="12" font-weight="600"`, ends[i].text)
	}
	if legend > 0 {
		for si, s := range c.Series {
			ly := trendHeight + float64(si)*legendRow + 6
			colour := palette[si%len(palette)]
			w.raw(`<g class="legend"><line x1="`)
			w.num(trendLeft)
			w.raw(`" x2="`)
			w.num(trendLeft + 28)
			w.raw(`" y1="`)
			w.num(ly)
			w.raw(`" y2="`)
			w.num(ly)
			w.raw(`" stroke="` + colour + `" stroke-width="2.5"`)
			if d := dashes[si%len(dashes)]; d != "" {
				w.raw(` stroke-dasharray="` + d + `"`)
			}
			w.raw(`/>`)
			w.label(trendLeft+36, ly+4, "", "", shorten(s.Name, 48))
			w.raw("</g>")
		}
	}
	return w.close()
}
