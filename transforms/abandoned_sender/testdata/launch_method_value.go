// Positive (method value in a local): `flush := b.flush` binds the method
// of the receiver b, and `go flush(done)` starts it; it sends once. When
// the deadline wins, the caller returns and flush blocks forever on its
// send. Capacity 1 at the make lets it finish.
package main

import (
	"fmt"
	"time"
)

type batch struct {
	items []string
	pause time.Duration
}

func (b *batch) flush(done chan<- int) {
	time.Sleep(b.pause)
	done <- len(b.items)
}

func (b *batch) close(deadline time.Duration) int {
	flush := b.flush
	done := make(chan int) // want "goroutine .flush. \(started at line 25\) can block forever sending on done"
	go flush(done)
	select {
	case n := <-done:
		return n
	case <-time.After(deadline):
		return -1
	}
}

func run() {
	b := &batch{items: []string{"a"}, pause: 30 * time.Millisecond}
	fmt.Println(b.close(5 * time.Millisecond))
}
