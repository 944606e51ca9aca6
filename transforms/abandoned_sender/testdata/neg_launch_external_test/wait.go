// Negative (package): signal is a package variable holding a function
// literal, which is not followed. The external test package in
// signal_test.go declares a function signal that sends once, but it
// belongs to another package and does not count. No finding; the
// package's signal closes the channel, and nothing leaks.
package main

import (
	"context"
	"fmt"
	"time"
)

var signal = func(ch chan error) { close(ch) }

func wait(ctx context.Context) error {
	errCh := make(chan error)
	go signal(errCh)
	select {
	case err := <-errCh:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func run() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	fmt.Println(wait(ctx))
}
