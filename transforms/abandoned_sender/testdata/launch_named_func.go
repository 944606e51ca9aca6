// Positive (started by name): the channel is handed to a named function
// started with `go`, which sends on its parameter once. When the context
// ends first, the receiver returns and fetch blocks forever on its send.
// Capacity 1 at the make lets it finish.
package main

import (
	"context"
	"fmt"
	"time"
)

func fetch(key string, out chan<- string) {
	time.Sleep(30 * time.Millisecond)
	out <- "value of " + key
}

func lookup(ctx context.Context, key string) (string, error) {
	results := make(chan string) // want "goroutine .fetch. \(started at line 20\) can block forever sending on results: the receiver may"
	go fetch(key, results)
	select {
	case v := <-results:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := lookup(ctx, "answer"); err != nil {
		fmt.Println("lookup:", err)
	}
}
