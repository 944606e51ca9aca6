// Negative: the generator's sender sends twice (a stream, not a future):
// that is abandoned-producer's business, not a single-shot sender's.
package main

import (
	"context"
	"fmt"
)

func pair(a, b int) <-chan int {
	out := make(chan int)
	go func() {
		out <- a
		out <- b
	}()
	return out
}

func first(ctx context.Context) int {
	ch := pair(1, 2)
	select {
	case v := <-ch:
		<-ch
		return v
	case <-ctx.Done():
		<-ch
		<-ch
		return 0
	}
}

func run() {
	fmt.Println(first(context.Background()))
}
