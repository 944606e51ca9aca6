// Positive: the article's second scenario with trailing notes. The notes of
// consecutive lines share one column; the stop channel's declaration and the
// select that replaces the send split those runs, so the fix re-aligns the
// notes on both sides of each edit.
package main

import (
	"context"
	"time"
)

func run() {
	ich := make(chan int, 100) // want "ich"
	total := 0                 // running sum
	// sender
	go func() {
		defer close(ich) // ends the range below
		for i := 0; i < 10000; i++ {
			time.Sleep(100 * time.Microsecond) // pace
			ich <- i                           // blocks once the receiver is gone
			total++                            // counted
		}
	}()
	// receiver
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond) // deadline
		defer cancel()                                                                // releases the timer
		sum := 0
		for i := range ich {
			if ctx.Err() != nil {
				return
			}
			sum += i
		}
		_ = sum
	}()
}
