// Command tasks exercises the user annotation API of runtime/trace
// (tasks, regions, logs) while a CPU profile is being recorded, so that
// the trace also holds CPU samples. A few goroutines block on channels
// and on a mutex.
//
// Usage: GOMAXPROCS=2 tasks [trace-file]   (default trace.out)
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"time"
)

var (
	mu      sync.Mutex
	counter uint64
)

// spin burns CPU for about d, so the profiler takes samples.
func spin(d time.Duration) uint64 {
	end := time.Now().Add(d)
	x := uint64(1)
	for time.Now().Before(end) {
		for i := 0; i < 1000; i++ {
			x = x*2862933555777941757 + 3037000493
		}
	}
	return x
}

// step runs one unit of work of an order inside a region and updates
// the shared counter under a contended mutex.
func step(ctx context.Context, name string, d time.Duration) {
	trace.WithRegion(ctx, name, func() {
		x := spin(d)
		mu.Lock()
		counter += x
		spin(300 * time.Microsecond) // hold the lock a little
		mu.Unlock()
	})
}

// handleOrder is one task with nested regions and logs.
func handleOrder(ctx context.Context, id int, results chan<- string) {
	ctx, task := trace.NewTask(ctx, "order")
	defer task.End()
	trace.Logf(ctx, "order", "id=%d", id)
	step(ctx, "validate", 2*time.Millisecond)
	trace.WithRegion(ctx, "process", func() {
		step(ctx, "price", 3*time.Millisecond)
		step(ctx, "reserve", 2*time.Millisecond)
	})
	if id%3 == 0 {
		// A message with characters that need escaping in HTML/Markdown.
		trace.Log(ctx, "note", fmt.Sprintf("order %d: <b>bold</b> & *stars* _under_ `tick` \"q\"", id))
	}
	results <- fmt.Sprintf("order %d done", id) // blocks until the collector reads
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

	if err := pprof.StartCPUProfile(io.Discard); err != nil {
		panic(err)
	}
	defer pprof.StopCPUProfile()
	if err := trace.Start(f); err != nil {
		panic(err)
	}
	defer trace.Stop()

	ctx, mainTask := trace.NewTask(context.Background(), "batch")
	trace.Log(ctx, "phase", "start")

	results := make(chan string) // unbuffered: senders block
	orders := make(chan int)     // unbuffered: workers block waiting for orders
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range orders {
				handleOrder(ctx, id, results)
			}
		}()
	}
	done := make(chan struct{})
	go func() { // collector: slow reader of results
		n := 0
		for r := range results {
			n++
			if n%10 == 0 {
				trace.Log(ctx, "progress", r)
			}
			time.Sleep(200 * time.Microsecond)
		}
		close(done)
	}()
	for id := 0; id < 60; id++ {
		orders <- id
	}
	close(orders)
	wg.Wait()
	close(results)
	<-done
	trace.Log(ctx, "phase", "end")
	mainTask.End()
}
