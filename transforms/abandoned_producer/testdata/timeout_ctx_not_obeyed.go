// Positive (two functions): the consumer's context has a timeout, which
// may end it while the consumer still reads, and the producer never looked
// at it; reusing ctx at the send would change when the producer stops. The
// fix falls back to a stop channel that only the consumer closes.
package main

import (
	"context"
	"time"
)

func squares(n int, out chan<- int) {
	for i := 0; i < n; i++ {
		out <- i * i
	}
	close(out)
}

func sumBelow(limit int) int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nums := make(chan int) // want "nums"
	go squares(1000, nums)
	sum := 0
	for v := range nums {
		if ctx.Err() != nil || sum+v > limit {
			return sum
		}
		sum += v
	}
	return sum
}

func run() {
	_ = sumBelow(20)
}
