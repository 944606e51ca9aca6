// Positive: the receiver gives up when its context.WithTimeout expires;
// the worker goroutine then blocks forever sending its result.
package main

import (
	"context"
	"fmt"
	"time"
)

func queryRows(ctx context.Context, table string) ([]string, error) {
	rowsCh := make(chan []string)
	go func() {
		time.Sleep(50 * time.Millisecond)
		rowsCh <- []string{table + ":1", table + ":2"} // want "rowsCh"
	}()

	select {
	case rows := <-rowsCh:
		return rows, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := queryRows(ctx, "users"); err != nil {
		fmt.Println("query:", err)
	}
}
