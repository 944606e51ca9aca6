// Positive (two functions): the consumer derives ctx from its caller's
// context and defers cancel; the producer already returns on ctx.Done()
// before each pair of sends, so waiting for ctx.Done() at the send as well changes
// nothing it could not already do, and releases it once the consumer is
// gone.
package main

import "context"

func firstLong(parent context.Context, words []string, n int) string {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	out := make(chan string) // want "out"
	go func() {
		defer close(out)
		for _, w := range words {
			select {
			case <-ctx.Done():
				return
			default:
			}
			out <- w
			out <- w + "!"
		}
	}()
	for w := range out {
		if len(w) >= n {
			return w
		}
	}
	return ""
}

func run() {
	_ = firstLong(context.Background(), []string{"go", "chan", "select", "range"}, 4)
}
