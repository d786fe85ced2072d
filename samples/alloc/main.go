// Command alloc is allocation heavy: a few goroutines build binary trees,
// maps and slices and throw them away, so the garbage collector runs many
// cycles and allocating goroutines are drafted into mark assists.
//
// Usage: GOMAXPROCS=2 alloc [trace-file]   (default trace.out)
package main

import (
	"os"
	"runtime/trace"
	"strconv"
	"sync"
	"time"
)

type node struct {
	left, right *node
	val         int
}

// build allocates a complete binary tree of the given depth, level by
// level (iteratively, so that stack traces in the trace stay few and
// short: a recursive builder makes thousands of distinct stacks).
func build(depth, v int) *node {
	root := &node{val: v}
	level := []*node{root}
	for d := 0; d < depth; d++ {
		next := make([]*node, 0, 2*len(level))
		for _, n := range level {
			n.left = &node{val: 2 * n.val}
			n.right = &node{val: 2*n.val + 1}
			next = append(next, n.left, n.right)
		}
		level = next
	}
	return root
}

func (n *node) sum() int {
	s := 0
	todo := []*node{n}
	for len(todo) > 0 {
		x := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if x == nil {
			continue
		}
		s += x.val
		todo = append(todo, x.left, x.right)
	}
	return s
}

var (
	mu    sync.Mutex
	total int
	// keep is a slowly changing set of live trees, so the live heap is
	// not empty and marking has real work to do.
	keep [2]*node
)

func treeWorker(id int, deadline time.Time, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; time.Now().Before(deadline); i++ {
		t := build(12, i)
		s := t.sum()
		if i%16 == 0 {
			mu.Lock()
			keep[(id+i)%len(keep)] = t
			total += s
			mu.Unlock()
		}
	}
}

func mapWorker(id int, deadline time.Time, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; time.Now().Before(deadline); i++ {
		m := make(map[string][]byte)
		for k := 0; k < 2000; k++ {
			m[strconv.Itoa(k)] = make([]byte, 16+k%64)
		}
		var s []int
		for k := 0; k < 4000; k++ {
			s = append(s, k)
		}
		mu.Lock()
		total += len(m) + len(s)
		mu.Unlock()
	}
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

	deadline := time.Now().Add(150 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(2)
		go treeWorker(i, deadline, &wg)
		go mapWorker(i, deadline, &wg)
	}
	wg.Wait()
	if total == 42 {
		println("unlikely")
	}
}
