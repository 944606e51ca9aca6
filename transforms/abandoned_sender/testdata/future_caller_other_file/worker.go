// Positive (package): the future is made here and its caller is in
// waiter.go; the fix is the capacity at this make, in this file only.
package main

import "time"

type worker struct{ pause time.Duration }

func (w *worker) compute(n int) chan int {
	out := make(chan int)
	go func() {
		time.Sleep(w.pause)
		out <- n * n // want "compute returns it to a caller in waiter.go that may leave by `return` at line 13 without receiving"
	}()
	return out
}
