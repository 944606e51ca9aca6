// Positive: the sender defers a closure that only recovers from a panic and
// logs it; that is not work that waits for the receiver, so a buffer of one
// is still the whole fix.
package main

import (
	"log"
	"time"
)

func compute() int {
	time.Sleep(20 * time.Millisecond)
	return 7
}

func answer(limit time.Duration) (int, bool) {
	out := make(chan int)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Println("compute panicked:", r)
			}
		}()
		out <- compute() // want "out"
	}()
	select {
	case v := <-out:
		return v, true
	case <-time.After(limit):
		return 0, false
	}
}

func run() {
	_, _ = answer(5 * time.Millisecond)
}
