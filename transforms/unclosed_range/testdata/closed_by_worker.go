// Report only: the worker closes the channel when it sees the end marker,
// while the sender still has values to send: the sender's next send panics.
// Closing belongs to the sender alone.
// evidence: panics "send on closed channel"
package main

import "time"

func consume(xs []int) {
	ch := make(chan int) // want "workers ranging over ch"
	go func() {
		for x := range ch {
			if x < 0 {
				close(ch)
			}
		}
	}()
	for _, x := range xs {
		ch <- x
	}
}

func run() {
	consume([]int{1, -1, 2})
	time.Sleep(50 * time.Millisecond)
}
