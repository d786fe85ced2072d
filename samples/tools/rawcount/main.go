// Command rawcount reads a Go 1.19 execution trace at the wire level and
// prints, per raw record type, how many records the file holds and how
// many bytes they take. Unlike `go tool trace -d`, it counts every record
// as written by the runtime: Batch, Frequency, Stack, String and
// TimerGoroutine records, the "...Local" variants (GoStartLocal,
// GoUnblockLocal, GoSysExitLocal) and futile-wakeup sequences, which
// internal/trace consumes, renames or removes.
//
// Usage: rawcount FILE
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
)

var names = [...]string{
	"None", "Batch", "Frequency", "Stack", "Gomaxprocs", "ProcStart", "ProcStop",
	"GCStart", "GCDone", "GCSTWStart", "GCSTWDone", "GCSweepStart", "GCSweepDone",
	"GoCreate", "GoStart", "GoEnd", "GoStop", "GoSched", "GoPreempt", "GoSleep",
	"GoBlock", "GoUnblock", "GoBlockSend", "GoBlockRecv", "GoBlockSelect",
	"GoBlockSync", "GoBlockCond", "GoBlockNet", "GoSysCall", "GoSysExit",
	"GoSysBlock", "GoWaiting", "GoInSyscall", "HeapAlloc", "HeapGoal",
	"TimerGoroutine", "FutileWakeup", "String", "GoStartLocal", "GoUnblockLocal",
	"GoSysExitLocal", "GoStartLabel", "GoBlockGC", "GCMarkAssistStart",
	"GCMarkAssistDone", "UserTaskCreate", "UserTaskEnd", "UserRegion", "UserLog",
	"CPUSample",
}

const (
	evString  = 37
	evUserLog = 48
)

type reader struct {
	r   *bufio.Reader
	off int64
}

func (r *reader) byte() (byte, error) {
	b, err := r.r.ReadByte()
	if err == nil {
		r.off++
	}
	return b, err
}

func (r *reader) uvarint() (uint64, error) {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		b, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			return v, nil
		}
	}
	return 0, fmt.Errorf("varint too long at offset %d", r.off)
}

func (r *reader) skip(n uint64) error {
	m, err := io.CopyN(io.Discard, r.r, int64(n))
	r.off += m
	return err
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rawcount FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	r := &reader{r: bufio.NewReaderSize(f, 1<<20)}
	hdr := make([]byte, 16)
	if _, err := io.ReadFull(r.r, hdr); err != nil {
		fmt.Fprintln(os.Stderr, "header:", err)
		os.Exit(1)
	}
	r.off = 16
	if string(hdr) != "go 1.19 trace\x00\x00\x00" {
		fmt.Fprintf(os.Stderr, "not a go 1.19 trace: %q\n", hdr)
		os.Exit(1)
	}
	var count, bytes [64]int64
	var total int64
	fail := func(err error, off int64) {
		fmt.Fprintf(os.Stderr, "error near offset 0x%x: %v\n", off, err)
		os.Exit(1)
	}
	for {
		off0 := r.off
		b, err := r.byte()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err, off0)
		}
		typ := b & 0x3f
		narg := int(b>>6) + 1
		if typ == 0 || int(typ) >= len(names) {
			fail(fmt.Errorf("unknown event type %d", typ), off0)
		}
		switch {
		case typ == evString:
			if _, err := r.uvarint(); err != nil { // id
				fail(err, off0)
			}
			ln, err := r.uvarint()
			if err != nil {
				fail(err, off0)
			}
			if err := r.skip(ln); err != nil {
				fail(err, off0)
			}
		case narg < 4:
			for i := 0; i < narg; i++ {
				if _, err := r.uvarint(); err != nil {
					fail(err, off0)
				}
			}
		default:
			ln, err := r.uvarint()
			if err != nil {
				fail(err, off0)
			}
			if err := r.skip(ln); err != nil {
				fail(err, off0)
			}
		}
		if typ == evUserLog { // followed by the value string
			ln, err := r.uvarint()
			if err != nil {
				fail(err, off0)
			}
			if err := r.skip(ln); err != nil {
				fail(err, off0)
			}
		}
		count[typ]++
		bytes[typ] += r.off - off0
		total++
	}
	type row struct {
		typ         int
		count, size int64
	}
	var rows []row
	for t := range names {
		if count[t] > 0 {
			rows = append(rows, row{t, count[t], bytes[t]})
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].count != rows[j].count {
			return rows[i].count > rows[j].count
		}
		return rows[i].typ < rows[j].typ
	})
	fmt.Printf("# raw records: %d (file %d bytes, header 16)\n", total, r.off)
	fmt.Printf("# %7s %-18s %4s %10s\n", "count", "type", "id", "bytes")
	for _, x := range rows {
		fmt.Printf("%9d %-18s %4d %10d\n", x.count, names[x.typ], x.typ, x.size)
	}
}
