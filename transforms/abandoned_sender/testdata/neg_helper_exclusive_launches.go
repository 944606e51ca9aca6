// Negative: two senders in exclusive switch cases, so at most one runs;
// the author's capacity of one already holds its value when the receiving
// helper gives up.
package main

import (
	"context"
	"fmt"
	"time"
)

func relay(ctx context.Context, replies chan string) string {
	select {
	case r := <-replies:
		return r
	case <-ctx.Done():
		return "cancelled"
	}
}

func handle(ctx context.Context, stop bool) string {
	replies := make(chan string, 1)
	switch {
	case stop:
		go func() {
			time.Sleep(20 * time.Millisecond)
			replies <- "stopped"
		}()
	default:
		go func() {
			time.Sleep(20 * time.Millisecond)
			replies <- "started"
		}()
	}
	return relay(ctx, replies)
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	fmt.Println(handle(ctx, true))
}
