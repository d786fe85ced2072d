// Command syscall mixes goroutines that block in system calls with
// goroutines that compute, so that sysmon retakes Ps from threads stuck
// in syscalls and hands them to other threads.
//
// Blocking syscalls used:
//   - syscall.Nanosleep of 0.3-3 ms (a plain blocking syscall);
//   - syscall.Read on the read end of a blocking pipe that a partner
//     goroutine writes to (syscall.Write) after a short time.Sleep.
//
// Usage: GOMAXPROCS=2 syscall [trace-file]   (default trace.out)
package main

import (
	"os"
	"runtime/trace"
	"sync"
	"syscall"
	"time"
)

var sink [4]uint64

// compute burns CPU for roughly d, yielding to the scheduler only where
// the runtime preempts it.
func compute(id int, d time.Duration) {
	end := time.Now().Add(d)
	x := uint64(id + 1)
	for time.Now().Before(end) {
		for i := 0; i < 2000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	sink[id%len(sink)] += x
}

// sleeper blocks in nanosleep(2) repeatedly, with a little CPU work between.
func sleeper(id int, rounds int, wg *sync.WaitGroup) {
	defer wg.Done()
	for r := 0; r < rounds; r++ {
		us := 300 + ((id*7+r*13)%10)*300 // 300us .. 3ms
		ts := syscall.NsecToTimespec(int64(us) * 1000)
		for {
			var rem syscall.Timespec
			err := syscall.Nanosleep(&ts, &rem)
			if err == syscall.EINTR {
				ts = rem
				continue
			}
			break
		}
		compute(id, 200*time.Microsecond)
	}
}

// pipePair: a reader blocks in read(2) on a blocking pipe; the writer
// sleeps (timer, not a syscall) and then writes one byte.
func pipePair(rounds int, wg *sync.WaitGroup) {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		panic(err)
	}
	wg.Add(2)
	go func() { // reader
		defer wg.Done()
		buf := make([]byte, 1)
		for r := 0; r < rounds; r++ {
			if _, err := syscall.Read(fds[0], buf); err != nil {
				panic(err)
			}
		}
		syscall.Close(fds[0])
	}()
	go func() { // writer
		defer wg.Done()
		for r := 0; r < rounds; r++ {
			time.Sleep(time.Duration(500+(r%4)*500) * time.Microsecond)
			if _, err := syscall.Write(fds[1], []byte{byte(r)}); err != nil {
				panic(err)
			}
		}
		syscall.Close(fds[1])
	}()
}

func main() {
	out := "trace.out"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	f, err := os.Create(out)
	if err != nil {
		panic(err)
	}
	defer f.Close()

	if err := trace.Start(f); err != nil {
		panic(err)
	}
	defer trace.Stop()

	var wg sync.WaitGroup
	// CPU workers: each computes in slices, for about 600 ms in total.
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for k := 0; k < 25; k++ {
				compute(id, 20*time.Millisecond)
			}
		}(i)
	}
	// Syscall sleepers.
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go sleeper(i, 100, &wg)
	}
	// Pipe reader/writer pair.
	pipePair(250, &wg)
	wg.Wait()
}
