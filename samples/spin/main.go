// Command spin is the classic "one spinning goroutine" program: with
// GOMAXPROCS=1 the main goroutine only gets to run again when the
// scheduler (sysmon) preempts the spinner.
//
// Usage: GOMAXPROCS=1 spin [trace-file]   (default trace.out)
package main

import (
	"os"
	"runtime"
	"runtime/trace"
	"time"
)

var _x int64

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

	trace.Start(f)
	defer trace.Stop()

	go func() {
		for {
			_x++
		}
	}()

	<-time.After(3 * time.Second)
	runtime.GC()
}
