// Negative: the producer selects on ctx.Done() and the consumer cancels the
// context on every way out with defer cancel(). No finding.
package main

import (
	"context"
	"time"
)

func sample(parent context.Context, max int) []int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	ch := make(chan int, 1)
	go func() {
		defer close(ch)
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var got []int
	for v := range ch {
		got = append(got, v)
		if len(got) == max {
			break
		}
	}
	return got
}

func run() {
	_ = sample(context.Background(), 3)
}
