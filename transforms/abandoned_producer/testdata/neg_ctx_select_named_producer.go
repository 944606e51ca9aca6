// Negative (two functions): the named producer already selects on
// ctx.Done() at its send and the consumer cancels ctx on every way out, so
// the producer is released when the consumer leaves. No finding.
package main

import "context"

func ticks(ctx context.Context, out chan<- int) {
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case out <- i:
		}
	}
}

func firstEven(limit int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nums := make(chan int)
	go ticks(ctx, nums)
	for v := range nums {
		if v > limit && v%2 == 0 {
			return v
		}
	}
	return -1
}

func run() {
	_ = firstEven(3)
}
