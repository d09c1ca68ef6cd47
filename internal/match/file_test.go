package match_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/match"
	"github.com/dualtrack/dualtrack/internal/match/matchtest"
)

// The readers are checked against refRead, a plain line-by-line reader of
// the same format written for clarity alone: on valid files they must give
// the same instance, on invalid ones the same line and field, whatever the
// chunk size.

type refError struct {
	file  string
	line  int
	field string
}

var (
	offersColumns       = []string{"offer_id", "enterprise_id", "specialty", "region", "capacity", "reserved"}
	applicationsColumns = []string{"student_id", "rank", "offer_id", "score"}
)

// refLines checks the header and returns the data lines, with the size of
// what precedes them.
func refLines(data []byte, file string, columns []string) (lines []string, dataStart int, e *refError) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, 0, &refError{file, 1, "encoding"}
	}
	text := string(data)
	bom := 0
	if strings.HasPrefix(text, "\xEF\xBB\xBF") {
		text, bom = text[3:], 3
	}
	lines = strings.Split(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 || strings.TrimSuffix(lines[0], "\r") != strings.Join(columns, ",") {
		return nil, 0, &refError{file, 1, "header"}
	}
	dataStart = len(data)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		dataStart = bom + i + 1
	}
	return lines[1:], dataStart, nil
}

// refFields splits a line into integers, or names the field at fault.
func refFields(line string, columns []string) ([]int64, string) {
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return nil, columns[0]
	}
	parts := strings.Split(line, ",")
	var v []int64
	for i, p := range parts {
		if i >= len(columns) {
			break
		}
		ok := len(p) >= 1 && len(p) <= 10 && strings.Trim(p, "0123456789") == ""
		n, err := strconv.ParseInt(p, 10, 64)
		if !ok || err != nil || n > 1<<31-1 {
			return nil, columns[i]
		}
		v = append(v, n)
	}
	if len(parts) != len(columns) {
		return nil, columns[min(len(parts), len(columns)-1)]
	}
	return v, ""
}

func refRead(offers, applications []byte) (*match.Input, *refError) {
	lines, _, e := refLines(offers, "offers.csv", offersColumns)
	if e != nil {
		return nil, e
	}
	in := &match.Input{Capacity: []int32{}, Reserved: []bool{}, Start: []int32{0}, Offer: []int32{}, Score: []int32{}}
	for i, l := range lines {
		f, bad := refFields(l, offersColumns)
		switch {
		case bad != "":
			return nil, &refError{"offers.csv", i + 2, bad}
		case f[0] != int64(i):
			return nil, &refError{"offers.csv", i + 2, "offer_id"}
		case f[5] > 1:
			return nil, &refError{"offers.csv", i + 2, "reserved"}
		}
		in.Capacity = append(in.Capacity, int32(f[4]))
		in.Reserved = append(in.Reserved, f[5] == 1)
	}
	lines, dataStart, e := refLines(applications, "applications.csv", applicationsColumns)
	if e != nil {
		return nil, e
	}
	// No student after the one of the last line; if that has none, no
	// more students than the file could hold rows.
	rowBound := int64(len(applications)-dataStart+1)/8 + 1
	maxStudent := rowBound - 1
	if len(lines) > 0 {
		last := lines[len(lines)-1]
		if i := strings.IndexByte(last, ','); i > 0 && i <= 10 && strings.Trim(last[:i], "0123456789") == "" {
			if v, _ := strconv.ParseInt(last[:i], 10, 64); v <= 1<<31-1 {
				maxStudent = min(v, max(rowBound, 1<<20)-1)
			}
		}
	}
	cur, rank := int64(-1), int64(0)
	for i, l := range lines {
		fail := func(field string) (*match.Input, *refError) {
			return nil, &refError{"applications.csv", i + 2, field}
		}
		f, bad := refFields(l, applicationsColumns)
		if bad != "" {
			return fail(bad)
		}
		s, r, o := f[0], f[1], f[2]
		if s != cur {
			switch {
			case s < cur, s > maxStudent:
				return fail("student_id")
			case r != 1:
				return fail("rank")
			}
			for cur < s {
				cur++
				if cur > 0 {
					in.Start = append(in.Start, int32(len(in.Offer)))
				}
			}
			rank = 1
		} else if r != rank+1 {
			return fail("rank")
		} else {
			rank = r
		}
		if o >= int64(len(in.Capacity)) {
			return fail("offer_id")
		}
		if slices.Contains(in.Offer[in.Start[len(in.Start)-1]:], int32(o)) {
			return fail("offer_id")
		}
		in.Offer = append(in.Offer, int32(o))
		in.Score = append(in.Score, int32(f[3]))
	}
	if cur >= 0 {
		in.Start = append(in.Start, int32(len(in.Offer)))
	}
	return in, nil
}

// format writes in as the two files, with the given line ending, byte
// order mark and final newline.
func format(in *match.Input, crlf, bom, noFinalNewline bool) (offers, applications []byte) {
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	var o, a bytes.Buffer
	if bom {
		o.WriteString("\xEF\xBB\xBF")
	}
	o.WriteString(strings.Join(offersColumns, ",") + nl)
	for i, c := range in.Capacity {
		r := 0
		if in.Reserved != nil && in.Reserved[i] {
			r = 1
		}
		fmt.Fprintf(&o, "%d,%d,%d,%d,%d,%d%s", i, i/2, i%3, i%5, c, r, nl)
	}
	a.WriteString(strings.Join(applicationsColumns, ",") + nl)
	for s := range len(in.Start) - 1 {
		for k := in.Start[s]; k < in.Start[s+1]; k++ {
			fmt.Fprintf(&a, "%d,%d,%d,%d%s", s, k-in.Start[s]+1, in.Offer[k], in.Score[k], nl)
		}
	}
	ob, ab := o.Bytes(), a.Bytes()
	if noFinalNewline {
		ob, ab = bytes.TrimSuffix(ob, []byte(nl)), bytes.TrimSuffix(ab, []byte(nl))
	}
	return ob, ab
}

// sameAsRef reads the files both ways and reports any difference.
func sameAsRef(offers, applications []byte) error {
	want, werr := refRead(offers, applications)
	got, err := match.ReadBytes(offers, applications)
	if werr != nil {
		var fe *match.FileError
		if !errors.As(err, &fe) {
			return fmt.Errorf("want %s:%d: %s, got %v", werr.file, werr.line, werr.field, err)
		}
		if fe.File != werr.file || fe.Line != werr.line || fe.Field != werr.field {
			return fmt.Errorf("want %s:%d: %s, got %v", werr.file, werr.line, werr.field, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("want success, got %v", err)
	}
	return sameInstance(got, want)
}

func sameInstance(got *match.Instance, want *match.Input) error {
	if got.Offers() != len(want.Capacity) || got.Students() != len(want.Start)-1 || got.Applications() != len(want.Offer) {
		return fmt.Errorf("sizes: got %d offers, %d students, %d applications; want %d, %d, %d",
			got.Offers(), got.Students(), got.Applications(), len(want.Capacity), len(want.Start)-1, len(want.Offer))
	}
	for o := range want.Capacity {
		if got.Capacity(o) != want.Capacity[o] || got.Reserved(o) != (want.Reserved != nil && want.Reserved[o]) {
			return fmt.Errorf("offer %d differs", o)
		}
	}
	for s := range len(want.Start) - 1 {
		if first, end := got.List(s); first != int(want.Start[s]) || end != int(want.Start[s+1]) {
			return fmt.Errorf("student %d: list %d..%d, want %d..%d", s, first, end, want.Start[s], want.Start[s+1])
		}
	}
	for a := range want.Offer {
		if o, sc := got.Application(a); o != want.Offer[a] || sc != want.Score[a] {
			return fmt.Errorf("application %d: (%d, %d), want (%d, %d)", a, o, sc, want.Offer[a], want.Score[a])
		}
	}
	return nil
}

var chunkSizes = []int64{1, 5, 16, 64, 1000, 1 << 20}

func TestReadMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		in := randomInput(rng, 1+rng.IntN(30), 1+rng.IntN(8))
		offers, applications := format(in, i%3 == 1, i%5 == 2, i%4 == 3)
		for _, cs := range chunkSizes {
			restore := match.SetChunkSize(cs)
			err := sameAsRef(offers, applications)
			restore()
			if err != nil {
				t.Fatalf("instance %d, chunk size %d: %v\n%s", i, cs, err, applications)
			}
		}
	}
}

// TestReadMutations breaks valid files one byte or one line at a time and
// checks that the readers find the same first fault as the reference.
func TestReadMutations(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	junk := []byte("0123456789,\n\r-x \xff")
	for i := range 1500 {
		in := randomInput(rng, 1+rng.IntN(20), 1+rng.IntN(6))
		offers, applications := format(in, i%7 == 1, false, i%3 == 0)
		target := &applications
		if i%4 == 0 {
			target = &offers
		}
		b := slices.Clone(*target)
		switch m := rng.IntN(4); {
		case len(b) == 0:
		case m == 0: // change a byte
			b[rng.IntN(len(b))] = junk[rng.IntN(len(junk))]
		case m == 1: // insert a byte
			k := rng.IntN(len(b) + 1)
			b = slices.Insert(b, k, junk[rng.IntN(len(junk))])
		case m == 2: // delete a byte
			k := rng.IntN(len(b))
			b = slices.Delete(b, k, k+1)
		default: // swap two lines
			lines := bytes.SplitAfter(b, []byte("\n"))
			x, y := rng.IntN(len(lines)), rng.IntN(len(lines))
			lines[x], lines[y] = lines[y], lines[x]
			b = bytes.Join(lines, nil)
		}
		*target = b
		for _, cs := range chunkSizes {
			restore := match.SetChunkSize(cs)
			err := sameAsRef(offers, applications)
			restore()
			if err != nil {
				t.Fatalf("case %d, chunk size %d: %v\noffers:\n%s\napplications:\n%s", i, cs, err, offers, applications)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	const offers = "offer_id,enterprise_id,specialty,region,capacity,reserved\n0,0,1,1,2,0\n1,0,1,1,1,0\n2,1,2,3,1,1\n"
	const head = "student_id,rank,offer_id,score\n"
	for _, tc := range []struct {
		name, offers, applications string
		file                       string
		line                       int
		field                      string
	}{
		{"unknown offer", offers, head + "0,1,0,5\n0,2,3,5\n", "applications.csv", 3, "offer_id"},
		{"offer twice", offers, head + "0,1,0,5\n0,2,1,5\n0,3,0,4\n", "applications.csv", 4, "offer_id"},
		{"rank gap", offers, head + "0,1,0,5\n0,3,1,5\n", "applications.csv", 3, "rank"},
		{"first rank not 1", offers, head + "0,1,0,5\n1,2,1,5\n", "applications.csv", 3, "rank"},
		{"student out of order", offers, head + "1,1,0,5\n0,1,1,5\n2,1,0,5\n", "applications.csv", 3, "student_id"},
		{"negative capacity", strings.Replace(offers, "1,1,1,0", "1,1,-1,0", 1), head, "offers.csv", 3, "capacity"},
		{"non-integer score", offers, head + "0,1,0,5\n0,2,1,5.5\n", "applications.csv", 3, "score"},
		{"non-integer student", offers, head + "x,1,0,5\n", "applications.csv", 2, "student_id"},
		{"too large", offers, head + "0,1,0,2147483648\n", "applications.csv", 2, "score"},
		{"missing header", offers, "0,1,0,5\n", "applications.csv", 1, "header"},
		{"wrong header", offers, "student,rank,offer,score\n0,1,0,5\n", "applications.csv", 1, "header"},
		{"empty file", offers, "", "applications.csv", 1, "header"},
		{"missing offers header", "0,0,1,1,2,0\n", head, "offers.csv", 1, "header"},
		{"UTF-16", offers, "\xFF\xFEs\x00t\x00", "applications.csv", 1, "encoding"},
		{"not UTF-8", offers, head + "0,1,0,\xE9\n", "applications.csv", 2, "score"},
		{"Windows-1251 header", offers, "\xF1\xF2\xF3\xE4\xE5\xED\xF2\n", "applications.csv", 1, "header"},
		{"empty line", offers, head + "0,1,0,5\n\n1,1,0,5\n", "applications.csv", 3, "student_id"},
		{"too few fields", offers, head + "0,1,0\n", "applications.csv", 2, "score"},
		{"too many fields", offers, head + "0,1,0,5,7\n", "applications.csv", 2, "score"},
		{"space", offers, head + "0, 1,0,5\n", "applications.csv", 2, "rank"},
		{"offer ids out of order", strings.Replace(offers, "1,0,1,1,1,0", "7,0,1,1,1,0", 1), head, "offers.csv", 3, "offer_id"},
		{"reserved not 0 or 1", strings.Replace(offers, "2,1,2,3,1,1", "2,1,2,3,1,2", 1), head, "offers.csv", 4, "reserved"},
		{"student after the last line's", offers, head + "0,1,0,5\n5,1,0,5\n3,1,0,5\n", "applications.csv", 3, "student_id"},
		{"student id beyond the file", offers, head + "0,1,0,5\n99999999,1,0,5\n", "applications.csv", 3, "student_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, cs := range chunkSizes {
				restore := match.SetChunkSize(cs)
				_, err := match.ReadBytes([]byte(tc.offers), []byte(tc.applications))
				restore()
				var fe *match.FileError
				if !errors.As(err, &fe) || fe.File != tc.file || fe.Line != tc.line || fe.Field != tc.field {
					t.Fatalf("chunk size %d: got %v, want %s:%d: %s: …", cs, err, tc.file, tc.line, tc.field)
				}
				if want := fmt.Sprintf("%s:%d: %s: ", tc.file, tc.line, tc.field); !strings.HasPrefix(err.Error(), want) {
					t.Fatalf("message %q does not start with %q", err, want)
				}
			}
			if err := sameAsRef([]byte(tc.offers), []byte(tc.applications)); err != nil {
				t.Fatalf("reference disagrees: %v", err)
			}
		})
	}
}

func TestReadAccepts(t *testing.T) {
	const offers = "offer_id,enterprise_id,specialty,region,capacity,reserved\r\n0,0,1,1,2,0\r\n1,0,1,1,1,1"
	for name, apps := range map[string]string{
		"CRLF and no final newline": "student_id,rank,offer_id,score\r\n0,1,1,5\r\n0,2,0,7",
		"byte order mark":           "\xEF\xBB\xBFstudent_id,rank,offer_id,score\n0,1,1,5\n0,2,0,7\n",
		"leading zeros":             "student_id,rank,offer_id,score\n0,01,1,5\n00,2,0,0007\n",
		"long numbers":              "student_id,rank,offer_id,score\n0,1,1,5\n0,2,0,0000000007\n",
	} {
		t.Run(name, func(t *testing.T) {
			in, err := match.ReadBytes([]byte(offers), []byte(apps))
			if err != nil {
				t.Fatal(err)
			}
			if in.Students() != 1 || in.Applications() != 2 || !in.Reserved(1) || in.Capacity(0) != 2 {
				t.Fatalf("got %d students, %d applications", in.Students(), in.Applications())
			}
			if o, sc := in.Application(1); o != 0 || sc != 7 {
				t.Fatalf("application 1: %d, %d", o, sc)
			}
		})
	}
}

// TestReadStudentsWithoutRows: ids skipped in the file are students with an
// empty list, at the start, inside a chunk and across chunks.
func TestReadStudentsWithoutRows(t *testing.T) {
	offers := "offer_id,enterprise_id,specialty,region,capacity,reserved\n0,0,0,0,1,0\n1,0,0,0,1,0\n"
	apps := "student_id,rank,offer_id,score\n2,1,0,5\n2,2,1,5\n5,1,1,9\n9,1,0,1\n"
	for _, cs := range chunkSizes {
		restore := match.SetChunkSize(cs)
		in, err := match.ReadBytes([]byte(offers), []byte(apps))
		restore()
		if err != nil {
			t.Fatal(err)
		}
		if in.Students() != 10 {
			t.Fatalf("chunk size %d: %d students", cs, in.Students())
		}
		for s, want := range []int{0, 0, 2, 0, 0, 1, 0, 0, 0, 1} {
			if first, end := in.List(s); end-first != want {
				t.Fatalf("chunk size %d: student %d has %d applications, want %d", cs, s, end-first, want)
			}
		}
	}
}

// TestReadWide: scores that do not fit beside the offer id in 32 bits are
// read into 64-bit words, with the same result.
func TestReadWide(t *testing.T) {
	offers := "offer_id,enterprise_id,specialty,region,capacity,reserved\n"
	for o := range 300 {
		offers += fmt.Sprintf("%d,0,0,0,1,0\n", o)
	}
	apps := "student_id,rank,offer_id,score\n0,1,299,5\n0,2,7,16777216\n1,1,7,2147483647\n"
	for _, cs := range chunkSizes {
		restore := match.SetChunkSize(cs)
		in, err := match.ReadBytes([]byte(offers), []byte(apps))
		restore()
		if err != nil {
			t.Fatal(err)
		}
		if !in.Wide() {
			t.Fatal("not wide")
		}
		if err := sameAsRef([]byte(offers), []byte(apps)); err != nil {
			t.Fatal(err)
		}
		res := match.Run(in)
		if res.Offer(0) != 299 || res.Offer(1) != 7 {
			t.Fatalf("placements %d %d", res.Offer(0), res.Offer(1))
		}
	}
}

// TestReadFilesGenerated reads files written by matchtest and compares with
// the instance they were written from.
func TestReadFilesGenerated(t *testing.T) {
	in, spec, reg := matchtest.Generate(7, 3000, 0)
	dir := t.TempDir()
	offersPath, appsPath, err := matchtest.WriteFiles(dir, in, spec, reg)
	if err != nil {
		t.Fatal(err)
	}
	restore := match.SetChunkSize(4096)
	defer restore()
	got, err := match.ReadFiles(offersPath, appsPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := sameInstance(got, in); err != nil {
		t.Fatal(err)
	}
	if _, err := match.ReadFiles(filepath.Join(dir, "nope.csv"), appsPath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

// failingReader fails every read that reaches past its limit.
type failingReader struct {
	data  []byte
	limit int64
}

var errDisk = errors.New("disk on fire")

func (f failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.limit {
		return 0, errDisk
	}
	return copy(p, f.data[off:]), nil
}

func TestReadIOError(t *testing.T) {
	in, _, _ := matchtest.Generate(5, 2000, 0)
	offers, apps := format(in, false, false, false)
	defer match.SetChunkSize(1000)()
	for _, limit := range []int64{0, 10, 5000, int64(len(apps)) - 1} {
		_, err := match.ReadApplicationsFrom(offers, failingReader{apps, limit}, int64(len(apps)))
		if !errors.Is(err, errDisk) || !strings.Contains(err.Error(), "applications.csv") {
			t.Errorf("limit %d: %v", limit, err)
		}
	}
}

func FuzzReadApplications(f *testing.F) {
	const offers = "offer_id,enterprise_id,specialty,region,capacity,reserved\n0,0,0,0,1,0\n1,0,0,0,2,1\n2,0,0,0,0,0\n"
	f.Add([]byte("student_id,rank,offer_id,score\n0,1,0,5\n0,2,1,5\n1,1,2,7\n"))
	f.Add([]byte("student_id,rank,offer_id,score\r\n3,1,2,0\r\n3,2,0,99"))
	f.Fuzz(func(t *testing.T, apps []byte) {
		for _, cs := range []int64{3, 1 << 20} {
			restore := match.SetChunkSize(cs)
			err := sameAsRef([]byte(offers), apps)
			restore()
			if err != nil {
				t.Fatalf("chunk size %d: %v", cs, err)
			}
		}
	})
}

func FuzzReadOffers(f *testing.F) {
	const apps = "student_id,rank,offer_id,score\n0,1,0,5\n"
	f.Add([]byte("offer_id,enterprise_id,specialty,region,capacity,reserved\n0,0,0,0,1,0\n1,0,0,0,2,1\n"))
	f.Fuzz(func(t *testing.T, offers []byte) {
		for _, cs := range []int64{3, 1 << 20} {
			restore := match.SetChunkSize(cs)
			err := sameAsRef(offers, []byte(apps))
			restore()
			if err != nil {
				t.Fatalf("chunk size %d: %v", cs, err)
			}
		}
	})
}
