// Positive: as in the negative twin, two senders in exclusive branches,
// but the channel is unbuffered: when the receiving helper gives up, the
// one sender that ran is stuck. One value at most: capacity one.
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
	replies := make(chan string)
	if stop {
		go func() {
			time.Sleep(20 * time.Millisecond)
			replies <- "stopped" // want "it is handed to relay, which may take the select case `case <-ctx.Done\(\)` \(line 16\)"
		}()
	} else {
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
