// Command gcload is allocation heavy on purpose: while a shared index (a
// map and a slice of pointer-rich records) grows, worker goroutines churn
// through short-lived objects, so the garbage collector runs many cycles
// with a large live heap to mark. It records an execution trace and a CPU
// profile of the same run (Go 1.19 puts the CPU samples into the trace
// too), then writes the heap and allocs profiles.
//
// Usage: GOMAXPROCS=2 gcload [OUTDIR]   (default .)
// Writes OUTDIR/gcload.trace, cpu.pb.gz, heap.pb.gz and allocs.pb.gz.
package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"sync"
)

// record is pointer rich, so marking it costs scanobject work.
type record struct {
	id    int
	name  string
	tags  []string
	links [6]*record
}

// index is the growing live heap: a map and a slice of records.
type index struct {
	mu      sync.Mutex
	byID    map[int]*record
	ordered []*record
}

func (ix *index) add(r *record) {
	ix.mu.Lock()
	if prev := ix.byID[r.id-1]; prev != nil {
		r.links[0] = prev
	}
	ix.byID[r.id] = r
	ix.ordered = append(ix.ordered, r)
	ix.mu.Unlock()
}

// newRecord allocates one record and its strings.
func newRecord(id int) *record {
	r := &record{id: id, name: "rec-" + strconv.Itoa(id)}
	r.tags = make([]string, 0, 2)
	r.tags = append(r.tags, strconv.Itoa(id%97), strconv.Itoa(id%13))
	return r
}

// churn builds short-lived batches of records (one large allocation of
// 4096 records each, linked to each other) and throws them away.
func churn(rounds int) int {
	n := 0
	for i := 0; i < rounds; i++ {
		batch := make([]record, 4096)
		for k := 1; k < len(batch); k++ {
			batch[k].id = k
			batch[k].links[1] = &batch[k-1]
		}
		n += batch[len(batch)-1].links[1].id
	}
	return n
}

func grower(ix *index, first, count int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < count; i++ {
		ix.add(newRecord(first + i))
		if i%64 == 0 {
			churn(1)
		}
	}
}

func churner(rounds int, sink *int64, wg *sync.WaitGroup) {
	defer wg.Done()
	pprof.Do(context.Background(), pprof.Labels("worker", "churn"), func(context.Context) {
		total := 0
		for i := 0; i < rounds; i++ {
			total += churn(1)
		}
		*sink += int64(total)
	})
}

func create(dir, name string) *os.File {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	return f
}

func writeProfile(dir, name string) {
	f := create(dir, name+".pb.gz")
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func main() {
	runtime.MemProfileRate = 64 * 1024
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	// The live heap the collector has to mark in every cycle, built
	// before the trace and the CPU profile start.
	ix := &index{byID: make(map[int]*record)}
	for i := 0; i < 400000; i++ {
		ix.add(newRecord(-1 - i))
	}

	cpu := create(dir, "cpu.pb.gz")
	tr := create(dir, "gcload.trace")
	if err := pprof.StartCPUProfile(cpu); err != nil {
		panic(err)
	}
	if err := trace.Start(tr); err != nil {
		panic(err)
	}

	var wg sync.WaitGroup
	var sinks [2]int64
	for g := 0; g < 2; g++ {
		wg.Add(2)
		go grower(ix, g*16000, 16000, &wg)
		go churner(1200, &sinks[g], &wg)
	}
	wg.Wait()

	trace.Stop()
	pprof.StopCPUProfile()
	if err := tr.Close(); err != nil {
		panic(err)
	}
	if err := cpu.Close(); err != nil {
		panic(err)
	}
	runtime.GC() // the heap profile shows the heap as of the last GC
	writeProfile(dir, "heap")
	writeProfile(dir, "allocs")
	runtime.KeepAlive(ix)
	if sinks[0] == 42 {
		println("unlikely")
	}
}
