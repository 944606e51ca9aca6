// Negative: two types of the package have a method called start, and the
// abandoning call is on the other one; calls by method name alone are not
// told apart, so neither generator is reported.
package main

import (
	"context"
	"fmt"
)

type engine struct{}

func (engine) start() <-chan int {
	out := make(chan int)
	go func() {
		out <- 1
	}()
	return out
}

type pump struct{}

func (pump) start() <-chan int {
	out := make(chan int, 1)
	out <- 2
	return out
}

func wait(ctx context.Context, e engine, p pump) int {
	v := <-e.start()
	select {
	case w := <-p.start():
		return v + w
	case <-ctx.Done():
		return v
	}
}

func run() {
	fmt.Println(wait(context.Background(), engine{}, pump{}))
}
