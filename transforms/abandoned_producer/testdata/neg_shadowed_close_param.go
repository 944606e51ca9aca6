// Negative (fix): the article's timeout consumer, but the consumer
// goroutine takes a parameter named `close`. The fix would put
// `defer close(stopCh)` in that goroutine, calling the parameter (and not
// compiling); chanfix reports the leak without a fix. run() sends fewer
// values than the buffer holds, so nothing blocks.
package main

import (
	"context"
	"time"
)

func stream(n int) {
	ich := make(chan int, 100) // want "ich"
	go func() {
		defer close(ich)
		for i := 0; i < n; i++ {
			ich <- i
			time.Sleep(100 * time.Microsecond)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	go func(close context.CancelFunc) {
		defer close()
		sum := 0
		for i := range ich {
			if ctx.Err() != nil {
				return
			}
			sum += i
		}
		_ = sum
	}(cancel)
}

func run() {
	stream(5)
}
