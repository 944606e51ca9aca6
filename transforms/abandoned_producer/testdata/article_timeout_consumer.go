// Positive: the article's second scenario. A producer fills a buffered
// channel in a loop while the consumer goroutine gives up once its context
// times out; the producer then blocks forever on the full buffer.
package main

import (
	"context"
	"time"
)

func run() {
	ich := make(chan int, 100) // want "ich"
	// sender
	go func() {
		defer close(ich)
		for i := 0; i < 10000; i++ {
			ich <- i
			time.Sleep(100 * time.Microsecond)
		}
	}()
	// receiver
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
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
