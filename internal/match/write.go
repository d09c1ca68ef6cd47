package match

import (
	"errors"
	"io"
	"math/bits"
	"runtime"
	"sync"
)

// The output files:
//
//	allocation.csv  student_id,offer_id             one row per student in id order; -1 = unplaced
//	cutoffs.csv     offer_id,capacity,filled,cutoff_score,cutoff_student
//	                one row per offer in id order; cutoff_score and cutoff_student
//	                are the priority of the last admitted student of a full offer
//	                and -1 when the offer has a free seat (or no seat at all)
const (
	allocationHeader = "student_id,offer_id\n"
	cutoffsHeader    = "offer_id,capacity,filled,cutoff_score,cutoff_student\n"
)

// writeBuffer is how much output is formatted before each write: big
// enough that the writes cost nothing, small enough to stay in cache.
const writeBuffer = 256 << 10

// WriteAllocation writes allocation.csv for r to w. When w is a file (an
// io.WriterAt) and the allocation large, the rows are formatted on every
// core and each share written in place, at an offset known from the number
// of digits of its rows.
func WriteAllocation(w io.Writer, r *Result) error {
	if wa, ok := w.(io.WriterAt); ok && len(r.placed) >= 1<<16 {
		return writeAllocationAt(wa, r, runtime.GOMAXPROCS(0))
	}
	buf := make([]byte, 0, writeBuffer+64)
	buf = append(buf, allocationHeader...)
	var err error
	buf, err = appendAllocation(w, buf, r.placed, 0)
	if err != nil {
		return err
	}
	_, err = w.Write(buf)
	return err
}

// appendAllocation appends the rows of students first, first+1, … placed
// at the offers of placed to buf, writing buf to w whenever it fills, and
// returns what remains to write.
func appendAllocation(w io.Writer, buf []byte, placed []int32, first int) ([]byte, error) {
	for i, o := range placed {
		buf = appendInt(buf, int32(first+i))
		buf = append(buf, ',')
		buf = appendInt(buf, o)
		buf = append(buf, '\n')
		if len(buf) >= writeBuffer {
			if _, err := w.Write(buf); err != nil {
				return nil, err
			}
			buf = buf[:0]
		}
	}
	return buf, nil
}

func writeAllocationAt(w io.WriterAt, r *Result, workers int) error {
	n := len(r.placed)
	size := make([]int64, workers+1)
	var wg sync.WaitGroup
	for i := range workers {
		lo, hi := n*i/workers, n*(i+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			var bytes int64
			for s := lo; s < hi; s++ {
				bytes += int64(decimalLen(int32(s)) + decimalLen(r.placed[s]) + 2)
			}
			size[i+1] = bytes
		}()
	}
	wg.Wait()
	size[0] = int64(len(allocationHeader))
	for i := 1; i <= workers; i++ {
		size[i] += size[i-1]
	}
	errs := make([]error, workers)
	var a arena
	bufs := make([][]byte, workers)
	for i := range bufs {
		bufs[i] = take[byte](&a, writeBuffer+64)[:0]
	}
	for i := range workers {
		lo, hi := n*i/workers, n*(i+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := &offsetWriter{w: w, off: size[i]}
			buf := bufs[i]
			if i == 0 {
				out.off = 0
				buf = append(buf, allocationHeader...)
			}
			buf, err := appendAllocation(out, buf, r.placed[lo:hi], lo)
			if err == nil {
				_, err = out.Write(buf)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// offsetWriter writes to w from off on.
type offsetWriter struct {
	w   io.WriterAt
	off int64
}

func (o *offsetWriter) Write(b []byte) (int, error) {
	n, err := o.w.WriteAt(b, o.off)
	o.off += int64(n)
	return n, err
}

// decimalLen is the length of the decimal of v (≥ -1).
func decimalLen(v int32) int {
	if v < 0 {
		return 2
	}
	// log10 from log2, corrected by one comparison.
	n := (bits.Len32(uint32(v)) * 1233) >> 12
	if uint32(v) >= pow10[n] {
		n++
	}
	return max(n, 1)
}

var pow10 = [...]uint32{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// WriteCutoffs writes cutoffs.csv for r to w.
func WriteCutoffs(w io.Writer, r *Result) error {
	// Room for a buffer's worth of rows, or for all of them when that is
	// less (a row is at most 5 numbers of 11 characters).
	var a arena
	buf := take[byte](&a, min(writeBuffer, 55*len(r.in.capacity))+128)[:0]
	buf = append(buf, cutoffsHeader...)
	for o, c := range r.in.capacity {
		cut := r.Cutoff(o)
		buf = appendInt(buf, int32(o))
		buf = append(buf, ',')
		buf = appendInt(buf, c)
		buf = append(buf, ',')
		buf = appendInt(buf, r.filled[o])
		buf = append(buf, ',')
		buf = appendInt(buf, cut.Score)
		buf = append(buf, ',')
		buf = appendInt(buf, cut.Student)
		buf = append(buf, '\n')
		if len(buf) >= writeBuffer {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// appendInt appends the decimal of v (≥ -1) two digits at a time.
func appendInt(b []byte, v int32) []byte {
	if v < 0 {
		return append(b, '-', '1')
	}
	var d [10]byte
	i := len(d)
	u := uint32(v)
	for u >= 100 {
		q := u / 100
		r := (u - q*100) * 2
		i -= 2
		d[i], d[i+1] = digitPairs[r], digitPairs[r+1]
		u = q
	}
	if u >= 10 {
		i -= 2
		d[i], d[i+1] = digitPairs[u*2], digitPairs[u*2+1]
	} else {
		i--
		d[i] = byte('0' + u)
	}
	return append(b, d[i:]...)
}

const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"
