// Negative: the context is handed back to the caller with its cancel, so
// cancelling it when start returns would stop work the caller still
// wants. The caller cancels; no finding.
package main

import "context"

func start(nums []int) (context.Context, func(), <-chan int, int) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan int)
	go func() {
		for _, n := range nums {
			select {
			case ch <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	for n := range ch {
		if n > 1 {
			return ctx, cancel, ch, n
		}
	}
	return ctx, cancel, ch, 0
}

func run() {
	_, cancel, _, _ := start([]int{1, 2, 3})
	cancel()
}
