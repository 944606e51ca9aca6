// Negative (fix): the file declares a package-level function `close`, so
// the fix's `defer close(stopCh)` would call it rather than the builtin
// (and not compile: it takes a chan int). run() sends fewer values than the
// buffer holds, and the consumer stops after the last one (this `close`
// does not close), so nothing blocks.
package main

import (
	"context"
	"time"
)

var closed int

func close(ch chan int) {
	closed++
	_ = ch
}

func stream(n int) {
	ich := make(chan int, 100) // want "ich"
	go func() {
		defer close(ich)
		for i := 0; i < n; i++ {
			ich <- i
			time.Sleep(100 * time.Microsecond)
		}
	}()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		sum := 0
		for i := range ich {
			if ctx.Err() != nil {
				return
			}
			sum += i
			if i == n-1 {
				break
			}
		}
		_ = sum
	}()
}

func run() {
	stream(5)
}
