// Positive (package): the goroutine is a method of another file of the
// package (worker.go). It sends once; when the context ends first,
// request returns and the method blocks forever. Capacity 1 at the make
// in this file lets it finish; worker.go is not changed.
package main

import (
	"context"
	"fmt"
	"time"
)

type client struct {
	pause time.Duration
}

func (c *client) request(ctx context.Context, job string) (int, error) {
	done := make(chan int) // want "goroutine .c.handle. \(started at line 19\) can block forever sending on done"
	go c.handle(job, done)
	select {
	case n := <-done:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	c := &client{pause: 30 * time.Millisecond}
	fmt.Println(c.request(ctx, "resize"))
}
