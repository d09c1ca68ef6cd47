package chart

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
)

// The country's outline, Natural Earth 1:50m (data/SOURCES.md).
//
//go:embed data/kz_country_outline_ne50m.geojson
var outlineGeoJSON []byte

const (
	mapWidth = 800.0
	// mapMargin keeps the largest bubble of a region on the border
	// (Petropavl is 0.5° from the outline's top) inside the picture.
	mapMargin = mapMaxRadius + 4
	// outlineTolerance is the Douglas–Peucker tolerance in map units: a
	// point of the 1:50m outline that moves the line by less is dropped,
	// which takes it from 1,140 points to a few hundred without a change
	// the eye can see at 800 units across.
	outlineTolerance = 0.6
)

// projection is an equirectangular projection with the longitudes scaled
// by the cosine of a middle latitude: for a country that spans 15° of
// latitude, shapes and the distances between regional centres stay close
// to true (about ±8 % at the northern and southern edges), and a point's
// position is a line of arithmetic that a test can check. It maps the
// outline's bounding box onto the map's viewBox, margins aside.
type projection struct {
	minLon, maxLat float64
	cosLat         float64
	scale          float64 // map units per degree of latitude
}

func (p projection) point(lat, lon float64) (x, y float64) {
	return mapMargin + (lon-p.minLon)*p.cosLat*p.scale, mapMargin + (p.maxLat-lat)*p.scale
}

// outline is the projected country, ready to draw.
type outline struct {
	proj   projection
	height float64 // of the viewBox
	path   string  // the SVG path data of every ring
	// box is the bounding box of the projected outline.
	minX, minY, maxX, maxY float64
	points                 int // after simplification
}

// countryOutline is read, projected and simplified once, on the first map
// drawn; it never fails at run time unless the embedded file is broken,
// which the package's tests catch.
var countryOutline = sync.OnceValues(func() (*outline, error) {
	return parseOutline(outlineGeoJSON)
})

// parseOutline reads a GeoJSON FeatureCollection of Polygons and
// MultiPolygons (or one such Feature) as the map's outline.
func parseOutline(b []byte) (*outline, error) {
	var doc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry geometry `json:"geometry"`
		} `json:"features"`
		Geometry geometry `json:"geometry"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("chart: outline: %w", err)
	}
	geoms := []geometry{doc.Geometry}
	if doc.Type == "FeatureCollection" {
		geoms = geoms[:0]
		for _, f := range doc.Features {
			geoms = append(geoms, f.Geometry)
		}
	}
	var rings [][][2]float64 // [lon, lat]
	for _, g := range geoms {
		switch g.Type {
		case "Polygon":
			var poly [][][2]float64
			if err := json.Unmarshal(g.Coordinates, &poly); err != nil {
				return nil, fmt.Errorf("chart: outline: %w", err)
			}
			rings = append(rings, poly...)
		case "MultiPolygon":
			var multi [][][][2]float64
			if err := json.Unmarshal(g.Coordinates, &multi); err != nil {
				return nil, fmt.Errorf("chart: outline: %w", err)
			}
			for _, poly := range multi {
				rings = append(rings, poly...)
			}
		default:
			return nil, fmt.Errorf("chart: outline: unsupported geometry %q", g.Type)
		}
	}
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			minLon, maxLon = min(minLon, p[0]), max(maxLon, p[0])
			minLat, maxLat = min(minLat, p[1]), max(maxLat, p[1])
		}
	}
	if !(maxLon > minLon && maxLat > minLat) {
		return nil, fmt.Errorf("chart: outline: no area")
	}
	cos := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	scale := (mapWidth - 2*mapMargin) / ((maxLon - minLon) * cos)
	o := &outline{
		proj:   projection{minLon: minLon, maxLat: maxLat, cosLat: cos, scale: scale},
		height: (maxLat-minLat)*scale + 2*mapMargin,
		minX:   math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1),
	}
	var w writer
	for _, r := range rings {
		pts := make([][2]float64, len(r))
		for i, p := range r {
			x, y := o.proj.point(p[1], p[0])
			pts[i] = [2]float64{x, y}
			o.minX, o.maxX = min(o.minX, x), max(o.maxX, x)
			o.minY, o.maxY = min(o.minY, y), max(o.maxY, y)
		}
		pts = simplify(pts, outlineTolerance)
		if len(pts) < 4 { // a ring closes on its first point
			continue
		}
		o.points += len(pts)
		for i, p := range pts[:len(pts)-1] {
			if i == 0 {
				w.raw("M")
			} else {
				w.raw("L")
			}
			w.num(p[0])
			w.raw(" ")
			w.num(p[1])
		}
		w.raw("Z")
	}
	o.path = strings.TrimSpace(w.b.String())
	return o, nil
}

type geometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// simplify is the Douglas–Peucker algorithm: it keeps a line's ends and,
// recursively, the point farthest from the chord between them while that
// point is farther than tolerance.
func simplify(pts [][2]float64, tolerance float64) [][2]float64 {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var walk func(a, b int)
	walk = func(a, b int) {
		far, farDist := -1, tolerance
		for i := a + 1; i < b; i++ {
			if d := segmentDistance(pts[i], pts[a], pts[b]); d > farDist {
				far, farDist = i, d
			}
		}
		if far >= 0 {
			keep[far] = true
			walk(a, far)
			walk(far, b)
		}
	}
	walk(0, len(pts)-1)
	out := pts[:0:0]
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// segmentDistance is the distance from p to the segment a–b.
func segmentDistance(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	if dx == 0 && dy == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
	t = max(0, min(1, t))
	return math.Hypot(p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy))
}
