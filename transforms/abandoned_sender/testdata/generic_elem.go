// Positive: the element type is a generic instantiation, chan Result[int].
package main

import (
	"context"
	"fmt"
	"time"
)

type Result[T any] struct {
	Value T
	Err   error
}

func countLines(ctx context.Context, path string) Result[int] {
	resCh := make(chan Result[int])
	go func() {
		time.Sleep(50 * time.Millisecond)
		resCh <- Result[int]{Value: len(path)} // want "resCh"
	}()

	select {
	case r := <-resCh:
		return r
	case <-ctx.Done():
		return Result[int]{Err: ctx.Err()}
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	fmt.Println(countLines(ctx, "/var/log/app.log"))
}
