// Positive: for-select consumer in the enclosing function that returns when
// the context is done; the producer keeps sending ticks into a channel that
// nobody reads any more.
package main

import (
	"context"
	"time"
)

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ticks := make(chan int, 1) // want "ticks"
	go func() {
		defer close(ticks)
		for i := 0; i < 1000; i++ {
			ticks <- i
			time.Sleep(time.Millisecond)
		}
	}()
	total := 0
	for {
		select {
		case v, ok := <-ticks:
			if !ok {
				return
			}
			total += v
		case <-ctx.Done():
			return
		}
	}
}
