package chart

import (
	"cmp"
	"html/template"
	"math"
	"slices"
)

// Bubble is a place on the map: a region's administrative centre, drawn
// as a circle whose area is proportional to Value.
type Bubble struct {
	Label    string
	Lat, Lon float64
	Value    float64
	// Text is the value as the tooltip and the label write it; empty for
	// the map's Number of Value.
	Text string
	// URL makes the bubble a link: the region's dashboard.
	URL     string
	Current bool
}

// Map is a bubble map of Kazakhstan: the national outline with a bubble
// per place. No openly licensed polygons of the regions with their 2022
// borders exist (data/SOURCES.md), so the regions are their centres, not
// shaded areas; a bubble's area, not its radius, grows with the figure,
// which is how the eye compares circles.
type Map struct {
	Title, Desc string
	// Empty is drawn over the outline when no bubble has a figure.
	Empty   string
	Number  Number
	Bubbles []Bubble
	// Credit names the outline's source under the map ("Natural Earth").
	Credit string
}

const (
	mapMaxRadius = 30.0
	mapMinRadius = 3.0
	// mapValueRadius is the smallest bubble that has its figure written
	// inside it; a smaller one has it in its tooltip only.
	mapValueRadius = 13.0
)

// SVG draws the map; with no bubble of a finite value, the outline with
// the Empty message over it. It returns an empty-state picture without the
// outline only if the embedded outline cannot be read, which the tests
// rule out.
func (c Map) SVG() template.HTML {
	o, err := countryOutline()
	if err != nil {
		return empty("chart-map", mapWidth, 420, c.Title, c.Desc, c.Empty)
	}
	var bubbles []Bubble
	top := 0.0
	for _, b := range c.Bubbles {
		if !finite(b.Value) || !finite(b.Lat) || !finite(b.Lon) {
			continue
		}
		bubbles = append(bubbles, b)
		top = max(top, b.Value)
	}
	// The largest are drawn first, so that a small bubble next to a large
	// one (Almaty city inside Almaty region's) stays on top, clickable.
	slices.SortStableFunc(bubbles, func(a, b Bubble) int { return cmp.Compare(b.Value, a.Value) })

	var w writer
	role := "img"
	for _, b := range bubbles {
		if safeLink(b.URL) {
			role = "group"
			break
		}
	}
	class := "chart-map"
	if len(bubbles) == 0 {
		class += " chart-empty"
	}
	w.open(class, role, mapWidth, o.height, c.Title, c.Desc)
	w.raw(`<path class="map-land" fill="` + colourLand + `" stroke="` + colourBorder + `" stroke-width="1.2" stroke-linejoin="round" d="`)
	w.raw(o.path)
	w.raw(`"/>`)
	if len(bubbles) == 0 {
		w.label(mapWidth/2, o.height/2+6, "middle", `font-size="18" fill="`+colourMuted+`"`, c.Empty)
	}
	for _, b := range bubbles {
		x, y := o.proj.point(b.Lat, b.Lon)
		r := bubbleRadius(b.Value, top)
		text := b.Text
		if text == "" {
			text = c.Number.format(b.Value)
		}
		w.raw(`<g class="bubble`)
		if b.Current {
			w.raw(" bubble-current")
		}
		w.raw(`">`)
		link := w.openLink(b.URL)
		w.raw("<title>")
		w.text(b.Label + ": " + text)
		w.raw("</title>")
		fill := colourBar
		if b.Current {
			fill = colourCurrent
		}
		w.raw(`<circle cx="`)
		w.num(x)
		w.raw(`" cy="`)
		w.num(y)
		w.raw(`" r="`)
		w.num(r)
		if b.Value > 0 {
			w.raw(`" fill="` + fill + `" fill-opacity="0.72" stroke="#fff" stroke-width="1.5"/>`)
		} else {
			// A place with nothing to show is still a place to click.
			w.raw(`" fill="#fff" stroke="` + fill + `" stroke-width="1.5"/>`)
		}
		if r >= mapValueRadius {
			size := math.Round(min(r*0.7, 16))
			w.label(x, y+size*0.35, "middle", `fill="#fff" font-weight="700" font-size="`+itoa(size)+`"`, text)
		}
		w.closeLink(link)
		w.raw("</g>")
	}
	if len(bubbles) > 0 && top > 0 {
		c.legend(&w, top)
	}
	if c.Credit != "" {
		w.label(mapWidth-6, o.height-6, "end", `font-size="11" fill="`+colourMuted+`"`, c.Credit)
	}
	return w.close()
}

// legend draws two reference circles, nested and standing on one
// baseline, in the map's top right corner (Russia's Altai, where no
// region's centre lies): a round figure near the largest and a quarter
// of it, so that a bubble's size can be read.
func (c Map) legend(w *writer, top float64) {
	big := roundDown(top)
	small := roundDown(big / 4)
	cx, base := mapWidth-mapMargin-mapMaxRadius-40, mapMargin+2*mapMaxRadius
	w.raw(`<g class="map-legend" fill="none" stroke="` + colourMuted + `">`)
	for _, v := range []float64{big, small} {
		if v <= 0 {
			continue
		}
		r := bubbleRadius(v, top)
		w.raw(`<circle cx="`)
		w.num(cx)
		w.raw(`" cy="`)
		w.num(base - r)
		w.raw(`" r="`)
		w.num(r)
		w.raw(`"/>`)
		w.label(cx+mapMaxRadius+6, base-2*r+4, "", `stroke="none" fill="`+colourMuted+`" font-size="12"`, c.Number.format(v))
	}
	w.raw("</g>")
}

// bubbleRadius makes a bubble's area proportional to v: the largest
// figure gets mapMaxRadius, anything above zero at least mapMinRadius.
func bubbleRadius(v, top float64) float64 {
	if v <= 0 || top <= 0 {
		return mapMinRadius
	}
	return max(mapMaxRadius*math.Sqrt(v/top), mapMinRadius)
}

// roundDown rounds v down to its first significant digit (4 321 → 4 000),
// the figures of the legend.
func roundDown(v float64) float64 {
	if v < 1 {
		return v
	}
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	return math.Floor(v/mag) * mag
}

func itoa(v float64) string {
	var w writer
	w.num(v)
	return w.b.String()
}
