// Negative (fix): the function rebinds `make` right after making the
// channel (`ich, make := ...`, legal: the new `make` is in scope only after
// the statement). The fix's `stopCh := make(chan struct{})` below it would
// call the int and not compile. run() sends fewer values than the buffer
// holds, so nothing blocks.
package main

import (
	"context"
	"time"
)

func stream(n int) {
	ich, make := make(chan int, 100), 1 // want "ich"
	go func() {
		defer close(ich)
		for i := 0; i < n; i++ {
			ich <- i * make
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
		}
		_ = sum
	}()
}

func run() {
	stream(5)
}
