// Positive: the producer checks ctx.Done() between sends, but the caller's
// context is never cancelled and the consumer stops after a few values, so
// the producer blocks on its next send. Receiving from ctx.Done() is not
// work the fix would skip.
package main

import "context"

func firstN(ctx context.Context, n int) []int {
	nums := make(chan int) // want "nums"
	go func() {
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			default:
			}
			nums <- i
		}
	}()
	var out []int
	for v := range nums {
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}

func run() {
	_ = firstN(context.Background(), 3)
}
