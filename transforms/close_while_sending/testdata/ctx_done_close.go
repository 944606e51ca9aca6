// Report only: the caller's context is already cancelled; the receiver
// closes the result channel on its way out and the worker's send panics.
// evidence: panics "send on closed channel"
package main

import (
	"context"
	"time"
)

func compute(ctx context.Context, n int) int {
	out := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		out <- n * n
	}()
	select {
	case <-ctx.Done():
		close(out) // want "close\(out\)"
		return -1
	case v := <-out:
		return v
	}
}

func run() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_ = compute(ctx, 3)
}
