// Report only: the sender goroutine is launched from a goto loop, so there
// may be several senders; a deferred close in each would panic.
// evidence: leaks
package main

func twice(xs []int) {
	ch := make(chan int) // want "ch"
	go func() {
		for v := range ch {
			_ = v
		}
	}()
	n := 0
launch:
	go func() {
		for _, x := range xs {
			ch <- x
		}
	}()
	n++
	if n < 2 {
		goto launch
	}
}

func run() {
	twice([]int{1, 2})
}
