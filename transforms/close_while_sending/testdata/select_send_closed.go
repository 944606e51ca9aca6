// Report only: the sender selects between its send and a quit channel, but
// the receiver closes the data channel instead of quit; the send case is
// then always ready, and it panics.
// evidence: panics "send on closed channel"
package main

import "time"

func ticker(n int) int {
	ticks := make(chan int)
	quit := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			time.Sleep(time.Millisecond)
			select {
			case ticks <- i:
			case <-quit:
				return
			}
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ticks
	}
	close(ticks) // want "close\(ticks\)"
	return sum
}

func run() {
	_ = ticker(2)
}
