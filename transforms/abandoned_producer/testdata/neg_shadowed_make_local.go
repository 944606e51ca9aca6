// Negative (fix): the consumer function rebinds `make` right after making
// the channel (`ich, make := ...`, legal: the new `make` is in scope only
// after the statement). The fix's `stopCh := make(chan struct{})` below it
// would call the int and not compile.
package main

import (
	"context"
	"time"
)

func run() {
	ich, make := make(chan int, 100), 0 // want "ich"
	go func() {
		defer close(ich)
		for i := 0; i < 10000; i++ {
			ich <- i + make
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
