package metrics

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Family is one metric family as read back from a scrape.
type Family struct {
	Name, Help, Type string
	Samples          []Sample
}

// Sample is one line of a family: for a histogram the name carries its
// suffix (_bucket, _sum, _count).
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

// ParseText reads a scrape in the text exposition format strictly, as a
// check of what this package writes: every line a HELP, a TYPE or a sample
// of the family declared just before it, label values properly quoted,
// and every histogram's buckets cumulative with +Inf equal to its _count.
// Tests of the admin listener read their scrapes with it.
func ParseText(r io.Reader) (map[string]*Family, error) {
	families := map[string]*Family{}
	var cur *Family
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fail := func(format string, a ...any) error {
			return fmt.Errorf("line %d %q: %s", n, line, fmt.Sprintf(format, a...))
		}
		switch {
		case strings.HasPrefix(line, "# HELP "):
			name, help, _ := strings.Cut(line[len("# HELP "):], " ")
			if !validName(name) || families[name] != nil {
				return nil, fail("bad or repeated family name")
			}
			cur = &Family{Name: name, Help: help}
			families[name] = cur
		case strings.HasPrefix(line, "# TYPE "):
			name, typ, _ := strings.Cut(line[len("# TYPE "):], " ")
			if cur == nil || cur.Name != name || cur.Type != "" {
				return nil, fail("TYPE without its HELP just before")
			}
			switch typ {
			case "counter", "gauge", "histogram", "summary", "untyped":
			default:
				return nil, fail("unknown type %q", typ)
			}
			cur.Type = typ
		case line == "" || strings.HasPrefix(line, "#"):
			return nil, fail("unexpected line")
		default:
			s, err := parseSample(line)
			if err != nil {
				return nil, fail("%v", err)
			}
			if cur == nil || cur.Type == "" || !belongs(s.Name, cur) {
				return nil, fail("sample outside its family")
			}
			cur.Samples = append(cur.Samples, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, f := range families {
		if f.Type == "histogram" {
			if err := checkHistogram(f); err != nil {
				return nil, err
			}
		}
	}
	return families, nil
}

func belongs(sample string, f *Family) bool {
	if f.Type != "histogram" {
		return sample == f.Name
	}
	rest, ok := strings.CutPrefix(sample, f.Name)
	return ok && (rest == "_bucket" || rest == "_sum" || rest == "_count")
}

func parseSample(line string) (Sample, error) {
	s := Sample{Labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i < 0 {
		return s, fmt.Errorf("no value")
	}
	s.Name, line = line[:i], line[i:]
	if !validName(s.Name) {
		return s, fmt.Errorf("bad metric name")
	}
	if line[0] == '{' {
		line = line[1:]
		for !strings.HasPrefix(line, "}") {
			name, rest, ok := strings.Cut(line, `="`)
			if !ok || !validLabel(name) {
				return s, fmt.Errorf("bad label")
			}
			var val strings.Builder
			j := 0
			for ; j < len(rest) && rest[j] != '"'; j++ {
				if rest[j] == '\\' && j+1 < len(rest) {
					j++
					switch rest[j] {
					case 'n':
						val.WriteByte('\n')
					case '\\', '"':
						val.WriteByte(rest[j])
					default:
						return s, fmt.Errorf("bad escape in label %s", name)
					}
					continue
				}
				val.WriteByte(rest[j])
			}
			if j == len(rest) {
				return s, fmt.Errorf("unterminated label %s", name)
			}
			if _, dup := s.Labels[name]; dup {
				return s, fmt.Errorf("label %s twice", name)
			}
			s.Labels[name] = val.String()
			line = rest[j+1:]
			line = strings.TrimPrefix(line, ",")
		}
		line = line[1:]
	}
	v, ok := strings.CutPrefix(line, " ")
	if !ok || strings.Contains(v, " ") {
		return s, fmt.Errorf("expected one value after a space")
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return s, fmt.Errorf("bad value %q", v)
	}
	s.Value = f
	return s, nil
}

// checkHistogram checks each series of a histogram: buckets in increasing
// order of le with non-decreasing counts, ending at +Inf, whose count is
// the series' _count.
func checkHistogram(f *Family) error {
	type series struct {
		lastLE, lastCount float64
		inf, count        float64
		sawInf, sawCount  bool
	}
	all := map[string]*series{}
	key := func(s Sample) string {
		var b strings.Builder
		for _, n := range slices.Sorted(maps.Keys(s.Labels)) {
			if n != "le" {
				fmt.Fprintf(&b, "%s=%q,", n, s.Labels[n])
			}
		}
		return b.String()
	}
	for _, s := range f.Samples {
		k := key(s)
		sr := all[k]
		if sr == nil {
			sr = &series{lastLE: math.Inf(-1)}
			all[k] = sr
		}
		switch s.Name {
		case f.Name + "_bucket":
			le, err := strconv.ParseFloat(s.Labels["le"], 64)
			if err != nil || le <= sr.lastLE || s.Value < sr.lastCount || sr.sawInf {
				return fmt.Errorf("%s{%s}: bucket le=%q out of order or not cumulative", f.Name, k, s.Labels["le"])
			}
			sr.lastLE, sr.lastCount = le, s.Value
			if math.IsInf(le, +1) {
				sr.sawInf, sr.inf = true, s.Value
			}
		case f.Name + "_count":
			sr.sawCount, sr.count = true, s.Value
		}
	}
	for k, sr := range all {
		if !sr.sawInf || !sr.sawCount || sr.inf != sr.count {
			return fmt.Errorf("%s{%s}: +Inf bucket %v and _count %v disagree", f.Name, k, sr.inf, sr.count)
		}
	}
	return nil
}
