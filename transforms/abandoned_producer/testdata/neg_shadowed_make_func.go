// Negative (fix): the file declares a package-level function `make`. The
// data channel cannot then be made with the builtin either (this file does
// not build as is), but chanfix must not add a second call that relies on
// `make` being the builtin: the leak is reported without a fix.
package main

import (
	"context"
	"time"
)

func make(kind chan int, size int) chan int { return nil }

func run() {
	ich := make(chan int, 100) // want "ich"
	go func() {
		defer close(ich)
		for i := 0; i < 10000; i++ {
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
		}
		_ = sum
	}()
}
