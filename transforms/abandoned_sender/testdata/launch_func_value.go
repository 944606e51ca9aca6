// Positive (function value in a local): the goroutine runs a function
// literal stored in a local and started once with `go compute(n, out)`.
// It sends once; when the deadline wins, total returns and the goroutine
// blocks forever. Capacity 1 at the make lets it finish.
package main

import (
	"fmt"
	"time"
)

func total(n int, deadline time.Duration) int {
	compute := func(n int, out chan<- int) {
		time.Sleep(30 * time.Millisecond)
		out <- n * (n + 1) / 2
	}
	out := make(chan int) // want "goroutine .compute. \(started at line 18\) can block forever sending on out"
	go compute(n, out)
	select {
	case v := <-out:
		return v
	case <-time.After(deadline):
		return -1
	}
}

func run() {
	fmt.Println(total(10, 5*time.Millisecond))
}
