// Command big_trace is a busy-server-like load generator used to produce
// large Go 1.19 execution traces for benchmarks. It runs, with tracing
// on, until the trace written so far reaches -min-bytes (or -max-duration
// elapses), then stops tracing.
//
// Load: client goroutines send requests through channels to a worker
// pool; workers look up a mutex/RWMutex protected cache, allocate
// responses (so the GC runs), write log lines to a pipe drained by a
// reader (netpoller blocking) and to a temporary file with raw write(2)
// syscalls, sleep on timers, and wait in selects with timeouts; a ticker
// goroutine and short-lived goroutines add more scheduling churn.
//
// Usage: big_trace [-min-bytes N] [-max-duration D] [trace-file]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/trace"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// countingWriter counts the trace bytes written so far.
type countingWriter struct {
	f *os.File
	n atomic.Int64
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.n.Add(int64(n))
	return n, err
}

type request struct {
	key   int
	reply chan response
}

type response struct {
	key  int
	body []byte
}

type cache struct {
	mu sync.RWMutex
	m  map[int][]byte
}

func (c *cache) get(k int) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *cache) put(k int, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 4096 {
		for kk := range c.m { // evict a few
			delete(c.m, kk)
			if len(c.m) < 3500 {
				break
			}
		}
	}
	c.m[k] = v
}

var (
	statsMu  sync.Mutex
	served   int64
	logBytes int64
)

func burn(n int) uint64 {
	x := uint64(n) | 1
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

func worker(id int, reqs <-chan request, c *cache, logw *os.File, fileFd int, stop <-chan struct{}) {
	line := make([]byte, 0, 128)
	for {
		var r request
		select {
		case r = <-reqs:
		case <-stop:
			return
		}
		body, ok := c.get(r.key)
		if !ok {
			// "compute" and allocate a fresh body
			n := 256 + r.key%2048
			body = make([]byte, n)
			x := burn(200 + r.key%500)
			for i := range body {
				body[i] = byte(x >> (uint(i) % 56))
			}
			c.put(r.key, body)
		}
		// Some garbage per request.
		parts := make([]string, 0, 8)
		for i := 0; i < 8; i++ {
			parts = append(parts, strconv.Itoa(r.key*i))
		}
		line = line[:0]
		line = append(line, "w"...)
		line = strconv.AppendInt(line, int64(id), 10)
		line = append(line, " key="...)
		line = strconv.AppendInt(line, int64(r.key), 10)
		line = append(line, ' ')
		line = append(line, parts[r.key%8]...)
		line = append(line, '\n')
		switch r.key % 16 {
		case 0: // log to the pipe (os.File, goes through the netpoller)
			if _, err := logw.Write(line); err != nil {
				panic(err)
			}
		case 1: // log to a file with a raw write(2)
			if _, err := syscall.Write(fileFd, line); err != nil {
				panic(err)
			}
		case 2: // an occasional slow dependency
			time.Sleep(time.Duration(50+r.key%200) * time.Microsecond)
		}
		statsMu.Lock()
		served++
		logBytes += int64(len(line))
		statsMu.Unlock()
		r.reply <- response{key: r.key, body: body}
	}
}

func client(id int, reqs chan<- request, stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	reply := make(chan response, 1)
	timeout := time.NewTimer(time.Hour)
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		key := (id*7919 + i*104729) % 10000
		select {
		case reqs <- request{key: key, reply: reply}:
		case <-stop:
			return
		}
		if !timeout.Stop() {
			select {
			case <-timeout.C:
			default:
			}
		}
		timeout.Reset(50 * time.Millisecond)
		select {
		case resp := <-reply:
			_ = resp.body
		case <-timeout.C:
			// slow reply: drain it later
			<-reply
		}
		if i%32 == 31 {
			time.Sleep(time.Duration(100+id%100) * time.Microsecond) // think time
		}
	}
}

func main() {
	minBytes := flag.Int64("min-bytes", 60<<20, "stop once the trace has at least this many bytes")
	maxDur := flag.Duration("max-duration", 10*time.Minute, "stop after this long in any case")
	clients := flag.Int("clients", 64, "number of client goroutines")
	workers := flag.Int("workers", 16, "number of worker goroutines")
	flag.Parse()
	out := "trace.out"
	if flag.NArg() > 0 {
		out = flag.Arg(0)
	}
	f, err := os.Create(out)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	cw := &countingWriter{f: f}

	// Log sinks: a pipe drained by a reader goroutine, and a temp file.
	pr, pw, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	tmp, err := os.CreateTemp("", "big_trace-log-*")
	if err != nil {
		panic(err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	fileFd := int(tmp.Fd())

	if err := trace.Start(cw); err != nil {
		panic(err)
	}
	start := time.Now()

	stop := make(chan struct{})
	var drained sync.WaitGroup
	drained.Add(1)
	go func() { // pipe reader
		defer drained.Done()
		buf := make([]byte, 4096)
		for {
			if _, err := pr.Read(buf); err != nil {
				return
			}
		}
	}()

	c := &cache{m: make(map[int][]byte)}
	reqs := make(chan request, 32)
	var workersWG sync.WaitGroup
	for i := 0; i < *workers; i++ {
		workersWG.Add(1)
		go func(id int) {
			defer workersWG.Done()
			worker(id, reqs, c, pw, fileFd, stop)
		}(i)
	}
	var clientsWG sync.WaitGroup
	for i := 0; i < *clients; i++ {
		clientsWG.Add(1)
		go client(i, reqs, stop, &clientsWG)
	}

	// Background: a ticker that spawns short-lived goroutines and
	// truncates the log file now and then.
	var bgWG sync.WaitGroup
	bgWG.Add(1)
	go func() {
		defer bgWG.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			var wg sync.WaitGroup
			for k := 0; k < 4; k++ {
				wg.Add(1)
				go func(k int) {
					defer wg.Done()
					_ = burn(2000 + k*500)
					m := make(map[int]string, 64)
					for j := 0; j < 64; j++ {
						m[j] = strconv.Itoa(j * k)
					}
				}(k)
			}
			wg.Wait()
			if n%500 == 499 {
				if err := syscall.Ftruncate(fileFd, 0); err != nil {
					panic(err)
				}
			}
		}
	}()

	// Wait until the trace is big enough.
	for cw.n.Load() < *minBytes && time.Since(start) < *maxDur {
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	clientsWG.Wait()
	workersWG.Wait()
	bgWG.Wait()
	pw.Close()
	drained.Wait()
	trace.Stop()
	fmt.Fprintf(os.Stderr, "big_trace: %s, %d trace bytes, %d requests served, %.1fs\n",
		out, cw.n.Load(), served, time.Since(start).Seconds())
}
