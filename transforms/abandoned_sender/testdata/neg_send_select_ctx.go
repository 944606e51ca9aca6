// Negative: the sender selects between the send and <-ctx.Done(); the
// receiver cancels the context when it gives up, releasing the sender.
package main

import (
	"context"
	"fmt"
	"time"
)

func search(parent context.Context, q string) ([]string, error) {
	ctx, cancel := context.WithTimeout(parent, 10*time.Millisecond)
	defer cancel()

	hitsCh := make(chan []string)
	go func() {
		time.Sleep(30 * time.Millisecond)
		select {
		case hitsCh <- []string{q + " result"}:
		case <-ctx.Done():
		}
	}()

	select {
	case hits := <-hitsCh:
		return hits, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func run() {
	_, err := search(context.Background(), "gopher")
	fmt.Println("search:", err)
}
