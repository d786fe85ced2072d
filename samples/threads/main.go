// Command threads makes the Go runtime create many OS threads: goroutines
// block in read(2) on pipes (a blocking syscall keeps its thread, so the
// scheduler starts another M to run the rest) and goroutines locked to
// their thread with runtime.LockOSThread sleep (a locked thread cannot
// run anything else). With runtime.MemProfileRate = 1 every allocation is
// recorded, so the heap profile shows the runtime allocating its Ms
// (runtime.allocm, called from newm), as in the seed listings.
//
// Usage: GOMAXPROCS=2 threads [OUTDIR]   (default .)
// Writes OUTDIR/heap.pb.gz and threadcreate.pb.gz.
package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"
)

func init() {
	// Set before anything else runs, so every allocation is sampled.
	runtime.MemProfileRate = 1
}

// pipeReaders starts n goroutines that each block in read(2) on their own
// pipe until main writes one byte into it.
func pipeReaders(n int, wg *sync.WaitGroup) (writers []int) {
	for i := 0; i < n; i++ {
		var fds [2]int
		if err := syscall.Pipe(fds[:]); err != nil {
			panic(err)
		}
		writers = append(writers, fds[1])
		wg.Add(1)
		go func(fd int) {
			defer wg.Done()
			buf := make([]byte, 1)
			if _, err := syscall.Read(fd, buf); err != nil {
				panic(err)
			}
			syscall.Close(fd)
		}(fds[0])
	}
	return writers
}

// lockedSleepers starts n goroutines that each lock their OS thread and
// sleep, so each one holds a thread of its own.
func lockedSleepers(n int, wg *sync.WaitGroup) {
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			time.Sleep(time.Duration(20+i) * time.Millisecond)
		}(i)
	}
}

func writeProfile(dir, name string) {
	f, err := os.Create(filepath.Join(dir, name+".pb.gz"))
	if err != nil {
		panic(err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	var wg sync.WaitGroup
	writers := pipeReaders(12, &wg)
	lockedSleepers(8, &wg)
	// Give the readers time to block, so each one holds its thread.
	time.Sleep(100 * time.Millisecond)
	for _, fd := range writers {
		if _, err := syscall.Write(fd, []byte{1}); err != nil {
			panic(err)
		}
		syscall.Close(fd)
	}
	wg.Wait()

	runtime.GC() // the heap profile shows the heap as of the last GC
	writeProfile(dir, "heap")
	writeProfile(dir, "threadcreate")
}
