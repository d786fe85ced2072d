// Command contention makes goroutines wait for each other in every way
// the block and mutex profiles record: a hot sync.Mutex, an unbuffered
// channel between producers and consumers, a sync.WaitGroup and a
// sync.Cond. Then it parks a set of goroutines (some inside pprof.Do
// labels) and takes a goroutine profile while they wait.
//
// Usage: GOMAXPROCS=2 contention [OUTDIR]   (default .)
// Writes OUTDIR/mutex.pb.gz, block.pb.gz and goroutine.pb.gz.
package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

// counter is the hot lock: every worker takes it for a short update.
type counter struct {
	mu sync.Mutex
	n  map[int]int
}

func (c *counter) bump(k int) {
	c.mu.Lock()
	c.n[k%64]++
	spin(20000)
	c.mu.Unlock()
}

// spin burns a little CPU so that lock holders are not instant.
func spin(n int) int {
	x := 0
	for i := 0; i < n; i++ {
		x += i * i
	}
	return x
}

func lockers(c *counter) {
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 1500; i++ {
				c.bump(w*1500 + i)
			}
		}(w)
	}
	wg.Wait()
}

// pipeline: two producers feed three consumers over an unbuffered
// channel; consumers are slower, so producers block in chan send and
// consumers in chan receive when the producers pause.
func pipeline() {
	jobs := make(chan int)
	var producers, consumers sync.WaitGroup
	for p := 0; p < 2; p++ {
		producers.Add(1)
		go func(p int) {
			defer producers.Done()
			for i := 0; i < 400; i++ {
				if i%50 == 0 {
					time.Sleep(time.Millisecond)
				}
				jobs <- p*1000 + i
			}
		}(p)
	}
	for c := 0; c < 3; c++ {
		consumers.Add(1)
		go func() {
			defer consumers.Done()
			for j := range jobs {
				spin(2000 + j%7*100)
			}
		}()
	}
	producers.Wait()
	close(jobs)
	consumers.Wait()
}

// rounds: a coordinator wakes workers with a sync.Cond, round after round,
// and waits for the round to finish on a WaitGroup.
func rounds() {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	round := 0
	var done sync.WaitGroup
	const workers = 3
	for w := 0; w < workers; w++ {
		go func() {
			seen := 0
			for {
				mu.Lock()
				for round == seen {
					cond.Wait()
				}
				seen = round
				mu.Unlock()
				if seen < 0 {
					return
				}
				spin(20000)
				done.Done()
			}
		}()
	}
	for r := 1; r <= 50; r++ {
		done.Add(workers)
		mu.Lock()
		round = r
		mu.Unlock()
		cond.Broadcast()
		done.Wait()
	}
	mu.Lock()
	round = -1
	mu.Unlock()
	cond.Broadcast()
}

// parked is everything the goroutine profile should find waiting.
type parked struct {
	never   chan int
	held    sync.Mutex
	mu      sync.Mutex
	cond    *sync.Cond
	release chan struct{}
	started sync.WaitGroup
	exited  sync.WaitGroup
}

func (pk *parked) recv() {
	pk.started.Done()
	select {
	case <-pk.never:
	case <-pk.release:
	}
	pk.exited.Done()
}

func (pk *parked) lock() {
	pk.started.Done()
	pk.held.Lock()
	pk.held.Unlock()
	pk.exited.Done()
}

func (pk *parked) wait() {
	pk.mu.Lock()
	pk.started.Done()
	pk.cond.Wait()
	pk.mu.Unlock()
	pk.exited.Done()
}

func park() *parked {
	pk := &parked{never: make(chan int), release: make(chan struct{})}
	pk.cond = sync.NewCond(&pk.mu)
	pk.held.Lock()
	start := func(n int, labels pprof.LabelSet, f func()) {
		for i := 0; i < n; i++ {
			pk.started.Add(1)
			pk.exited.Add(1)
			go pprof.Do(context.Background(), labels, func(context.Context) { f() })
		}
	}
	start(3, pprof.Labels("role", "reader"), pk.recv)
	start(2, pprof.Labels("role", "writer", "shard", "1"), pk.lock)
	start(4, pprof.Labels(), pk.wait)
	for i := 0; i < 2; i++ {
		pk.started.Add(1)
		pk.exited.Add(1)
		go pk.recv()
	}
	pk.started.Wait()
	// Let the last ones actually block before the profile is taken.
	for i := 0; i < 20; i++ {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	return pk
}

func (pk *parked) unpark() {
	close(pk.release)
	pk.held.Unlock()
	pk.mu.Lock()
	pk.cond.Broadcast()
	pk.mu.Unlock()
	pk.exited.Wait()
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
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)

	lockers(&counter{n: make(map[int]int)})
	pipeline()
	rounds()

	pk := park()
	writeProfile(dir, "goroutine")
	pk.unpark()

	writeProfile(dir, "mutex")
	writeProfile(dir, "block")
}
