// Positive (two functions): the consumer cancels ctx on every way out
// (defer cancel()), and the named producer it starts already returns on
// ctx.Done() between its pairs of sends, but blocks on the send itself once the
// consumer is gone. The fix reuses ctx at the send: no stop channel, no
// new parameter.
package main

import "context"

func count(ctx context.Context, out chan<- int) {
	for i := 0; ; i += 2 {
		select {
		case <-ctx.Done():
			return
		default:
		}
		out <- i
		out <- i + 1
	}
}

func firstOver(limit int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nums := make(chan int) // want "nums"
	go count(ctx, nums)
	for v := range nums {
		if v > limit {
			return v
		}
	}
	return -1
}

func run() {
	_ = firstOver(5)
}
